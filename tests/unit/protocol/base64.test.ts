import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '../../../protocol/base64.ts';

describe('base64 helpers', () => {
  it('write what Buffer writes, for any bytes (including more than one String.fromCharCode slice)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
    }));
    const large = new Uint8Array(100_000).map((_, i) => (i * 7) & 0xff);
    expect(bytesToBase64(large)).toBe(Buffer.from(large).toString('base64'));
    expect(base64ToBytes(bytesToBase64(large))).toEqual(large);
  });

  it('give null instead of throwing for text that is not padded standard base64', () => {
    for (const bad of ['abc', 'ab=c', 'a===', '!!!!', 'SGVsbG8', 'SGVs bG8=', 'SGVsbG8-']) expect(base64ToBytes(bad)).toBeNull();
    expect(base64ToBytes('')).toEqual(new Uint8Array(0));
    expect(base64ToBytes('SGVsbG8=')).toEqual(new TextEncoder().encode('Hello'));
  });
});
