import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAdapter as createClusterAdapter } from '@socket.io/cluster-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import type { Server as SocketIoServer } from 'socket.io';
import type { PlaygroundConfig } from '../config.ts';
import { createHostPolicy } from '../host-policy.ts';
import type { Logger } from '../log.ts';
import type { Playground } from '../playground.ts';
import type { SandboxManager } from '../sandbox/sandbox-types.ts';
import { createClusterChatRelay, createLocalRelay, createRedisChatRelay, type CountingRelay } from './chat-relay.ts';
import { isMetricsRequest, requestClusterMetrics, type ClusterChannel } from './cluster-messages.ts';
import { createHealthRoutes, type Readiness } from './health.ts';
import { EventLoopDelay, type MetricFamily } from './metrics.ts';
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
  /** Gives Socket.IO its adapter (Redis or cluster) and starts counting; call once the playground exists. */
  attach(playground: Playground, sandboxes: SandboxManager | null): void;
  /** `/healthz`, `/readyz`, `/metrics`: true when it answered. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** The app accepts connections from now on. */
  listening(): void;
  /** Shutdown began: /readyz says 503 from now on. */
  draining(): void;
  readiness(): Readiness;
  /** This process's metrics. */
  metrics(): MetricFamily[];
  /** After the endpoints closed: the Redis clients, IPC listeners, the delay monitor. */
  close(): void;
}

export interface ScaleOptions {
  /** Set in a cluster worker (scale/cluster-worker.ts): its slot and its IPC channel to the primary. */
  cluster?: ClusterChannel | undefined;
}

const REDIS_UP: Record<RedisStatus, number> = { connecting: 0, up: 1, down: 0 };

/** Picks the mode from the config and builds what it needs. Nothing here touches Redis without REDIS_URL. */
export function createScale(config: PlaygroundConfig, logger: Logger, options: ScaleOptions = {}): Scale {
  const { cluster } = options;
  const redis = config.redisUrl ? createRedisLink(config.redisUrl, logger) : null;
  const mode: ScaleMode = redis ? 'redis' : cluster ? 'cluster' : 'single';
  const chatRelay = redis
    ? createRedisChatRelay(redis, logger)
    : cluster
      ? createClusterChatRelay((message) => cluster.send(message), (listener) => cluster.onMessage(listener))
      : createLocalRelay();
  const delay = new EventLoopDelay();
  let socketIoMessages = 0;
  let isListening = false;
  let isDraining = false;
  let playground: Playground | undefined;
  let sandboxes: SandboxManager | null = null;
  const identity = () => ({ pid: process.pid, ...(cluster ? { worker: cluster.slot } : {}) });

  const readiness = (): Readiness => {
    const checks: Record<string, boolean | string> = { listening: isListening, draining: isDraining };
    if (redis) checks['redis'] = redis.status();
    return { ready: isListening && !isDraining && (redis === null || redis.status() === 'up'), checks };
  };

  const metrics = (): MetricFamily[] => {
    const { p99, max } = delay.take();
    const connections = playground?.connectionsByEndpoint() ?? {};
    const families: MetricFamily[] = [
      { name: 'playground_info', help: 'How broadcasts are shared: single, redis or cluster.', type: 'gauge', samples: [{ labels: { scale: mode }, value: 1 }] },
      { name: 'playground_ready', help: '1 when /readyz answers 200.', type: 'gauge', samples: [{ value: readiness().ready ? 1 : 0 }] },
      {
        name: 'playground_connections',
        help: 'Open client connections, by endpoint (echo, chat, control, socket.io).',
        type: 'gauge',
        samples: Object.entries(connections).map(([endpoint, value]) => ({ labels: { endpoint }, value })),
      },
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
      { name: 'playground_sandboxes_running', help: "Learners' Node servers running in this process's sandbox.", type: 'gauge', samples: [{ value: sandboxes?.count() ?? 0 }] },
      { name: 'playground_event_loop_delay_p99_seconds', help: 'p99 event-loop delay since the previous scrape.', type: 'gauge', samples: [{ value: p99 }] },
      { name: 'playground_event_loop_delay_max_seconds', help: 'Longest event-loop delay since the previous scrape.', type: 'gauge', samples: [{ value: max }] },
      { name: 'process_resident_memory_bytes', help: 'Resident memory of this process.', type: 'gauge', samples: [{ value: process.memoryUsage.rss() }] },
    ];
    if (redis) {
      families.push(
        { name: 'playground_redis_up', help: '1 while both Redis clients (publish, subscribe) are connected.', type: 'gauge', samples: [{ value: REDIS_UP[redis.status()] }] },
        { name: 'playground_redis_connection_losses_total', help: 'Times the Redis link went down after being up.', type: 'counter', samples: [{ value: redis.losses() }] },
        { name: 'playground_redis_publish_failures_total', help: 'PUBLISH commands that failed (Redis unreachable); those broadcasts stayed local.', type: 'counter', samples: [{ value: redis.publishFailures() }] },
      );
    }
    return families;
  };

  // The primary asks every worker for its metrics when one of them is scraped.
  const stopAnswering = cluster?.onMessage((message) => {
    if (isMetricsRequest(message)) cluster.send({ type: 'pg:metrics-snapshot', id: message.id, slot: cluster.slot, families: metrics() });
  });

  const handleRequest = createHealthRoutes({
    host: config.host,
    servedHost: createHostPolicy(config),
    token: config.metricsToken,
    logger,
    identity,
    readiness,
    collect: () => (cluster ? requestClusterMetrics(cluster) : Promise.resolve(metrics())),
  });

  return {
    mode,
    chatRelay,
    redis,
    attach(app, manager) {
      playground = app;
      sandboxes = manager;
      const io: SocketIoServer = app.socketIo.io;
      if (redis) io.adapter(createRedisAdapter(redis.pub, redis.sub, { key: SOCKET_IO_REDIS_KEY }));
      else if (cluster) io.adapter(createClusterAdapter());
      io.on('connection', (socket) => socket.on('message', () => void socketIoMessages++));
      logger.info('scale_mode', { mode, ...identity() });
    },
    handleRequest,
    listening: () => void (isListening = true),
    draining: () => void (isDraining = true),
    readiness,
    metrics,
    close() {
      chatRelay.close();
      stopAnswering?.();
      delay.stop();
      redis?.close();
    },
  };
}
