import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import { CloseCode } from '../../protocol/wire/constants.ts';
import type { LimitCode } from '../../protocol/error-codes.ts';
import { CLOSE_REASONS } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ConnectionLimits } from './limit-settings.ts';
import type { ConnectionSweeper, SweepTarget } from './connection-sweeper.ts';
import { TokenBucket } from './token-bucket.ts';
import { messageBytes, type AddressMeter, type AddressRate } from './address-rate.ts';
import { clientKey } from './ip-connection-limiter.ts';

/** What a connection is held to once it is open. The dispatcher gives each `ws` endpoint its own when it creates it. */
export interface ConnectionPolicy {
  limits: ConnectionLimits;
  /** False for the control channel: an open lesson page is never idle. */
  idle: boolean;
  sweeper: ConnectionSweeper;
  logger: Logger;
  /** The message and byte rate shared by the connections of one address whose messages go to everyone (chat); none for the others. */
  addressRate?: AddressRate | undefined;
}

/** Why the server ended a connection, in logs (`limit_hit`). */
export type { LimitCode };

/** The period the sweeper needs for these limits: the ping interval, else a quarter of the idle timeout (≤ 30 s). */
export function sweepPeriod(limits: ConnectionLimits): number {
  if (limits.pingIntervalMs > 0) return limits.pingIntervalMs;
  return limits.idleTimeoutMs > 0 ? Math.min(limits.idleTimeoutMs / 4, 30_000) : 0;
}

/**
 * A `ws` WebSocket held to its policy (once `holdTo` is called; until then it is a plain one):
 * - message rate: a token bucket over messages and pings; the first message over it closes the
 *   connection with 1008 and a Korean reason, and neither it nor anything after reaches the endpoint;
 *   the same for the rate of its whole address (`policy.addressRate`, limits/address-rate.ts);
 * - heartbeat and idle timeout, through the shared sweeper (idle closes with 1001);
 * - back-pressure: past `maxBufferedBytes` of unsent data the server stops reading from the
 *   client until the socket drains, so a client that sends but never reads cannot grow our memory.
 * A subclass (the endpoint's WebSocketServer makes its connections of it) rather than patches of
 * each instance: its `emit` runs before every listener as a patched one would, but a connection
 * costs a few fields instead of a dozen closures (issue 14: 10,000 idle connections). The token
 * bucket is made at the first message, so an idle connection holds none.
 */
export class GuardedWebSocket extends WebSocket implements SweepTarget {
  #policy: ConnectionPolicy | null = null;
  #endpoint = '';
  #socket: Duplex | null = null;
  #bucket: TokenBucket | null = null;
  /** This connection's share of its address's rate, taken at the first message (an idle connection holds none). */
  #meter: AddressMeter | null = null;
  /** Over the rate: nothing more reaches the endpoint. */
  #over = false;
  /** Not reading until the socket drains. */
  #paused = false;
  lastActivity = 0;
  alive = true;

  /** Holds this connection to `policy` from now on: the endpoint calls it once the handshake is done. */
  holdTo(policy: ConnectionPolicy, socket: Duplex, endpoint: string): void {
    this.#policy = policy;
    this.#socket = socket;
    this.#endpoint = endpoint;
    policy.sweeper.watch(this);
  }

  get pinged(): boolean {
    return this.#policy !== null && this.#policy.limits.pingIntervalMs > 0;
  }

  get idleTimeoutMs(): number {
    return this.#policy?.idle ? this.#policy.limits.idleTimeoutMs : 0;
  }

  sendPing(): void {
    if (this.readyState === this.OPEN) this.ping();
  }

  idled(): void {
    this.#policy?.logger.info('limit_hit', { endpoint: this.#endpoint, code: 'IDLE_TIMEOUT' satisfies LimitCode, closeCode: CloseCode.GOING_AWAY });
    this.close(CloseCode.GOING_AWAY, CLOSE_REASONS.IDLE);
  }

  died(): void {
    this.#policy?.logger.info('limit_hit', { endpoint: this.#endpoint, code: 'HEARTBEAT_TIMEOUT' satisfies LimitCode });
    this.terminate();
  }

  // Every message passes here: `arguments` goes on as it came, where a rest parameter would build an array each time.
  override emit(event: string | symbol, ...args: unknown[]): boolean;
  override emit(event: string | symbol): boolean {
    const policy = this.#policy;
    if (policy !== null) {
      if (event === 'message' || event === 'ping') return this.#admit(policy, event, arguments);
      if (event === 'pong') this.alive = true;
      else if (event === 'close') {
        policy.sweeper.unwatch(this);
        this.#meter?.release();
      }
    }
    return super.emit.apply(this, arguments as unknown as [string]);
  }

  #admit(policy: ConnectionPolicy, event: 'message' | 'ping', args: IArguments): boolean {
    if (this.#over) return false;
    const { limits } = policy;
    if (limits.ratePerSecond > 0 && !(this.#bucket ??= new TokenBucket(limits.rateBurst, limits.ratePerSecond)).take()) {
      this.#over = true;
      policy.logger.info('limit_hit', { endpoint: this.#endpoint, code: 'RATE_LIMITED' satisfies LimitCode, closeCode: CloseCode.POLICY_VIOLATION });
      this.close(CloseCode.POLICY_VIOLATION, CLOSE_REASONS.RATE_LIMITED);
      return false;
    }
    if (policy.addressRate !== undefined && this.#socket !== null) {
      this.#meter ??= policy.addressRate.hold(clientKey((this.#socket as { remoteAddress?: string }).remoteAddress));
      if (this.#meter !== null && !this.#meter.take(messageBytes(args[1]))) {
        this.#over = true;
        policy.logger.info('limit_hit', { endpoint: this.#endpoint, code: 'ADDRESS_RATE_LIMITED' satisfies LimitCode, closeCode: CloseCode.POLICY_VIOLATION });
        this.close(CloseCode.POLICY_VIOLATION, CLOSE_REASONS.ADDRESS_RATE_LIMITED);
        return false;
      }
    }
    if (event === 'message') this.lastActivity = performance.now();
    const handled = super.emit.apply(this, args as unknown as [string]);
    if (limits.maxBufferedBytes > 0 && !this.#paused && this.bufferedAmount > limits.maxBufferedBytes) {
      this.#paused = true;
      this.pause();
      this.#socket?.once('drain', () => {
        this.#paused = false;
        this.resume();
      });
    }
    return handled;
  }

  // Messages the server sends count as activity too: a chat listener that only reads is not idle.
  override send(): void {
    if (this.#policy !== null) this.lastActivity = performance.now();
    super.send.apply(this, arguments as unknown as Parameters<WebSocket['send']>);
  }
}
