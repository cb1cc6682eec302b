import type { IncomingMessage } from 'node:http';
import { createServer, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Recorder } from '../../playground-server/capture-hub.ts';
import { SOCKET_WRAPPERS, WEBSOCKET_WRAPPERS, wrapAll } from '../../playground-server/connection-wrappers.ts';
import { NetConditions } from '../../playground-server/net-conditions.ts';
import { sleep, waitUntil } from '../helpers/wait.ts';

/** A connected pair of loopback TCP sockets: `client` as the browser's, `server` as the one the dispatcher wraps. */
async function socketPair(): Promise<{ client: Socket; server: Socket; close(): void }> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as { port: number }).port;
  const accepted = new Promise<Socket>((resolve) => listener.once('connection', resolve));
  const client = connect(port, '127.0.0.1');
  const server = await accepted;
  return { client, server, close: () => (client.destroy(), server.destroy(), listener.close()) };
}

/** A recorder that keeps what the tap hands it, as text per direction. */
function textRecorder() {
  const seen = { in: '', out: '' };
  const recorder: Recorder = {
    chunk: (direction, bytes) => void (seen[direction === 'client-to-server' ? 'in' : 'out'] += Buffer.from(bytes).toString('latin1')),
    end: () => {},
  };
  return { recorder, seen };
}

const request = { method: 'GET', url: '/ws/echo', httpVersion: '1.1', rawHeaders: ['Host', 'x'] } as unknown as IncomingMessage;
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('the order a connection’s wrappers are applied in', () => {
  it('is one list per stage: the socket gets the tap, then network conditions; the WebSocket the guard, then the log', () => {
    expect(SOCKET_WRAPPERS.map((wrapper) => wrapper.name)).toEqual(['tap', 'net-conditions']);
    expect(WEBSOCKET_WRAPPERS.map((wrapper) => wrapper.name)).toEqual(['websocket-guard', 'connection-log']);
  });

  it('puts network conditions outside the tap: what a silenced link drops is neither delivered nor recorded, either way', async () => {
    const { client, server, close } = await socketPair();
    cleanup = close;
    const { recorder, seen } = textRecorder();
    const conditions = new NetConditions();
    wrapAll(SOCKET_WRAPPERS, { req: request, socket: server, head: Buffer.alloc(0), recorder, tag: 'page.pg1', conditions });
    let delivered = '';
    let received = '';
    server.on('data', (chunk: Buffer) => void (delivered += chunk.toString('latin1')));
    client.on('data', (chunk: Buffer) => void (received += chunk.toString('latin1')));

    client.write('before');
    server.write('hello');
    await waitUntil('the first bytes both ways', () => delivered === 'before' && received === 'hello');
    expect(seen.in).toMatch(/^GET \/ws\/echo HTTP\/1\.1\r\nHost: x\r\n\r\nbefore$/);
    expect(seen.out).toBe('hello');

    expect(conditions.silence('page.pg1')).toBe(1);
    client.write('after');
    server.write('lost');
    // Proving an absence: the bytes had time to cross loopback many times over.
    await sleep(300);
    expect({ delivered, received }).toEqual({ delivered: 'before', received: 'hello' });
    expect(seen.in.endsWith('before')).toBe(true);
    expect(seen.out).toBe('hello');
  });
});
