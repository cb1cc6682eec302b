import { directionByte, encodeCaptureMessage, RECORD_HEADER, type TlsFacts } from '../protocol/capture.ts';
import { parseTag } from '../protocol/page-tag.ts';
import type { Direction } from '../protocol/wire/constants.ts';
import { createLiveTrimmer, type LiveTrimmer, type TrimOutput } from './live-trim.ts';

/** Where one page's capture goes: its control channel. */
export interface CaptureSink {
  sendText(json: string): void;
  /** `sent` is called once the batch is written out, so its memory can be used again (optional). */
  sendBinary(batch: Uint8Array, sent?: () => void): void;
  /** Bytes queued on the way to the page; past the limit the tap drops chunks (marking the connection truncated). */
  bufferedAmount(): number;
}

/** Above this much capture held or unsent for one page, new chunks are dropped rather than kept, and new connections not recorded. */
export const MAX_BUFFERED_CAPTURE = 4 * 1024 * 1024;

const MIN_CAPACITY = 4 * 1024;
/** Chunks of one connection and direction this close together are recorded as one. */
const MERGE_WINDOW_MS = 1;
/**
 * How long recorded chunks wait to be sent together. Sending every event-loop turn woke the page's
 * process (and cost a write) for every few frames; at this pace the live view is still immediate.
 */
export const CAPTURE_FLUSH_MS = 10;

/**
 * Builds a chunk batch (the format of encodeChunkBatch in protocol/capture.ts) as chunks arrive: each
 * chunk's bytes are copied once, straight into the batch, instead of being copied when recorded
 * and again when the batch is encoded. `take()` hands the batch over and starts a new one, sized
 * for what the last one held, so a busy connection allocates one buffer per batch, not per chunk.
 */
