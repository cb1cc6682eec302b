import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lessonSandbox } from '../../helpers/sandbox-harness.ts';
import { freePort } from '../../helpers/free-port.ts';
import { RedisProcess } from '../../helpers/redis-process.ts';
import { waitUntil } from '../scale/instances.ts';

/**
 * ‘Socket.IO 실전’: the lesson's example servers run in the real sandbox, and real socket.io-client
 * peers check what the lesson says happens: missed events, recovery, replay from an offset, retries,
 * CORS vs allowRequest. What the lesson says about adapters is derived from socket.io itself.
 */
const exampleFile = (name: string) => fileURLToPath(new URL(`../../../content/docs/socket-io-production/examples/${name}`, import.meta.url));
const example = (name: string) => readFileSync(exampleFile(name), 'utf8');

const { serve: serveCode, cleanups } = lessonSandbox();

/** Runs an example server in the sandbox and returns a loopback URL that reaches its port 3000. */
const serve = (name: string) => serveCode(example(name));

/** A client that, once dropped, stays away for one second (longer than the examples' 400 ms ticks) before it reconnects. */
function connect(url: string, options: Parameters<typeof io>[1] = {}): Socket {
  const socket = io(url, { forceNew: true, reconnectionDelay: 1000, reconnectionDelayMax: 1000, randomizationFactor: 0, ...options });
  cleanups.push(() => socket.close());
  return socket;
}

const connected = (socket: Socket) => new Promise<void>((resolve, reject) => {
  socket.once('connect', () => resolve());
  socket.once('connect_error', reject);
});

/** Drops the connection under the client (as the network panel's 연결 끊기 does) and waits for the reconnection. */
async function dropAndReconnect(socket: Socket): Promise<void> {
  const again = new Promise<void>((resolve) => socket.io.once('reconnect', () => resolve()));
  socket.io.engine.close();
  await again;
  await new Promise<void>((resolve) => (socket.connected ? resolve() : socket.once('connect', () => resolve())));
}

/** Every `tick` number a client received, in order. */
function ticks(socket: Socket): number[] {
  const seen: number[] = [];
  socket.on('tick', (n: number) => seen.push(n));
  return seen;
}

const gaps = (numbers: number[]) => numbers.slice(1).filter((n, i) => n !== numbers[i]! + 1).length;

