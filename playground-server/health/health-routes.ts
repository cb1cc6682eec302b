import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHost } from '../config.ts';
import type { Logger } from '../log.ts';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus, type MetricFamily } from './metrics.ts';

export const HEALTH_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

export interface Readiness {
  ready: boolean;
  /** What the answer rests on, e.g. { listening: true, draining: false, redis: 'up' }. */
  checks: Record<string, boolean | string>;
}

export interface HealthRoutesOptions {
  /** The address the server is bound to: on loopback the routes are open. */
  host: string;
  /** On loopback, requests whose Host is not a name the site is served as (a DNS-rebinding page) get the 404 (host-policy.ts). */
  servedHost: (hostHeader: string | undefined) => boolean;
  /** On any other address they need `Authorization: Bearer <token>` (METRICS_TOKEN); without a token they do not exist (404). */
  token: string | undefined;
  logger: Logger;
  /** Who answers: pid, and the worker slot in cluster mode. */
  identity(): Record<string, number | string>;
  readiness(): Readiness;
  /** Every metric family to expose (in cluster mode, every worker's). */
  collect(): Promise<MetricFamily[]>;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares hashes, so neither the token's content nor its length shows in the timing. */
function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (\S+)$/i.exec(header ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

function sendJson(res: ServerResponse, status: number, body: unknown, head: boolean): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-store' });
  res.end(head ? undefined : text);
}

/**
 * `/healthz` (the process is up), `/readyz` (it should get traffic: listening, not shutting down,
 * Redis connected when configured; 503 otherwise) and `/metrics` (Prometheus text). On loopback
 * they are open. Bound to another address (a classroom), they answer only a request with the
 * right bearer token (METRICS_TOKEN); everyone else, and everyone when no token is set, gets the
 * site's ordinary 404, as for a path that does not exist. Returns false for those requests and
 * for other paths, so the site answers them.
 */
export function createHealthRoutes(options: HealthRoutesOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const open = isLoopbackHost(options.host);
  return (req, res) => {
    const path = (req.url ?? '').split('?', 1)[0];
    if (!HEALTH_PATHS.includes(path as (typeof HEALTH_PATHS)[number])) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (open && !options.servedHost(req.headers.host)) return false;
    if (!open && (options.token === undefined || !tokenMatches(req.headers.authorization, options.token))) return false;
    const head = req.method === 'HEAD';
    if (path === '/healthz') {
      sendJson(res, 200, { status: 'ok', ...options.identity(), uptimeSeconds: Math.round(process.uptime()) }, head);
    } else if (path === '/readyz') {
      const { ready, checks } = options.readiness();
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ...options.identity(), checks }, head);
    } else {
      options.collect().then(
        (families) => {
          const text = renderPrometheus(families);
          res.writeHead(200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-store' });
          res.end(head ? undefined : text);
        },
        (error: unknown) => {
          options.logger.error('metrics_failed', { message: String(error) });
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n');
        },
      );
    }
    return true;
  };
}
