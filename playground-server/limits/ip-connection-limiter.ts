/** A remote address as the socket reports it; IPv4-mapped IPv6 ("::ffff:10.0.0.1") counts as the IPv4 address. */
export type RemoteAddress = string;

export function normaliseAddress(address: string | undefined): RemoteAddress {
  if (address === undefined) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * Open connections per remote address, with a cap. A connection holds a slot from `tryAcquire`
 * until the release function it returned is called (once; later calls do nothing).
 */
export class IpConnectionLimiter {
  readonly #open = new Map<RemoteAddress, number>();
  readonly #max: number;

  /** `max` 0 means no cap (connections are still counted). */
  constructor(max: number) {
    this.#max = max;
  }

  count(address: RemoteAddress): number {
    return this.#open.get(address) ?? 0;
  }

  /** True when one more connection from `address` would be over the cap. */
  isFull(address: RemoteAddress): boolean {
    return this.#max > 0 && this.count(address) >= this.#max;
  }

  /** Takes a slot, or returns null when `address` is at the cap. */
  tryAcquire(address: RemoteAddress): (() => void) | null {
    if (this.isFull(address)) return null;
    return this.acquire(address);
  }

  /** Takes a slot even over the cap (for a connection already admitted); returns its release. */
  acquire(address: RemoteAddress): () => void {
    this.#open.set(address, this.count(address) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.count(address) - 1;
      if (left <= 0) this.#open.delete(address);
      else this.#open.set(address, left);
    };
  }

  /** Addresses with at least one open connection (for tests and leak checks). */
  get addresses(): number {
    return this.#open.size;
  }
}
