import { request } from 'node:http';
import { waitUntil } from '../../helpers/wait.ts';

export { waitUntil };

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET on a new connection, with optional headers and source address (another 127.x.y.z picks another cluster worker). */
export function get(url: string, options: { headers?: Record<string, string>; localAddress?: string; timeoutMs?: number } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    // A new TCP connection each time (no keep-alive): in cluster mode each one is routed afresh.
    const req = request(url, { agent: false, headers: options.headers, ...(options.localAddress ? { localAddress: options.localAddress } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.setTimeout(options.timeoutMs ?? 5000, () => req.destroy(new Error(`no answer from ${url} within ${options.timeoutMs ?? 5000} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export const waitForReadiness = (origin: string, status: 200 | 503, timeoutMs = 8000) =>
  waitUntil(`${origin}/readyz answers ${status}`, async () => (await get(`${origin}/readyz`)).status === status, timeoutMs);

/** Lets anything still in flight arrive, so a test can say it arrived exactly once. */
export const settle = (ms = 200) => new Promise((resolve) => setTimeout(resolve, ms));
