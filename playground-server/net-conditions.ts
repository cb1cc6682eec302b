import type { Duplex } from 'node:stream';
import { holdReading, releaseReading } from './reading-holds.ts';

/**
 * Network conditions a learner can put on their own connections, to see reconnection, heartbeats
 * and back-pressure (`bufferedAmount`) for real: added latency each way, a bandwidth cap each way,
 * and cutting every connection at once. They act on the TCP socket: delayed 'data' events and
 * writes (order kept), and a paused socket when the byte budget is spent, so the kernel's buffers
 * fill and the browser's `bufferedAmount` grows as on a slow link.
 */
export interface Conditions {
  /** Added one-way delay, each direction, in ms (0–10,000). */
  latencyMs: number;
  /** Bytes per second each direction; 0 = unlimited. */
  bytesPerSecond: number;
}

export const NO_CONDITIONS: Conditions = { latencyMs: 0, bytesPerSecond: 0 };

/**
 * Bytes one shaped socket may have waiting in the server, each way. Past it, reading stops until the delayed bytes
 * are let in (the sender's buffers fill, as on a slow link), and a connection that would have more waiting to go out
 * is dropped: a writer such as /ws/chat does not see these bytes in `bufferedAmount`, and a chat listener slowed to
 * 1,000 bytes/s was otherwise written everything the chat said, held for hours.
 */
export const MAX_SHAPED_QUEUE = 4 * 1024 * 1024;
/** Waiting to go out past this, a shaped socket's write returns false (and 'drain' follows), as Node's default high-water mark. */
const SHAPED_HIGH_WATER = 16 * 1024;

/** `endpoint`: a built-in endpoint's socket (whole frames per write, so a ping may go between them); `proxy`: the browser side of the proxy to a learner's server. */
export type SocketKind = 'endpoint' | 'proxy';
type Shaped = { socket: Duplex; kind: SocketKind };

/** Conditions per capture tag (a page's playground), and the sockets living under them. */
export class NetConditions {
  readonly #byTag = new Map<string, Conditions>();
  readonly #sockets = new Map<string, Set<Shaped>>();
  /** Sockets gone silent (see silence): open, but every byte either way is dropped. */
  readonly #silenced = new WeakSet<Duplex>();

  set(tag: string, conditions: Conditions): void {
    if (conditions.latencyMs === 0 && conditions.bytesPerSecond === 0) this.#byTag.delete(tag);
    else this.#byTag.set(tag, conditions);
  }

  get(tag: string): Conditions {
    return this.#byTag.get(tag) ?? NO_CONDITIONS;
  }

  /** Ends every connection under `tag` abruptly (no close frame), as a dropped network would. Returns how many. */
  cut(tag: string): number {
    const sockets = this.#sockets.get(tag);
    if (!sockets) return 0;
    for (const { socket } of sockets) socket.destroy();
    const count = sockets.size;
    this.#sockets.delete(tag);
    return count;
  }

  /**
   * Makes every connection open under `tag` now go silent, as when a laptop lid closes or a NAT
   * forgets the mapping: the sockets stay open (no FIN, no RST, no close frame), but from now on
   * every byte either way is dropped. Neither end learns anything until a timer of its own runs
   * out. Connections opened later are not touched (a new NAT mapping works). Returns how many.
   */
  silence(tag: string): number {
    const sockets = this.sockets(tag);
    for (const socket of sockets) this.#silenced.add(socket);
    return sockets.length;
  }

