import type { Direction } from './wire/constants.ts';

/**
 * The capture protocol: what the tap records and the inspector shows, per TCP connection, the bytes
 * of both directions with timestamps, exactly as they crossed the wire. Shared by the server
 * (recording, playground-server/capture-hub.ts) and the browser (live view, export, replay):
 * - live, on the page's control channel: a `capture-open` (JSON text) per connection, its bytes in
 *   binary chunk batches (`encodeChunkBatch` / `decodeChunkBatch`), a `capture-cut` if bytes were
 *   lost on the way, and a `capture-end`;
 * - at rest, the capture file (`CaptureFile`, read by capture-file.ts).
 */

/** What TLS said about a wss:// or https:// target: shown beside the handshake, kept in exported captures. */
export interface TlsFacts {
  protocol: string | null;
  cipher: string | null;
  alpn: string | null;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  fingerprint256: string;
  /** The chain checked against the system's trusted CAs and the name matched. */
  trusted: boolean;
  /** Why not (OpenSSL's code, e.g. DEPTH_ZERO_SELF_SIGNED_CERT), null when trusted. */
  untrustedReason: string | null;
}

/** One read or write on the socket. */
export interface CapturedChunk {
  direction: Direction;
  /** Milliseconds since the connection was opened (fractional). */
  t: number;
  /** Empty when this chunk stands for bytes that were not recorded (`elided`). */
  bytes: Uint8Array;
  /** This many bytes crossed the wire here but the tap only counted them (its snap length under load, live-trim.ts). */
  elided?: number | undefined;
}

export interface CapturedConnection {
  /** Unique within a capture. */
  id: string;
  /** What the browser connected to, e.g. "/ws/echo", "/socket.io/", "서버 코드 :8080". */
  target: string;
  /** Wall-clock time the connection opened (ms since the epoch). */
  startedAt: number;
  /** Set when both directions have ended, in ms since `startedAt`. */
  endedAt: number | null;
  chunks: CapturedChunk[];
  /** The ring buffer dropped old chunks (see the tap's per-connection limit); offsets restart. */
  truncated: boolean;
  /** The bytes crossed TLS (wss://, https://): what it negotiated and the certificate; the chunks are the decrypted bytes. */
  tls?: TlsFacts | undefined;
}

/** A connection the tap started recording. `id` is the decimal form of the batches' u32 connection id. */
export interface CaptureOpen {
  type: 'capture-open';
  id: string;
  /** The tag the connection carried (the page's, maybe with a playground's name: page-tag.ts). */
  tag: string;
  /** What the browser connected to, e.g. "/ws/echo", "서버 코드 :8080". */
  target: string;
  startedAt: number;
  /** The connection's TLS, for a wss:// or https:// target (known before its first byte). */
  tls?: TlsFacts | undefined;
}

/**
 * Bytes of this connection were lost on the way, `t` ms after it opened (a hold ran out of room):
 * nothing more of it comes, and nothing after the gap may be decoded as if it followed the bytes before.
 */
export interface CaptureCut {
  type: 'capture-cut';
  id: string;
  t: number;
}

/** The connection ended `t` ms after it opened; `truncated` when bytes of it were lost. */
export interface CaptureEnd {
  type: 'capture-end';
  id: string;
  t: number;
  truncated: boolean;
}

/** The capture's JSON text messages (its chunks travel in binary batches). */
export type CaptureMessage = CaptureOpen | CaptureCut | CaptureEnd;

/** What a page does with its capture, in order: the text messages and the records of each batch. */
export type CaptureUpdate = CaptureMessage | { type: 'capture-chunks'; records: ChunkRecord[] };

/** A capture message as the control channel carries it. */
export function encodeCaptureMessage(message: CaptureMessage): string {
  return JSON.stringify(message);
}

const CAPTURE_MESSAGE_TYPES: ReadonlySet<string> = new Set<CaptureMessage['type']>(['capture-open', 'capture-cut', 'capture-end']);

