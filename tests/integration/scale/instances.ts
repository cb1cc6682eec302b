import { Agent, request } from 'node:http';
import { io, type Socket } from 'socket.io-client';
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

/** A socket.io-client that keeps every `message` event it receives. */
export interface ChatClient {
  socket: Socket;
  messages: string[];
  /** Resolves when a message containing `text` arrived (including earlier ones). */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** How many received messages contain `text`. */
  count(text: string): number;
  close(): void;
}

export async function socketIoClient(origin: string, options: { transports?: Array<'polling' | 'websocket'>; localAddress?: string } = {}): Promise<ChatClient> {
  // No keep-alive: every polling request opens its own connection, as a stickiness test needs.
  const agent = options.localAddress ? new Agent({ localAddress: options.localAddress, keepAlive: false }) : undefined;
  const socket = io(origin, {
    transports: options.transports ?? ['polling', 'websocket'],
    reconnection: false,
    forceNew: true,
    ...(agent ? { agent: agent as unknown as string, localAddress: options.localAddress } : {}),
  });
  const messages: string[] = [];
  socket.on('message', (message: string) => messages.push(message));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    messages,
    waitFor: (text, timeoutMs = 15_000) => waitUntil(`a socket.io message containing ${JSON.stringify(text)} (got ${JSON.stringify(messages)})`, () => messages.some((m) => m.includes(text)), timeoutMs),
    count: (text) => messages.filter((m) => m.includes(text)).length,
    close: () => {
      socket.close();
      agent?.destroy();
    },
  };
}

/** Lets anything still in flight arrive, so a test can say it arrived exactly once. */
export const settle = (ms = 200) => new Promise((resolve) => setTimeout(resolve, ms));