export class BatchWriter {
  #buffer: Buffer = Buffer.allocUnsafeSlow(MIN_CAPACITY);
  #view = new DataView(this.#buffer.buffer, this.#buffer.byteOffset, this.#buffer.length);
  #used = 0;
  /** The buffer of the batch last taken (until recycled), and one free for the next batch. */
  #taken: Buffer | null = null;
  #spare: Buffer | null = null;
  /** The last record: where its header is (-1: none), whose it is and when, so a chunk that follows it can join it. */
  #lastAt = -1;
  #lastId = 0;
  /** The last record's direction byte (with ELIDED_FLAG when it counts elided bytes). */
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
  append(id: number, direction: Direction, t: number, bytes: Uint8Array, start = 0, end = bytes.length): void {
    const dir = directionByte(direction, false);
    const length = end - start;
    if (this.#continues(id, dir, t)) {
      const needed = this.#used + length;
      if (needed > this.#buffer.length) this.#grow(needed);
      this.#copy(bytes, start, end, this.#used);
      this.#view.setUint32(this.#lastAt + 13, this.#view.getUint32(this.#lastAt + 13) + length);
      this.#used = needed;
      return;
    }
    this.#record(id, dir, t, length);
    this.#copy(bytes, start, end, this.#used - length);
  }

  /** Copies bytes[start, end) to `at` (without making a view first when they are a Buffer, as sockets' are). */
  #copy(bytes: Uint8Array, start: number, end: number, at: number): void {
    if (Buffer.isBuffer(bytes)) bytes.copy(this.#buffer, at, start, end);
    else this.#buffer.set(bytes.subarray(start, end), at);
  }

  /** Appends a count of elided bytes (a record without bytes); it joins a count just before it. */
  appendElided(id: number, direction: Direction, t: number, length: number): void {
    const dir = directionByte(direction, true);
    if (this.#continues(id, dir, t)) this.#view.setUint32(this.#lastAt + 13, this.#view.getUint32(this.#lastAt + 13) + length);
    else this.#record(id, dir, t, 0, length);
  }

  #continues(id: number, dir: number, t: number): boolean {
    return this.#lastAt >= 0 && this.#lastId === id && this.#lastDirection === dir && t - this.#lastT <= MERGE_WINDOW_MS;
  }

  /** Writes a record header with room for `carried` bytes after it (their count, or `length` when elided). */
  #record(id: number, dir: number, t: number, carried: number, length = carried): void {
    const needed = this.#used + RECORD_HEADER + carried;
    if (needed > this.#buffer.length) this.#grow(needed);
    const at = this.#used;
    this.#view.setUint32(at, id);
    this.#view.setUint8(at + 4, dir);
    this.#view.setFloat64(at + 5, t);
    this.#view.setUint32(at + 13, length);
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
    this.#taken = this.#buffer;
    // Room for a batch like this one and half again, so a steady stream rarely grows mid-batch.
    this.#reset(Math.max(MIN_CAPACITY, Math.ceil(this.#used * 1.5)));
    return batch;
  }

  #grow(needed: number): void {
    // Not zero-filled: every byte up to #used is written before it is read.
    const next = Buffer.allocUnsafeSlow(Math.max(needed, this.#buffer.length * 2));
    this.#buffer.copy(next, 0, 0, this.#used);
    this.#buffer = next;
    this.#view = new DataView(next.buffer, next.byteOffset, next.length);
  }

  /**
   * The batch `take()` returned last has been sent: its memory may hold the next one. A busy page
   * then goes back and forth between two buffers instead of leaving one to the collector per batch.
   */
  recycle(batch: Uint8Array): void {
    if (this.#taken !== null && batch.buffer === this.#taken.buffer) {
      this.#spare = this.#taken;
      this.#taken = null;
    }
  }

  #reset(capacity: number): void {
    const spare = this.#spare;
    this.#spare = null;
    this.#buffer = spare !== null && spare.length >= capacity ? spare : Buffer.allocUnsafeSlow(capacity);
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

/** Where a connection's trimmer puts what it keeps and the counts of what it elides: its channel's batch. */
class BatchOutput implements TrimOutput {
  direction: Direction = 'client-to-server';
  t = 0;
  readonly #channel: Channel;
  readonly #id: number;

  constructor(channel: Channel, id: number) {
    this.#channel = channel;
    this.#id = id;
  }

  keep(bytes: Uint8Array, start: number, end: number): void {
    this.#channel.batch.append(this.#id, this.direction, this.t, bytes, start, end);
  }

  elide(length: number): void {
    this.#channel.batch.appendElided(this.#id, this.direction, this.t, length);
  }
}

/** Playgrounds of one page whose captures are kept apart (a lesson page has a few dozen at most). */
const MAX_CHANNELS_PER_PAGE = 64;

/**
 * The capture of one playground of a page (or of the page's own tag): the batch being built, and
 * what is held until that playground's inspector opens (the page watches it).
 */
class Channel {
  readonly batch = new BatchWriter();
  scheduled = false;
  /** Whether the page asked for this playground's capture; until then it is held here. */
  watching: boolean;
  /** Messages not yet sent, in order: JSON text or a chunk batch. */
  held: Array<string | Uint8Array> = [];
  heldBytes = 0;
  readonly #sink: CaptureSink;

  constructor(sink: CaptureSink, watching: boolean) {
    this.#sink = sink;
    this.watching = watching;
  }

  /** Bytes held here or still being batched. */
  waiting(): number {
    return this.heldBytes + this.batch.size;
  }

  sendText(json: string): void {
    if (this.watching) this.#sink.sendText(json);
    else this.#hold(json, json.length);
  }

  /** Sends (or holds) the batch soon: chunks that come meanwhile join it. */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => this.flush(), CAPTURE_FLUSH_MS);
  }

  flush(): void {
    this.scheduled = false;
    const batch = this.batch.take();
    if (batch === null) return;
    if (this.watching) this.#sink.sendBinary(batch, () => this.batch.recycle(batch));
    else this.#hold(batch, batch.length);
  }

  /** Sends everything held, in order, and from now on sends as it comes. */
  watch(): void {
    if (this.watching) return;
    this.flush();
    for (const message of this.held) {
      if (typeof message === 'string') this.#sink.sendText(message);
      else this.#sink.sendBinary(message);
    }
    this.held = [];
    this.heldBytes = 0;
    this.watching = true;
  }

  #hold(message: string | Uint8Array, size: number): void {
    this.held.push(message);
    this.heldBytes += size;
  }
}

/** One page's capture: a channel per playground (the page's own tag is the playground ''), under one limit. */
class PageCapture {
  readonly #sink: CaptureSink;
  readonly #channels = new Map<string, Channel>();
  /** The page asked for all of its capture (a watch naming no playground). */
  #watchingAll = false;

  constructor(sink: CaptureSink) {
    this.#sink = sink;
  }