/** Whether a message from the server (which the page trusts) is one of the capture's. */
export function isCaptureMessage(message: { type: string }): message is CaptureMessage {
  return CAPTURE_MESSAGE_TYPES.has(message.type);
}

/** An exported capture file (JSON), which the inspector can open again. */
export interface CaptureFile {
  format: 'ws-noriteo-capture';
  version: 1;
  exportedAt: string;
  connections: Array<Omit<CapturedConnection, 'chunks'> & { chunks: Array<{ direction: Direction; t: number; base64: string; elided?: number | undefined }> }>;
}

export const CAPTURE_FORMAT = 'ws-noriteo-capture';

/**
 * The tap's snap length (playground-server/live-trim.ts): past LIVE_FULL_RATE payload bytes a second
 * (after a burst), a connection's frames arrive with only their first LIVE_PAYLOAD_PREFIX payload
 * bytes and a count of the rest (`elided`). The inspector says so in these numbers.
 */
export const LIVE_PAYLOAD_PREFIX = 64;
export const LIVE_FULL_RATE = 256 * 1024;

/**
 * Chunks travel from the tap to the page in binary batches (no base64, one WebSocket message per
 * batch): repeated records of [u32 connection id][u8 direction: 0 = client→server, 1 = server→client]
 * [f64 t][u32 length][bytes], big-endian. A record whose direction has bit 1 set (2, 3) stands for
 * `length` elided bytes and carries none. Opens and ends are rare and go as JSON text messages.
 */
export interface ChunkRecord {
  id: number;
  direction: Direction;
  t: number;
  bytes: Uint8Array;
  /** Bytes not recorded here (`bytes` is then empty). */
  elided?: number | undefined;
}

/** The direction byte of a record: 0/1 for bytes, with ELIDED_FLAG for a count of elided bytes. */
export const ELIDED_FLAG = 2;

/** [u32 id][u8 direction][f64 t][u32 length] before each record's bytes. */
export const RECORD_HEADER = 4 + 1 + 8 + 4;

/** A record's direction byte: 0 client→server, 1 server→client, with ELIDED_FLAG for a count of elided bytes. */
export function directionByte(direction: Direction, elided: boolean): number {
  return (direction === 'client-to-server' ? 0 : 1) | (elided ? ELIDED_FLAG : 0);
}

export function encodeChunkBatch(records: readonly ChunkRecord[]): Uint8Array {
  const size = records.reduce((total, record) => total + RECORD_HEADER + (record.elided ? 0 : record.bytes.length), 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const record of records) {
    view.setUint32(at, record.id);
    const elided = record.elided ?? 0;
    view.setUint8(at + 4, directionByte(record.direction, elided > 0));
    view.setFloat64(at + 5, record.t);
    view.setUint32(at + 13, elided > 0 ? elided : record.bytes.length);
    if (elided === 0) out.set(record.bytes, at + RECORD_HEADER);
    at += RECORD_HEADER + (elided > 0 ? 0 : record.bytes.length);
  }
  return out;
}

/** Decodes a batch; a truncated or malformed batch yields the records before the damage. */
export function decodeChunkBatch(batch: Uint8Array): ChunkRecord[] {
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  const records: ChunkRecord[] = [];
  let at = 0;
  while (at + RECORD_HEADER <= batch.length) {
    const length = view.getUint32(at + 13);
    const flags = view.getUint8(at + 4);
    const elided = (flags & ELIDED_FLAG) !== 0;
    const carried = elided ? 0 : length;
    if (flags > 3 || at + RECORD_HEADER + carried > batch.length) break;
    const record: ChunkRecord = {
      id: view.getUint32(at),
      direction: (flags & 1) === 0 ? 'client-to-server' : 'server-to-client',
      t: view.getFloat64(at + 5),
      bytes: batch.subarray(at + RECORD_HEADER, at + RECORD_HEADER + carried),
    };
    if (elided) record.elided = length;
    records.push(record);
    at += RECORD_HEADER + carried;
  }
  return records;
}
