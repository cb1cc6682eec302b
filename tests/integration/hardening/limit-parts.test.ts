import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../playground-server/config.ts';
import { CLOSE_REASONS } from '../../../playground-server/errors.ts';
import { connectionLimitsSchema } from '../../../playground-server/limits/limit-settings.ts';
import { sweepPeriod } from '../../../playground-server/limits/websocket-guard.ts';
import { ConnectionSweeper, type SweepTarget } from '../../../playground-server/limits/connection-sweeper.ts';
import { clientKey, IpConnectionLimiter, normaliseAddress } from '../../../playground-server/limits/ip-connection-limiter.ts';
import { TokenBucket } from '../../../playground-server/limits/token-bucket.ts';

describe('TokenBucket', () => {
  it('lets a burst through at once, then refills at the sustained rate', () => {
    const bucket = new TokenBucket(3, 2, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
    expect(bucket.take(499)).toBe(false);
    expect(bucket.take(500)).toBe(true);
    expect(bucket.take(500)).toBe(false);
  });

  it('never holds more than the burst, however long it waits', () => {
    const bucket = new TokenBucket(2, 100, 0);
    const taken = Array.from({ length: 5 }, () => bucket.take(60_000)).filter(Boolean).length;
    expect(taken).toBe(2);
  });
});

describe('IpConnectionLimiter', () => {
  it('caps each address separately and frees a slot once per release', () => {
    const limiter = new IpConnectionLimiter(2);
    const a1 = limiter.tryAcquire(clientKey('10.0.0.1'));
    const a2 = limiter.tryAcquire(clientKey('10.0.0.1'));
    expect(limiter.tryAcquire(clientKey('10.0.0.1'))).toBeNull();
    expect(limiter.tryAcquire(clientKey('10.0.0.2'))).not.toBeNull();
    a1?.();
    a1?.();
    expect(limiter.count(clientKey('10.0.0.1'))).toBe(1);
    expect(limiter.tryAcquire(clientKey('10.0.0.1'))).not.toBeNull();
    a2?.();
  });

  it('counts without a cap when the limit is 0, and forgets addresses with no connection', () => {
    const limiter = new IpConnectionLimiter(0);
    const releases = Array.from({ length: 100 }, () => limiter.tryAcquire(clientKey('::1')));
    expect(releases.every((release) => release !== null)).toBe(true);
    for (const release of releases) release?.();
    expect(limiter.addresses).toBe(0);
  });

  it('reads an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(normaliseAddress('::ffff:192.168.0.7')).toBe('192.168.0.7');
    expect(normaliseAddress('::1')).toBe('::1');
  });

  it('counts a whole IPv6 /64 as one client, whatever way its addresses are written', () => {
    const one = ['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0db8:0001:0002:0000:0000:0000:0042', '2001:DB8:1:2::abcd%eth0'];
    expect(new Set(one.map(clientKey))).toEqual(new Set(['2001:db8:1:2::/64']));
    expect(clientKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('::ffff:10.0.0.7')).toBe('10.0.0.7');
    expect(clientKey('0:0:0:0:0:ffff:a00:7')).toBe('10.0.0.7');
    expect(clientKey('10.0.0.7')).toBe('10.0.0.7');
    expect(clientKey(undefined)).toBe('unknown');
    // 65 addresses of one /64 share one budget of 50.
    const limiter = new IpConnectionLimiter(50);
    const admitted = Array.from({ length: 65 }, (_, i) => limiter.tryAcquire(clientKey(`2001:db8:1:2::${(i + 1).toString(16)}`))).filter((release) => release !== null);
    expect(admitted).toHaveLength(50);
  });
});

