import { describe, expect, it } from 'vitest';
import { changeBetween } from '../../../src/playground/text-change.ts';

const apply = (before: string, change: ReturnType<typeof changeBetween>) => (change ? before.slice(0, change.start) + change.text + before.slice(change.end) : before);

describe('changeBetween: the one edit Monaco applies when it takes over from the light editor', () => {
  it('is nothing when the text did not change', () => {
    expect(changeBetween('const a = 1;\n', 'const a = 1;\n')).toBeUndefined();
  });

  it('replaces only what differs between what the two texts share at the start and at the end', () => {
    const before = 'const a = 1;\nconsole.log(a);\n';
    const after = 'const a = 1;\n// light\nconsole.log(a);\n';
    expect(changeBetween(before, after)).toEqual({ start: 13, end: 13, text: '// light\n' });
    expect(changeBetween(after, before)).toEqual({ start: 13, end: 22, text: '' });
    expect(changeBetween('abc', 'aXc')).toEqual({ start: 1, end: 2, text: 'X' });
  });

  it('turns the first text into the second, from empty, to empty, and in repeated text', () => {
    for (const [before, after] of [
      ['', 'new'],
      ['old', ''],
      ['aaaa', 'aaaaaa'],
      ['abab', 'ab'],
      ['한글', '한국어 글'],
    ] as const) {
      expect(apply(before, changeBetween(before, after))).toBe(after);
    }
  });

  it('never cuts a surrogate pair in two', () => {
    // 😀 is \ud83d\ude00 and 😁 is \ud83d\ude01: they share the high half.
    const change = changeBetween('a😀b', 'a😁b')!;
    expect(change).toEqual({ start: 1, end: 3, text: '😁' });
    // 𐐀 is \ud801\udc00 and 𒀀 is \ud808\udc00: they share the low half.
    expect(changeBetween('a𐐀b', 'a𒀀b')).toEqual({ start: 1, end: 3, text: '𒀀' });
  });
});
