import type { Server, ServerResponse } from 'node:http';

export interface Transfer {
  path: string;
  type: string;
  bytes: number;
  /** When the request arrived (Date.now()): the page's performance.timeOrigin + marks are on the same clock. */
  requestedAt: number;
}

/**
 * Counts the bytes our server actually sends per response (after compression). Measured on the
 * server because Playwright reports 0 bytes for worker scripts.
 */
export function meterTransfers(server: Server): { transfers: Transfer[]; reset(): void } {
  const transfers: Transfer[] = [];
  server.prependListener('request', (req, res: ServerResponse) => {
    const requestedAt = Date.now();
    let bytes = 0;
    let type = '';
    const writeHead = res.writeHead.bind(res);
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      const headers = rest.find((arg): arg is Record<string, unknown> => typeof arg === 'object' && arg !== null);
      const found = headers && Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type');
      if (found) type = String(found[1]);
      return (writeHead as (...args: unknown[]) => ServerResponse)(status, ...rest);
    }) as typeof res.writeHead;
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    const count = (chunk: unknown) => {
      if (typeof chunk === 'string') bytes += Buffer.byteLength(chunk);
      else if (chunk instanceof Uint8Array) bytes += chunk.length;
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      count(chunk);
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'function') count(chunk);
      return (end as (...args: unknown[]) => ServerResponse)(chunk, ...rest);
    }) as typeof res.end;
    res.once('finish', () => {
      transfers.push({ path: new URL(req.url ?? '/', 'http://x').pathname, type: type || String(res.getHeader('content-type') ?? ''), bytes, requestedAt });
    });
  });
  return { transfers, reset: () => transfers.splice(0) };
}

export const isScript = (transfer: Transfer) => transfer.type.startsWith('text/javascript');
export const sum = (transfers: readonly Transfer[]) => transfers.reduce((total, transfer) => total + transfer.bytes, 0);
