import { monitorEventLoopDelay } from 'node:perf_hooks';

/** How often the event-loop delay is sampled, in ms. */
const DELAY_RESOLUTION_MS = 10;

/**
 * Event-loop delay: Node's histogram times a repeating 10 ms timer, and what it records is the
 * whole interval, so the 10 ms are taken off to leave the delay. Each read reports the window
 * since the previous read (a scrape), then starts a new one: a slow moment shows in the next
 * scrape instead of fading into the average of the whole uptime.
 */
export class EventLoopDelay {
  readonly #histogram: ReturnType<typeof monitorEventLoopDelay> = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });

  constructor() {
    this.#histogram.enable();
  }

  /** p99 and max in seconds since the previous call, then resets. */
  take(): { p99: number; max: number } {
    const histogram = this.#histogram;
    const seconds = (nanoseconds: number) => Math.max(0, nanoseconds - DELAY_RESOLUTION_MS * 1e6) / 1e9;
    const result = histogram.count === 0 ? { p99: 0, max: 0 } : { p99: seconds(histogram.percentile(99)), max: seconds(histogram.max) };
    histogram.reset();
    return result;
  }

  stop(): void {
    this.#histogram.disable();
  }
}
