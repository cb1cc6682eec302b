/** A remote address as the socket reports it; IPv4-mapped IPv6 ("::ffff:10.0.0.1") counts as the IPv4 address. */
export type RemoteAddress = string;

declare const clientKeyBrand: unique symbol;
/**
 * One client for every per-address limit (connections, the address's message rate, sandbox slots,
 * HTTP requests through /_sandbox/, the demos' waiting requests, inspect connections). Only
 * `clientKey` makes one, so no limit can be keyed by a raw address by mistake (a raw IPv6 address
 * would give one subscriber 2⁶⁴ budgets, a raw "::ffff:…" a second budget for an IPv4 address).
 */
export type ClientKey = string & { readonly [clientKeyBrand]: true };

export function normaliseAddress(address: string | undefined): RemoteAddress {
  if (address === undefined) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** The eight 16-bit groups of an IPv6 address, or undefined if it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  const bare = address.replace(/%.*$/, '');
  if (!/^[0-9a-f:.]+$/i.test(bare) || !bare.includes(':')) return undefined;
  let text = bare;
  // A trailing dotted IPv4 part (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) is two groups.
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  const groups = halves.length === 2 ? [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail] : head;
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : undefined;
}

/** The IPv4 address in two 16-bit groups. */
const ipv4Of = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}` as ClientKey;

/**
 * Who counts as one client for the per-address limits: an IPv4 address, or a whole IPv6 /64 —
 * one subscriber usually gets a /64 and can use any address in it, so counting single IPv6
 * addresses would give one attacker 2⁶⁴ budgets. IPv6 addresses that carry an IPv4 client's
 * address count as that IPv4 address: IPv4-mapped (::ffff:a.b.c.d, a dual-stack socket), the
 * NAT64 well-known prefix 64:ff9b::/96 (RFC 6052: behind SIIT-DC every IPv4 visitor would
 * otherwise share one /64), 6to4 2002:aabb:ccdd::/48 (RFC 3056: one IPv4 host would otherwise
 * get 65,536 /64s) and Teredo 2001:0::/32 (RFC 4380: the /64 is the Teredo server's, shared by
 * all its clients; the client's own IPv4 address is the last 32 bits, each bit inverted).
 */
export function clientKey(address: string | undefined): ClientKey {
  const normalised = normaliseAddress(address);
  const groups = ipv6Groups(normalised);
  if (groups === undefined) return normalised as ClientKey;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) return ipv4Of(g6, g7);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return ipv4Of(g6, g7);
  if (g0 === 0x2002) return ipv4Of(g1, g2);
  if (g0 === 0x2001 && g1 === 0) return ipv4Of(g6 ^ 0xffff, g7 ^ 0xffff);
  return `${groups.slice(0, 4).map((group) => group.toString(16)).join(':')}::/64` as ClientKey;
}

/** The open connections of one address. */
interface Slots {
  readonly address: ClientKey;
  count: number;
}

/** What a connection holding a slot until it closes looks like (a socket). */
interface Closable {
  on(event: 'close', listener: (this: Closable) => void): unknown;
}

/**
 * Open connections per remote address, with a cap. A connection holds a slot from `tryAcquire`
 * until the release function it returned is called (once; later calls do nothing), or from
 * `tryHold` until it closes.
 */
export class IpConnectionLimiter {
  readonly #open = new Map<ClientKey, Slots>();
  readonly #max: number;
  /** The slots of the connections held until they close; one shared 'close' listener reads it. */
  readonly #held = new WeakMap<Closable, Slots>();
  readonly #releaseHeld: (this: Closable) => void;

  /** `max` 0 means no cap (connections are still counted). */
  constructor(max: number) {
    this.#max = max;
    const held = this.#held;
    const release = (slots: Slots) => this.#release(slots);
    this.#releaseHeld = function (this: Closable) {
      const slots = held.get(this);
      if (slots === undefined) return;
      held.delete(this);
      release(slots);
    };
  }

  count(address: ClientKey): number {
    return this.#open.get(address)?.count ?? 0;
  }

  /** True when one more connection from `address` would be over the cap. */
  isFull(address: ClientKey): boolean {
    return this.#max > 0 && this.count(address) >= this.#max;
  }

  /** Takes a slot, or returns null when `address` is at the cap. */
  tryAcquire(address: ClientKey): (() => void) | null {
    if (this.isFull(address)) return null;
    return this.acquire(address);
  }

  /** Takes a slot even over the cap (for a connection already admitted); returns its release. */
  acquire(address: ClientKey): () => void {
    const slots = this.#take(address);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#release(slots);
    };
  }

  /**
   * Takes a slot for `connection` until it emits 'close', or returns false when `address` is at
   * the cap. What `tryAcquire` does, without a closure per connection: the one an upgraded socket
   * would keep for its whole life.
   */
  tryHold(address: ClientKey, connection: Closable): boolean {
    if (this.isFull(address)) return false;
    this.#held.set(connection, this.#take(address));
    connection.on('close', this.#releaseHeld);
    return true;
  }

  #take(address: ClientKey): Slots {
    let slots = this.#open.get(address);
    if (slots === undefined) {
      slots = { address, count: 0 };
      this.#open.set(address, slots);
    }
    slots.count += 1;
    return slots;
  }

  #release(slots: Slots): void {
    slots.count -= 1;
    if (slots.count <= 0 && this.#open.get(slots.address) === slots) this.#open.delete(slots.address);
  }

  /** Addresses with at least one open connection (for tests and leak checks). */
  get addresses(): number {
    return this.#open.size;
  }
}
