import { describe, expect, it } from 'vitest';
import { acceptSteps, computeAccept } from '../../../../protocol/wire/accept.ts';
import { createHash } from 'node:crypto';

describe('Sec-WebSocket-Accept (RFC 6455 §4.2.2)', () => {
  it('answers the key of RFC 6455 §1.3 with the accept value printed there', async () => {
    expect(await computeAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('shows every step: key + GUID, the SHA-1 bytes in hex, the base64', async () => {
    expect(await acceptSteps('dGhlIHNhbXBsZSBub25jZQ==')).toEqual({
      key: 'dGhlIHNhbXBsZSBub25jZQ==',
      guid: '258EAFA5-E914-47DA-95CA-C5AB0DC85B11',
      concatenated: 'dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11',
      sha1Hex: 'b37a4f2cc0624f1690f64606cf385945b2bec4ea',
      accept: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
    });
  });

  it('agrees with node:crypto for random keys', async () => {
    for (let i = 0; i < 20; i++) {
      const key = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
      const expected = createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
      expect(await computeAccept(key)).toBe(expected);
    }
  });
});
