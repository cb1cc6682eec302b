import { Agent } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { waitUntil } from './wait.ts';

/**
 * A socket.io-client that keeps every `message` event it receives (the course's chat and the seed servers send
 * `message`): the one Socket.IO test client. Connected when it resolves; no reconnection, its own Manager.
 */
export interface ChatClient {
  socket: Socket;
  messages: string[];
  /** Resolves when a message containing `text` arrived (including earlier ones), or when `check(messages)` holds. */
  waitFor(text: string | ((messages: string[]) => boolean), timeoutMs?: number): Promise<void>;
  /** How many received messages contain `text`. */
  count(text: string): number;
  close(): void;
}

/** Connects to the Socket.IO server at `origin` (from `localAddress`, another 127.x.y.z, when given). */
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
    waitFor: (text, timeoutMs = 15_000) =>
      typeof text === 'string'
        ? waitUntil(`a socket.io message containing ${JSON.stringify(text)} (got ${JSON.stringify(messages)})`, () => messages.some((m) => m.includes(text)), timeoutMs)
        : waitUntil('the messages expected', () => text(messages), timeoutMs, () => JSON.stringify(messages)),
    count: (text) => messages.filter((m) => m.includes(text)).length,
    close: () => {
      socket.close();
      agent?.destroy();
    },
  };
}
