import type { WebSocket } from 'ws';
import { CloseCode } from '../../protocol/wire/constants.ts';
import { CLOSE_REASONS } from '../errors.ts';

/** How long clients get to answer our close frame before their sockets are destroyed. */
const CLOSE_GRACE_MS = 500;

/** The open WebSockets of one endpoint, so shutdown can say goodbye (1001) to each of them. */
export class ClientRegistry {
  readonly #clients = new Set<WebSocket>();
  /** One listener for every connection (`this` is the WebSocket that closed): no closure per connection. */
  readonly #forget: (this: WebSocket) => void;

  constructor() {
    const clients = this.#clients;
    this.#forget = function (this: WebSocket) {
      clients.delete(this);
    };
  }

  add(ws: WebSocket): void {
    this.#clients.add(ws);
    ws.on('close', this.#forget);
  }

  get size(): number {
    return this.#clients.size;
  }

  [Symbol.iterator](): IterableIterator<WebSocket> {
    return this.#clients.values();
  }

  /** Sends 1001 to everyone, waits for their close frames briefly, then destroys what is left. */
  async closeAll(): Promise<void> {
    const pending = [...this.#clients].map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) return resolve();
          ws.once('close', () => resolve());
          ws.close(CloseCode.GOING_AWAY, CLOSE_REASONS.SHUTDOWN);
        }),
    );
    const grace = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref());
    await Promise.race([Promise.all(pending), grace]);
    for (const ws of this.#clients) ws.terminate();
  }
}
