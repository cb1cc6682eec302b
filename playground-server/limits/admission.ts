import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Server } from 'socket.io';
import type { ErrorCode } from '../errors.ts';
import type { Logger } from '../log.ts';
import { connectionLimitsSchema, type ConnectionLimits } from './limit-settings.ts';
import { sweepPeriod, type ConnectionPolicy, type LimitCode } from './websocket-guard.ts';
import { ConnectionSweeper } from './connection-sweeper.ts';
import { clientKey, IpConnectionLimiter } from './ip-connection-limiter.ts';
import { guardSocketIo } from './socket-io-guard.ts';
import { AddressRate } from './address-rate.ts';

/** Which kind of connection an upgrade opens: it decides how it is counted (and names it in the log). */
export type UpgradeKind = 'lesson' | 'room' | 'control' | 'socket.io' | 'sandbox';

/**
 * Who gets in, and what an admitted connection is held to. The dispatcher (playground.ts) asks it
 * about every upgrade and request, and hands each `ws` endpoint its policy when it creates it.
 */
export interface Admission {
  /**
   * What a connection runs under once open: a lesson's (echo, the demo), one whose messages go to
   * everyone in the room (`fanOut`: chat; Socket.IO is held to the same in guardSocketIo) and a
   * control channel.
   */
  readonly policies: { readonly lesson: ConnectionPolicy; readonly fanOut: ConnectionPolicy; readonly control: ConnectionPolicy };
  /**
   * Asked first, before any other check, for every WebSocket handshake but Socket.IO's (its new
   * sessions are joins) and every HTTP request through /_sandbox/: false when the address opens
   * them faster than `addressOpensPerSecond`. The caller refuses it as cheaply as it can
   * (abort-handshake.ts refuseQuickly): a flood of handshakes then costs the others little more
   * than Node's parsing of the requests.
   */
  admitOpen(req: IncomingMessage, endpoint: string): boolean;
  /**
   * For an upgrade that passed every other check: takes a slot of its address's cap (released
   * when the socket closes). Returns the error to refuse it with, or null.
   */
  admitUpgrade(req: IncomingMessage, socket: Duplex, kind: UpgradeKind): ErrorCode | null;
  /** For an Engine.IO polling request: a new session from an address at its cap, or joining too often, is refused. */
  admitRequest(req: IncomingMessage): ErrorCode | null;
  /**
   * For an HTTP request that may be held open (one proxied to a learner's server): it takes a slot
   * of its address's cap, like a WebSocket, until its response is done or abandoned.
   */
  admitRequestUntilDone(req: IncomingMessage, res: ServerResponse, kind: UpgradeKind): ErrorCode | null;
  close(): void;
}

/** A request that opens a new Engine.IO session (no `sid` yet), as opposed to one of an open session. */
function opensEngineSession(req: IncomingMessage): boolean {
  return !/[?&]sid=/.test(req.url ?? '');
}

/**
 * The admission of one playground: the per-address counter and the sweeper shared by every
 * endpoint, the policies built on them, and Socket.IO's sessions held to the same limits.
 */
export function createAdmission(options: { limits?: ConnectionLimits | undefined; logger: Logger; io: Server }): Admission {
  const { logger } = options;
  const limits = options.limits ?? connectionLimitsSchema.parse({});
  const limiter = new IpConnectionLimiter(limits.maxConnectionsPerIp);
  const sweeper = new ConnectionSweeper(sweepPeriod(limits));
  const addressRate = new AddressRate({ messagesPerSecond: limits.addressMessagesPerSecond, bytesPerSecond: limits.addressBytesPerSecond });
  const joins = new AddressRate({ messagesPerSecond: limits.addressJoinsPerSecond, bytesPerSecond: 0 });
  const opens = new AddressRate({ messagesPerSecond: limits.addressOpensPerSecond, bytesPerSecond: 0 });
  const lesson: ConnectionPolicy = { limits, idle: true, sweeper, logger };
  // What one sender costs a room grows with the room: an address's senders share one rate.
  const fanOut: ConnectionPolicy = { ...lesson, addressRate };
  const control: ConnectionPolicy = { ...lesson, idle: false };
  guardSocketIo(options.io, { limits, limiter, sweeper, logger, addressRate });

  const refuse = (endpoint: string, code: 'TOO_MANY_CONNECTIONS' | 'TOO_MANY_JOINS' = 'TOO_MANY_CONNECTIONS'): ErrorCode => {
    logger.info('limit_hit', { endpoint, code: code satisfies LimitCode, status: 429 });
    return code;
  };

  /** A request that would open an Engine.IO session, from an address at its cap or joining too often: refused. */
  const admitSession = (req: IncomingMessage): ErrorCode | null => {
    if (!opensEngineSession(req)) return null;
    const address = clientKey(req.socket.remoteAddress);
    if (limiter.isFull(address)) return refuse('socket.io');
    return joins.takeOnce(address) ? null : refuse('socket.io', 'TOO_MANY_JOINS');
  };

  return {
    policies: { lesson, fanOut, control },
    admitOpen(req, endpoint) {
      const refusedInARow = opens.takeOnceCounting(clientKey(req.socket.remoteAddress));
      if (refusedInARow === 0) return true;
      // A line for the first refusal of a flood and one per thousand after it, not one each.
      if (refusedInARow % 1000 === 1) logger.info('limit_hit', { endpoint, code: 'TOO_MANY_OPENS' satisfies LimitCode, status: 429, refusedInARow });
      return false;
    },
    admitUpgrade(req, socket, kind) {
      if (kind === 'socket.io') return admitSession(req);
      const address = clientKey(req.socket.remoteAddress);
      if (limiter.isFull(address)) return refuse(kind);
      if (kind === 'room' && !joins.takeOnce(address)) return refuse(kind, 'TOO_MANY_JOINS');
      return limiter.tryHold(address, socket) ? null : refuse(kind);
    },
    admitRequest: admitSession,
    admitRequestUntilDone(req, res, kind) {
      const release = limiter.tryAcquire(clientKey(req.socket.remoteAddress));
      if (release === null) return refuse(kind);
      res.once('close', release);
      return null;
    },
    close() {
      sweeper.close();
    },
  };
}
