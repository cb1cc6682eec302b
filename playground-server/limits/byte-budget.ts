/**
 * Bytes the server holds for others, with a cap per holder and one over all: the proxy buffers a
 * learner's HTML page to inject the console bridge, and a page that never ends, times many, must
 * not grow the process. `take` succeeds whole or not at all; `give` returns what was taken.
 */
export class ByteBudget {
  readonly #perHolder: number;
  readonly #total: number;
  readonly #held = new Map<string, number>();
  #sum = 0;

  constructor(limits: { perHolder: number; total: number }) {
    this.#perHolder = limits.perHolder;
    this.#total = limits.total;
  }

  take(holder: string, bytes: number): boolean {
    const mine = this.#held.get(holder) ?? 0;
    if (mine + bytes > this.#perHolder || this.#sum + bytes > this.#total) return false;
    this.#held.set(holder, mine + bytes);
    this.#sum += bytes;
    return true;
  }

  give(holder: string, bytes: number): void {
    const mine = this.#held.get(holder) ?? 0;
    const back = Math.min(mine, bytes);
    if (mine - back === 0) this.#held.delete(holder);
    else this.#held.set(holder, mine - back);
    this.#sum -= back;
  }

  /** Bytes held now, by everyone (for tests and metrics). */
  get held(): number {
    return this.#sum;
  }
}
