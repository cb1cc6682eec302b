import { spawn } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebSocket } from 'ws';
import * as z from 'zod/mini';
import { createLogger } from '../playground-server/log.ts';
import { createSandboxManager } from '../playground-server/sandbox/manager.ts';
import { startChild } from './child.ts';
import { quantile, type Row } from './stats.ts';
import { openControl } from '../tests/helpers/control.ts';
import { WS_SEED_SERVER } from '../tests/helpers/sandbox-harness.ts';
import { closeWs, openWs } from './ws-client.ts';

/**
 * Sandboxes. Start → listening for the seed's ws server and for its Socket.IO server (ES module),
 * BENCH_SANDBOX_RUNS (20) times each, against the same ws server started with a bare `node` (no
 * sandbox) in the same run. BENCH_SANDBOX_ISOLATION (auto | bwrap | permission) picks the walls.
 * Then BENCH_SANDBOX_CONCURRENT (50) sandboxes started
 * at once through our server's control channel (25 pages × 2), each then echoing a message every
 * 100 ms through the proxy: the server's event-loop delay p99 (perf_hooks.monitorEventLoopDelay),
 * against the same server idle, in the same run.
 */
const RUNS = Number(process.env['BENCH_SANDBOX_RUNS'] ?? 20);
const CONCURRENT = Number(process.env['BENCH_SANDBOX_CONCURRENT'] ?? 50);
const HOLD_MS = Number(process.env['BENCH_SANDBOX_HOLD_MS'] ?? 5000);
const ISOLATION = z.enum(['auto', 'bwrap', 'permission']).parse(process.env['BENCH_SANDBOX_ISOLATION'] ?? 'auto');

/** The seed's Socket.IO server, shortened to what matters for start-up (ES module, socket.io import, listen). */
const SOCKET_IO_SEED = `import { createServer } from "node:http";
import { Server } from "socket.io";
const server = createServer();
const io = new Server(server);
io.on("connection", (socket) => { socket.on("message", (msg) => io.emit("message", msg)); });
server.listen(3000, () => { console.log("http://localhost:3000 에서 서버 구동 중..."); });
`;

function timeBareServer(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.once('error', reject);
    child.stdout.once('data', () => {
      resolve(performance.now() - started);
      child.kill('SIGKILL');
    });
  });
}

async function startLatency(): Promise<{ bare: number[]; sandboxed: number[]; socketIo: number[]; mode: string }> {
  const manager = await createSandboxManager({ logger: createLogger('silent'), perOwner: 1, isolation: ISOLATION });
  const dir = await mkdtemp(join(tmpdir(), 'ws-noriteo-bench-bare-'));
  await symlink(fileURLToPath(new URL('../node_modules/', import.meta.url)), join(dir, 'node_modules'));
  await writeFile(join(dir, 'server.js'), 'const WebSocket = require("ws");\nnew WebSocket.Server({ port: 0 }, () => console.log("listening"));\n');
  const bare: number[] = [];
  const sandboxed: number[] = [];
  const socketIo: number[] = [];
  const timeSandbox = async (code: string) => {
    const started = performance.now();
    const sandbox = await manager.start({ owner: 'bench', files: { 'server.js': code }, entry: 'server.js' });
    await sandbox.listening;
    const took = performance.now() - started;
    await sandbox.stop();
    return took;
  };
  try {
    for (let i = 0; i < RUNS; i++) {
      bare.push(await timeBareServer(join(dir, 'server.js')));
      sandboxed.push(await timeSandbox(WS_SEED_SERVER));
      socketIo.push(await timeSandbox(SOCKET_IO_SEED));
    }
  } finally {
    await manager.closeAll();
    await rm(dir, { recursive: true, force: true });
  }
  return { bare, sandboxed, socketIo, mode: manager.mode };
}

async function concurrentLoopDelay() {
  const server = await startChild('playground-server', {
    BENCH_CONFIG: JSON.stringify({ sandbox: { total: CONCURRENT, perOwner: 2, perClient: CONCURRENT }, limits: { maxConnectionsPerIp: 0 } }),
  });
  try {
    await server.loopDelayStart();
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
    const idle = await server.loopDelayStop();

    const pages = await Promise.all(Array.from({ length: Math.ceil(CONCURRENT / 2) }, () => openControl(`http://127.0.0.1:${server.port}`, { keepCapture: false })));
    await server.loopDelayStart();
    const started = performance.now();
    const runs = Array.from({ length: CONCURRENT }, (_, i) => ({ page: pages[Math.floor(i / 2)]!, runId: `r${i}` }));
    for (const { page, runId } of runs) page.runServer({ 'server.js': WS_SEED_SERVER }, { runId });
    const listening = await Promise.all(runs.map(({ page, runId }) => page.waitFor('server-listening', (m) => m.runId === runId, 20_000)));
    const allListening = performance.now() - started;
    const clients: WebSocket[] = await Promise.all(listening.map((m) => openWs(`ws://127.0.0.1:${server.port}${m.base}/8080/`, { headers: { Origin: 'null' } })));
    let echoes = 0;
    for (const client of clients) client.on('message', () => (echoes += 1));
    const talk = setInterval(() => {
      for (const client of clients) client.send('서버 하이.');
    }, 100);
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
    clearInterval(talk);
    const busy = await server.loopDelayStop();
    await Promise.all(clients.map(closeWs));
    await Promise.all(pages.map((page) => page.close()));
    return { idle, busy, allListening, echoes };
  } finally {
    await server.stop();
  }
}

export async function sandboxBench(): Promise<Row[]> {
  const start = await startLatency();
  const concurrent = await concurrentLoopDelay();
  const p = (values: number[], q: number) => quantile(values, q).toFixed(0);
  return [
    {
      bench: 'sandbox',
      metric: `start → listening p50 / p95 (${RUNS} runs, ${start.mode})`,
      value: `${p(start.sandboxed, 0.5)} / ${p(start.sandboxed, 0.95)} ms`,
      baseline: `${p(start.bare, 0.5)} / ${p(start.bare, 0.95)} ms bare node`,
      note: 'ws seed; goal p50 ≤ 250 ms',
    },
    {
      bench: 'sandbox',
      metric: `start → listening p50 / p95 (${RUNS} runs, Socket.IO seed, ESM)`,
      value: `${p(start.socketIo, 0.5)} / ${p(start.socketIo, 0.95)} ms`,
      baseline: `${p(start.bare, 0.5)} / ${p(start.bare, 0.95)} ms bare node (ws)`,
      note: 'socket.io loads more modules than ws',
    },
    {
      bench: 'sandbox',
      metric: `${CONCURRENT} at once: server event-loop delay p99`,
      value: `${concurrent.busy.p99.toFixed(1)} ms`,
      baseline: `${concurrent.idle.p99.toFixed(1)} ms idle`,
      note: `goal ≤ 50 ms ${concurrent.busy.p99 <= 50 ? 'OK' : 'OVER'}; max ${concurrent.busy.max.toFixed(0)} ms; all listening in ${(concurrent.allListening / 1000).toFixed(1)} s; ${concurrent.echoes.toLocaleString('en-US')} echoes`,
    },
  ];
}
