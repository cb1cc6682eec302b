import { describe, expect, it } from 'vitest';
import { bodyFraming, createBodyDecoder, type BodyFraming, type BodyResult } from '../../../../protocol/wire/http-body.ts';
import { parseHttpHead, type HttpHead } from '../../../../protocol/wire/http-head.ts';
import { splitAt, utf8 } from './bytes.ts';

function head(text: string): HttpHead {
  const result = parseHttpHead(utf8(`${text}\r\n\r\n`));
  if (!result.done || !result.ok) throw new Error('bad head in test');
  return result.head;
}

function framing(text: string, method?: string): BodyFraming | string {
  const result = bodyFraming(head(text), method);
  return result.ok ? result.framing : result.problem.code;
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('where a body ends (RFC 9112 §6.3)', () => {
  it.each([
    ['HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket', undefined, { kind: 'switching-protocols' }],
    ['HTTP/1.1 200 OK\r\nContent-Length: 12', 'HEAD', { kind: 'none' }],
    ['HTTP/1.1 204 No Content', undefined, { kind: 'none' }],
    ['HTTP/1.1 304 Not Modified\r\nContent-Length: 50', undefined, { kind: 'none' }],
    ['HTTP/1.1 200 OK\r\nContent-Length: 12', 'GET', { kind: 'length', length: 12 }],
    ['HTTP/1.1 200 OK\r\nContent-Length: 12\r\nContent-Length: 12', 'GET', { kind: 'length', length: 12 }],
    ['HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 3', 'GET', { kind: 'chunked' }],
    ['HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip', 'GET', { kind: 'until-close' }],
    ['HTTP/1.1 200 OK', 'GET', { kind: 'until-close' }],
    ['POST /socket.io/?EIO=4 HTTP/1.1\r\nContent-Length: 5', undefined, { kind: 'length', length: 5 }],
    ['GET / HTTP/1.1\r\nHost: a', undefined, { kind: 'none' }],
    ['POST / HTTP/1.1\r\nTransfer-Encoding: gzip', undefined, 'HTTP_BAD_TRANSFER_ENCODING'],
    ['POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6', undefined, 'HTTP_BAD_CONTENT_LENGTH'],
    ['POST / HTTP/1.1\r\nContent-Length: -1', undefined, 'HTTP_BAD_CONTENT_LENGTH'],
  ])('%j (request method %s) → %j', (start, method, expected) => {
    expect(framing(start, method)).toEqual(expected);
  });
});

describe('body decoder', () => {
  const chunked = utf8('4\r\nWiki\r\n5;name=value\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\nNEXT');

  function decodeAll(kind: BodyFraming, chunks: Uint8Array[]): BodyResult {
    const decoder = createBodyDecoder(kind);
    let result: BodyResult = { done: false };
    for (const chunk of chunks) if (!result.done) result = decoder.push(chunk);
    return result;
  }

  it('removes the chunked framing, lists the chunk sizes and leaves the next message over', () => {
    const result = decodeAll({ kind: 'chunked' }, [chunked]);
    expect(result).toMatchObject({ done: true, ok: true, body: { size: 23, truncated: false, chunkSizes: [4, 5, 14, 0] } });
    if (result.done && result.ok) {
      expect(text(result.body.data)).toBe('Wikipedia in\r\n\r\nchunks.');
      expect(text(result.rest)).toBe('NEXT');
    }
  });

  it('decodes a chunked body delivered one byte at a time', () => {
    const result = decodeAll({ kind: 'chunked' }, splitAt(chunked, Array.from(chunked, (_, i) => i)));
    expect(result.done && result.ok && text(result.body.data)).toBe('Wikipedia in\r\n\r\nchunks.');
  });

  it.each([
    ['a size that is not hex', 'zz\r\nabc\r\n0\r\n\r\n'],
    ['data longer than its size', '3\r\nabcd\r\n0\r\n\r\n'],
    ['a bare LF after the size', '3\nabc\r\n0\r\n\r\n'],
  ])('refuses a chunked body with %s', (_case, body) => {
    expect(decodeAll({ kind: 'chunked' }, [utf8(body)])).toMatchObject({ done: true, ok: false, problem: { code: 'HTTP_BAD_CHUNK' } });
  });

  it('takes exactly Content-Length bytes and leaves the rest', () => {
    const result = decodeAll({ kind: 'length', length: 7 }, [utf8('40hel'), utf8('loGET')]);
    expect(result).toMatchObject({ done: true, ok: true, consumed: 2 });
    expect(result.done && result.ok && [text(result.body.data), text(result.rest)]).toEqual(['40hello', 'GET']);
  });

  it('completes an empty Content-Length body without any bytes', () => {
    expect(createBodyDecoder({ kind: 'length', length: 0 }).push(new Uint8Array(0))).toMatchObject({ done: true, ok: true, body: { size: 0 } });
  });

  it('reports a body cut short by the end of the connection, with what did arrive', () => {
    const decoder = createBodyDecoder({ kind: 'length', length: 10 });
    decoder.push(utf8('abc'));
    expect(decoder.end()).toMatchObject({ done: true, ok: false, problem: { code: 'HTTP_INCOMPLETE' }, body: { size: 3 } });
  });

  it('ends an until-close body when the connection ends, keeping at most maxBodyBytes', () => {
    const decoder = createBodyDecoder({ kind: 'until-close' }, { maxBodyBytes: 4 });
    expect(decoder.push(utf8('abcdef'))).toEqual({ done: false });
    const result = decoder.end();
    expect(result).toMatchObject({ done: true, ok: true, body: { size: 6, truncated: true } });
    if (result.ok) expect(text(result.body.data)).toBe('abcd');
  });
});
