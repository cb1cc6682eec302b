/**
 * The inspector's model: the recorded TCP connections, each decoded incrementally as its chunks
 * arrive (one `createConnectionDecoder` per connection, never re-decoding from the start), with
 * subscription for the views and export/import of capture files. Bounded: it keeps the last
 * `maxConnections` connections and, per connection, at most `maxBytesPerConnection` bytes and
 * `maxEventsPerConnection` decoded events; past those it stops recording that connection and marks
 * it truncated, as the tap does.
 */
import { CAPTURE_FORMAT, decodeChunkBatch, type CaptureFile, type CapturedChunk, type CaptureUpdate, type TlsFacts } from '../../protocol/capture.ts';
import { createConnectionDecoder, type ConnectionDecoder, type ConnectionDecoderOptions, type ConnectionEvent } from '../../protocol/wire/connection.ts';
import type { Direction } from '../../protocol/wire/constants.ts';
import { base64ToBytes, bytesToBase64 } from '../../protocol/base64.ts';
import { parseCaptureFile } from '../../protocol/capture-file.ts';
import { toTextLog } from './text-log.ts';

/** One connection as the store holds it. Read-only for views: only the store changes it. */
export interface InspectedConnection {
  readonly id: string;
  /** What the browser connected to, e.g. "/ws/echo". */
  readonly target: string;
  /** Wall-clock time it opened (ms since the epoch). */
  readonly startedAt: number;
  /** Ms since `startedAt` when it ended; null while open. */
  readonly endedAt: number | null;
  /** What TLS negotiated, when the bytes crossed TLS (a wss:// or https:// target); null otherwise. */
  readonly tls: TlsFacts | null;
  /** Bytes are missing: the tap dropped some, or this store stopped recording at its limits. */
  readonly truncated: boolean;
  /** This store stopped recording it (see the options, and `cut`); `truncated` is then true too. */
  readonly limited: boolean;
  /** The chunks as captured (those kept), in order. */
  readonly chunks: readonly CapturedChunk[];
  /** Everything decoded so far, in order. Events reported at the end carry the end time. */
  readonly events: readonly ConnectionEvent[];
  /** Bytes kept, per direction. */
  readonly bytes: Readonly<Record<Direction, number>>;
  /** Bytes the tap counted but did not record (payloads past its snap length under load), both directions. */
  readonly elided: number;
  /** Decoded WebSocket frames, and Engine.IO packets, so far (counted as they arrive, for cheap summaries). */
  readonly counts: Readonly<{ frames: number; engineIo: number }>;
}

/** What changed, for subscribers. `connection` is the live object: read it, do not keep copies. */
export type StoreChange =
  /** Everything was replaced (cleared, or a file was opened). */
  | { type: 'reset' }
  | { type: 'open'; connection: InspectedConnection }
  /** New chunks were decoded; `events` are only the new ones (possibly none). */
  | { type: 'events'; connection: InspectedConnection; events: readonly ConnectionEvent[] }
  | { type: 'end'; connection: InspectedConnection }
  /** Dropped to respect `maxConnections`. */
  | { type: 'evict'; id: string };

export type StoreListener = (change: StoreChange) => void;

/** Limits of a store; every default keeps memory bounded. */
export interface CaptureStoreOptions {
  /** Connections kept; opening one more drops the oldest. Default 50. */
  maxConnections?: number | undefined;
  /** Bytes kept per connection (both directions). Default 8388608 (8 MiB). */
  maxBytesPerConnection?: number | undefined;
  /** Decoded events kept per connection (a frame, a message, a packet each count one). Default 20000. */
  maxEventsPerConnection?: number | undefined;
  /** Passed to each connection's decoder. */
  decoder?: ConnectionDecoderOptions | undefined;
}

/** The result of opening a capture file. */
export type ImportResult = { ok: true; connections: number; dropped: number } | { ok: false; error: string };

interface Entry {
  connection: {
    id: string;
    target: string;
    startedAt: number;
    endedAt: number | null;
    tls: TlsFacts | null;
    truncated: boolean;
    limited: boolean;
    chunks: CapturedChunk[];
    events: ConnectionEvent[];
    bytes: Record<Direction, number>;
    elided: number;
    counts: { frames: number; engineIo: number };
  };
  decoder: ConnectionDecoder;
}

const DIRECTIONS: readonly Direction[] = ['client-to-server', 'server-to-client'];

