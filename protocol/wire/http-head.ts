/**
 * HTTP/1.1 message heads (RFC 9112 §2–§5), parsed incrementally: the opening handshake of
 * RFC 6455 §4, the 101 answer, and Engine.IO's polling requests. Headers keep their order, their
 * case and their duplicates, because the inspector shows the bytes as they were sent.
 */
import { wireProblem, type WireProblem, type WireProblemCode } from './problems.ts';

/** One header line, as sent. */
export interface HttpHeader {
  /** As sent, case kept. */
  name: string;
  /** Without the whitespace around it (RFC 9112 §5.1). */
  value: string;
  /** Where the line starts, counted from the start of the head. */
  offset: number;
  /** Bytes of the whole line, CRLF included. */
  rawLength: number;
}

interface HeadCommon {
  startLine: string;
  /** "1.1" */
  version: string;
  headers: HttpHeader[];
  /** Bytes of the head, the blank line included. */
  length: number;
}

/** A request: `GET /chat HTTP/1.1` and its headers. */
export interface HttpRequestHead extends HeadCommon {
  kind: 'request';
  method: string;
  target: string;
}

/** A response: `HTTP/1.1 101 Switching Protocols` and its headers. */
export interface HttpResponseHead extends HeadCommon {
  kind: 'response';
  status: number;
  reason: string;
}

/** A request or response head. */
export type HttpHead = HttpRequestHead | HttpResponseHead;

/** Not done yet; done with the head and the bytes after it; or a problem (never a throw). */
export type HeadParseResult =
  | { done: false }
  /** `consumed` bytes of the last chunk belonged to the head; `rest` is the remainder (a body, or frames after a 101). */
  | { done: true; ok: true; head: HttpHead; consumed: number; rest: Uint8Array }
  | { done: true; ok: false; problem: WireProblem };

/** Limits for createHttpHeadParser(). */
export interface HttpHeadParserOptions {
  /** Bytes allowed before the blank line. Default 16384, Node's own limit. */
  maxHeadBytes?: number | undefined;
}

/** An incremental parser for one HTTP head. */
export interface HttpHeadParser {
  /** Feeds bytes; once done, the same result is returned for every later push. */
  push(chunk: Uint8Array): HeadParseResult;
}

const CR = 0x0d;
const LF = 0x0a;
const HTAB = 0x09;
const SP = 0x20;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([^ ]+) HTTP\/(\d\.\d)$/;
const STATUS_LINE = /^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/;
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Creates a parser for one head. */
export function createHttpHeadParser(options: HttpHeadParserOptions = {}): HttpHeadParser {
  const maxHeadBytes = options.maxHeadBytes ?? 16_384;
  let buffer = new Uint8Array(Math.min(maxHeadBytes, 1024));
  let length = 0;
  let lineStart = 0;
  let start: Omit<HttpRequestHead, 'headers' | 'length'> | Omit<HttpResponseHead, 'headers' | 'length'> | null = null;
  const headers: HttpHeader[] = [];
  let result: HeadParseResult = { done: false };

  function fail(code: WireProblemCode, at: number): HeadParseResult {
    result = { done: true, ok: false, problem: wireProblem(code, at) };
    return result;
  }

  /** Handles the line [lineStart, end) (CRLF excluded); returns a problem code or null. */
  function takeLine(end: number): WireProblemCode | null {
    const bytes = buffer.subarray(lineStart, end);
    const text = utf8.decode(bytes);
    if (start === null) {
      const request = REQUEST_LINE.exec(text);
      if (request !== null) {
        start = { kind: 'request', startLine: text, method: request[1] ?? '', target: request[2] ?? '', version: request[3] ?? '' };
        return null;
      }
      const status = STATUS_LINE.exec(text);
      if (status === null) return 'HTTP_BAD_START_LINE';
      start = { kind: 'response', startLine: text, version: status[1] ?? '', status: Number(status[2]), reason: status[3] ?? '' };
      return null;
    }
    if (bytes[0] === SP || bytes[0] === HTAB) return 'HTTP_OBSOLETE_FOLDING';
    const colon = text.indexOf(':');
    const name = colon === -1 ? '' : text.slice(0, colon);
    if (!TOKEN.test(name)) return 'HTTP_BAD_HEADER_LINE';
    headers.push({ name, value: text.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, ''), offset: lineStart, rawLength: end + 2 - lineStart });
    return null;
  }

  return {
    push(chunk) {
      if (result.done) return result;
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i] ?? 0;
        const previous = length > 0 ? buffer[length - 1] : undefined;
        if (length === maxHeadBytes) return fail('HTTP_HEAD_TOO_LARGE', length);
        if (length === buffer.length) {
          const grown = new Uint8Array(Math.min(maxHeadBytes, buffer.length * 2));
          grown.set(buffer);
          buffer = grown;
        }
        buffer[length++] = byte;
        // Fail on the first impossible byte, so binary junk is refused at once rather than after 16 KiB.
        if (previous === CR && byte !== LF) return fail('HTTP_BAD_CHARACTER', length - 2);
        if (byte === LF && previous !== CR) return fail('HTTP_BARE_LF', length - 1);
        if ((byte < SP && byte !== HTAB && byte !== CR && byte !== LF) || byte === 0x7f) return fail('HTTP_BAD_CHARACTER', length - 1);
        if (byte !== LF) continue;
        const end = length - 2;
        if (end === lineStart && start !== null) {
          const head = { ...start, headers, length } as HttpHead;
          result = { done: true, ok: true, head, consumed: i + 1, rest: chunk.subarray(i + 1) };
          return result;
        }
        const problem = takeLine(end);
        if (problem !== null) return fail(problem, lineStart);
        lineStart = length;
      }
      return result;
    },
  };
}

/** Parses a head from bytes that are all at hand. */
export function parseHttpHead(bytes: Uint8Array, options: HttpHeadParserOptions = {}): HeadParseResult {
  return createHttpHeadParser(options).push(bytes);
}

/** Every value of a header, in order (names compare case-insensitively, RFC 9110 §5.1). */
export function headerValues(head: HttpHead, name: string): string[] {
  const wanted = name.toLowerCase();
  return head.headers.filter((header) => header.name.toLowerCase() === wanted).map((header) => header.value);
}

/** One value for a header: duplicates joined with ", " as RFC 9110 §5.3 allows for list headers; null when absent. */
export function headerValue(head: HttpHead, name: string): string | null {
  const values = headerValues(head, name);
  return values.length === 0 ? null : values.join(', ');
}

/** Does a comma-separated header (Connection, Upgrade, Transfer-Encoding) contain this token? */
export function hasHeaderToken(head: HttpHead, name: string, token: string): boolean {
  const wanted = token.toLowerCase();
  return headerValues(head, name).some((value) => value.split(',').some((part) => part.trim().toLowerCase() === wanted));
}
