/**
 * When to start a worker again after it died. The first death in a while is answered at once
 * (`firstDelayMs`, so learners are back within a second); deaths that follow each other within
 * `windowMs` double the pause up to `maxDelayMs` — a worker that dies at start must not spin the
 * CPU — and from `loopAfter` deaths in the window on, it is a crash loop, which the caller says.
 * A worker that stayed up for `windowMs` wipes the slate.
 */
export interface RestartPolicyOptions {
  firstDelayMs: number;
  maxDelayMs: number;
  windowMs: number;
  loopAfter: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = { firstDelayMs: 200, maxDelayMs: 30_000, windowMs: 30_000, loopAfter: 3 };

export interface RestartDecision {
  delayMs: number;
  /** Deaths within the window, this one included. */
  recentDeaths: number;
  crashLoop: boolean;
}

export class RestartPolicy {
  readonly #options: RestartPolicyOptions;
  #deaths: number[] = [];

  constructor(options: RestartPolicyOptions = DEFAULT_RESTART_POLICY) {
    this.#options = options;
  }

  /** A worker died at `now` (ms); how long to wait before the next one starts. */
  died(now: number): RestartDecision {
    const { firstDelayMs, maxDelayMs, windowMs, loopAfter } = this.#options;
    this.#deaths = this.#deaths.filter((at) => now - at < windowMs);
    this.#deaths.push(now);
    const recentDeaths = this.#deaths.length;
    const delayMs = Math.min(maxDelayMs, firstDelayMs * 2 ** (recentDeaths - 1));
    return { delayMs, recentDeaths, crashLoop: recentDeaths >= loopAfter };
  }
}
