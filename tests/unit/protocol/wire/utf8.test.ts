import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUtf8Validator, decodeUtf8 } from '../../../../protocol/wire/utf8.ts';
import { hex, splitAt } from './bytes.ts';

const strict = new TextDecoder('utf-8', { fatal: true });
function isUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Bytes biased towards UTF-8 edge cases: lead bytes, continuation bytes and valid text mixed. */
const utf8ish = fc.array(
  fc.oneof(
    fc.integer({ min: 0, max: 255 }).map((byte) => [byte]),
    fc.constantFrom([0xe0, 0xa0, 0x80], [0xed, 0x9f, 0xbf], [0xed, 0xa0, 0x80], [0xf0, 0x90, 0x80, 0x80], [0xf4, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xc2], [0x80], [0xbf], [0xc1, 0xbf]),
    fc.string({ unit: 'grapheme' }).map((text) => [...new TextEncoder().encode(text)]),
  ),
  { maxLength: 30 },
).map((parts) => Uint8Array.from(parts.flat()));

describe('UTF-8 validation across chunks', () => {
  it('agrees with TextDecoder({ fatal: true }) on any bytes cut anywhere', () => {
    fc.assert(
      fc.property(utf8ish, fc.array(fc.nat({ max: 120 })), (bytes, cuts) => {
        const validator = createUtf8Validator();
        const bad = splitAt(bytes, cuts).some((chunk) => validator.push(chunk) !== -1);
        expect(!bad && validator.end()).toBe(isUtf8(bytes));
        expect(decodeUtf8(bytes).valid).toBe(isUtf8(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('says which byte breaks the text, or the length when it stops mid code point', () => {
    expect(decodeUtf8(hex('61 62 ff 63'))).toEqual({ value: 'ab\uFFFDc', valid: false, invalidAt: 2 });
    expect(decodeUtf8(hex('61 ed 95'))).toMatchObject({ valid: false, invalidAt: 3 });
    expect(decodeUtf8(hex('ed 95 9c'))).toEqual({ value: '한', valid: true, invalidAt: null });
  });

  it('keeps a byte order mark as text instead of dropping it', () => {
    expect(decodeUtf8(hex('ef bb bf 61')).value).toBe('\uFEFFa');
  });
});
