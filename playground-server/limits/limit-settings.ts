import * as z from 'zod/mini';

const count = () => z.coerce.number().check(z.int(), z.minimum(0));

/**
 * The limits every playground endpoint runs under (echo, chat, Socket.IO, the control channel and
 * the proxy to learners' servers), besides the message size (`maxPayload`). 0 turns a limit off.
 * The defaults leave room for every lesson (the largest burst a lesson sends is 100 messages on
 * one connection, in buffered-amount.js) while bounding what one client can cost the others.
 */
export const connectionLimitsSchema = z.object({
  /**
   * Messages a connection may send at once before the sustained rate applies (the token bucket's
   * size). Default 200. OWASP's cheat sheet starts at about 100 a minute; lessons send bursts.
   */
  rateBurst: z._default(z.coerce.number().check(z.int(), z.minimum(1)), 200),
  /** Sustained messages per second per connection (the bucket's refill). Default 20. 0 turns the rate limit off. */
  ratePerSecond: z._default(z.coerce.number().check(z.minimum(0)), 20),
  /**
   * Open connections from one remote address: WebSockets to every endpoint, Socket.IO sessions
   * (polling or WebSocket) and proxied connections to learners' servers. Default 50. Behind a
   * reverse proxy every client has the proxy's address: raise it or turn it off (0).
   */
  maxConnectionsPerIp: z._default(count(), 50),
  /**
   * Sustained messages per second from one address (IPv6: its /64) across all its connections
   * whose messages go to everyone (/ws/chat and Socket.IO); four seconds' worth may come at once.
   * Default 100. The connection whose message goes over is closed (1008), as for the
   * per-connection rate. 0 turns it off; behind a reverse proxy raise it or turn it off.
   */
  addressMessagesPerSecond: z._default(count(), 100),
  /** Sustained bytes of messages per second from one address, counted like `addressMessagesPerSecond`. Default 1 MiB. */
  addressBytesPerSecond: z._default(count(), 1024 * 1024),
  /**
   * New connections per second from one address to what everyone hears (/ws/chat, new Socket.IO
   * sessions); four seconds' worth may come at once. Each one tells the whole room it joined and
   * left: one address opening and closing connections in a loop made 140,000 notices in 8 s.
   * Default 10. Over it the handshake is refused with 429. 0 turns it off.
   */
  addressJoinsPerSecond: z._default(count(), 10),
  /**
   * New WebSocket handshakes (echo, chat, the control channel, the demo, learners' servers) and
   * HTTP requests through /_sandbox/ per second from one address; four seconds' worth may come at
   * once. Counted first, before any other check, and refused with a short 429 (TOO_MANY_OPENS): a
   * refusal costs less than a handshake, a proxied request or any other refusal. Socket.IO's new
   * sessions are counted by `addressJoinsPerSecond`. Default 100 (400 at once): above every lesson
   * and test (docs/limits.md has the peaks) and a class of 40 behind one address. 0 turns it off.
   */
  addressOpensPerSecond: z._default(count(), 100),
  /**
   * A lesson connection (echo, chat, Socket.IO) that sends no message for this long is closed
   * (1001), checked once per `pingIntervalMs`. Default 10 min. The control channel is exempt: an
   * open lesson page is not idle.
   */
  idleTimeoutMs: z._default(count(), 10 * 60_000),
  /**
   * The server pings every WebSocket (not Socket.IO, which has its own heartbeat) this often, and
   * drops one that has not answered the previous ping (a vanished laptop sends no close frame).
   * Default 30 s.
   */
  pingIntervalMs: z._default(count(), 30_000),
  /**
   * Unsent bytes queued for one connection above which the server stops reading from it until they
   * drain (echo to a client that never reads would otherwise grow without bound). Default 1 MiB.
   */
  maxBufferedBytes: z._default(count(), 1024 * 1024),
});

export type ConnectionLimits = z.infer<typeof connectionLimitsSchema>;

/** Environment variable for each limit (docs/configuration.md lists them with their defaults). */
const CONNECTION_LIMITS_ENV = {
  rateBurst: 'WS_RATE_BURST',
  ratePerSecond: 'WS_RATE_PER_SECOND',
  maxConnectionsPerIp: 'WS_MAX_CONNECTIONS_PER_IP',
  addressMessagesPerSecond: 'WS_ADDRESS_MESSAGES_PER_SECOND',
  addressBytesPerSecond: 'WS_ADDRESS_BYTES_PER_SECOND',
  addressJoinsPerSecond: 'WS_ADDRESS_JOINS_PER_SECOND',
  addressOpensPerSecond: 'WS_ADDRESS_OPENS_PER_SECOND',
  idleTimeoutMs: 'WS_IDLE_TIMEOUT_MS',
  pingIntervalMs: 'WS_PING_INTERVAL_MS',
  maxBufferedBytes: 'WS_MAX_BUFFERED_BYTES',
} as const satisfies Record<keyof ConnectionLimits, string>;

/** The limits set in `env`, for loadConfig; unset ones are left out so the schema's defaults apply. */
export function connectionLimitsFromEnv(env: NodeJS.ProcessEnv): Partial<Record<keyof ConnectionLimits, string>> {
  return Object.fromEntries(
    Object.entries(CONNECTION_LIMITS_ENV).flatMap(([key, name]) => (env[name] === undefined ? [] : [[key, env[name]]])),
  );
}
