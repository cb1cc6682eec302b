import { randomUUID } from 'node:crypto';
import type { ClusterChatMessage } from './chat-relay.ts';
import { mergeFamilies, type MetricFamily } from '../health/metrics.ts';

/**
 * The IPC between the cluster's primary and its workers (besides the Socket.IO cluster adapter's
 * own messages, which carry `source: "_sio_adapter"`). Every type starts with "pg:".
 *
 * worker → primary: pg:ready, pg:taken, pg:chat, pg:metrics-request, pg:metrics-snapshot
 * primary → worker: pg:connection (with the TCP socket as handle), pg:shutdown, pg:chat,
 *                   pg:metrics-collect, pg:metrics-result
 */
export type WorkerToPrimary =
  | { type: 'pg:ready'; slot: number }
  /** The worker holds connection `id` now; the primary closes its own copy. */
  | { type: 'pg:taken'; id: number }
  | ClusterChatMessage
  | { type: 'pg:metrics-request'; id: string }
  | { type: 'pg:metrics-snapshot'; id: string; slot: number; families: MetricFamily[] };

export type PrimaryToWorker =
  | { type: 'pg:connection'; id: number }
  | { type: 'pg:shutdown' }
  | ClusterChatMessage
  | { type: 'pg:metrics-collect'; id: string }
  | { type: 'pg:metrics-result'; id: string; workers: Array<{ slot: number; families: MetricFamily[] }>; primary: MetricFamily[] };

/** A worker's side of the IPC: its slot, and the channel to the primary. */
export interface ClusterChannel {
  readonly slot: number;
  send(message: WorkerToPrimary): void;
  /** Adds a listener for messages from the primary; returns the function that removes it. */
  onMessage(listener: (message: unknown) => void): () => void;
}

/** Env variables the primary hands its workers. */
export const WORKER_SLOT_ENV = 'PG_WORKER_SLOT';
export const CLUSTER_PORT_ENV = 'PG_CLUSTER_PORT';

export function messageType(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type } = message as { type?: unknown };
  return typeof type === 'string' && type.startsWith('pg:') ? type : undefined;
}

export function isMetricsRequest(message: unknown): message is { type: 'pg:metrics-collect'; id: string } {
  return messageType(message) === 'pg:metrics-collect' && typeof (message as { id?: unknown }).id === 'string';
}

/** How long a scrape waits for the other workers; a worker that is slower is left out of that scrape. */
export const METRICS_TIMEOUT_MS = 1500;

/**
 * Every worker's metrics, for the worker that was scraped: it asks the primary, which asks all
 * workers (this one included) and answers with what came back. Each sample gets worker="<slot>".
 */
export function requestClusterMetrics(channel: ClusterChannel): Promise<MetricFamily[]> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error('the cluster primary did not answer the metrics request'));
    }, METRICS_TIMEOUT_MS + 500);
    const stop = channel.onMessage((message) => {
      if (messageType(message) !== 'pg:metrics-result') return;
      const result = message as Extract<PrimaryToWorker, { type: 'pg:metrics-result' }>;
      if (result.id !== id) return;
      clearTimeout(timer);
      stop();
      resolve(mergeFamilies([{ labels: {}, families: result.primary }, ...result.workers.map((worker) => ({ labels: { worker: String(worker.slot) }, families: worker.families }))]));
    });
    channel.send({ type: 'pg:metrics-request', id });
  });
}