  /** The sockets under a tag that are still open, optionally of one kind. */
  sockets(tag: string, kind?: SocketKind): Duplex[] {
    return [...(this.#sockets.get(tag) ?? [])].filter((entry) => kind === undefined || entry.kind === kind).map(({ socket }) => socket);
  }

  /** Drops the conditions of every tag that starts with `prefix` (a page that went away). */
  forgetPrefix(prefix: string): void {
    for (const tag of this.#byTag.keys()) if (tag.startsWith(prefix)) this.#byTag.delete(tag);
  }

  /**
   * Puts a socket under `tag`'s conditions, read afresh for every chunk (changes apply to open
   * connections). Costs nothing while the conditions are off.
   */
  shape(socket: Duplex, tag: string, kind: SocketKind): void {
    const entry: Shaped = { socket, kind };
    const set = this.#sockets.get(tag) ?? new Set();
    set.add(entry);
    this.#sockets.set(tag, set);
    socket.once('close', () => {
      set.delete(entry);
      if (set.size === 0 && this.#sockets.get(tag) === set) this.#sockets.delete(tag);
    });

    const incoming = pacer(() => this.get(tag));
    const outgoing = pacer(() => this.get(tag));

    const silenced = this.#silenced;
    let needDrain = false;
    const emit = socket.emit;
    socket.emit = function (this: Duplex, event: string | symbol, ...args: unknown[]) {
      if (event !== 'data' || !(args[0] instanceof Uint8Array)) return emit.call(this, event, ...args);
      if (silenced.has(this)) return true;
      if (!incoming.active()) return emit.call(this, event, ...args);
      // Held for later, so a copy: the proxy's browser socket emits reads of a buffer it reuses (reused-reads.ts).
      const chunk = Buffer.from(args[0]);
      // Reading stops while the budget is spent, so the sender's buffers fill up.
      incoming.schedule(chunk.length, () => emit.call(this, 'data', chunk), (paused) => (paused ? holdReading(this, 'net-conditions') : releaseReading(this, 'net-conditions')));
      return true;
    } as typeof socket.emit;

    const write = socket.write;
    socket.write = function (this: Duplex, chunk: unknown, encoding?: unknown, callback?: unknown) {
      if (silenced.has(this)) {
        // The bytes "left" (into a buffer nobody drains): the writer is told so, as the kernel would.
        const done = typeof encoding === 'function' ? encoding : callback;
        if (typeof done === 'function') queueMicrotask(() => (done as (error?: Error | null) => void)(null));
        return true;
      }
      if (!outgoing.active() || !(chunk instanceof Uint8Array || typeof chunk === 'string')) {
        return (write as (...a: unknown[]) => boolean).call(this, chunk, encoding, callback);
      }
      const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      if (outgoing.queued() + size > MAX_SHAPED_QUEUE) {
        this.destroy();
        return false;
      }
      // Held for later, so a copy: a writer may reuse its buffer once write() returns (the proxy reads the learner's
      // server into one it reuses), as it may once the kernel has taken the bytes.
      const held = chunk instanceof Uint8Array ? Buffer.from(chunk) : chunk;
      outgoing.schedule(size, () => {
        if (!this.destroyed) (write as (...a: unknown[]) => boolean).call(this, held, encoding, callback);
        if (needDrain && outgoing.queued() < SHAPED_HIGH_WATER) {
          needDrain = false;
          this.emit('drain');
        }
      });
      // Back-pressure for writers that heed it (the proxy's pipe), as a full socket would give.
      if (outgoing.queued() < SHAPED_HIGH_WATER) return true;
      needDrain = true;
      return false;
    } as typeof socket.write;
  }
}

/**
 * Releases chunks in order, each no earlier than `latencyMs` after it arrived and no faster than
 * the byte rate allows.
 */
function pacer(conditions: () => Conditions) {
  let queue = Promise.resolve();
  let nextFree = 0;
  let pending = 0;
  /** Bytes scheduled and not yet released (at most MAX_SHAPED_QUEUE while reading is paused past it). */
  let queued = 0;
  /** Past a fifth of a second of bandwidth backlog, or the byte limit, reading stops. */
  const full = (now: number) => nextFree - now > 200 || queued > MAX_SHAPED_QUEUE;
  return {
    active: () => pending > 0 || conditions().latencyMs > 0 || conditions().bytesPerSecond > 0,
    queued: () => queued,
    schedule(size: number, release: () => void, throttle?: (paused: boolean) => void) {
      const { latencyMs, bytesPerSecond } = conditions();
      const now = performance.now();
      const transmit = bytesPerSecond > 0 ? (size / bytesPerSecond) * 1000 : 0;
      const start = Math.max(now, nextFree);
      nextFree = start + transmit;
      const at = Math.max(now + latencyMs, start + transmit);
      pending++;
      queued += size;
      if (full(now)) throttle?.(true);
      queue = queue.then(
        () =>
          new Promise<void>((resolve) => {
            setTimeout(() => {
              pending--;
              queued -= size;
              release();
              if (!full(performance.now())) throttle?.(false);
              resolve();
            }, Math.max(0, at - performance.now()));
          }),
      );
    },
  };
}
