import { EventEmitter } from 'node:events';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Server } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { DemoHub } from '../../playground-server/endpoints/demos/demo-hub.ts';
import { DEFAULT_DEMO_LIMITS } from '../../playground-server/endpoints/demos/demo-limits.ts';
import { ADDRESS_BURST_SECONDS, AddressRate } from '../../playground-server/limits/address-rate.ts';
import { createAdmission } from '../../playground-server/limits/admission.ts';
import { ConnectionSweeper } from '../../playground-server/limits/connection-sweeper.ts';
import { clientKey, IpConnectionLimiter, type ClientKey } from '../../playground-server/limits/ip-connection-limiter.ts';
import { connectionLimitsSchema } from '../../playground-server/limits/limit-settings.ts';
import { guardSocketIo } from '../../playground-server/limits/socket-io-guard.ts';
import { GuardedWebSocket } from '../../playground-server/limits/websocket-guard.ts';
import { createLogger } from '../../playground-server/log.ts';
import { slotFor } from '../../playground-server/scale/sticky-route.ts';

/**
 * Issue 17: every per-address limit counts one client as one — an IPv4 address (also when a
 * dual-stack socket reports it as "::ffff:a.b.c.d"), or a whole IPv6 /64 (a subscriber gets one and
 * may use any of its 2⁶⁴ addresses). Loopback has only ::1, so the addresses are injected.
 */

/** Three addresses of one /64, written three ways, and one of the /64 next door. */
const SAME_64 = ['2001:db8:1:2::1', '2001:0DB8:0001:0002:ffff:ffff:ffff:fffe', '2001:db8:1:2:0:0:0:77%eth0'];
const NEXT_64 = '2001:db8:1:3::1';
/** One IPv4 client, as an IPv4 socket and as a dual-stack socket report it. */
const SAME_V4 = ['192.0.2.7', '::ffff:192.0.2.7', '::FFFF:c000:207'];
const OTHER_V4 = '192.0.2.8';

const logger = createLogger('silent');
const limitsWith = (overrides: Record<string, number>) => connectionLimitsSchema.parse(overrides);
const request = (remoteAddress: string, url = '/ws/echo') => ({ url, headers: {}, socket: { remoteAddress } }) as unknown as IncomingMessage;

/** An Engine.IO connection as guardSocketIo sees it, from `remoteAddress`; `closed` once the guard ends it. */
class FakeEngineConnection extends EventEmitter {
  readonly transport = { name: 'polling' };
  closed = false;
  readonly remoteAddress: string;
  constructor(remoteAddress: string) {
    super();
    this.remoteAddress = remoteAddress;
  }
  close(): void {
    this.closed = true;
    this.emit('close', 'forced close');
  }
}

function fakeIo(): { io: Server; engine: EventEmitter } {
  const engine = new EventEmitter();
  return { io: { engine, of: () => ({ sockets: new Map() }) } as unknown as Server, engine };
}

describe('clientKey: one key per client', () => {
  it('gives every address of one IPv6 /64 the same key, however it is written, and the next /64 its own', () => {
    expect(new Set(SAME_64.map(clientKey))).toEqual(new Set(['2001:db8:1:2::/64']));
    expect(clientKey(NEXT_64)).toBe('2001:db8:1:3::/64');
  });

  it('reads an IPv4-mapped IPv6 address (dotted or in hex) as the IPv4 address', () => {
    expect(new Set(SAME_V4.map(clientKey))).toEqual(new Set(['192.0.2.7']));
    expect(clientKey(OTHER_V4)).toBe('192.0.2.8');
  });

  it('reads the IPv4 client inside a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address as that IPv4 address', () => {
    // Behind SIIT-DC every IPv4 visitor arrives as 64:ff9b::a.b.c.d: one /64 would make them all one client.
    expect(clientKey('64:ff9b::192.0.2.7')).toBe('192.0.2.7');
    expect(clientKey('64:ff9b::c000:208')).toBe('192.0.2.8');
    // 6to4 gives one IPv4 host a /48, 65,536 /64s: they are one client, the host's.
    expect(new Set(['2002:c000:207::1', '2002:c000:207:1::1', '2002:c000:207:ffff:1:2:3:4'].map(clientKey))).toEqual(new Set(['192.0.2.7']));
    // Other addresses that merely start alike are ordinary /64s.
    expect(clientKey('64:ff9b:1::1')).toBe('64:ff9b:1:0::/64');
    expect(clientKey('2003:c000:207::1')).toBe('2003:c000:207:0::/64');
  });

  it('reads the client inside a Teredo address (2001:0::/32) as its IPv4 address, not as the Teredo server’s /64', () => {
    // RFC 4380 §4: 2001:0:<server IPv4>:<flags>:<port ^ ffff>:<client IPv4 ^ ffffffff>. RFC 5737's example client 192.0.2.45.
    expect(clientKey('2001:0000:4136:e378:8000:63bf:3fff:fdd2')).toBe('192.0.2.45');
    // Two clients of the same Teredo server (one /64) are two clients; one client on two ports is one.
    expect(clientKey('2001:0:4136:e378:8000:63bf:3fff:fdd3')).toBe('192.0.2.44');
    expect(clientKey('2001:0:4136:e378:8000:1234:3fff:fdd2')).toBe('192.0.2.45');
    // 2001:db8::/32 and the rest of 2001::/16 are ordinary /64s.
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('2001:1::3fff:fdd2')).toBe('2001:1:0:0::/64');
  });
});

