import { LIVE_FULL_RATE, LIVE_PAYLOAD_PREFIX } from '../protocol/capture.ts';
import type { Direction } from '../protocol/wire/constants.ts';
import { headerSize } from '../protocol/wire/frame.ts';
import { TokenBucket } from './limits/token-bucket.ts';

/**
 * The tap's snap length (as `tcpdump -s`): while a connection sends more payload than the inspector
 * could usefully watch live, the tap keeps every frame's header and the first LIVE_PAYLOAD_PREFIX
 * bytes of its payload, and only counts the rest ("elided"). Below the rate nothing is elided, so
 * a lesson's messages arrive whole; a flood (a benchmark, a runaway loop) is still recorded frame
 * by frame (every header, time and size), but no longer costs the server three times its bytes.
 *
 * It follows the stream as the inspector's decoders do (HTTP head, then RFC 6455 §5.2 frames once
 * the server said 101) but only as far as it needs to find payload boundaries, and stops eliding
 * for good at anything it cannot follow, so the decoders always see a gap inside a payload.
 * Never elided: control frames, compressed messages (their DEFLATE stream needs every byte,
 * RFC 7692), frames of reserved opcodes, anything before the 101 or after a refusal.
 */

/** Payload bytes past the prefix a connection may send whole at once (the bucket's size); LIVE_FULL_RATE a second after that. */
export const LIVE_FULL_BURST = 1024 * 1024;

/** Where trimmed bytes go, in stream order: runs of kept bytes (`bytes[start, end)` of the input, not copied) and counts of elided ones. */
export interface TrimOutput {
  keep(bytes: Uint8Array, start: number, end: number): void;
  elide(length: number): void;
}

export interface LiveTrimOptions {
  prefix?: number | undefined;
  burst?: number | undefined;
  /** Bytes per second. */
  rate?: number | undefined;
}

/** One recorded connection's trimmer, both directions. */
export interface LiveTrimmer {
  /** Passes `bytes` (the next chunk of `direction`, at `now` ms) to `out`, eliding what it may. */
  push(direction: Direction, bytes: Uint8Array, now: number, out: TrimOutput): void;
}

const CRLFCRLF = [13, 10, 13, 10];
/** A head longer than this is not followed (the decoders refuse it too). */
const MAX_HEAD = 64 * 1024;
const SWITCHING = 'HTTP/1.1 101';

interface Side {
  phase: 'head' | 'frames' | 'raw';
  /** Bytes of \r\n\r\n matched so far, and head bytes seen. */
  matched: number;
  headBytes: number;
  /** The start of the head, to read the status line. */
  start: number[];
  header: Uint8Array;
  headerFilled: number;
  /** Payload bytes left in the current frame: to keep, then to elide. */
  keepLeft: number;
  elideLeft: number;
  /** The data message under way is compressed (RSV1 on its first frame). */
  compressed: boolean;
}

function side(): Side {
  return { phase: 'head', matched: 0, headBytes: 0, start: [], header: new Uint8Array(14), headerFilled: 0, keepLeft: 0, elideLeft: 0, compressed: false };
}

/** Creates the trimmer for one connection (the first bytes of each direction are its HTTP head). */
export function createLiveTrimmer(options: LiveTrimOptions = {}): LiveTrimmer {
  const prefix = options.prefix ?? LIVE_PAYLOAD_PREFIX;
  const client = side();
  const server = side();
  /** The server answered 101: frames may be elided (from then on, in both directions). */
  let upgraded = false;
  /** Payload bytes past the prefix that may still go whole; `now` counts from the connection's start. */
  const whole = new TokenBucket(options.burst ?? LIVE_FULL_BURST, options.rate ?? LIVE_FULL_RATE, 0);

  function endHead(s: Side, isServer: boolean): void {
    if (!isServer) {
      s.phase = 'frames';
      return;
    }
    upgraded = String.fromCharCode(...s.start) === SWITCHING;
    s.phase = upgraded ? 'frames' : 'raw';
    if (!upgraded) client.phase = 'raw';
  }

  /** Reads the header at h[at…] (whole) and decides what of the payload to keep. */
  function startFrame(s: Side, h: Uint8Array, at: number, now: number): void {
    const byte0 = h[at] ?? 0;
    const length7 = (h[at + 1] ?? 0) & 0x7f;
    let length = length7;
    if (length7 === 126) length = ((h[at + 2] ?? 0) << 8) | (h[at + 3] ?? 0);
    else if (length7 === 127) {
      const high = (((h[at + 2] ?? 0) << 24) | ((h[at + 3] ?? 0) << 16) | ((h[at + 4] ?? 0) << 8) | (h[at + 5] ?? 0)) >>> 0;
      // Lengths the decoder cannot follow (§5.2's MSB, past 2^53): stop here, as it does.
      if (high > 0x1f_ffff) {
        s.phase = 'raw';
        return;
      }
      const low = (((h[at + 6] ?? 0) << 24) | ((h[at + 7] ?? 0) << 16) | ((h[at + 8] ?? 0) << 8) | (h[at + 9] ?? 0)) >>> 0;
      length = high * 2 ** 32 + low;
    }
    const opcode = byte0 & 0x0f;
    const rsv1 = (byte0 & 0x40) !== 0;
    if (opcode === 1 || opcode === 2) s.compressed = rsv1;
    const data = opcode <= 2;
    const elidable = upgraded && data && !rsv1 && !s.compressed && length > prefix;
    if (elidable && !whole.take(now, length - prefix)) {
      s.keepLeft = prefix;
      s.elideLeft = length - prefix;
    } else {
      s.keepLeft = length;
      s.elideLeft = 0;
    }
  }

  return {
    push(direction, bytes, now, out) {
      const isServer = direction === 'server-to-client';
      const s = isServer ? server : client;
      if (s.phase === 'raw') {
        out.keep(bytes, 0, bytes.length);
        return;
      }
      let pos = 0;
      /** Start of the run of kept bytes not yet passed on. */
      let run = 0;
      while (pos < bytes.length && s.phase !== 'raw') {
        if (s.phase === 'head') {
          const byte = bytes[pos++] ?? 0;
          if (s.start.length < SWITCHING.length) s.start.push(byte);
          s.matched = byte === CRLFCRLF[s.matched] ? s.matched + 1 : byte === 13 ? 1 : 0;
          if (s.matched === 4) endHead(s, isServer);
          else if (++s.headBytes > MAX_HEAD) s.phase = 'raw';
        } else if (s.keepLeft > 0) {
          const take = Math.min(s.keepLeft, bytes.length - pos);
          s.keepLeft -= take;
          pos += take;
        } else if (s.elideLeft > 0) {
          const take = Math.min(s.elideLeft, bytes.length - pos);
          if (pos > run) out.keep(bytes, run, pos);
          out.elide(take);
          s.elideLeft -= take;
          pos += take;
          run = pos;
        } else if (s.headerFilled === 0 && bytes.length - pos >= 2 && bytes.length - pos >= headerSize(bytes[pos + 1] ?? 0)) {
          // The whole header is in this chunk (the usual case): read it where it is.
          const at = pos;
          pos += headerSize(bytes[pos + 1] ?? 0);
          startFrame(s, bytes, at, now);
        } else {
          s.header[s.headerFilled++] = bytes[pos++] ?? 0;
          if (s.headerFilled >= 2 && s.headerFilled === headerSize(s.header[1] ?? 0)) {
            s.headerFilled = 0;
            startFrame(s, s.header, 0, now);
          }
        }
      }
      if (bytes.length > run) out.keep(bytes, run, bytes.length);
    },
  };
}
