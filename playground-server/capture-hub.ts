import type { Direction } from './wire/constants.ts';
import { encodeChunkBatch, type ChunkRecord } from './wire/capture.ts';

/** Where one page's capture goes: its control channel. */
export interface CaptureSink {
  sendText(json: string): void;
  sendBinary(batch: Uint8Array): void;
  /** Bytes queued on the way to the page; past the limit the tap drops chunks (marking the connection truncated). */
  bufferedAmount(): number;
}

/** Above this much unsent capture for one page, new chunks are dropped rather than queued. */
export const MAX_BUFFERED_CAPTURE = 4 * 1024 * 1024;

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
  readonly #sinks = new Map<string, { sink: CaptureSink; batch: ChunkRecord[]; scheduled: boolean }>();
  #nextId = 1;

  /** Starts sending this tag's connections to `sink`; returns the function that stops it. */
  attach(tag: string, sink: CaptureSink): () => void {
    const entry = { sink, batch: [] as ChunkRecord[], scheduled: false };
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
      if (entry.batch.length === 0) return;
      const batch = encodeChunkBatch(entry.batch);
      entry.batch = [];
      entry.sink.sendBinary(batch);
    };
    return {
      chunk(direction, bytes) {
        if (ended || bytes.length === 0) return;
        if (entry.sink.bufferedAmount() > MAX_BUFFERED_CAPTURE) {
          truncated = true;
          return;
        }
        // A copy (Buffer#slice would be a view): ws unmasks received frames in place, in the very
        // buffer the socket emitted.
        entry.batch.push({ id, direction, t: performance.now() - started, bytes: new Uint8Array(bytes) });
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
