/** One connection as the sweeper sees it. */
export interface Watched {
  /** performance.now() of the last message either way; `touch()` updates it. */
  lastActivity: number;
  /** Answered the last ping (or was never pinged). */
  alive: boolean;
  touch(): void;
  /** Stops watching (on close). */
  remove(): void;
}

export interface WatchOptions {
  /** Sends a ping; null when the connection has its own heartbeat (Socket.IO). */
  ping: (() => void) | null;
  /** 0: never idle. */
  idleTimeoutMs: number;
  onIdle(): void;
  /** No pong since the last ping. */
  onDead(): void;
}

type Entry = Watched & WatchOptions;

/**
 * Heartbeat and idle timeout for many connections with one timer instead of one per connection:
 * every `periodMs` it drops connections that did not answer the previous ping, closes the ones
 * idle for longer than their timeout, and pings the rest. So a dead peer goes after one to two
 * periods, and an idle one between its timeout and one period later.
 */
export class ConnectionSweeper {
  readonly #entries = new Set<Entry>();
  readonly #periodMs: number;
  #timer: NodeJS.Timeout | undefined;

  /** `periodMs` 0: never sweeps (no heartbeat, no idle timeout). */
  constructor(periodMs: number) {
    this.#periodMs = periodMs;
  }

  get size(): number {
    return this.#entries.size;
  }

  watch(options: WatchOptions): Watched {
    const entries = this.#entries;
    const entry: Entry = {
      ...options,
      lastActivity: performance.now(),
      alive: true,
      touch() {
        entry.lastActivity = performance.now();
      },
      remove: () => {
        entries.delete(entry);
        if (entries.size === 0) this.#stop();
      },
    };
    entries.add(entry);
    if (this.#timer === undefined && this.#periodMs > 0) {
      this.#timer = setInterval(() => this.sweep(), this.#periodMs);
      this.#timer.unref();
    }
    return entry;
  }

  /** One round; public so tests can drive it with their own clock. */
  sweep(now: number = performance.now()): void {
    for (const entry of [...this.#entries]) {
      if (entry.ping !== null && !entry.alive) {
        entry.remove();
        entry.onDead();
      } else if (entry.idleTimeoutMs > 0 && now - entry.lastActivity >= entry.idleTimeoutMs) {
        entry.remove();
        entry.onIdle();
      } else if (entry.ping !== null) {
        entry.alive = false;
        entry.ping();
      }
    }
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  close(): void {
    this.#entries.clear();
    this.#stop();
  }
}
