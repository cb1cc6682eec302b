/**
 * Start latency of a sandbox: Run (manager.start) → the seed's ws server listening, against a bare
 * `node -e 0` spawn and a bare, unsandboxed `node server.js` in the same run.
 *
 *   node playground-server/sandbox/measure-start.ts [runs=20] [auto|bwrap|permission]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../log.ts';
import { createSandboxManager } from './manager.ts';

const WS_SEED = `const WebSocket = require("ws");
const wss = new WebSocket.Server({ port: 8080 });
wss.on("connection", (socket) => {
  console.log("클라이언트가 접속하였습니다.");
  socket.on("message", (message) => { console.log("받은 메세지:", message); socket.send("메세지 수신완료."); });
  socket.on("close", () => { console.log("클라이언트가 접속을 끊었습니다."); });
});
`;

/** The seed's Socket.IO server, shortened to what matters for start-up (ES module, socket.io import, listen). */
const SOCKET_IO_SEED = `import { createServer } from "node:http";
import { Server } from "socket.io";
const server = createServer();
const io = new Server(server);
io.on("connection", (socket) => { socket.on("message", (msg) => io.emit("message", msg)); });
server.listen(3000, () => { console.log("http://localhost:3000 에서 서버 구동 중..."); });
`;

const runs = Number(process.argv[2] ?? 20);
const isolation = (process.argv[3] ?? 'auto') as 'auto' | 'bwrap' | 'permission';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function timeChild(args: string[], until: 'exit' | 'stdout'): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    child.once('error', reject);
    if (until === 'stdout') {
      child.stdout.once('data', () => {
        resolve(performance.now() - started);
        child.kill('SIGKILL');
      });
    } else {
      child.stdout.resume();
      child.once('exit', () => resolve(performance.now() - started));
    }
  });
}

const manager = await createSandboxManager({ logger: createLogger('warn'), isolation, perOwner: 1 });
const bareDir = await mkdtemp(join(tmpdir(), 'ws-noriteo-bare-'));
await symlink(fileURLToPath(new URL('../../node_modules/', import.meta.url)), join(bareDir, 'node_modules'));
// The same server, unsandboxed, on port 0, printing once it listens.
await writeFile(join(bareDir, 'server.js'), 'const WebSocket = require("ws");\nnew WebSocket.Server({ port: 0 }, () => console.log("listening"));\n');

const sandboxed: number[] = [];
const sandboxedSocketIo: number[] = [];
const bareNode: number[] = [];
const bareServer: number[] = [];
try {
  for (let i = 0; i < runs; i += 1) {
    bareNode.push(await timeChild(['-e', '0'], 'exit'));
    bareServer.push(await timeChild([join(bareDir, 'server.js')], 'stdout'));
    const started = performance.now();
    const sandbox = await manager.start({ owner: 'measure', files: { 'server.js': WS_SEED }, entry: 'server.js' });
    await sandbox.listening;
    sandboxed.push(performance.now() - started);
    await sandbox.stop();
    const ioStarted = performance.now();
    const ioSandbox = await manager.start({ owner: 'measure', files: { 'server.js': SOCKET_IO_SEED }, entry: 'server.js' });
    await ioSandbox.listening;
    sandboxedSocketIo.push(performance.now() - ioStarted);
    await ioSandbox.stop();
  }
} finally {
  await manager.closeAll();
  await rm(bareDir, { recursive: true, force: true });
}

const row = (name: string, values: number[]) =>
  `| ${name.padEnd(46)} | ${percentile(values, 50).toFixed(1).padStart(7)} | ${percentile(values, 95).toFixed(1).padStart(7)} |`;
process.stdout.write(
  [
    `isolation: ${manager.mode}, runs: ${runs}, node ${process.version}`,
    `| ${'measure (ms)'.padEnd(46)} |     p50 |     p95 |`,
    `|${'-'.repeat(48)}|---------|---------|`,
    row('bare spawn: node -e 0 → exit', bareNode),
    row('bare node server.js (ws) → listening', bareServer),
    row('sandbox: start() → listening (ws seed)', sandboxed),
    row('sandbox: start() → listening (socket.io, ESM)', sandboxedSocketIo),
    '',
  ].join('\n'),
);
