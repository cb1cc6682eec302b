import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHttpHeadParser, hasHeaderToken, headerValue, headerValues, parseHttpHead, type HeadParseResult, type HttpHead } from '../../../../protocol/wire/http-head.ts';
import { concatBytes, splitAt, toHex, utf8 } from './bytes.ts';

const request = [
  'GET /chat HTTP/1.1',
  'Host: server.example.com',
  'Upgrade: websocket',
  'Connection: Upgrade',
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  'Origin: http://example.com',
  'Sec-WebSocket-Protocol: chat, superchat',
  'Sec-WebSocket-Version: 13',
  '',
  '',
].join('\r\n');

function head(result: HeadParseResult): HttpHead {
  if (!result.done || !result.ok) throw new Error(`not parsed: ${JSON.stringify(result)}`);
  return result.head;
}

function problemCode(bytes: Uint8Array | string): string | undefined {
  const result = parseHttpHead(typeof bytes === 'string' ? utf8(bytes) : bytes);
  return result.done && !result.ok ? result.problem.code : undefined;
}

describe('HTTP heads', () => {
  it('parses the opening handshake of RFC 6455 §1.3, keeping order, case and the bytes of each line', () => {
    const parsed = head(parseHttpHead(utf8(request)));
    expect(parsed).toMatchObject({ kind: 'request', method: 'GET', target: '/chat', version: '1.1', startLine: 'GET /chat HTTP/1.1', length: request.length });
    expect(parsed.headers.map((header) => header.name)).toEqual(['Host', 'Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Origin', 'Sec-WebSocket-Protocol', 'Sec-WebSocket-Version']);
    expect(parsed.headers[0]).toEqual({ name: 'Host', value: 'server.example.com', offset: 20, rawLength: 26 });
    expect(headerValue(parsed, 'sec-websocket-key')).toBe('dGhlIHNhbXBsZSBub25jZQ==');
    expect(hasHeaderToken(parsed, 'connection', 'upgrade')).toBe(true);
    expect(hasHeaderToken(parsed, 'sec-websocket-protocol', 'superchat')).toBe(true);
  });

  it('parses the 101 answer and hands back the bytes after it, which are frames', () => {
    const response = utf8('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n');
    const frame = Uint8Array.of(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
    const parser = createHttpHeadParser();
    expect(parser.push(response.subarray(0, 50))).toEqual({ done: false });
    const result = parser.push(concatBytes([response.subarray(50), frame]));
    expect(result).toMatchObject({ done: true, ok: true, consumed: response.length - 50, head: { kind: 'response', status: 101, reason: 'Switching Protocols', version: '1.1' } });
    if (result.done && result.ok) expect(toHex(result.rest)).toBe('810548656c6c6f');
  });

  it('parses the same head when it arrives one byte at a time, and only says done at the blank line', () => {
    const bytes = utf8(request);
    const parser = createHttpHeadParser();
    const results = Array.from(bytes, (_, i) => parser.push(bytes.subarray(i, i + 1)));
    expect(results.slice(0, -1).every((result) => !result.done)).toBe(true);
    expect(head(results.at(-1) ?? { done: false })).toEqual(head(parseHttpHead(bytes)));
  });

  it('keeps duplicate headers, and joins them with ", " when asked for one value', () => {
    const parsed = head(parseHttpHead(utf8('HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nContent-Length: 0\r\n\r\n')));
    expect(headerValues(parsed, 'Set-Cookie')).toEqual(['a=1', 'b=2']);
    expect(headerValue(parsed, 'set-cookie')).toBe('a=1, b=2');
    expect(headerValue(parsed, 'x-missing')).toBeNull();
  });

  it('decodes UTF-8 in header values and accepts a status line without a reason', () => {
    const parsed = head(parseHttpHead(utf8('HTTP/1.1 200\r\nX-Name: 놀이터\r\n\r\n')));
    expect(parsed).toMatchObject({ kind: 'response', status: 200, reason: '' });
    expect(headerValue(parsed, 'x-name')).toBe('놀이터');
  });

  it.each([
    ['a bare LF line ending', 'GET / HTTP/1.1\nHost: a\n\n', 'HTTP_BARE_LF'],
    ['obsolete line folding', 'GET / HTTP/1.1\r\nX-A: 1\r\n  more\r\n\r\n', 'HTTP_OBSOLETE_FOLDING'],
    ['a header line without a colon', 'GET / HTTP/1.1\r\nHost\r\n\r\n', 'HTTP_BAD_HEADER_LINE'],
    ['whitespace between the name and the colon', 'GET / HTTP/1.1\r\nHost : a\r\n\r\n', 'HTTP_BAD_HEADER_LINE'],
    ['a start line that is not HTTP', 'HELLO\r\n\r\n', 'HTTP_BAD_START_LINE'],
    ['an empty first line', '\r\nGET / HTTP/1.1\r\n\r\n', 'HTTP_BAD_START_LINE'],
    ['a NUL byte in a value', 'GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n', 'HTTP_BAD_CHARACTER'],
    ['a CR not followed by LF', 'GET / HTTP/1.1\rHost: a\r\n\r\n', 'HTTP_BAD_CHARACTER'],
  ])('refuses %s with a Korean explanation', (_case, text, code) => {
    expect(problemCode(text)).toBe(code);
    const result = parseHttpHead(utf8(text));
    if (result.done && !result.ok) expect(result.problem.message).toMatch(/[가-힣]/);
  });

  it('refuses WebSocket frame bytes at the first impossible byte instead of waiting for 16 KiB', () => {
    const parser = createHttpHeadParser();
    expect(parser.push(Uint8Array.of(0x81, 0x05))).toMatchObject({ done: true, ok: false, problem: { code: 'HTTP_BAD_CHARACTER', offset: 1 } });
  });

  it('refuses a head longer than maxHeadBytes without keeping more than that', () => {
    const parser = createHttpHeadParser({ maxHeadBytes: 64 });
    expect(parser.push(utf8(`GET / HTTP/1.1\r\nX-Long: ${'a'.repeat(100)}\r\n\r\n`))).toMatchObject({ done: true, ok: false, problem: { code: 'HTTP_HEAD_TOO_LARGE' } });
  });
});

const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/);
const value = fc.oneof(
  fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,30}[\x21-\x7e])?$/),
  fc.constantFrom('', '놀이터', 'a, b ,c', 'dGhlIHNhbXBsZSBub25jZQ=='),
);
const startLine = fc.oneof(
  fc.tuple(fc.constantFrom('GET', 'POST', 'OPTIONS', 'M-SEARCH'), fc.stringMatching(/^\/[\x21-\x7e]{0,40}$/)).map(([method, target]) => `${method} ${target} HTTP/1.1`),
  fc.tuple(fc.integer({ min: 100, max: 599 }), fc.stringMatching(/^[A-Za-z ]{0,20}$/)).map(([status, reason]) => `HTTP/1.1 ${status} ${reason}`),
);