describe('each per-address limit groups addresses by clientKey', () => {
  it('connections (WebSocket upgrades and HTTP requests through /_sandbox/): a /64 shares one cap', () => {
    const admission = createAdmission({ limits: limitsWith({ maxConnectionsPerIp: 2 }), logger, io: fakeIo().io });
    const res = new EventEmitter() as unknown as ServerResponse;
    expect(admission.admitUpgrade(request(SAME_64[0]!), new EventEmitter() as unknown as Duplex, 'lesson')).toBeNull();
    expect(admission.admitRequestUntilDone(request(SAME_64[1]!, '/_sandbox/x/'), res, 'sandbox')).toBeNull();
    expect(admission.admitUpgrade(request(SAME_64[2]!), new EventEmitter() as unknown as Duplex, 'sandbox')).toBe('TOO_MANY_CONNECTIONS');
    expect(admission.admitRequestUntilDone(request(SAME_64[2]!, '/_sandbox/x/'), res, 'sandbox')).toBe('TOO_MANY_CONNECTIONS');
    // A new Engine.IO session (no sid) from the same /64 is refused too; the next /64 is another client.
    expect(admission.admitRequest(request(SAME_64[0]!, '/socket.io/?EIO=4&transport=polling'))).toBe('TOO_MANY_CONNECTIONS');
    expect(admission.admitUpgrade(request(NEXT_64), new EventEmitter() as unknown as Duplex, 'lesson')).toBeNull();
    // The HTTP request is done: its slot is free again.
    res.emit('close');
    expect(admission.admitUpgrade(request(SAME_64[2]!), new EventEmitter() as unknown as Duplex, 'control')).toBeNull();
    admission.close();
  });

  it('joins of the chat rooms (/ws/chat, new Socket.IO sessions): a /64 shares one rate', () => {
    const admission = createAdmission({ limits: limitsWith({ addressJoinsPerSecond: 1 }), logger, io: fakeIo().io });
    const join = (address: string) => admission.admitUpgrade(request(address), new EventEmitter() as unknown as Duplex, 'room');
    for (let i = 0; i < ADDRESS_BURST_SECONDS; i++) expect(join(SAME_64[i % 3]!)).toBeNull();
    expect(join(SAME_64[2]!)).toBe('TOO_MANY_JOINS');
    expect(admission.admitRequest(request(SAME_64[1]!, '/socket.io/?EIO=4&transport=polling'))).toBe('TOO_MANY_JOINS');
    // The next /64 joins; a lesson connection of the spent /64 is not a join.
    expect(join(NEXT_64)).toBeNull();
    expect(admission.admitUpgrade(request(SAME_64[0]!), new EventEmitter() as unknown as Duplex, 'lesson')).toBeNull();
    admission.close();
  });

  it('connections: an IPv4 client seen as "::ffff:…" is the same client', () => {
    const admission = createAdmission({ limits: limitsWith({ maxConnectionsPerIp: 2 }), logger, io: fakeIo().io });
    expect(admission.admitUpgrade(request(SAME_V4[0]!), new EventEmitter() as unknown as Duplex, 'lesson')).toBeNull();
    expect(admission.admitUpgrade(request(SAME_V4[1]!), new EventEmitter() as unknown as Duplex, 'lesson')).toBeNull();
    expect(admission.admitUpgrade(request(SAME_V4[2]!), new EventEmitter() as unknown as Duplex, 'lesson')).toBe('TOO_MANY_CONNECTIONS');
    expect(admission.admitUpgrade(request(OTHER_V4), new EventEmitter() as unknown as Duplex, 'lesson')).toBeNull();
    admission.close();
  });

  it('Socket.IO sessions hold a slot of their /64, and share its message rate', () => {
    const limits = limitsWith({ maxConnectionsPerIp: 50, rateBurst: 1000, ratePerSecond: 1000, addressMessagesPerSecond: 1, addressBytesPerSecond: 0 });
    const limiter = new IpConnectionLimiter(2);
    const sweeper = new ConnectionSweeper(0);
    const { io, engine } = fakeIo();
    guardSocketIo(io, { limits, limiter, sweeper, logger, addressRate: new AddressRate({ messagesPerSecond: 1, bytesPerSecond: 0 }) });
    const [a, b] = [new FakeEngineConnection(SAME_64[0]!), new FakeEngineConnection(SAME_64[1]!)];
    const other = new FakeEngineConnection(NEXT_64);
    for (const conn of [a, b, other]) engine.emit('connection', conn);
    expect(limiter.isFull(clientKey(SAME_64[2]))).toBe(true);
    expect(limiter.count(clientKey(NEXT_64))).toBe(1);
    // One message a second, ADDRESS_BURST_SECONDS at once, for the whole /64: a spends it, b is over.
    for (let i = 0; i < ADDRESS_BURST_SECONDS; i++) a.emit('data', 'x');
    expect(a.closed).toBe(false);
    b.emit('data', 'x');
    expect(b.closed).toBe(true);
    other.emit('data', 'x');
    expect(other.closed).toBe(false);
    sweeper.close();
  });

  it('WebSocket messages take from the rate of their /64 (or of the IPv4 address behind "::ffff:")', () => {
    const held: ClientKey[] = [];
    const addressRate = { hold: (key: ClientKey) => (held.push(key), null) } as unknown as AddressRate;
    const policy = { limits: limitsWith({ ratePerSecond: 0 }), idle: true, sweeper: new ConnectionSweeper(0), logger, addressRate };
    for (const address of [SAME_64[1]!, SAME_V4[1]!]) {
      const ws = new GuardedWebSocket(null as unknown as string, undefined, {});
      ws.holdTo(policy, { remoteAddress: address } as unknown as Duplex, 'echo');
      ws.emit('message', Buffer.from('x'), false);
    }
    expect(held).toEqual(['2001:db8:1:2::/64', '192.0.2.7']);
  });

  it('the demos’ waiting requests: a /64 shares one count', () => {
    const hub = new DemoHub({ ...DEFAULT_DEMO_LIMITS, waitingPerIp: 2 }, logger);
    const response = () => new ServerResponse(new IncomingMessage(new Socket()));
    const waiter = { end() {} };
    expect(hub.admitWaiting(request(SAME_64[0]!, '/demo/sse'), response(), '/demo/sse', waiter)).not.toBeNull();
    expect(hub.admitWaiting(request(SAME_64[1]!, '/demo/sse'), response(), '/demo/sse', { end() {} })).not.toBeNull();
    const refused = response();
    expect(hub.admitWaiting(request(SAME_64[2]!, '/demo/sse'), refused, '/demo/sse', { end() {} })).toBeNull();
    expect(refused.statusCode).toBe(429);
    expect(hub.admitWaiting(request(NEXT_64, '/demo/sse'), response(), '/demo/sse', { end() {} })).not.toBeNull();
    hub.close();
  });

  it('the worker a client is routed to (npm start --workers): one per /64, the same for "::ffff:" as for IPv4', () => {
    expect(new Set(SAME_64.map((address) => slotFor(address, 97))).size).toBe(1);
    expect(new Set(SAME_V4.map((address) => slotFor(address, 97))).size).toBe(1);
  });
});
