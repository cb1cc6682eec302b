import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { CloseCode } from '../../protocol/wire/constants.ts';
import { CLOSE_REASONS } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ConnectionLimits } from './limit-settings.ts';
import type { ConnectionSweeper } from './connection-sweeper.ts';
import { TokenBucket } from './token-bucket.ts';

/** What a connection is held to once it is open. The dispatcher gives each `ws` endpoint its own when it creates it. */
export interface ConnectionPolicy {
  limits: ConnectionLimits;
  /** False for the control channel: an open lesson page is never idle. */
  idle: boolean;
  sweeper: ConnectionSweeper;
  logger: Logger;
}

/** Why the server ended a connection, in logs (`limit_hit`). */
export type LimitCode = 'RATE_LIMITED' | 'IDLE_TIMEOUT' | 'HEARTBEAT_TIMEOUT' | 'TOO_MANY_CONNECTIONS';

/** The period the sweeper needs for these limits: the ping interval, else a quarter of the idle timeout (≤ 30 s). */
export function sweepPeriod(limits: ConnectionLimits): number {
  if (limits.pingIntervalMs > 0) return limits.pingIntervalMs;
  return limits.idleTimeoutMs > 0 ? Math.min(limits.idleTimeoutMs / 4, 30_000) : 0;
}

/**
 * Holds one `ws` connection to its policy:
 * - message rate: a token bucket over messages and pings; the first message over it closes the
 *   connection with 1008 and a Korean reason, and neither it nor anything after reaches the endpoint;
 * - heartbeat and idle timeout, through the shared sweeper (idle closes with 1001);
 * - back-pressure: past `maxBufferedBytes` of unsent data the server stops reading from the
 *   client until the socket drains, so a client that sends but never reads cannot grow our memory.
 * It wraps the instance's `emit` (as the tap wraps the socket's) so it runs before every listener.
 */
export function guardWebSocket(ws: WebSocket, socket: Duplex, endpoint: string, policy: ConnectionPolicy): void {
  const { limits, logger } = policy;
  const bucket = limits.ratePerSecond > 0 ? new TokenBucket(limits.rateBurst, limits.ratePerSecond) : null;
  const maxBuffered = limits.maxBufferedBytes;
  let over = false;
  let paused = false;

  const watched = policy.sweeper.watch({
    ping: limits.pingIntervalMs > 0 ? () => ws.readyState === ws.OPEN && ws.ping() : null,
    idleTimeoutMs: policy.idle ? limits.idleTimeoutMs : 0,
    onIdle() {
      logger.info('limit_hit', { endpoint, code: 'IDLE_TIMEOUT' satisfies LimitCode, closeCode: CloseCode.GOING_AWAY });
      ws.close(CloseCode.GOING_AWAY, CLOSE_REASONS.IDLE);
    },
    onDead() {
      logger.info('limit_hit', { endpoint, code: 'HEARTBEAT_TIMEOUT' satisfies LimitCode });
      ws.terminate();
    },
  });
  ws.once('close', () => watched.remove());

  const resume = () => {
    paused = false;
    ws.resume();
  };
  const emit = ws.emit;
  // Every message passes here: `arguments` goes on as it came, where a rest parameter would build an array each time.
  ws.emit = function (this: WebSocket, event: string | symbol): boolean {
    if (event === 'message' || event === 'ping') {
      if (over) return false;
      if (bucket !== null && !bucket.take()) {
        over = true;
        logger.info('limit_hit', { endpoint, code: 'RATE_LIMITED' satisfies LimitCode, closeCode: CloseCode.POLICY_VIOLATION });
        ws.close(CloseCode.POLICY_VIOLATION, CLOSE_REASONS.RATE_LIMITED);
        return false;
      }
      if (event === 'message') watched.touch();
      const handled = emit.apply(this, arguments as unknown as Parameters<typeof emit>);
      if (maxBuffered > 0 && !paused && ws.bufferedAmount > maxBuffered) {
        paused = true;
        ws.pause();
        socket.once('drain', resume);
      }
      return handled;
    }
    if (event === 'pong') watched.alive = true;
    return emit.apply(this, arguments as unknown as Parameters<typeof emit>);
  } as typeof ws.emit;

  // Messages the server sends count as activity too: a chat listener that only reads is not idle.
  const send = ws.send;
  ws.send = function (this: WebSocket) {
    watched.touch();
    return send.apply(this, arguments as unknown as Parameters<typeof send>);
  } as typeof ws.send;
}
