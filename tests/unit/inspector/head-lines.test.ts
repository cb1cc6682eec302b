import { describe, expect, it } from 'vitest';
import type { CapturedChunk } from '../../../protocol/capture.ts';
import { parseHttpHead } from '../../../protocol/wire/http-head.ts';
import { headLines, streamSlice } from '../../../src/inspector/head-lines.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const HEAD = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade:websocket\r\nconnection:   Upgrade\r\n\r\n';

/** The head cut into pieces of `size` bytes, preceded by `before` bytes of the same direction and mixed with the other's. */
function chunksOf(size: number, before: string): CapturedChunk[] {
  const bytes = utf8(before + HEAD);
  const chunks: CapturedChunk[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    chunks.push({ direction: 'server-to-client', t: 0, bytes: bytes.subarray(at, at + size) });
    chunks.push({ direction: 'client-to-server', t: 0, bytes: utf8('zz') });
  }
  return chunks;
}

describe('streamSlice and headLines', () => {
  it('cut the lines of a head out of the captured bytes however the chunks fell', () => {
    const parsed = parseHttpHead(utf8(HEAD));
    if (!parsed.done || !parsed.ok) throw new Error('bad head');
    for (const size of [1, 3, 7, 1000]) {
      const chunks = chunksOf(size, 'abc');
      expect(new TextDecoder().decode(streamSlice(chunks, 'server-to-client', 3, 3 + HEAD.length))).toBe(HEAD);
      expect(headLines(chunks, 'server-to-client', 3, parsed.head)).toEqual(['HTTP/1.1 101 Switching Protocols', 'Upgrade:websocket', 'connection:   Upgrade']);
    }
  });

  it('fall back to the parsed names and values when the bytes are missing', () => {
    const parsed = parseHttpHead(utf8(HEAD));
    if (!parsed.done || !parsed.ok) throw new Error('bad head');
    const chunks = chunksOf(10, '').slice(0, 4);
    expect(streamSlice(chunks, 'server-to-client', 0, HEAD.length)).toHaveLength(20);
    expect(headLines(chunks, 'server-to-client', 0, parsed.head)).toEqual(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'connection: Upgrade']);
  });
});
