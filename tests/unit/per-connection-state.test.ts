import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ClientRegistry } from '../../playground-server/endpoints/client-registry.ts';
import { LoggedWebSocket } from '../../playground-server/endpoints/connection-log.ts';
import { messageListener } from '../../playground-server/endpoints/ws-endpoint.ts';
import { connectionLimitsSchema } from '../../playground-server/limits/limit-settings.ts';
import { ConnectionSweeper } from '../../playground-server/limits/connection-sweeper.ts';
import { clientKey, IpConnectionLimiter } from '../../playground-server/limits/ip-connection-limiter.ts';
import { GuardedWebSocket, type ConnectionPolicy } from '../../playground-server/limits/websocket-guard.ts';
import { createLogger } from '../../playground-server/log.ts';

/**
 * Issue 14: 10,000 idle connections cost no more than 1.2× a bare `ws` server. What every connection
 * would otherwise hold a closure of its own for is shared: one listener function for all of them,
 * the state in a few fields of the WebSocket itself.
 */

/** A server-side `ws` WebSocket of our class, not connected (as ws makes one before the handshake). */
const serverSide = () => new LoggedWebSocket(null as unknown as string, undefined, {});

describe('per-connection state that is shared', () => {
  it('an address slot held until the socket closes: one listener function for every socket, released once', () => {
    const limiter = new IpConnectionLimiter(2);
    const [a, b, c] = [new EventEmitter(), new EventEmitter(), new EventEmitter()];
    expect(limiter.tryHold(clientKey('10.0.0.1'), a)).toBe(true);
    expect(limiter.tryHold(clientKey('10.0.0.1'), b)).toBe(true);
    expect(limiter.tryHold(clientKey('10.0.0.1'), c)).toBe(false);
    expect(a.listeners('close')).toEqual(b.listeners('close'));
    expect(a.listenerCount('close')).toBe(1);
    a.emit('close');
    a.emit('close');
    expect(limiter.count(clientKey('10.0.0.1'))).toBe(1);
    b.emit('close');
    expect(limiter.addresses).toBe(0);
  });

  it('the endpoint’s registry forgets a closed connection through one listener shared by all', () => {
    const registry = new ClientRegistry();
    const [one, two] = [serverSide(), serverSide()];
    registry.add(one);
    registry.add(two);
    expect(one.listeners('close')).toEqual(two.listeners('close'));
    one.emit('close', 1000, Buffer.alloc(0));
    expect(registry.size).toBe(1);
  });

  it('a message listener is made once per endpoint; a throw closes the connection it came from with 1011', () => {
    const closed: Array<[number | undefined, string | undefined]> = [];
    const listener = messageListener('echo', createLogger('silent'), (_ws, data) => {
      if (data.toString() === 'boom') throw new Error('handler failed');
    });
    const ws = { close: (code?: number, reason?: string) => void closed.push([code, reason]) } as unknown as WebSocket;
    listener.call(ws, Buffer.from('fine'), false);
    listener.call(ws, Buffer.from('boom'), false);
    expect(closed).toEqual([[1011, '서버가 이 메시지를 처리하지 못했습니다']]);
  });

  it('a guarded connection is watched as itself: no listener, no timer, no bucket until it sends', () => {
    const sweeper = new ConnectionSweeper(0);
    const policy: ConnectionPolicy = { limits: connectionLimitsSchema.parse({ idleTimeoutMs: 1000 }), idle: true, sweeper, logger: createLogger('silent') };
    const ws = serverSide();
    const before = Object.keys(ws).length;
    ws.holdTo(policy, new EventEmitter() as never, 'echo');
    expect(ws).toBeInstanceOf(GuardedWebSocket);
    expect(sweeper.size).toBe(1);
    expect(ws.eventNames()).toEqual([]);
    expect(Object.keys(ws).length).toBe(before);
    expect({ pinged: ws.pinged, idleTimeoutMs: ws.idleTimeoutMs }).toEqual({ pinged: true, idleTimeoutMs: 1000 });
    // Its close ends the watch, with no listener of its own.
    ws.emit('close', 1000, Buffer.alloc(0));
    expect(sweeper.size).toBe(0);
  });

  it('the control channel’s policy is never idle', () => {
    const sweeper = new ConnectionSweeper(0);
    const ws = serverSide();
    ws.holdTo({ limits: connectionLimitsSchema.parse({}), idle: false, sweeper, logger: createLogger('silent') }, new EventEmitter() as never, 'control');
    expect(ws.idleTimeoutMs).toBe(0);
    sweeper.close();
  });
});
