/**
 * One connection as the sweeper sees it. A plain object or a class instance (the WebSocket
 * itself: limits/websocket-guard.ts), so watching a connection costs no closure of its own.
 */
export interface SweepTarget {
  /** performance.now() of the last message either way. */
  lastActivity: number;
  /** Answered the last ping (or was never pinged). */
  alive: boolean;
  /** Pinged every round, and dropped when it did not answer the previous one; false: it has its own heartbeat (Socket.IO). */
  readonly pinged: boolean;
  /** 0: never idle. */
  readonly idleTimeoutMs: number;
  sendPing(): void;
  /** Idle for its timeout. */
  idled(): void;
  /** No pong since the last ping. */
  died(): void;
}

/**
 * Heartbeat and idle timeout for many connections with one timer instead of one per connection:
 * every `periodMs` it drops connections that did not answer the previous ping, closes the ones
 * idle for longer than their timeout, and pings the rest. So a dead peer goes after one to two
 * periods, and an idle one between its timeout and one period later. The timer runs only while
 * there is a connection to watch.
 */
export class ConnectionSweeper {
  readonly #targets = new Set<SweepTarget>();
  readonly #periodMs: number;
  #timer: NodeJS.Timeout | undefined;

  /** `periodMs` 0: never sweeps (no heartbeat, no idle timeout). */
  constructor(periodMs: number) {
    this.#periodMs = periodMs;
  }

  get size(): number {
    return this.#targets.size;
  }

  /** Watches a connection (from now: its `lastActivity` is set) until `unwatch`. */
  watch(target: SweepTarget): void {
    target.lastActivity = performance.now();
    target.alive = true;
    this.#targets.add(target);
    if (this.#timer === undefined && this.#periodMs > 0) {
      this.#timer = setInterval(() => this.sweep(), this.#periodMs);
      this.#timer.unref();
    }
  }

  unwatch(target: SweepTarget): void {
    this.#targets.delete(target);
    if (this.#targets.size === 0) this.#stop();
  }

  /** One round; public so tests can drive it with their own clock. */
  sweep(now: number = performance.now()): void {
    for (const target of [...this.#targets]) {
      if (target.pinged && !target.alive) {
        this.unwatch(target);
        target.died();
      } else if (target.idleTimeoutMs > 0 && now - target.lastActivity >= target.idleTimeoutMs) {
        this.unwatch(target);
        target.idled();
      } else if (target.pinged) {
        target.alive = false;
        target.sendPing();
      }
    }
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  close(): void {
    this.#targets.clear();
    this.#stop();
  }
}