describe('끊긴 동안의 이벤트와 연결 상태 복구', () => {
  /** Runs a tick example, lets a client hear a few ticks, drops its connection and waits for a few more after it came back. */
  async function tickedThroughADrop(name: string) {
    const { server, url } = await serve(name);
    const socket = connect(url);
    const seen = ticks(socket);
    await connected(socket);
    const firstId = socket.id;
    await waitUntil('a few ticks', () => seen.length >= 2);
    await dropAndReconnect(socket);
    const before = seen.length;
    await waitUntil('ticks after the reconnection', () => seen.length >= before + 3, 15_000);
    return { server, socket, seen, firstId };
  }

  it('without recovery, ticks sent while the client was away are lost, and it comes back as a new socket', async () => {
    const { socket, seen, firstId } = await tickedThroughADrop('lost/server.js');
    // Without connectionStateRecovery on the server the client's flag is not even false: undefined.
    expect(socket.recovered).toBeUndefined();
    expect(socket.id).not.toBe(firstId);
    expect(gaps(seen)).toBeGreaterThan(0);
  });

  it('with connectionStateRecovery, the same socket comes back: same id, its data and rooms, and every missed tick', async () => {
    const { server, socket, seen, firstId } = await tickedThroughADrop('recovery/server.js');
    expect(socket.recovered).toBe(true);
    expect(socket.id).toBe(firstId);
    expect(gaps(seen)).toBe(0);
    expect(server.text()).toContain(`복구: ${firstId} (방 ${firstId}, tickers`);
  });

  /** Cuts the client's transport and resolves once the server has seen it go (the client comes back ~1 s later). */
  async function droppedOnServer(server: Server, socket: Socket): Promise<void> {
    const [serverSide] = server.sockets.sockets.values();
    const gone = new Promise<void>((resolve) => serverSide!.once('disconnect', () => resolve()));
    socket.io.engine.close();
    await gone;
  }

  /** An in-process server with recovery on, and a client of it. */
  async function recoveringPair() {
    const httpServer = createServer();
    const server = new Server(httpServer, { connectionStateRecovery: {} });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => server.close());
    const socket = connect(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`);
    const got: string[] = [];
    socket.on('plain', (text: string) => got.push(text));
    socket.on('asked', (text: string, callback: () => void) => {
      got.push(text);
      callback();
    });
    await connected(socket);
    return { server, socket, got };
  }

  it('events emitted with an acknowledgement or as volatile are not kept for a recovering client (only plain ones are)', async () => {
    const { server, socket, got } = await recoveringPair();
    server.emit('plain', 'before');
    await waitUntil('the first event', () => got.includes('before'));
    const back = new Promise<void>((resolve) => server.once('connection', () => resolve()));
    await droppedOnServer(server, socket);
    server.emit('plain', 'while away');
    server.volatile.emit('plain', 'volatile while away');
    server.timeout(5000).emit('asked', 'asked while away', () => undefined);
    await back;
    await waitUntil('the missed plain event', () => got.includes('while away'));
    expect(socket.recovered).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(got).toEqual(['before', 'while away']);
  });

  it('a recovered socket skips the middlewares by default (skipMiddlewares: true)', async () => {
    const { server, socket, got } = await recoveringPair();
    let middlewareRuns = 0;
    server.use((_socket, next) => {
      middlewareRuns += 1;
      next();
    });
    server.emit('plain', 'before');
    await waitUntil('the first event', () => got.includes('before'));
    await dropAndReconnect(socket);
    expect(socket.recovered).toBe(true);
    expect(middlewareRuns).toBe(0);
  });

  it('a client that has received no kept event yet has no offset to send, so it cannot be recovered', async () => {
    const { server, socket, got } = await recoveringPair();
    const firstId = socket.id;
    const back = new Promise<void>((resolve) => server.once('connection', () => resolve()));
    await droppedOnServer(server, socket);
    server.emit('plain', 'while away');
    await back;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(socket.recovered).toBe(false);
    expect(socket.id).not.toBe(firstId);
    expect(got).toEqual([]);
  });
});

describe('전달 보장', () => {
  it('server → client: offsets kept by the server and sent back in auth replay what was missed, without recovery', async () => {
    const { server, url } = await serve('server-offset/server.js');
    const socket = connect(url, { auth: { serverOffset: 0 } });
    const ids: number[] = [];
    socket.on('news', (_text: string, id: number) => {
      const auth = socket.auth as { serverOffset: number };
      if (id <= auth.serverOffset) return;
      ids.push(id);
      auth.serverOffset = id;
    });
    await connected(socket);
    await waitUntil('some news', () => ids.length >= 2);
    await dropAndReconnect(socket);
    await waitUntil('news after the reconnection', () => ids.length >= 6, 15_000);
    expect(socket.recovered).toBeFalsy();
    expect(gaps(ids)).toBe(0);
    const replayed = [...server.text().matchAll(/놓친 (\d+)개를 다시 보냅니다/g)].map((match) => Number(match[1]));
    expect(replayed.length).toBe(2);
    expect(replayed[1]).toBeGreaterThan(0);
  });

  it('client → server: with ackTimeout and retries the client sends again until acknowledged, so the server gets each order twice', async () => {
    const { server, url } = await serve('retries/server.js');
    const socket = connect(url, { ackTimeout: 1000, retries: 3 });
    await connected(socket);
    const answer = await socket.emitWithAck('order', { id: 'o-1', item: '김밥' });
    expect(answer).toEqual({ ok: true });
    expect(server.text()).toContain('주문 김밥 받음 (1번째, id o-1)');
    expect(server.text()).toContain('주문 김밥 받음 (2번째, id o-1)');
  });
});

/** One plain HTTP request to the server, returning status and headers. */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('출처 검사: cors와 allowRequest', () => {
  it('cors names who may read polling answers, and nothing else: the WebSocket transport connects from any origin', async () => {
    const { url } = await serve('cors/server.js');
    const polling = await get(`${url}/socket.io/?EIO=4&transport=polling`, { Origin: 'null' });
    // The handshake is served; the browser just may not read it (the allowed origin is not the page's).
    expect(polling.status).toBe(200);
    expect(polling.headers['access-control-allow-origin']).toBe('https://my-chat.example');
    const socket = connect(url, { transports: ['websocket'], extraHeaders: { Origin: 'null' }, reconnection: false });
    await connected(socket);
    expect(socket.connected).toBe(true);
  });

  it('allowRequest refuses the first request of a new connection on either transport; an allowed origin and no origin get in', async () => {
    const { server, url } = await serve('allow-request/server.js');
    expect((await get(`${url}/socket.io/?EIO=4&transport=polling`, { Origin: 'null' })).status).toBe(403);
    const refused = connect(url, { transports: ['websocket'], extraHeaders: { Origin: 'null' }, reconnection: false });
    await expect(connected(refused)).rejects.toThrow();
    expect(server.text()).toContain('거절: Origin null');
    for (const headers of [{ Origin: 'https://my-chat.example' }, {}]) {
      expect((await get(`${url}/socket.io/?EIO=4&transport=polling`, headers)).status).toBe(200);
      await connected(connect(url, { transports: ['websocket'], extraHeaders: headers, reconnection: false }));
    }
  });
});

describe('어댑터와 연결 상태 복구', () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await RedisProcess.start();
  });
  afterAll(() => redis?.stop());

  it('with the Redis pub/sub adapter, recovery never succeeds: the client comes back as a new socket', async () => {
    const pub = createClient({ url: `redis://127.0.0.1:${redis.port}` });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    const httpServer = createServer();
    const server = new Server(httpServer, { connectionStateRecovery: {}, adapter: createRedisAdapter(pub, sub) });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      await server.close();
      await Promise.all([pub.quit(), sub.quit()]);
    });
    const socket = connect(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`);
    await connected(socket);
    const firstId = socket.id;
    await dropAndReconnect(socket);
    expect(socket.recovered).toBe(false);
    expect(socket.id).not.toBe(firstId);
  });
});

describe('the cluster example (Node cluster, @socket.io/sticky, @socket.io/cluster-adapter)', () => {
  it('runs as written: polling sessions stay on their worker, and io.emit reaches clients of the other worker', async () => {
    const port = await freePort();
    const child: ChildProcess = spawn(process.execPath, [exampleFile('cluster/server.js')], { env: { ...process.env, PORT: String(port), WORKERS: '2' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cleanups.push(() => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }));
    await waitUntil('the primary listening', () => output.includes(`http://localhost:${port}`), 10_000);
    // Polling only: every request of a session is a separate HTTP request the primary must route by sid.
    const clients: Array<{ socket: Socket; worker: string; messages: string[] }> = [];
    for (let i = 0; i < 6 && new Set(clients.map((c) => c.worker)).size < 2; i++) {
      const socket = connect(`http://127.0.0.1:${port}`, { transports: ['polling'], reconnection: false });
      const messages: string[] = [];
      socket.on('message', (text: string) => messages.push(text));
      const hello = await new Promise<string>((resolve, reject) => {
        socket.once('hello', resolve);
        socket.once('connect_error', reject);
      });
      clients.push({ socket, worker: /작업 프로세스 (\d+)/.exec(hello)?.[1] ?? '', messages });
    }
    const a = clients[0]!;
    const b = clients.find((client) => client.worker !== a.worker);
    expect(b, `clients on two workers (${output})`).toBeDefined();
    for (let i = 0; i < 3; i++) a.socket.emit('message', `안녕 ${i}`);
    await waitUntil('three messages on the other worker', () => b!.messages.length >= 3, 15_000);
    expect(b!.messages).toEqual([0, 1, 2].map((i) => `[${a.worker}] 안녕 ${i}`));
    expect(output).not.toMatch(/Session ID unknown|Error/);
  });
});
