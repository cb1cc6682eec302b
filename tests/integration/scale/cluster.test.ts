import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slotFor } from '../../../playground-server/scale/sticky-route.ts';
import { liveDescendants, processesMentioning, runningProcess } from '../../helpers/sandbox-harness.ts';
import { openControl } from '../../helpers/control.ts';
import { holdConnection } from '../../helpers/raw.ts';
import { startMain, type MainProcess } from '../../helpers/main-process.ts';
import { TestClient } from '../../helpers/ws.ts';
import { socketIoClient } from '../../helpers/socket-io-client.ts';
import { get, settle, waitUntil } from './instances.ts';
import { RedisProcess } from '../../helpers/redis-process.ts';

/** Two loopback source addresses that the primary routes to worker 0 and worker 1. */
function addressesPerSlot(workers: number): string[] {
  const found: string[] = [];
  for (let host = 1; found.length < workers && host < 255; host++) {
    const address = `127.0.0.${host}`;
    if (found[slotFor(address, workers)] === undefined) found[slotFor(address, workers)] = address;
  }
  if (found.length !== workers || found.includes(undefined as unknown as string)) throw new Error('no address for every slot');
  return found;
}

/** `npm start -- --workers 2`, as an operator runs it. */
const startCluster = (env: Record<string, string> = {}) => startMain({ args: ['--workers', '2'], env });
type Cluster = MainProcess;

const WS_SEED = `const WebSocket = require("ws");
const wss = new WebSocket.Server({ port: 8080 });
wss.on("connection", (socket) => {
  socket.on("message", () => socket.send("메세지 수신완료."));
});
`;