describe('HTTP heads under random input', () => {
  it('round-trips random header sets cut at random points, with the bytes after the head left over', () => {
    fc.assert(
      fc.property(startLine, fc.array(fc.tuple(token, value), { maxLength: 20 }), fc.uint8Array({ maxLength: 20 }), fc.array(fc.nat({ max: 1500 })), (line, headers, after, cuts) => {
        const text = `${line}\r\n${headers.map(([name, v]) => `${name}: ${v}`).join('\r\n')}${headers.length > 0 ? '\r\n' : ''}\r\n`;
        const headBytes = utf8(text);
        const parser = createHttpHeadParser();
        let result: HeadParseResult = { done: false };
        const rest: Uint8Array[] = [];
        for (const chunk of splitAt(concatBytes([headBytes, after]), cuts)) {
          if (result.done) rest.push(chunk);
          else {
            result = parser.push(chunk);
            if (result.done && result.ok) rest.push(result.rest);
          }
        }
        const parsed = head(result);
        expect(parsed.startLine).toBe(line);
        expect(parsed.length).toBe(headBytes.length);
        expect(parsed.headers.map((header) => [header.name, header.value])).toEqual(headers);
        expect(concatBytes(rest)).toEqual(after);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat({ max: 300 })), (bytes, cuts) => {
        const parser = createHttpHeadParser({ maxHeadBytes: 200 });
        for (const chunk of splitAt(bytes, cuts)) parser.push(chunk);
      }),
      { numRuns: 300 },
    );
  });
});