  /** The channel of `playground`, made on first use; null past MAX_CHANNELS_PER_PAGE (not recorded). */
  channel(playground: string): Channel | null {
    let channel = this.#channels.get(playground);
    if (channel === undefined) {
      if (this.#channels.size >= MAX_CHANNELS_PER_PAGE) return null;
      channel = new Channel(this.#sink, this.#watchingAll);
      this.#channels.set(playground, channel);
    }
    return channel;
  }

  /** Bytes between the tap and the page, all its playgrounds together: held or batched here, or queued on the socket. */
  pending(): number {
    let total = this.#sink.bufferedAmount();
    for (const channel of this.#channels.values()) total += channel.waiting();
    return total;
  }

  /** What was held for `playground` (every playground, when none is named) goes out now, the rest as it comes. */
  watch(playground: string | undefined): void {
    if (playground === undefined) {
      this.#watchingAll = true;
      for (const channel of this.#channels.values()) channel.watch();
    } else this.channel(playground)?.watch();
  }
}

/**
 * Routes recorded connections to the page that made them. A connection carries its page's
 * capture tag (the bridge adds it to the URLs it opens); untagged connections, or tags whose page
 * is not connected, are not recorded at all, so they cost nothing. Recorded bytes are copied once
 * into a batch, sent every CAPTURE_FLUSH_MS; under load, payloads past a prefix are only counted
 * (live-trim.ts). Until the page watches a playground (`capture-watch` naming it, sent when that
 * playground's inspector opens) its batches are held here, the one hold of the capture path, so a
 * learner who never opens an inspector costs the server a copy, not a second send of every byte;
 * when it watches, everything held for that playground goes out in order and the rest follows live.
 * Per page, all its playgrounds together, at most MAX_BUFFERED_CAPTURE is held or queued unsent;
 * past it a connection that loses a chunk is cut: the page is told at once (`capture-cut`) and
 * nothing more of that connection is recorded, so nothing is decoded across the gap.
 */
export class CaptureHub {
  readonly #pages = new Map<string, PageCapture>();
  #nextId = 1;

  /** Starts recording this tag's connections for `sink`; returns the function that stops it. */
  attach(tag: string, sink: CaptureSink): () => void {
    const page = new PageCapture(sink);
    this.#pages.set(tag, page);
    return () => {
      if (this.#pages.get(tag) === page) this.#pages.delete(tag);
    };
  }

  /** The page watches one playground's capture (its inspector opened), or all of it: what was held goes out now, the rest as it comes. */
  watch(tag: string, playground?: string): void {
    this.#pages.get(tag)?.watch(playground);
  }

  /**
   * A recorder for a new connection, or null when nobody is listening for `tag`. A tag is the
   * page's tag, optionally followed by ".<suffix>" naming one of its playgrounds; the suffix
   * travels back in `capture-open` so the page can tell its playgrounds' connections apart.
   * `tls`: the connection's TLS facts, when the recorded bytes are what TLS carried.
   */
  open(tag: string | null | undefined, target: string, tls?: TlsFacts): Recorder | null {
    // Only a page's tag, maybe with one of its playgrounds (page-tag.ts): anything else in `?pg=` is a visitor's
    // text, which each `capture-open` would carry into the page's hold.
    const parsed = parseTag(tag);
    if (!tag || parsed === null) return null;
    const page = this.#pages.get(parsed.page);
    // Over its limit, a page records no new connection: its capture-open and capture-end are held too, and a
    // stream of short requests carrying its tag grew the hold without end.
    if (!page || page.pending() > MAX_BUFFERED_CAPTURE) return null;
    const channel = page.channel(parsed.playground ?? '');
    if (channel === null) return null;
    const id = this.#nextId++;
    const started = performance.now();
    const startedAt = Date.now();
    let ended = false;
    let truncated = false;
    const trimmer: LiveTrimmer = createLiveTrimmer();
    const out = new BatchOutput(channel, id);
    channel.sendText(encodeCaptureMessage({ type: 'capture-open', id: String(id), tag, target, startedAt, ...(tls === undefined ? {} : { tls }) }));
    return {
      chunk(direction, bytes) {
        if (ended || truncated || bytes.length === 0) return;
        if (page.pending() > MAX_BUFFERED_CAPTURE) {
          // Bytes lost here: record nothing more of this connection (the decoders cannot know where the gap ends),
          // and tell the page now, after what came before the gap.
          truncated = true;
          channel.flush();
          channel.sendText(encodeCaptureMessage({ type: 'capture-cut', id: String(id), t: performance.now() - started }));
          return;
        }
        // Copied now, straight into the batch (a view would not do): ws unmasks received frames in
        // place, in the very buffer the socket emitted.
        out.direction = direction;
        out.t = performance.now() - started;
        trimmer.push(direction, bytes, out.t, out);
        channel.schedule();
      },
      end() {
        if (ended) return;
        ended = true;
        channel.flush();
        channel.sendText(encodeCaptureMessage({ type: 'capture-end', id: String(id), t: performance.now() - started, truncated }));
      },
    };
  }
}
