/** One event of a stream: its number and the server's clock when it happened (ms since 1970, in 0.1 ms steps). */
export interface DemoEvent {
  id: number;
  at: number;
}

/** The server's clock in ms since 1970, finer than Date.now(); the lesson's page reads the same kind of clock. */
export const clock = (): number => Math.round((performance.timeOrigin + performance.now()) * 10) / 10;

/**
 * An event stream: ticks on the multiples of `every` since the demos started and keeps the recent
 * events. Ids follow each other without gaps; a stalled event loop delays the next event rather
 * than bunching up the ones it missed.
 */
export class TickStream {
  readonly every: number;
  readonly #epoch: number;
  readonly #ring: DemoEvent[] = [];
  readonly #size: number;
  /** Where the next event goes in the ring. */
  #next = 0;
  readonly #listeners = new Set<(event: DemoEvent) => void>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastId: number;
  /** When the next event is due (the server clock). */
  #nextAt: number;
  lastUsed = clock();

  constructor(every: number, epoch: number, size: number) {
    this.every = every;
    this.#epoch = epoch;
    this.#size = size;
    // Ids start from the periods since the demos started, so a stream that stopped and started
    // again keeps them growing; the ids of periods nobody was listening to simply never happened.
    this.#lastId = this.nominalId();
    this.#nextAt = epoch + (this.#lastId + 1) * every;
    this.#schedule();
  }

  /** Periods of `every` since the demos started. */
  nominalId(now = clock()): number {
    return Math.floor((now - this.#epoch) / this.every);
  }

  /** The newest id so far (the cursor to ask `after` with). */
  get lastId(): number {
    return this.#lastId;
  }

  get listeners(): number {
    return this.#listeners.size;
  }

  /** The kept events with an id greater than `after`, oldest first. */
  after(after: number): DemoEvent[] {
    const kept = this.#ring.length < this.#size ? this.#ring : [...this.#ring.slice(this.#next), ...this.#ring.slice(0, this.#next)];
    return kept.filter((event) => event.id > after);
  }

  subscribe(listener: (event: DemoEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#listeners.clear();
  }

  #schedule(): void {
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, Math.ceil(this.#nextAt - clock())));
    this.#timer.unref();
  }

  #tick(): void {
    const at = clock();
    const event = { id: this.#lastId + 1, at };
    this.#nextAt += this.every;
    // Stalled past the next one too: wait for the next boundary instead of catching up in a burst.
    if (this.#nextAt <= at) this.#nextAt = this.#epoch + (this.nominalId(at) + 1) * this.every;
    this.#ring[this.#next] = event;
    this.#next = (this.#next + 1) % this.#size;
    this.#lastId = event.id;
    for (const listener of [...this.#listeners]) listener(event);
    this.#schedule();
  }
}

