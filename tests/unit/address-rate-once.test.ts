import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADDRESS_BURST_SECONDS, AddressRate } from '../../playground-server/limits/address-rate.ts';
import { clientKey } from '../../playground-server/limits/ip-connection-limiter.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('AddressRate.takeOnceCounting (one event at a time: joins, new connections)', () => {
  it('counts the refusals in a row, and a flood keeps its empty budget: it is forgotten only once the address has been quiet long enough to be full again', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const rate = new AddressRate({ messagesPerSecond: 1, bytesPerSecond: 0 });
    const address = clientKey('192.0.2.1');
    const outcomes = Array.from({ length: ADDRESS_BURST_SECONDS + 3 }, () => rate.takeOnceCounting(address));
    expect(outcomes).toEqual([0, 0, 0, 0, 1, 2, 3]);
    // Used every half second for 10 s (half of them refused): whenever the budget’s one timer looks, the address was just here.
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(500);
      rate.takeOnceCounting(address);
    }
    expect(rate.addresses).toBe(1);
    expect(rate.takeOnceCounting(address)).toBeGreaterThan(0);
    vi.advanceTimersByTime(ADDRESS_BURST_SECONDS * 1000);
    expect(rate.addresses).toBe(0);
    expect(rate.takeOnceCounting(address)).toBe(0);
  });
});
