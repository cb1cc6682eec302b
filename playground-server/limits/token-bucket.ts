/**
 * A token bucket: holds up to `burst` tokens, refills at `perSecond`, and each message takes one.
 * A client may send `burst` messages at once, then `perSecond` a second for as long as it likes.
 */
export class TokenBucket {
  readonly #burst: number;
  readonly #perMs: number;
  #tokens: number;
  #refilledAt: number;

  /** `now` in milliseconds (performance.now() by default); tests pass their own clock. */
  constructor(burst: number, perSecond: number, now: number = performance.now()) {
    this.#burst = burst;
    this.#perMs = perSecond / 1000;
    this.#tokens = burst;
    this.#refilledAt = now;
  }

  /** Takes `cost` tokens (one message: 1) if there are that many; false means the caller is over the rate. */
  take(now: number = performance.now(), cost = 1): boolean {
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#refilledAt) * this.#perMs);
    this.#refilledAt = now;
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }
}
