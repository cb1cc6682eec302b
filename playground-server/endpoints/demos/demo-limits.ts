export interface DemoLimits {
  /** Shortest and longest time between events a request may ask for (`every`, ms). Default 100 and 10,000. */
  minEveryMs: number;
  maxEveryMs: number;
  /** `every` when a request does not give one. Default 1000. */
  defaultEveryMs: number;
  /** Events each stream keeps for `after` and Last-Event-ID (a ring buffer). Default 64. */
  recentEvents: number;
  /** How long a long-poll is held before it is answered with no events. Default 25 s: under the 30 s RFC 6202 §5.5 finds safe with most intermediaries. */
  holdMs: number;
  /** Held long-polls plus open SSE streams from one address. Default 32. */
  waitingPerIp: number;
  /** Held long-polls plus open SSE streams from everyone. Default 256. */
  waitingTotal: number;
  /** Streams (distinct `every` values) ticking at once. Default 16. */
  maxStreams: number;
  /** A stream that nobody listens to and nobody asked about for this long stops. Default 60 s. */
  streamIdleMs: number;
  /** An SSE stream gets a comment line this often, so that proxies do not drop it as idle. Default 15 s. */
  keepAliveMs: number;
  /** An SSE response ends after this long; EventSource reconnects with Last-Event-ID and resumes. Default 5 min. */
  sseMaxMs: number;
  /** The SSE `retry:` field: how long EventSource waits before it reconnects. Default 1000 ms. */
  sseRetryMs: number;
  /** Unsent bytes an SSE stream or a WebSocket may queue; past it the stream ends (SSE) or events are skipped (WebSocket). Default 64 KiB. */
  maxBacklogBytes: number;
}

export const DEFAULT_DEMO_LIMITS: Readonly<DemoLimits> = {
  minEveryMs: 100,
  maxEveryMs: 10_000,
  defaultEveryMs: 1000,
  recentEvents: 64,
  holdMs: 25_000,
  waitingPerIp: 32,
  waitingTotal: 256,
  maxStreams: 16,
  streamIdleMs: 60_000,
  keepAliveMs: 15_000,
  sseMaxMs: 5 * 60_000,
  sseRetryMs: 1000,
  maxBacklogBytes: 64 * 1024,
};

/** A decimal id: no sign, no exponent, no leading zeros, at most 15 digits (exact as a double). */
const ID_PATTERN = /^(?:0|[1-9]\d{0,14})$/;

/** `every` from the query: one integer within the limits; null when it is anything else. */
export function parseEvery(values: readonly string[], limits: Pick<DemoLimits, 'minEveryMs' | 'maxEveryMs' | 'defaultEveryMs'>): number | null {
  if (values.length === 0) return limits.defaultEveryMs;
  const [raw] = values;
  if (values.length > 1 || raw === undefined || !/^\d{1,6}$/.test(raw)) return null;
  const every = Number(raw);
  return every >= limits.minEveryMs && every <= limits.maxEveryMs ? every : null;
}

/** An event id from the client (`after`, Last-Event-ID): absent → undefined; null when malformed. */
export function parseId(values: readonly string[]): number | undefined | null {
  if (values.length === 0) return undefined;
  const [raw] = values;
  return values.length === 1 && raw !== undefined && ID_PATTERN.test(raw) ? Number(raw) : null;
}

