import type { Direction } from './wire/constants.ts';

/** Where one page's capture goes: its control channel. */
export interface CaptureSink {
  sendText(json: string): void;
  sendBinary(batch: Uint8Array): void;
  /** Bytes queued on the way to the page; past the limit the tap drops chunks (marking the connection truncated). */
  bufferedAmount(): number;
}

/** Above this much unsent capture for one page, new chunks are dropped rather than queued. */
export const MAX_BUFFERED_CAPTURE = 4 * 1024 * 1024;

/** [u32 id][u8 direction][f64 t][u32 length], as encodeChunkBatch writes it (wire/capture.ts). */
const RECORD_HEADER = 4 + 1 + 8 + 4;
const MIN_CAPACITY = 4 * 1024;
/** Chunks of one connection and direction this close together are recorded as one. */
const MERGE_WINDOW_MS = 1;

/**
 * Builds a chunk batch (the format of encodeChunkBatch in wire/capture.ts) as chunks arrive: each
 * chunk's bytes are copied once, straight into the batch, instead of being copied when recorded
 * and again when the batch is encoded. `take()` hands the batch over and starts a new one, sized
 * for what the last one held, so a busy connection allocates one buffer per batch, not per chunk.
 */
export class BatchWriter {
  #buffer: Buffer = Buffer.allocUnsafe(MIN_CAPACITY);
  #view = new DataView(this.#buffer.buffer, this.#buffer.byteOffset, this.#buffer.length);
  #used = 0;
  /** The last record: where its header is (-1: none), whose it is and when, so a chunk that follows it can join it. */
  #lastAt = -1;
  #lastId = 0;
  #lastDirection = 0;
  #lastT = 0;

  get size(): number {
    return this.#used;
  }

  /**
   * Appends a chunk. One that continues the last record (same connection and direction, within
   * MERGE_WINDOW_MS) is added to it instead: ws writes a frame's header and payload separately,
   * and the decoders read bytes, not chunks, so one record says the same with 17 bytes less.
   */
  append(id: number, direction: Direction, t: number, bytes: Uint8Array): void {
    const dir = direction === 'client-to-server' ? 0 : 1;
    if (this.#lastAt >= 0 && this.#lastId === id && this.#lastDirection === dir && t - this.#lastT <= MERGE_WINDOW_MS) {
      const needed = this.#used + bytes.length;
      if (needed > this.#buffer.length) this.#grow(needed);
      this.#buffer.set(bytes, this.#used);
      this.#view.setUint32(this.#lastAt + 13, this.#view.getUint32(this.#lastAt + 13) + bytes.length);
      this.#used = needed;
      return;
    }
    const needed = this.#used + RECORD_HEADER + bytes.length;
    if (needed > this.#buffer.length) this.#grow(needed);
    const at = this.#used;
    this.#view.setUint32(at, id);
    this.#view.setUint8(at + 4, dir);
    this.#view.setFloat64(at + 5, t);
    this.#view.setUint32(at + 13, bytes.length);
    this.#buffer.set(bytes, at + RECORD_HEADER);
    this.#used = needed;
    this.#lastAt = at;
    this.#lastId = id;
    this.#lastDirection = dir;
    this.#lastT = t;
  }

  /** The batch so far (null when empty); the writer starts a fresh one. */
  take(): Uint8Array | null {
    if (this.#used === 0) return null;
    const batch = this.#buffer.subarray(0, this.#used);
    // Room for a batch like this one and half again, so a steady stream rarely grows mid-batch.
    this.#reset(Math.max(MIN_CAPACITY, Math.ceil(this.#used * 1.5)));
    return batch;
  }

  #grow(needed: number): void {
    // Not zero-filled: every byte up to #used is written before it is read.
    const next = Buffer.allocUnsafe(Math.max(needed, this.#buffer.length * 2));
    this.#buffer.copy(next, 0, 0, this.#used);
    this.#buffer = next;
    this.#view = new DataView(next.buffer, next.byteOffset, next.length);
  }

  #reset(capacity: number): void {
    this.#buffer = Buffer.allocUnsafe(capacity);
    this.#view = new DataView(this.#buffer.buffer, this.#buffer.byteOffset, this.#buffer.length);
    this.#used = 0;
    this.#lastAt = -1;
  }
}

/** Records one TCP connection for one page; cheap no-ops once ended. */
export interface Recorder {
  chunk(direction: Direction, bytes: Uint8Array): void;
  end(): void;
}

/**
 * Routes recorded connections to the page that made them. A connection carries its page's
 * capture tag (the bridge adds it to the URLs it opens); untagged connections, or tags whose page
 * is not listening, are not recorded at all, so they cost nothing. Chunks are sent in binary
 * batches once per event-loop turn. Nothing is kept on the server: memory per recorded
 * connection is the current batch, and per page at most MAX_BUFFERED_CAPTURE of unsent data.
 */
export class CaptureHub {
  readonly #sinks = new Map<string, { sink: CaptureSink; batch: BatchWriter; scheduled: boolean }>();
  #nextId = 1;

  /** Starts sending this tag's connections to `sink`; returns the function that stops it. */
  attach(tag: string, sink: CaptureSink): () => void {
    const entry = { sink, batch: new BatchWriter(), scheduled: false };
    this.#sinks.set(tag, entry);
    return () => {
      if (this.#sinks.get(tag) === entry) this.#sinks.delete(tag);
    };
  }

  /**
   * A recorder for a new connection, or null when nobody is listening for `tag`. A tag is the
   * page's tag, optionally followed by ".<suffix>" naming one of its playgrounds; the suffix
   * travels back in `capture-open` so the page can tell its playgrounds' connections apart.
   */
  open(tag: string | null | undefined, target: string): Recorder | null {
    if (!tag) return null;
    const entry = this.#sinks.get(tag.split('.', 1)[0] ?? '');
    if (!entry) return null;
    const id = this.#nextId++;
    const started = performance.now();
    const startedAt = Date.now();
    let ended = false;
    let truncated = false;
    entry.sink.sendText(JSON.stringify({ type: 'capture-open', id: String(id), tag, target, startedAt }));
    const flush = () => {
      entry.scheduled = false;
      const batch = entry.batch.take();
      if (batch !== null) entry.sink.sendBinary(batch);
    };
    return {
      chunk(direction, bytes) {
        if (ended || bytes.length === 0) return;
        if (entry.sink.bufferedAmount() > MAX_BUFFERED_CAPTURE) {
          truncated = true;
          return;
        }
        // Copied now, straight into the batch (a view would not do): ws unmasks received frames in
        // place, in the very buffer the socket emitted.
        entry.batch.append(id, direction, performance.now() - started, bytes);
        if (!entry.scheduled) {
          entry.scheduled = true;
          setImmediate(flush);
        }
      },
      end() {
        if (ended) return;
        ended = true;
        flush();
        entry.sink.sendText(JSON.stringify({ type: 'capture-end', id: String(id), t: performance.now() - started, truncated }));
      },
    };
  }
}
