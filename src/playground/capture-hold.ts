import { RECORD_HEADER, type CaptureUpdate, type ChunkRecord } from '../../protocol/capture.ts';
import type { CaptureStore } from '../inspector/capture-store.ts';

/** Captured bytes kept for a playground whose inspector has not been opened yet. */
export const MAX_CAPTURE_BACKLOG = 4 * 1024 * 1024;

/**
 * A playground's captures, kept until its inspector first opens, then fed to the inspector's store.
 * Bounded: a chunk record that does not fit is dropped, and with it every later record of that
 * connection; the store is told where (`CaptureStore.cut`), so the connection is shown truncated and
 * the decoder never reads the bytes after the gap as if they followed the bytes before it.
 */
export class CaptureHold {
  readonly #limit: number;
  #held: CaptureUpdate[] = [];
  #bytes = 0;
  /** Connections that lost a record here: nothing more of them is kept. */
  readonly #cut = new Set<string>();

  constructor(limit = MAX_CAPTURE_BACKLOG) {
    this.#limit = limit;
  }

  push(update: CaptureUpdate): void {
    if (update.type !== 'capture-chunks') {
      // Opens, cuts and ends carry no bytes; an end still comes after a cut, so the connection shows as ended.
      this.#held.push(update);
      return;
    }
    const kept: ChunkRecord[] = [];
    for (const record of update.records) {
      const id = String(record.id);
      if (this.#cut.has(id)) continue;
      // The header counts too, so a flood of empty (elided) records is bounded as well.
      const size = RECORD_HEADER + record.bytes.length;
      if (this.#bytes + size > this.#limit) {
        this.#cut.add(id);
        if (kept.length > 0) this.#held.push({ type: 'capture-chunks', records: kept.splice(0) });
        this.#held.push({ type: 'capture-cut', id, t: record.t });
        continue;
      }
      this.#bytes += size;
      kept.push(record);
    }
    if (kept.length > 0) this.#held.push({ type: 'capture-chunks', records: kept });
  }

  /** Feeds everything held to `store` and forgets it. */
  release(store: CaptureStore): void {
    for (const update of this.#held) store.apply(update);
    this.#held = [];
    this.#bytes = 0;
    this.#cut.clear();
  }
}
