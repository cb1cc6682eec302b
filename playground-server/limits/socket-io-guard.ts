import type { Server } from 'socket.io';
import { CloseCode } from '../../protocol/wire/constants.ts';
import { CLOSE_REASONS } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ConnectionLimits } from './limit-settings.ts';
import type { LimitCode } from './websocket-guard.ts';
import type { ConnectionSweeper, SweepTarget } from './connection-sweeper.ts';
import { clientKey, type IpConnectionLimiter } from './ip-connection-limiter.ts';
import { TokenBucket } from './token-bucket.ts';
import { messageBytes, type AddressRate } from './address-rate.ts';

/** The event a Socket.IO client receives just before the server ends its session for a limit. */
export const LIMIT_EVENT = 'playground:limit';

/** What engine.io's Socket offers that we use (its type is not exported by socket.io). */
interface EngineSocket {
  remoteAddress: string;
  transport: { name: string; socket?: { close(code: number, reason: string): void } };
  emit(event: string | symbol, ...args: unknown[]): boolean;
  on(event: 'packetCreate', listener: (packet: { type: string }) => void): unknown;
  once(event: 'close', listener: (reason: string) => void): unknown;
  close(discard?: boolean): void;
}

/**
 * The same limits as the `ws` endpoints, for Socket.IO, at the Engine.IO level so they cover
 * every packet whatever the transport (a polling POST can carry many): each session holds a slot
 * of its address's connection cap, every message it sends takes a token (and one message and its
 * bytes from its address's shared rate, limits/address-rate.ts), and a session silent
 * both ways for the idle timeout is ended (Socket.IO's own ping/pong is its heartbeat). Over the
 * rate, the client first gets `playground:limit` `{ code, message }`; then a WebSocket transport
 * is closed with 1008 (1001 when idle) and the Korean reason, a polling one is closed by Engine.IO.
 * Refusing sessions over the address cap happens earlier, in the dispatcher (429).
 */
export function guardSocketIo(io: Server, options: { limits: ConnectionLimits; limiter: IpConnectionLimiter; sweeper: ConnectionSweeper; logger: Logger; addressRate?: AddressRate }): void {
  const { limits, limiter, sweeper, logger, addressRate } = options;
  io.engine.on('connection', (conn: EngineSocket) => {
    const address = clientKey(conn.remoteAddress);
    const release = limiter.acquire(address);
    const meter = addressRate?.hold(address) ?? null;
    const bucket = limits.ratePerSecond > 0 ? new TokenBucket(limits.rateBurst, limits.ratePerSecond) : null;
    const started = performance.now();
    let over = false;

    const end = (code: LimitCode, closeCode: number, reason: string) => {
      logger.info('limit_hit', { endpoint: 'socket.io', code, closeCode });
      for (const socket of io.of('/').sockets.values()) {
        if ((socket.conn as unknown) === conn) socket.emit(LIMIT_EVENT, { code, message: reason });
      }
      if (conn.transport.name === 'websocket' && conn.transport.socket) conn.transport.socket.close(closeCode, reason);
      else conn.close();
    };
    const watched: SweepTarget = {
      lastActivity: 0,
      alive: true,
      pinged: false,
      idleTimeoutMs: limits.idleTimeoutMs,
      sendPing() {},
      idled: () => end('IDLE_TIMEOUT', CloseCode.GOING_AWAY, CLOSE_REASONS.IDLE),
      died() {},
    };
    sweeper.watch(watched);

    const emit = conn.emit;
    // Every packet passes here: `arguments` goes on as it came (no rest array per packet).
    conn.emit = function (this: EngineSocket, event: string | symbol): boolean {
      if (event === 'data' || event === 'message') {
        if (over) return false;
        if (event === 'data') {
          if (bucket !== null && !bucket.take()) {
            over = true;
            end('RATE_LIMITED', CloseCode.POLICY_VIOLATION, CLOSE_REASONS.RATE_LIMITED);
            return false;
          }
          if (meter !== null && !meter.take(messageBytes(arguments[1]))) {
            over = true;
            end('ADDRESS_RATE_LIMITED', CloseCode.POLICY_VIOLATION, CLOSE_REASONS.ADDRESS_RATE_LIMITED);
            return false;
          }
          watched.lastActivity = performance.now();
        }
      }
      return emit.apply(this, arguments as unknown as Parameters<typeof emit>);
    };
    conn.on('packetCreate', (packet) => {
      if (packet.type === 'message') watched.lastActivity = performance.now();
    });

    logger.info('connection_open', { endpoint: 'socket.io', transport: conn.transport.name, remote: address });
    conn.once('close', (reason) => {
      release();
      meter?.release();
      sweeper.unwatch(watched);
      logger.info('connection_close', { endpoint: 'socket.io', reason, ms: Math.round(performance.now() - started) });
    });
  });
}
