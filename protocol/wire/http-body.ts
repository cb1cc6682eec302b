/**
 * Where an HTTP/1.1 body ends (RFC 9112 §6.3) and how to take it off the stream: by Content-Length,
 * by chunked transfer coding (§7.1), or until the connection closes. Engine.IO's polling requests
 * and responses carry their packets in these bodies.
 */
import { headerValues, type HttpHead } from './http-head.ts';
import { wireProblem, type WireProblem } from './problems.ts';

/** How the body after a head is delimited (RFC 9112 §6.3). */
export type BodyFraming =
  | { kind: 'none' }
  | { kind: 'length'; length: number }
  | { kind: 'chunked' }
  | { kind: 'until-close' }
  /** 101: the bytes after the head belong to another protocol (WebSocket frames). */
  | { kind: 'switching-protocols' };

/**
 * Decides how the body after `head` is delimited, following RFC 9112 §6.3 in order. For a
 * response, pass the method of the request it answers (a response to HEAD has no body).
 */
export function bodyFraming(head: HttpHead, requestMethod?: string): { ok: true; framing: BodyFraming } | { ok: false; problem: WireProblem } {
  if (head.kind === 'response') {
    if (head.status === 101) return { ok: true, framing: { kind: 'switching-protocols' } };
    if (requestMethod === 'HEAD' || (head.status >= 100 && head.status < 200) || head.status === 204 || head.status === 304) {
      return { ok: true, framing: { kind: 'none' } };
    }
  }
  const codings = headerValues(head, 'transfer-encoding').flatMap((value) => value.split(',')).map((coding) => coding.trim().toLowerCase()).filter(Boolean);
  if (codings.length > 0) {
    // §6.3 item 4: chunked must be last; otherwise only the end of a response's connection ends it.
    if (codings.at(-1) === 'chunked') return { ok: true, framing: { kind: 'chunked' } };
    if (head.kind === 'response') return { ok: true, framing: { kind: 'until-close' } };
    return { ok: false, problem: wireProblem('HTTP_BAD_TRANSFER_ENCODING', 0) };
  }
  const lengths = headerValues(head, 'content-length').flatMap((value) => value.split(',')).map((value) => value.trim());
  if (lengths.length > 0) {
    const first = lengths[0] ?? '';
    // §6.3 item 5: several equal values may be merged; anything else is unrecoverable.
    if (!/^\d{1,15}$/.test(first) || lengths.some((value) => value !== first)) return { ok: false, problem: wireProblem('HTTP_BAD_CONTENT_LENGTH', 0) };
    return { ok: true, framing: { kind: 'length', length: Number(first) } };
  }
  // §6.3 items 7 and 8: a request without either has no body; a response runs until the connection closes.
  return { ok: true, framing: head.kind === 'request' ? { kind: 'none' } : { kind: 'until-close' } };
}

/** A body with its transfer coding removed. */
export interface DecodedBody {
  /** The body without its transfer coding, up to maxBodyBytes. */
  data: Uint8Array;
  /** Body bytes in all (after removing the chunk framing). */
  size: number;
  truncated: boolean;
  /** For chunked bodies, the size of each chunk as announced, up to 1024 of them (the final 0 included). */
  chunkSizes: number[];
}

/** Not done yet; done with the body and the bytes after it; or a problem, with what arrived. */
export type BodyResult =
  | { done: false }
  | { done: true; ok: true; body: DecodedBody; consumed: number; rest: Uint8Array }
  | { done: true; ok: false; problem: WireProblem; body: DecodedBody };

/** A BodyResult that is final. */
export type BodyDone = Extract<BodyResult, { done: true }>;

/** Limits for createBodyDecoder(). */
export interface BodyDecoderOptions {
  /** Body bytes kept. Default 1048576. */
  maxBodyBytes?: number | undefined;
}

/** An incremental decoder for one HTTP body. */
export interface BodyDecoder {
  /** Feeds bytes that follow the head; once done, later pushes return the same result. */
  push(chunk: Uint8Array): BodyResult;
  /** The connection ended: completes an until-close body, or reports one cut short. */
  end(): BodyDone;
}

const CR = 0x0d;
const LF = 0x0a;
const CHUNK_SIZE_LINE = /^([0-9a-fA-F]{1,13})[ \t]*(?:;.*)?$/;
const MAX_LINE = 4096;
const MAX_TRAILERS = 16_384;
const MAX_CHUNKS_LISTED = 1024;

