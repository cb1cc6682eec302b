import { createAdapter as createClusterAdapter } from '@socket.io/cluster-adapter';
import type { Server as SocketIoServer } from 'socket.io';
import type { PlaygroundConfig } from '../config.ts';
import type { Readiness } from '../health/health-routes.ts';
import type { MetricFamily } from '../health/metrics.ts';
import type { Logger } from '../log.ts';
import { createClusterChatRelay, createLocalRelay, createRedisChatRelay, type CountingRelay } from './chat-relay.ts';
import { isMetricsRequest, requestClusterMetrics, type ClusterChannel } from './cluster-messages.ts';
import { createRedisLink, type RedisLink, type RedisStatus } from './redis-link.ts';

/** Prefix of the Socket.IO adapter's Redis channels ("ws-noriteo#/#", …), apart from other apps on the same Redis. */
export const SOCKET_IO_REDIS_KEY = 'ws-noriteo';

/**
 * How this process shares broadcasts with others: `single` (alone, nothing shared), `redis`
 * (REDIS_URL: every instance, cluster workers included, on Redis pub/sub), `cluster` (workers of
 * `--workers N` without Redis: through the primary over IPC).
 */
export type ScaleMode = 'single' | 'redis' | 'cluster';

export interface Scale {
  readonly mode: ScaleMode;
  /** For createPlayground: carries `/ws/chat` to the other instances. */
  readonly chatRelay: CountingRelay;
  readonly redis: RedisLink | null;
  /** Gives Socket.IO its adapter (Redis or cluster) and starts counting its messages. */
  attach(io: SocketIoServer): void;
  /** What readiness needs of the sharing: Redis up, when configured. */
  readiness(): Readiness;
  /** The mode, the broadcasts by origin, and Redis's state, for /metrics. */
  families(): MetricFamily[];
  /** A scrape's answer: in a cluster every worker's families (asked through the primary), otherwise `local()`. */
  gather(local: () => MetricFamily[]): Promise<MetricFamily[]>;
  /** In a cluster worker: answers the primary's requests for this process's families with `local()`. */
  answerMetricRequests(local: () => MetricFamily[]): void;
  /** After the endpoints closed: the Redis clients, IPC listeners. */
  close(): void;
}

export interface ScaleOptions {
  /** Set in a cluster worker (entry/cluster-worker.ts): its slot and its IPC channel to the primary. */
  cluster?: ClusterChannel | undefined;
}

const REDIS_UP: Record<RedisStatus, number> = { connecting: 0, up: 1, down: 0 };

/**
 * Picks the mode from the config and builds what it needs. Nothing here touches Redis without
 * REDIS_URL, nor loads its client or adapter.
 */
export async function createScale(config: PlaygroundConfig, logger: Logger, options: ScaleOptions = {}): Promise<Scale> {
  const { cluster } = options;
  const redis = config.redisUrl ? await createRedisLink(config.redisUrl, logger) : null;
  const createRedisAdapter = redis ? (await import('@socket.io/redis-adapter')).createAdapter : null;
  const mode: ScaleMode = redis ? 'redis' : cluster ? 'cluster' : 'single';
  const chatRelay = redis
    ? createRedisChatRelay(redis, logger)
    : cluster
      ? createClusterChatRelay((message) => cluster.send(message), (listener) => cluster.onMessage(listener))
      : createLocalRelay();
  let socketIoMessages = 0;
  let stopAnswering: (() => void) | undefined;

  const families = (): MetricFamily[] => {
    const result: MetricFamily[] = [
      { name: 'playground_info', help: 'How broadcasts are shared: single, redis or cluster.', type: 'gauge', samples: [{ labels: { scale: mode }, value: 1 }] },
      {
        name: 'playground_messages_total',
        help: 'Chat broadcasts (messages and join/leave notices) and Socket.IO message events, by endpoint and by where they started (local: a client of this process; remote: another instance).',
        type: 'counter',
        samples: [
          { labels: { endpoint: 'chat', origin: 'local' }, value: chatRelay.counts.published },
          { labels: { endpoint: 'chat', origin: 'remote' }, value: chatRelay.counts.delivered },
          { labels: { endpoint: 'socket.io', origin: 'local' }, value: socketIoMessages },
        ],
      },
    ];
    if (redis) {
      result.push(
        { name: 'playground_redis_up', help: '1 while both Redis clients (publish, subscribe) are connected.', type: 'gauge', samples: [{ value: REDIS_UP[redis.status()] }] },
        { name: 'playground_redis_connection_losses_total', help: 'Times the Redis link went down after being up.', type: 'counter', samples: [{ value: redis.losses() }] },
        { name: 'playground_redis_publish_failures_total', help: 'PUBLISH commands that failed (Redis unreachable); those broadcasts stayed local.', type: 'counter', samples: [{ value: redis.publishFailures() }] },
      );
    }
    return result;
  };

  return {
    mode,
    chatRelay,
    redis,
    attach(io) {
      if (redis && createRedisAdapter) io.adapter(createRedisAdapter(redis.pub, redis.sub, { key: SOCKET_IO_REDIS_KEY }));
      else if (cluster) io.adapter(createClusterAdapter());
      io.on('connection', (socket) => socket.on('message', () => void socketIoMessages++));
      logger.info('scale_mode', { mode, pid: process.pid, ...(cluster ? { worker: cluster.slot } : {}) });
    },
    readiness: () => (redis ? { ready: redis.status() === 'up', checks: { redis: redis.status() } } : { ready: true, checks: {} }),
    families,
    gather: (local) => (cluster ? requestClusterMetrics(cluster) : Promise.resolve(local())),
    answerMetricRequests(local) {
      // The primary asks every worker for its metrics when one of them is scraped.
      stopAnswering = cluster?.onMessage((message) => {
        if (isMetricsRequest(message)) cluster.send({ type: 'pg:metrics-snapshot', id: message.id, slot: cluster.slot, families: local() });
      });
    },
    close() {
      chatRelay.close();
      stopAnswering?.();
      redis?.close();
    },
  };
}
