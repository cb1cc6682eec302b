import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERRORS, type ErrorCode } from '../../errors.ts';
import { clientKey, IpConnectionLimiter } from '../../limits/ip-connection-limiter.ts';
import type { Logger } from '../../log.ts';
import { sendError } from '../../static-files.ts';
import type { DemoLimits } from './demo-limits.ts';
import { clock, TickStream } from './tick-stream.ts';

/** A request that waits (a held long-poll, an SSE stream): `end` finishes it for shutdown. */
export interface Waiter {
  end(): void;
}

export type WaitingPath = '/demo/long-poll' | '/demo/sse';

export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'X-Playground-Error, X-Request-Head-Bytes',
};
export const NO_STORE = { 'Cache-Control': 'no-store' };

/** Every refusal of a demo: the error code's status and Korean text, with the headers every demo answer carries. */
export function reject(res: ServerResponse, code: ErrorCode, detail?: string, extra: Record<string, string> = {}): void {
  sendError(res, code, { ...CORS_HEADERS, ...NO_STORE, ...extra }, detail);
}

/**
 * What the four demos share: the event streams (one per `every`, started on demand, stopped when
 * nobody has used them for a while) and the requests held open (long-polls, SSE streams), counted
 * per client and in total.
 */
export class DemoHub {
  readonly limits: DemoLimits;
  readonly logger: Logger;
  readonly #epoch = clock();
  readonly #streams = new Map<number, TickStream>();
  readonly #waiting = new Set<Waiter>();
  readonly #perClient: IpConnectionLimiter;
  readonly #sweeper: ReturnType<typeof setInterval>;
  closing = false;

  constructor(limits: DemoLimits, logger: Logger) {
    this.limits = limits;
    this.logger = logger;
    this.#perClient = new IpConnectionLimiter(limits.waitingPerIp);
    // Streams nobody uses stop, so their timers and rings go.
    this.#sweeper = setInterval(
      () => {
        const now = clock();
        for (const [every, stream] of this.#streams) {
          if (stream.listeners === 0 && now - stream.lastUsed > limits.streamIdleMs) {
            stream.stop();
            this.#streams.delete(every);
          }
        }
      },
      Math.max(1000, limits.streamIdleMs / 2),
    );
    this.#sweeper.unref();
  }

  get waitingCount(): number {
    return this.#waiting.size;
  }

  get streamCount(): number {
    return this.#streams.size;
  }

  /** The stream for `every`, started if need be; null when `maxStreams` are ticking already. */
  streamFor(every: number): TickStream | null {
    let stream = this.#streams.get(every);
    if (stream === undefined) {
      if (this.#streams.size >= this.limits.maxStreams) return null;
      stream = new TickStream(every, this.#epoch, this.limits.recentEvents);
      this.#streams.set(every, stream);
    }
    stream.lastUsed = clock();
    return stream;
  }

  /**
   * A slot for a request that will wait, registered for shutdown as `waiter`; when there is none,
   * the refusal has been sent and null is returned. The returned function gives the slot back.
   */
  admitWaiting(req: IncomingMessage, res: ServerResponse, path: WaitingPath, waiter: Waiter): (() => void) | null {
    if (this.#waiting.size >= this.limits.waitingTotal) {
      this.logger.info('limit_hit', { endpoint: path, code: 'DEMO_BUSY' satisfies ErrorCode, status: ERRORS.DEMO_BUSY.status });
      reject(res, 'DEMO_BUSY');
      return null;
    }
    const release = this.#perClient.tryAcquire(clientKey(req.socket.remoteAddress));
    if (release === null) {
      this.logger.info('limit_hit', { endpoint: path, code: 'DEMO_TOO_MANY_WAITING' satisfies ErrorCode, status: ERRORS.DEMO_TOO_MANY_WAITING.status });
      reject(res, 'DEMO_TOO_MANY_WAITING');
      return null;
    }
    this.#waiting.add(waiter);
    return () => {
      release();
      this.#waiting.delete(waiter);
    };
  }

  /** Ends every waiting request and stops the streams; later requests are refused (`closing`). */
  close(): void {
    this.closing = true;
    clearInterval(this.#sweeper);
    for (const waiter of [...this.#waiting]) waiter.end();
    for (const stream of this.#streams.values()) stream.stop();
    this.#streams.clear();
  }
}
