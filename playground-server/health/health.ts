import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventLoopDelay } from './event-loop-delay.ts';
import { createHealthRoutes, type HealthRoutesOptions, type Readiness } from './health-routes.ts';
import type { MetricFamily } from './metrics.ts';

/** Where the routes are open and to whom (health-routes.ts), and what this process reports. */
export interface HealthOptions extends Pick<HealthRoutesOptions, 'host' | 'servedHost' | 'token' | 'logger'> {
  /** Who answers: the pid, and in a cluster the worker's slot. */
  identity: Record<string, number | string>;
  /** What readiness rests on besides listening and not draining (Redis, when configured). */
  dependencies?: () => Readiness;
  /** The rest of the app's metric families (connections, messages, sandboxes, Redis), read at each scrape. */
  families: () => MetricFamily[];
  /** How a scrape is answered: this process's families by default; in a cluster, every worker's. */
  gather?: (local: () => MetricFamily[]) => Promise<MetricFamily[]>;
}

/** Health and metrics of one serving process: what a single instance answers, and each worker of a cluster. */
export interface Health {
  /** `/healthz`, `/readyz`, `/metrics`: true when it answered. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** The app accepts connections from now on. */
  listening(): void;
  /** Shutdown began: /readyz says 503 from now on. */
  draining(): void;
  readiness(): Readiness;
  /** This process's metric families. */
  metrics(): MetricFamily[];
  /** Stops the event-loop delay monitor. */
  close(): void;
}

export function createHealth(options: HealthOptions): Health {
  const delay = new EventLoopDelay();
  let isListening = false;
  let isDraining = false;

  const readiness = (): Readiness => {
    const more = options.dependencies?.() ?? { ready: true, checks: {} };
    return { ready: isListening && !isDraining && more.ready, checks: { listening: isListening, draining: isDraining, ...more.checks } };
  };

  const metrics = (): MetricFamily[] => {
    const { p99, max } = delay.take();
    return [
      { name: 'playground_ready', help: '1 when /readyz answers 200.', type: 'gauge', samples: [{ value: readiness().ready ? 1 : 0 }] },
      ...options.families(),
      { name: 'playground_event_loop_delay_p99_seconds', help: 'p99 event-loop delay since the previous scrape.', type: 'gauge', samples: [{ value: p99 }] },
      { name: 'playground_event_loop_delay_max_seconds', help: 'Longest event-loop delay since the previous scrape.', type: 'gauge', samples: [{ value: max }] },
      { name: 'process_resident_memory_bytes', help: 'Resident memory of this process.', type: 'gauge', samples: [{ value: process.memoryUsage.rss() }] },
    ];
  };

  const handleRequest = createHealthRoutes({
    host: options.host,
    servedHost: options.servedHost,
    token: options.token,
    logger: options.logger,
    identity: () => options.identity,
    readiness,
    collect: () => (options.gather ? options.gather(metrics) : Promise.resolve(metrics())),
  });

  return {
    handleRequest,
    listening: () => void (isListening = true),
    draining: () => void (isDraining = true),
    readiness,
    metrics,
    close: () => delay.stop(),
  };
}
