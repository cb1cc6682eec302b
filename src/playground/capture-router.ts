import type { CaptureUpdate, ChunkRecord } from '../../protocol/capture.ts';
import { parseTag } from '../../protocol/page-tag.ts';

/** Where the page's capture comes from: its control client. */
export interface CaptureSource {
  onCapture(listener: (update: CaptureUpdate) => void): () => void;
}

type Receiver = (update: CaptureUpdate) => void;

const routers = new WeakMap<CaptureSource, CaptureRouter>();

/**
 * The page's one capture router: it reads the page's capture stream once, owns the tag filter
 * (a connection is a playground's when its tag names that playground: page-tag.ts) and hands each
 * playground the opens, chunks, cuts and ends of its own connections, and nothing else. Connections
 * of no subscribed playground are not kept.
 */
export class CaptureRouter {
  /** The router of `source` (one per page: the page has one control client). */
  static of(source: CaptureSource): CaptureRouter {
    let router = routers.get(source);
    if (router === undefined) {
      router = new CaptureRouter(source);
      routers.set(source, router);
    }
    return router;
  }

  readonly #receivers = new Map<string, Receiver>();
  /** Open connections (capture ids) and the playground each belongs to. */
  readonly #owners = new Map<string, string>();

  constructor(source: CaptureSource) {
    source.onCapture((update) => this.#route(update));
  }

  /** Hands `receive` the updates of the connections tagged with `playground`; returns the function that stops it. */
  subscribe(playground: string, receive: Receiver): () => void {
    this.#receivers.set(playground, receive);
    return () => {
      if (this.#receivers.get(playground) === receive) this.#receivers.delete(playground);
    };
  }

  #route(update: CaptureUpdate): void {
    switch (update.type) {
      case 'capture-open': {
        const playground = parseTag(update.tag)?.playground;
        if (!playground || !this.#receivers.has(playground)) return;
        this.#owners.set(update.id, playground);
        this.#deliver(playground, update);
        return;
      }
      case 'capture-chunks': {
        // One pass over the batch, whatever the number of playgrounds; each gets its records in order.
        const byOwner = new Map<string, ChunkRecord[]>();
        for (const record of update.records) {
          const owner = this.#owners.get(String(record.id));
          if (owner === undefined) continue;
          const records = byOwner.get(owner);
          if (records === undefined) byOwner.set(owner, [record]);
          else records.push(record);
        }
        for (const [owner, records] of byOwner) this.#deliver(owner, { type: 'capture-chunks', records });
        return;
      }
      case 'capture-cut': {
        const owner = this.#owners.get(update.id);
        if (owner !== undefined) this.#deliver(owner, update);
        return;
      }
      case 'capture-end': {
        const owner = this.#owners.get(update.id);
        if (owner === undefined) return;
        this.#owners.delete(update.id);
        this.#deliver(owner, update);
        return;
      }
    }
  }

  #deliver(playground: string, update: CaptureUpdate): void {
    this.#receivers.get(playground)?.(update);
  }
}