/** Creates a decoder for one body delimited as `framing` says. */
export function createBodyDecoder(framing: BodyFraming, options: BodyDecoderOptions = {}): BodyDecoder {
  const maxBodyBytes = options.maxBodyBytes ?? 1_048_576;
  let data = new Uint8Array(0);
  let kept = 0;
  let size = 0;
  const chunkSizes: number[] = [];
  let result: BodyResult = { done: false };
  let seen = 0;
  // Chunked state: reading a size line, the data, the CRLF after the data, or the trailer section.
  let state: 'size' | 'data' | 'data-end' | 'trailers' = 'size';
  let remaining = framing.kind === 'length' ? framing.length : 0;
  let line = '';
  let lastByte = -1;
  let trailerBytes = 0;

  const body = (): DecodedBody => ({ data: data.slice(0, kept), size, truncated: kept < size, chunkSizes: chunkSizes.slice() });

  function keep(bytes: Uint8Array): void {
    size += bytes.length;
    const take = Math.min(bytes.length, maxBodyBytes - kept);
    if (take <= 0) return;
    if (kept + take > data.length) {
      const grown = new Uint8Array(Math.min(maxBodyBytes, Math.max(kept + take, data.length * 2, 256)));
      grown.set(data.subarray(0, kept));
      data = grown;
    }
    data.set(bytes.subarray(0, take), kept);
    kept += take;
  }

  function finish(chunk: Uint8Array, consumed: number): BodyDone {
    result = { done: true, ok: true, body: body(), consumed, rest: chunk.subarray(consumed) };
    return result;
  }

  function fail(at: number): BodyResult {
    result = { done: true, ok: false, problem: wireProblem('HTTP_BAD_CHUNK', at), body: body() };
    return result;
  }

  function pushChunked(chunk: Uint8Array): BodyResult {
    let i = 0;
    while (i < chunk.length) {
      if (state === 'data') {
        const take = Math.min(remaining, chunk.length - i);
        keep(chunk.subarray(i, i + take));
        remaining -= take;
        i += take;
        if (remaining === 0) state = 'data-end';
        continue;
      }
      const byte = chunk[i++] ?? 0;
      const previous = lastByte;
      lastByte = byte;
      if (state === 'data-end') {
        // Exactly CRLF after each chunk's data.
        if ((previous !== CR && byte !== CR) || (previous === CR && byte !== LF)) return fail(seen + i - 1);
        if (byte === LF) {
          state = 'size';
          lastByte = -1;
        }
        continue;
      }
      if (byte === LF) {
        if (previous !== CR) return fail(seen + i - 1);
        if (state === 'size') {
          const match = CHUNK_SIZE_LINE.exec(line);
          if (match === null) return fail(seen + i - 1);
          const chunkSize = parseInt(match[1] ?? '', 16);
          if (chunkSizes.length < MAX_CHUNKS_LISTED) chunkSizes.push(chunkSize);
          line = '';
          lastByte = -1;
          if (chunkSize === 0) state = 'trailers';
          else {
            state = 'data';
            remaining = chunkSize;
          }
          continue;
        }
        // Trailers: a line of its own ends them.
        if (line === '') return finish(chunk, i);
        line = '';
        lastByte = -1;
        continue;
      }
      if (byte === CR) continue;
      if (previous === CR) return fail(seen + i - 1);
      line += String.fromCharCode(byte);
      if (state === 'trailers' && ++trailerBytes > MAX_TRAILERS) return fail(seen + i - 1);
      if (line.length > MAX_LINE) return fail(seen + i - 1);
    }
    return result;
  }

  return {
    push(chunk) {
      if (result.done) return result;
      let out: BodyResult;
      switch (framing.kind) {
        case 'none':
        case 'switching-protocols':
          return finish(chunk, 0);
        case 'until-close':
          keep(chunk);
          out = result;
          break;
        case 'length': {
          const take = Math.min(remaining, chunk.length);
          keep(chunk.subarray(0, take));
          remaining -= take;
          out = remaining === 0 ? finish(chunk, take) : result;
          break;
        }
        case 'chunked':
          out = pushChunked(chunk);
          break;
      }
      seen += chunk.length;
      return out;
    },
    end() {
      if (result.done) return result;
      if (framing.kind === 'until-close' || framing.kind === 'none' || framing.kind === 'switching-protocols' || (framing.kind === 'length' && remaining === 0)) {
        return finish(new Uint8Array(0), 0);
      }
      const incomplete: BodyDone = { done: true, ok: false, problem: wireProblem('HTTP_INCOMPLETE', seen), body: body() };
      result = incomplete;
      return incomplete;
    },
  };
}
