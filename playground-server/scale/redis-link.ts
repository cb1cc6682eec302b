import type { createClient } from 'redis';
import type { Logger } from '../log.ts';

/** A node-redis client as this module configures it. */
function newClient(create: typeof createClient, url: string, options: { disableOfflineQueue: boolean }) {
  return create({ url, ...options });
}

export type RedisClient = ReturnType<typeof newClient>;

/** `connecting`: not reached yet since start; `up`: both clients ready; `down`: lost after being up. */
export type RedisStatus = 'connecting' | 'up' | 'down';

export interface RedisLink {
  /**
   * Publishes. Without an offline queue: while Redis is unreachable a command fails at once
   * (and the failure is counted) instead of piling up and flooding everyone minutes later.
   */
  readonly pub: RedisClient;
  /** In subscribed mode; node-redis subscribes again by itself after a reconnect. */
  readonly sub: RedisClient;
  status(): RedisStatus;
  /** Times the link went from up to down since start. */
  losses(): number;
  /** PUBLISH commands that failed (Redis unreachable), since start. */
  publishFailures(): number;
  /** Disconnects both clients at once; what is still queued fails quietly. */
  close(): void;
}

/** host:port of a Redis URL, for logs: never the password. */
export function redisEndpoint(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '6379'}`;
}

/**
 * The Redis adapter calls `publish`, `subscribe`, `unsubscribe` without waiting for or catching
 * them. A rejection there (Redis unreachable, client closed at shutdown) would be an unhandled
 * rejection, which ends a Node 24 process. This view of the client marks every promise it returns
 * as handled (callers that await still see the error) and tells `onFailure` about it.
 */
function guarded<T extends object>(client: T, onFailure: (command: string, error: unknown) => void): T {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = Reflect.apply(value, target, args);
        if (result instanceof Promise) result.catch((error: unknown) => onFailure(String(property), error));
        return result;
      };
    },
  });
}

/**
 * Two node-redis clients, one to publish and one to subscribe (a subscribed connection can do
 * nothing else), with the link's health in one place: the loss is logged once (`redis_lost`, or
 * `redis_unreachable` when Redis was never reached), the recovery once (`redis_restored`).
 * node-redis reconnects with exponential back-off (at most about 2 s apart) and resubscribes.
 * node-redis is loaded here, only when REDIS_URL asks for it: loaded, it holds 5.8 MB of the
 * server's heap, which every full garbage collection would mark again (issue 14, goal 7).
 */
export async function createRedisLink(url: string, logger: Logger): Promise<RedisLink> {
  const { createClient } = await import('redis');
  const endpoint = redisEndpoint(url);
  let status: RedisStatus = 'connecting';
  let losses = 0;
  let publishFailures = 0;
  let downSince = 0;
  let warnedUnreachable = false;
  let closed = false;

  const rawPub = newClient(createClient, url, { disableOfflineQueue: true });
  const rawSub = newClient(createClient, url, { disableOfflineQueue: false });
  const onFailure = (command: string, error: unknown) => {
    if (command === 'publish' || command === 'PUBLISH') publishFailures++;
    logger.debug('redis_command_failed', { command, message: error instanceof Error ? error.message : String(error) });
  };

  let lastError = '';
  const update = () => {
    if (closed) return;
    const ready = rawPub.isReady && rawSub.isReady;
    if (ready && status !== 'up') {
      if (status === 'down') logger.info('redis_restored', { redis: endpoint, downMs: Date.now() - downSince });
      else logger.info('redis_connected', { redis: endpoint });
      status = 'up';
    } else if (!ready && status === 'up') {
      status = 'down';
      losses++;
      downSince = Date.now();
      logger.warn('redis_lost', { redis: endpoint, message: lastError });
    }
  };
  for (const [role, client] of [['pub', rawPub], ['sub', rawSub]] as const) {
    client.on('ready', update);
    client.on('reconnecting', update);
    client.on('error', (error: Error) => {
      if (closed) return;
      lastError = error.message;
      update();
      if (status === 'connecting' && !warnedUnreachable) {
        warnedUnreachable = true;
        logger.warn('redis_unreachable', { redis: endpoint, message: error.message });
      } else {
        logger.debug('redis_error', { redis: endpoint, client: role, message: error.message });
      }
    });
    // connect() keeps retrying until Redis answers; it only settles once, so nothing waits on it.
    client.connect().catch((error: unknown) => logger.debug('redis_connect_failed', { client: role, message: String(error) }));
  }

  return {
    pub: guarded(rawPub, onFailure),
    sub: guarded(rawSub, onFailure),
    status: () => status,
    losses: () => losses,
    publishFailures: () => publishFailures,
    close() {
      if (closed) return;
      closed = true;
      rawPub.destroy();
      rawSub.destroy();
    },
  };
}
