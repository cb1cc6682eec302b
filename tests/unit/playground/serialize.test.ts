import { describe, expect, it } from 'vitest';
import { serializeValue } from '../../../src/playground/serialize.ts';

const text = (value: unknown) => serializeValue(value).text;

describe('serializeValue: console arguments as the panel shows them', () => {
  it('shows top-level strings as they are, nested ones quoted', () => {
    expect(serializeValue('서버 하이.')).toEqual({ kind: 'string', text: '서버 하이.' });
    expect(text(['a', 1])).toBe('["a", 1]');
  });

  it('shows primitives like DevTools does', () => {
    expect(text(42)).toBe('42');
    expect(text(10n)).toBe('10n');
    expect(text(null)).toBe('null');
    expect(text(undefined)).toBe('undefined');
    expect(text(Symbol('s'))).toBe('Symbol(s)');
    expect(text(function onOpen() {})).toBe('ƒ onOpen()');
  });

  it('shows objects, maps and sets, and survives cycles', () => {
    const cyclic: Record<string, unknown> = { a: 1, 'b-c': [true] };
    cyclic['self'] = cyclic;
    expect(text(cyclic)).toBe('{ a: 1, "b-c": [true], self: [순환 참조] }');
    expect(text(new Map([['k', 1]]))).toBe('Map(1) { "k" => 1 }');
    expect(text(new Set([1, 2]))).toBe('Set(2) { 1, 2 }');
    expect(text({})).toBe('{}');
  });

  it('stops at depth 3', () => {
    expect(text({ a: { b: { c: { d: 1 } } } })).toBe('{ a: { b: { c: Object {…} } } }');
  });

  it('shows binary data as bytes in hex (ArrayBuffer) or numbers (typed arrays)', () => {
    const bytes = new TextEncoder().encode('Hello');
    expect(serializeValue(bytes.buffer)).toEqual({ kind: 'binary', text: 'ArrayBuffer(5) [48 65 6c 6c 6f]' });
    expect(text(bytes)).toBe('Uint8Array(5) [72, 101, 108, 108, 111]');
    expect(text(new ArrayBuffer(40))).toMatch(/^ArrayBuffer\(40\) \[(00 ){31}00 …\]$/);
  });

  it('shows a Blob by size and type', () => {
    expect(text(new Blob(['abc'], { type: 'text/plain' }))).toBe('Blob { size: 3, type: "text/plain" }');
  });

  it('shows errors with their stack at top level and name: message inside', () => {
    const error = new TypeError('잘못된 값');
    expect(serializeValue(error).kind).toBe('error');
    expect(text(error)).toMatch(/^TypeError: 잘못된 값\n\s+at /);
    expect(text({ error })).toBe('{ error: TypeError: 잘못된 값 }');
  });

  it('shows events by type and their useful fields', () => {
    expect(serializeValue(new Event('error'))).toEqual({ kind: 'event', text: 'Event { type: "error" }' });
    expect(text(new MessageEvent('message', { data: '에코' }))).toBe('MessageEvent { type: "message", data: "에코", origin: "" }');
  });

  it('truncates huge strings', () => {
    const out = text('가'.repeat(20_000));
    expect(out.length).toBeLessThan(10_100);
    expect(out).toMatch(/10000자 생략\)$/);
  });

  it('never throws, even on hostile getters', () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error('no'); } });
    expect(text(hostile)).toBe('[미리 볼 수 없는 값: no]');
  });

  it('is self-contained, so it can be inlined into the sandbox with toString()', () => {
    const revived = new Function(`return (${serializeValue.toString()})`)() as typeof serializeValue;
    expect(revived({ a: [1, 'b'] }).text).toBe('{ a: [1, "b"] }');
  });
});

describe('serializeValue: stack traces', () => {
  it('names the learner’s files instead of their module URLs', () => {
    const error = new Error('펑');
    error.stack = 'Error: 펑\n    at data:text/javascript;charset=utf-8;pgfile=chat%20app.js,const%20a%20%3D%20(1)%3B:3:15\n    at data:text/javascript;charset=utf-8,import%20x:1:2';
    expect(text(error)).toBe('Error: 펑\n    at chat app.js:3:15\n    at (놀이터 내부):1:2');
  });

  it('names the file and its own line for frames in an inline module of the document (about:srcdoc), and leaves other lines alone', () => {
    const error = new Error('펑');
    error.stack = 'Error: 펑\n    at f (about:srcdoc:12:7)\n    at about:srcdoc:21:3\n    at about:srcdoc:2:1';
    const modules = [
      { file: 'a.js', firstLine: 10, lines: 5 },
      { file: 'b.js', firstLine: 16, lines: 6 },
    ];
    expect(serializeValue(error, true, modules).text).toBe('Error: 펑\n    at f (a.js:3:7)\n    at b.js:6:3\n    at about:srcdoc:2:1');
  });
});