describe('ConnectionSweeper', () => {
  const watch = (sweeper: ConnectionSweeper, idleTimeoutMs: number, heartbeat = true) => {
    const seen: string[] = [];
    const entry: SweepTarget = {
      lastActivity: 0,
      alive: true,
      pinged: heartbeat,
      idleTimeoutMs,
      sendPing: () => void seen.push('ping'),
      idled: () => void seen.push('idle'),
      died: () => void seen.push('dead'),
    };
    sweeper.watch(entry);
    return { entry, seen };
  };

  it('pings, then drops a connection that did not answer by the next round', () => {
    const sweeper = new ConnectionSweeper(0);
    const { seen } = watch(sweeper, 0);
    sweeper.sweep();
    sweeper.sweep();
    expect(seen).toEqual(['ping', 'dead']);
    expect(sweeper.size).toBe(0);
  });

  it('keeps a connection that answers every ping', () => {
    const sweeper = new ConnectionSweeper(0);
    const { entry, seen } = watch(sweeper, 0);
    for (let i = 0; i < 3; i++) {
      sweeper.sweep();
      entry.alive = true;
    }
    expect(seen).toEqual(['ping', 'ping', 'ping']);
  });

  it('closes a connection idle for its timeout, measured from its last activity', () => {
    const sweeper = new ConnectionSweeper(0);
    const { entry, seen } = watch(sweeper, 1000, false);
    entry.lastActivity = 0;
    sweeper.sweep(999);
    expect(seen).toEqual([]);
    entry.lastActivity = 500;
    sweeper.sweep(1400);
    expect(seen).toEqual([]);
    sweeper.sweep(1500);
    expect(seen).toEqual(['idle']);
  });

  it('sweeps at the ping interval, else at a quarter of the idle timeout, else never', () => {
    const limits = connectionLimitsSchema.parse({});
    expect(sweepPeriod(limits)).toBe(30_000);
    expect(sweepPeriod({ ...limits, pingIntervalMs: 0, idleTimeoutMs: 8000 })).toBe(2000);
    expect(sweepPeriod({ ...limits, pingIntervalMs: 0, idleTimeoutMs: 0 })).toBe(0);
  });
});

describe('limits in the server config', () => {
  it('has defaults that leave room for every lesson', () => {
    expect(loadConfig([], {}).limits).toEqual({
      rateBurst: 200,
      ratePerSecond: 20,
      maxConnectionsPerIp: 50,
      addressMessagesPerSecond: 100,
      addressBytesPerSecond: 1024 * 1024,
      addressJoinsPerSecond: 10,
      addressOpensPerSecond: 100,
      idleTimeoutMs: 600_000,
      pingIntervalMs: 30_000,
      maxBufferedBytes: 1024 * 1024,
    });
  });

  it('reads each limit from its environment variable', () => {
    const env = {
      WS_RATE_BURST: '10',
      WS_RATE_PER_SECOND: '2.5',
      WS_MAX_CONNECTIONS_PER_IP: '0',
      WS_ADDRESS_MESSAGES_PER_SECOND: '0',
      WS_ADDRESS_BYTES_PER_SECOND: '4096',
      WS_ADDRESS_JOINS_PER_SECOND: '3',
      WS_ADDRESS_OPENS_PER_SECOND: '7',
      WS_IDLE_TIMEOUT_MS: '1000',
      WS_PING_INTERVAL_MS: '500',
      WS_MAX_BUFFERED_BYTES: '65536',
    };
    expect(loadConfig([], env).limits).toEqual({ rateBurst: 10, ratePerSecond: 2.5, maxConnectionsPerIp: 0, addressMessagesPerSecond: 0, addressBytesPerSecond: 4096, addressJoinsPerSecond: 3, addressOpensPerSecond: 7, idleTimeoutMs: 1000, pingIntervalMs: 500, maxBufferedBytes: 65536 });
  });

  it('explains a bad limit in Korean, naming it', () => {
    expect(() => loadConfig([], { WS_RATE_BURST: '0' })).toThrow(ConfigError);
    expect(() => loadConfig([], { WS_MAX_CONNECTIONS_PER_IP: 'many' })).toThrow(/설정이 올바르지 않습니다[\s\S]*limits\.maxConnectionsPerIp/);
  });
});

describe('close reasons', () => {
  it('each fit in a close frame: at most 123 bytes of UTF-8 (RFC 6455 §5.5)', () => {
    for (const [name, reason] of Object.entries(CLOSE_REASONS)) expect(Buffer.byteLength(reason), name).toBeLessThanOrEqual(123);
  });
});
