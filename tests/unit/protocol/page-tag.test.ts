import { describe, expect, it } from 'vitest';
import { isPlaygroundTag, parseTag, playgroundTag, playgroundTagPrefix, PLAYGROUND_NAME_PATTERN } from '../../../protocol/page-tag.ts';

describe('the capture tag "<page>.<playground>"', () => {
  const page = '3f1c2a9e-5b7d-4c1e-9a2b-0c4d5e6f7a8b';

  it('is written and read back in one place', () => {
    const tag = playgroundTag(page, 'a1b2c3d4');
    expect(tag).toBe(`${page}.a1b2c3d4`);
    expect(parseTag(tag)).toEqual({ page, playground: 'a1b2c3d4' });
    expect(parseTag(page)).toEqual({ page, playground: null });
    expect(tag.startsWith(playgroundTagPrefix(page))).toBe(true);
    expect(isPlaygroundTag(tag, 'a1b2c3d4')).toBe(true);
    expect(isPlaygroundTag(tag, 'b1b2c3d4')).toBe(false);
    expect(isPlaygroundTag(page, 'a1b2c3d4')).toBe(false);
  });

  it('refuses what a visitor may put in ?pg= instead', () => {
    for (const tag of ['', '.', `${page}.`, `.${page}`, `${page}.a.b`, 'a'.repeat(65), `${page}.${'a'.repeat(41)}`, 'a b', '<script>', null, undefined]) {
      expect(parseTag(tag)).toBeNull();
    }
  });

  it('lets a control message name only a playground a tag can carry', () => {
    expect(PLAYGROUND_NAME_PATTERN.test('a1b2c3d4')).toBe(true);
    expect(PLAYGROUND_NAME_PATTERN.test('a.b')).toBe(false);
    expect(parseTag(playgroundTag(page, 'x'.repeat(40)))).not.toBeNull();
  });
});
