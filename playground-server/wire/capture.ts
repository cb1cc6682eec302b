import type { Direction } from './constants.ts';

/**
 * What the tap records and the inspector shows: per TCP connection, the bytes of both directions
 * with timestamps, exactly as they crossed the wire. Pure data, shared by the server (recording)
 * and the browser (live view, export, replay).
 */

/** One read or write on the socket. */
export interface CapturedChunk {
  direction: Direction;
  /** Milliseconds since the connection was opened (fractional). */
  t: number;
  bytes: Uint8Array;
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
}

/** Live updates from the tap, as the control channel carries them (bytes in base64). */
export type CaptureEvent =
  | { type: 'capture-open'; id: string; target: string; startedAt: number }
  | { type: 'capture-chunk'; id: string; direction: Direction; t: number; base64: string }
  | { type: 'capture-end'; id: string; t: number; truncated: boolean };

/** An exported capture file (JSON), which the inspector can open again. */
export interface CaptureFile {
  format: 'ws-noriteo-capture';
  version: 1;
  exportedAt: string;
  connections: Array<Omit<CapturedConnection, 'chunks'> & { chunks: Array<{ direction: Direction; t: number; base64: string }> }>;
}

export const CAPTURE_FORMAT = 'ws-noriteo-capture';