describe('npm start -- --workers 2 (no Redis)', () => {
  const [onWorker0, onWorker1] = addressesPerSlot(2) as [string, string];
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(() => {
    if (cluster?.child.exitCode === null) cluster.child.kill('SIGKILL');
  });

  it('routes every connection by the client’s address: the same address always reaches the same worker', async () => {
    for (const [address, worker] of [[onWorker0, 0], [onWorker1, 1]] as const) {
      for (let i = 0; i < 4; i++) {
        const health = JSON.parse((await get(`${cluster.origin}/healthz`, { localAddress: address })).body) as { worker: number };
        expect(health.worker).toBe(worker);
      }
    }
  });

  it('cuts a client that sends its headers too slowly (slowloris) after the headers timeout, as a single instance does', async () => {
    // The workers' HTTP servers never listen themselves (the primary hands them connections), so
    // Node never started checking their timeouts: such a client was held forever.
    const port = Number(new URL(cluster.origin).port);
    const held = await holdConnection(port, { first: 'GET / HTTP/1.1\r\nHost: x\r\n', localAddress: onWorker1 });
    expect(held.byServer).toBe(true);
    expect(held.closedAfter).toBeGreaterThan(9_000);
  }, 45_000);

  it('Socket.IO: a polling-only client, a websocket client and an upgrading client on different workers all talk to each other', async () => {
    const polling = await socketIoClient(cluster.origin, { transports: ['polling'], localAddress: onWorker0 });
    const websocket = await socketIoClient(cluster.origin, { transports: ['websocket'], localAddress: onWorker1 });
    const upgrading = await socketIoClient(cluster.origin, { localAddress: onWorker1 });
    await waitUntil('the websocket upgrade', () => upgrading.socket.io.engine.transport.name === 'websocket');
    // Many rounds: each polling request must find its Engine.IO session in the same worker.
    for (let round = 0; round < 8; round++) {
      const fromPolling = `폴링 ${round}`;
      polling.socket.emit('message', fromPolling);
      await websocket.waitFor(`${polling.socket.id}: ${fromPolling}`);
      await upgrading.waitFor(`${polling.socket.id}: ${fromPolling}`);
      const fromWebsocket = `웹소켓 ${round}`;
      websocket.socket.emit('message', fromWebsocket);
      await polling.waitFor(`${websocket.socket.id}: ${fromWebsocket}`);
    }
    await settle();
    expect(polling.count('폴링 3')).toBe(1);
    expect(websocket.count('폴링 3')).toBe(1);
    expect(polling.socket.connected && websocket.socket.connected && upgrading.socket.connected).toBe(true);
    for (const client of [polling, websocket, upgrading]) client.close();
  });

  it('/ws/chat: a message crosses workers, once per client', async () => {
    const chat0 = await TestClient.open(`${cluster.wsBase}/ws/chat`, { localAddress: onWorker0 });
    const chat1 = await TestClient.open(`${cluster.wsBase}/ws/chat`, { localAddress: onWorker1 });
    chat0.ws.send('워커를 건너서');
    await waitUntil('worker 1 hears worker 0', () => chat1.texts.some((text) => text.endsWith(': 워커를 건너서')));
    await settle();
    expect(chat1.texts.filter((text) => text.endsWith(': 워커를 건너서'))).toHaveLength(1);
    expect(chat0.texts.filter((text) => text.endsWith(': 워커를 건너서'))).toHaveLength(1);
    chat0.ws.close();
    chat1.ws.close();
  });

  it('/metrics gathers every worker, each sample labelled with its worker', async () => {
    const metrics = (await get(`${cluster.origin}/metrics`)).body;
    expect(metrics).toContain('playground_cluster_workers 2');
    expect(metrics).toContain('playground_info{worker="0",scale="cluster"} 1');
    expect(metrics).toContain('playground_info{worker="1",scale="cluster"} 1');
    expect(metrics.match(/^# TYPE playground_connections gauge$/gm)).toHaveLength(1);
  });

  let sandboxRoots: string[] = [];
  it('a learner’s control channel and the proxy to their server land on the same worker; another address does not reach it', async () => {
    const control = await openControl(cluster.origin, { localAddress: onWorker0 });
    control.runServer({ 'server.js': WS_SEED });
    const { base } = await control.waitFor('server-listening');
    const learner = await TestClient.open(`${cluster.wsBase}${base}/8080`, { localAddress: onWorker0 });
    learner.ws.send('안녕');
    await learner.waitFor(1);
    expect(learner.texts).toEqual(['메세지 수신완료.']);
    const elsewhere = await get(`${cluster.origin}${base}/8080/`, { localAddress: onWorker1 });
    expect(elsewhere.status).toBe(502);
    expect(elsewhere.headers['x-playground-error']).toBe('SANDBOX_UNREACHABLE');
    expect((await get(`${cluster.origin}/metrics`)).body).toContain('playground_sandboxes_running{worker="0"} 1');
    sandboxRoots = cluster.log().filter((line) => line['event'] === 'sandbox_isolation').map((line) => String(line['root']));
    expect(sandboxRoots).toHaveLength(2);
    // Left open on purpose: shutdown must close it (1001) and kill the sandbox.
  });

  it('SIGTERM: every worker closes its WebSockets with 1001 and its sandboxes, and no process is left', async () => {
    const workers = cluster.log().filter((line) => line['event'] === 'worker_started').map((line) => Number(line['pid']));
    expect(workers).toHaveLength(2);
    const chat0 = await TestClient.open(`${cluster.wsBase}/ws/chat`, { localAddress: onWorker0 });
    const chat1 = await TestClient.open(`${cluster.wsBase}/ws/chat`, { localAddress: onWorker1 });
    cluster.child.kill('SIGTERM');
    expect((await chat0.closed).code).toBe(1001);
    expect((await chat1.closed).code).toBe(1001);
    // Exit code 0 and no worker_killed error (checked below): every worker finished before the primary's deadline.
    expect(await cluster.exited).toBe(0);
    await waitUntil('the workers are gone', () => workers.every((pid) => runningProcess(pid) === null));
    expect(liveDescendants()).toEqual([]);
    for (const root of sandboxRoots) {
      expect(processesMentioning(root)).toEqual([]);
      expect(existsSync(root)).toBe(false);
    }
    expect(cluster.log().filter((line) => line['level'] === 'error')).toEqual([]);
  });
});

describe('npm start -- --workers 2 with REDIS_URL', () => {
  const [onWorker0, onWorker1] = addressesPerSlot(2) as [string, string];
  let redis: RedisProcess;
  let cluster: Cluster;

  beforeAll(async () => {
    redis = await RedisProcess.start();
    cluster = await startCluster({ REDIS_URL: redis.url });
    await waitUntil('both workers ready', async () => {
      const answers = await Promise.all([onWorker0, onWorker1].map((address) => get(`${cluster.origin}/readyz`, { localAddress: address })));
      return answers.every((answer) => answer.status === 200);
    });
  });
  afterAll(async () => {
    if (cluster?.child.exitCode === null) {
      cluster.child.kill('SIGTERM');
      await cluster.exited;
    }
    await redis?.stop();
  });

  it('each worker is an instance on Redis: Socket.IO and /ws/chat cross workers through it', async () => {
    expect((await get(`${cluster.origin}/metrics`)).body).toContain('playground_info{worker="1",scale="redis"} 1');
    const sio0 = await socketIoClient(cluster.origin, { transports: ['polling'], localAddress: onWorker0 });
    const sio1 = await socketIoClient(cluster.origin, { transports: ['websocket'], localAddress: onWorker1 });
    sio0.socket.emit('message', '레디스로 건너기');
    await sio1.waitFor(`${sio0.socket.id}: 레디스로 건너기`);
    const chat0 = await TestClient.open(`${cluster.wsBase}/ws/chat`, { localAddress: onWorker0 });
    const chat1 = await TestClient.open(`${cluster.wsBase}/ws/chat`, { localAddress: onWorker1 });
    chat1.ws.send('레디스 채팅');
    await waitUntil('worker 0 hears worker 1', () => chat0.texts.some((text) => text.endsWith(': 레디스 채팅')));
    await settle();
    expect(chat0.texts.filter((text) => text.endsWith(': 레디스 채팅'))).toHaveLength(1);
    expect(sio1.count('레디스로 건너기')).toBe(1);
    sio0.close();
    sio1.close();
    chat0.ws.close();
    chat1.ws.close();
  });

  it('a worker that dies is replaced in its slot: its addresses get the new worker, the others keep theirs', { timeout: 90_000 }, async () => {
    const health = async (address: string) => JSON.parse((await get(`${cluster.origin}/healthz`, { localAddress: address })).body) as { pid: number; worker: number };
    const [before0, before1] = [await health(onWorker0), await health(onWorker1)];
    process.kill(before1.pid, 'SIGKILL');
    // A request that races the death is answered by the replacement or closed; it never hangs.
    const racing = await get(`${cluster.origin}/healthz`, { localAddress: onWorker1, timeoutMs: 4000 }).then(
      (answer) => `answered ${answer.status}`,
      (error: Error) => error.message,
    );
    expect(racing).toMatch(/^answered 200$|socket hang up|ECONNRESET/);
    await waitUntil('worker 1 is replaced', async () => {
      try {
        const now = await health(onWorker1);
        return now.pid !== before1.pid && now.worker === 1;
      } catch {
        return false;
      }
    }, 30_000);
    expect(await health(onWorker0)).toMatchObject({ pid: before0.pid, worker: 0 });
    expect(cluster.log().filter((line) => line['event'] === 'worker_exited')).toMatchObject([{ level: 'error', worker: 1, pid: before1.pid, signal: 'SIGKILL' }]);
    await waitUntil('the new worker is ready', async () => (await get(`${cluster.origin}/readyz`, { localAddress: onWorker1 })).status === 200);
    expect((await get(`${cluster.origin}/metrics`)).body).toContain('playground_cluster_worker_restarts_total 1');
    const chat0 = await TestClient.open(`${cluster.wsBase}/ws/chat`, { localAddress: onWorker0 });
    const chat1 = await TestClient.open(`${cluster.wsBase}/ws/chat`, { localAddress: onWorker1 });
    chat1.ws.send('새 작업 프로세스에서');
    await waitUntil('worker 0 hears the new worker 1', () => chat0.texts.some((text) => text.endsWith(': 새 작업 프로세스에서')));
    chat0.ws.close();
    chat1.ws.close();
  });
});
