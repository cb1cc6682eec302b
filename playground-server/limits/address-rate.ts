import type { ClientKey } from './ip-connection-limiter.ts';
import { TokenBucket } from './token-bucket.ts';

/**
 * How many seconds of the sustained per-address rate may come at once (the buckets' size): at the
 * defaults 400 messages and 4 MiB, which a room multiplies by its size (a 20 MiB burst to 40
 * receivers still held the event loop for half a second).
 */
export const ADDRESS_BURST_SECONDS = 4;

/** The shared budget of one address: its connections' messages and bytes, taken together. */
interface Budget {
  readonly address: ClientKey;
  readonly messages: TokenBucket | null;
  readonly bytes: TokenBucket | null;
  users: number;
  /** Forgets the budget once it would be full again, while no connection of the address is open. */
  forget: NodeJS.Timeout | null;
  /** When a connection last let go of it or takeOnce last took from it (performance.now()). */
  lastUse: number;
  /** takeOnce's refusals since its last success (the caller logs the first, not each one). */
  refusedInARow: number;
}

/** Sustained rates of one budget (0: not counted); ADDRESS_BURST_SECONDS of each may come at once. */
export interface AddressRates {
  messagesPerSecond: number;
  bytesPerSecond: number;
}

/** What one connection holds: `take` for each message it sends, `release` once when it closes. */
export interface AddressMeter {
  /** Takes one message of `bytes` from the address's budget; false means the address is over its rate. */
  take(bytes: number): boolean;
  release(): void;
}

/**
 * The message and byte rate of one address (IPv4, or an IPv6 /64: limits/ip-connection-limiter.ts
 * clientKey) across all its connections whose messages go to everyone (/ws/chat and Socket.IO). The per-connection
 * rate alone lets one address open many connections and multiply it (issue 17: 8 senders at the
 * per-connection rate with 45 KB chat messages slowed every other visitor's echo to a second).
 * A budget outlives the address's last connection by the time it takes to fill up again, so
 * closing every connection and coming back does not give an address a fresh budget.
 */
export class AddressRate {
  readonly #budgets = new Map<ClientKey, Budget>();
  readonly #rates: AddressRates;

  constructor(rates: AddressRates) {
    this.#rates = rates;
  }

  /** True when neither rate is on (then `hold` returns null and nothing is counted). */
  get off(): boolean {
    return this.#rates.messagesPerSecond === 0 && this.#rates.bytesPerSecond === 0;
  }

  /** Takes one event (a new connection) from `address`'s budget at once; false when it is over. */
  takeOnce(address: ClientKey): boolean {
    return this.takeOnceCounting(address) === 0;
  }

  /**
   * takeOnce for a flood: 0 when taken, else how many events of `address` were refused in a row
   * (1 for the first). No timer is made or cleared per event: the budget's one timer, set when it
   * is first used, looks again when it fires (a handshake flood must not cost a timer each).
   */
  takeOnceCounting(address: ClientKey): number {
    if (this.off) return 0;
    const budget = this.#budget(address);
    const now = performance.now();
    budget.lastUse = now;
    if (budget.users === 0 && budget.forget === null) this.#forgetLater(budget, ADDRESS_BURST_SECONDS * 1000);
    const taken = (budget.messages === null || budget.messages.take(now, 1)) && (budget.bytes === null || budget.bytes.take(now, 1));
    if (taken) {
      budget.refusedInARow = 0;
      return 0;
    }
    budget.refusedInARow += 1;
    return budget.refusedInARow;
  }

  #budget(address: ClientKey): Budget {
    let budget = this.#budgets.get(address);
    if (budget === undefined) {
      const { messagesPerSecond: messages, bytesPerSecond: bytes } = this.#rates;
      budget = {
        address,
        messages: messages > 0 ? new TokenBucket(messages * ADDRESS_BURST_SECONDS, messages) : null,
        bytes: bytes > 0 ? new TokenBucket(bytes * ADDRESS_BURST_SECONDS, bytes) : null,
        users: 0,
        forget: null,
        lastUse: performance.now(),
        refusedInARow: 0,
      };
      this.#budgets.set(address, budget);
    }
    return budget;
  }

  /** Forgets `budget` once nothing has used it for ADDRESS_BURST_SECONDS (it is full again by then) and no connection holds it. */
  #forgetLater(budget: Budget, delayMs: number): void {
    budget.forget = setTimeout(() => {
      budget.forget = null;
      if (budget.users > 0 || this.#budgets.get(budget.address) !== budget) return;
      const quiet = performance.now() - budget.lastUse;
      if (quiet >= ADDRESS_BURST_SECONDS * 1000) this.#budgets.delete(budget.address);
      else this.#forgetLater(budget, ADDRESS_BURST_SECONDS * 1000 - quiet);
    }, delayMs);
    budget.forget.unref();
  }

  /** A meter on `address`'s budget for one connection, or null when both rates are off. */
  hold(address: ClientKey): AddressMeter | null {
    if (this.off) return null;
    const budget = this.#budget(address);
    budget.users += 1;
    if (budget.forget !== null) {
      clearTimeout(budget.forget);
      budget.forget = null;
    }
    const held = budget;
    let released = false;
    return {
      take: (size) => {
        const now = performance.now();
        if (held.messages !== null && !held.messages.take(now, 1)) return false;
        return held.bytes === null || held.bytes.take(now, Math.max(size, 1));
      },
      release: () => {
        if (released) return;
        released = true;
        held.users -= 1;
        if (held.users > 0) return;
        held.lastUse = performance.now();
        this.#forgetLater(held, ADDRESS_BURST_SECONDS * 1000);
      },
    };
  }

  /** Addresses with a budget (for tests and leak checks). */
  get addresses(): number {
    return this.#budgets.size;
  }
}

/** The bytes of one message as `ws` or Engine.IO hands it over (string, Buffer, ArrayBuffer or fragments). */
export function messageBytes(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (Buffer.isBuffer(data) || ArrayBuffer.isView(data)) return data.byteLength;
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (Array.isArray(data)) return data.reduce((sum: number, part: unknown) => sum + messageBytes(part), 0);
  return 0;
}