/** Recorded connections, decoded as they arrive. */
export class CaptureStore {
  readonly #entries = new Map<string, Entry>();
  readonly #listeners = new Set<StoreListener>();
  readonly #maxConnections: number;
  readonly #maxBytes: number;
  readonly #maxEvents: number;
  readonly #decoderOptions: ConnectionDecoderOptions;
  /** While a file is loaded, changes are not announced one by one (one 'reset' follows). */
  #quiet = false;

  constructor(options: CaptureStoreOptions = {}) {
    this.#maxConnections = Math.max(1, options.maxConnections ?? 50);
    this.#maxBytes = options.maxBytesPerConnection ?? 8 * 1024 * 1024;
    this.#maxEvents = options.maxEventsPerConnection ?? 20_000;
    this.#decoderOptions = options.decoder ?? {};
  }

  /** The connections kept, oldest first. */
  get connections(): InspectedConnection[] {
    return [...this.#entries.values()].map((entry) => entry.connection);
  }

  get(id: string): InspectedConnection | undefined {
    return this.#entries.get(id)?.connection;
  }

  /** Calls `listener` on every change; returns the function that stops it. */
  subscribe(listener: StoreListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A connection opened (over TLS when `tls` is given). Opening an id that exists already is ignored. */
  open(id: string, target: string, startedAt: number, tls: TlsFacts | null = null): void {
    if (this.#entries.has(id)) return;
    while (this.#entries.size >= this.#maxConnections) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
      this.#emit({ type: 'evict', id: oldest });
    }
    const connection: Entry['connection'] = {
      id,
      target,
      startedAt,
      endedAt: null,
      tls,
      truncated: false,
      limited: false,
      chunks: [],
      events: [],
      bytes: { 'client-to-server': 0, 'server-to-client': 0 },
      elided: 0,
      counts: { frames: 0, engineIo: 0 },
    };
    this.#entries.set(id, { connection, decoder: createConnectionDecoder(this.#decoderOptions) });
    this.#emit({ type: 'open', connection });
  }

  /**
   * Bytes of one direction, `t` ms after the connection opened, decoded at once. Chunks of an
   * unknown (or evicted) connection, or after its end, are ignored. The bytes are kept as given:
   * do not reuse the buffer. With `elided` > 0 the chunk stands for that many bytes the tap did not
   * record (`bytes` is then ignored).
   */
  chunk(id: string, direction: Direction, t: number, bytes: Uint8Array, elided = 0): void {
    const entry = this.#entries.get(id);
    if (entry === undefined || entry.connection.endedAt !== null || entry.connection.limited) return;
    const { connection } = entry;
    const kept = connection.bytes['client-to-server'] + connection.bytes['server-to-client'];
    if (kept + bytes.length > this.#maxBytes || connection.events.length >= this.#maxEvents) {
      // Later bytes would be decoded out of context: stop here, as the tap does at its limit.
      this.#stop(entry);
      return;
    }
    let events: ConnectionEvent[];
    if (elided > 0) {
      connection.chunks.push({ direction, t, bytes: new Uint8Array(0), elided });
      connection.elided += elided;
      events = entry.decoder.skip(direction, elided, t);
    } else {
      connection.chunks.push({ direction, t, bytes });
      connection.bytes[direction] += bytes.length;
      events = entry.decoder.push(direction, bytes, t);
    }
    this.#record(entry, events);
    this.#emit({ type: 'events', connection, events });
  }

  /**
   * Bytes of this connection were lost before they reached the store (a hold on the way ran out of
   * room): it is marked truncated and nothing more of it is decoded, since the decoder cannot know
   * where the gap ends.
   */
  cut(id: string): void {
    const entry = this.#entries.get(id);
    if (entry === undefined || entry.connection.limited) return;
    this.#stop(entry);
  }

  /** The connection ended `t` ms after it opened; `truncated` when the tap dropped bytes. */
  end(id: string, t: number, truncated = false): void {
    const entry = this.#entries.get(id);
    if (entry === undefined || entry.connection.endedAt !== null) return;
    const { connection } = entry;
    connection.endedAt = t;
    connection.truncated ||= truncated;
    if (!connection.limited) {
      // What the decoder reports at the end carries no time of its own: it happened at the end.
      const events = DIRECTIONS.flatMap((direction) => entry.decoder.end(direction)).map((event) => (event.time === null ? { ...event, time: t } : event));
      this.#record(entry, events);
      if (events.length > 0) this.#emit({ type: 'events', connection, events });
    }
    this.#emit({ type: 'end', connection });
  }

  /** Applies one live update as the control channel carries it (protocol/capture.ts). */
  apply(update: CaptureUpdate): void {
    switch (update.type) {
      case 'capture-open':
        this.open(update.id, update.target, update.startedAt, update.tls ?? null);
        break;
      case 'capture-chunks':
        for (const record of update.records) this.chunk(String(record.id), record.direction, record.t, record.bytes, record.elided);
        break;
      case 'capture-cut':
        this.cut(update.id);
        break;
      case 'capture-end':
        this.end(update.id, update.t, update.truncated);
        break;
    }
  }

  /** Applies a binary batch of chunks from the control channel (see `encodeChunkBatch`); ids are the decimal strings of capture-open. */
  applyBatch(batch: Uint8Array): void {
    // Copied once: the records are views into the batch, which the caller may reuse.
    const own = batch.slice();
    for (const record of decodeChunkBatch(own)) this.chunk(String(record.id), record.direction, record.t, record.bytes, record.elided);
  }

  /** Forgets every connection. */
  clear(): void {
    this.#entries.clear();
    this.#emit({ type: 'reset' });
  }

  /** The kept connections as a capture file (bytes in base64). */
  toCaptureFile(exportedAt: Date = new Date()): CaptureFile {
    return {
      format: CAPTURE_FORMAT,
      version: 1,
      exportedAt: exportedAt.toISOString(),
      connections: this.connections.map((connection) => ({
        id: connection.id,
        target: connection.target,
        startedAt: connection.startedAt,
        endedAt: connection.endedAt,
        chunks: connection.chunks.map((chunk) =>
          chunk.elided ? { direction: chunk.direction, t: chunk.t, base64: '', elided: chunk.elided } : { direction: chunk.direction, t: chunk.t, base64: bytesToBase64(chunk.bytes) },
        ),
        truncated: connection.truncated,
        ...(connection.tls === null ? {} : { tls: connection.tls }),
      })),
    };
  }

  /**
   * Replaces the connections with those of a capture file (its JSON text, or the parsed value),
   * decoding them as if they arrived live. A bad file leaves the store as it was and gives a Korean
   * error. With more connections than `maxConnections`, the last ones are kept.
   */
  fromCaptureFile(input: string | unknown): ImportResult {
    const parsed = parseCaptureFile(input);
    if (!parsed.ok) return parsed;
    const connections = parsed.file.connections;
    const kept = connections.slice(-this.#maxConnections);
    this.#entries.clear();
    this.#quiet = true;
    try {
      for (const connection of kept) {
        this.open(connection.id, connection.target, connection.startedAt, connection.tls ?? null);
        for (const chunk of connection.chunks) {
          // The schema checked the base64, so this is never null.
          const bytes = base64ToBytes(chunk.base64) ?? new Uint8Array(0);
          this.chunk(connection.id, chunk.direction, chunk.t, bytes, chunk.elided);
        }
        if (connection.endedAt !== null) this.end(connection.id, connection.endedAt, connection.truncated);
        else {
          const entry = this.#entries.get(connection.id);
          if (entry !== undefined) entry.connection.truncated ||= connection.truncated;
        }
      }
    } finally {
      this.#quiet = false;
    }
    this.#emit({ type: 'reset' });
    return { ok: true, connections: kept.length, dropped: connections.length - kept.length };
  }

  /** A plain-text log of every kept connection (see text-log.ts), for pasting into a question. */
  toTextLog(): string {
    return toTextLog(this.connections);
  }

  #stop(entry: Entry): void {
    const { connection } = entry;
    connection.limited = true;
    connection.truncated = true;
    this.#emit({ type: 'events', connection, events: [] });
  }

  #record(entry: Entry, events: readonly ConnectionEvent[]): void {
    const { connection } = entry;
    for (const event of events) {
      connection.events.push(event);
      if (event.type === 'frame') connection.counts.frames++;
      else if (event.type === 'engine.io') connection.counts.engineIo++;
    }
  }

  #emit(change: StoreChange): void {
    if (this.#quiet) return;
    for (const listener of this.#listeners) listener(change);
  }
}
