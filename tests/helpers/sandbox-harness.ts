import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createLogger } from '../../playground-server/log.ts';
import { createSandboxManager, type SandboxManagerOptions } from '../../playground-server/sandbox/manager.ts';
import type { Sandbox, SandboxExitInfo, SandboxManager, SandboxOutputLine } from '../../playground-server/sandbox/sandbox-types.ts';

/** The seed article's ws server (CommonJS), as written. */
export const WS_SEED_SERVER = `const WebSocket = require("ws");
const wss = new WebSocket.Server({ port: 8080 });
wss.on("connection", (socket) => {
  console.log("클라이언트가 접속하였습니다.");
  socket.on("message", (message) => { console.log("받은 메세지:", message); socket.send("메세지 수신완료."); });
  socket.on("close", () => { console.log("클라이언트가 접속을 끊었습니다."); });
});
`;

/** The seed article's Socket.IO server (ES module), as written. */
export const SOCKET_IO_SEED_SERVER = `import { createServer } from "node:http";
import { readFile } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { Server } from "socket.io";
const __dirname = dirname(fileURLToPath(import.meta.url));
const server = createServer((req, res) => {
  readFile(join(__dirname, "index.html"), (err, data) => { res.writeHead(200, { "Content-Type": "text/html" }); res.end(data); });
});
const io = new Server(server);
io.on("connection", (socket) => {
  io.emit("message", \`\${socket.id} 님이 연결되었습니다.\`);
  socket.on("message", (msg) => { io.emit("message", \`\${socket.id}: \${msg}\`); });
  socket.on("disconnect", () => { socket.broadcast.emit("message", \`\${socket.id} 님의 연결이 끊어졌습니다.\`); });
});
server.listen(3000, () => { console.log("http://localhost:3000 에서 서버 구동 중..."); });
`;

export const SOCKET_IO_SEED_PAGE = '<!doctype html><html lang="ko"><title>채팅</title><ul id="messages"></ul></html>\n';

/** Small limits so the suite stays fast; each test file gets its own manager. */
export const TEST_LIMITS = {
  cpuTimeMs: 1000,
  rssMb: 160,
  outputBytes: 64 * 1024,
  listenTimeoutMs: 1500,
  pollIntervalMs: 50,
  wallTimeMs: 20_000,
  outboundConnections: 20,
  listeningPorts: 3,
  connections: 5,
  perOwner: 2,
  total: 4,
  ownerGraceMs: 300,
} as const;

export function startTestManager(overrides: Partial<SandboxManagerOptions> = {}): Promise<SandboxManager> {
  return createSandboxManager({ logger: createLogger('silent'), ...TEST_LIMITS, ...overrides });
}

/** A started sandbox with every console line it printed. */
export interface Run {
  sandbox: Sandbox;
  lines: SandboxOutputLine[];
  /** stdout and stderr lines joined, for `toContain`. */
  text(): string;
  exited: Promise<SandboxExitInfo>;
}

const started = new Set<Sandbox>();

export async function run(manager: SandboxManager, code: string, options: { entry?: string; files?: Record<string, string>; owner?: string } = {}): Promise<Run> {
  const entry = options.entry ?? 'server.js';
  const sandbox = await manager.start({ owner: options.owner ?? 'learner', files: { ...options.files, [entry]: code }, entry });
  started.add(sandbox);
  void sandbox.exited.then(() => started.delete(sandbox));
  const lines: SandboxOutputLine[] = [];
  sandbox.on('output', (line) => lines.push(line));
  return { sandbox, lines, text: () => lines.map((line) => line.text).join('\n'), exited: sandbox.exited };
}

/**
 * For afterEach: stops what a failed test left running (so one failure does not cascade) and
 * returns how many there were, which a passing test leaves at 0.
 */
export async function stopLeftovers(): Promise<number> {
  const leftovers = [...started];
  await Promise.all(leftovers.map((sandbox) => sandbox.stop()));
  return leftovers.length;
}

/**
 * A loopback TCP port that forwards every connection to the sandbox's virtual port — what the
 * playground's tap does for the browser. Clients (ws, socket.io-client, fetch) use it unchanged.
 */
export async function relayTo(sandbox: Sandbox, virtualPort: number): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.pause();
    client.on('error', () => client.destroy());
    sandbox.connect(virtualPort).then(
      (upstream) => {
        upstream.on('error', () => client.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream).pipe(client);
        client.resume();
      },
      () => client.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** The process `pid` while it runs, as /proc shows it; null once it is gone or a zombie (dead, only waiting to be reaped). */
export function runningProcess(pid: number): { pid: number; state: string; command: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' ? null : { pid, state, command: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 120) };
  } catch {
    return null;
  }
}

/**
 * Processes below this test process that are alive (zombies excluded), read straight from /proc
 * and independent of the sandbox's own bookkeeping.
 */
export function liveDescendants(root = process.pid): Array<{ pid: number; command: string }> {
  const found: Array<{ pid: number; command: string }> = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const word of children.split(' ').filter(Boolean)) {
        const child = Number(word);
        const running = runningProcess(child);
        if (running) found.push({ pid: child, command: running.command });
        queue.push(child);
      }
    }
  }
  return found;
}

/** Every process on the machine whose command line mentions `text` (e.g. a sandbox folder). */
export function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(text)) found.push(Number(name));
    } catch {}
  }
  return found;
}

/** Which isolation modes work on this machine: both where bubblewrap runs, else the permission model alone. */
export async function availableModes(): Promise<Array<'bwrap' | 'permission'>> {
  const probe = await startTestManager({ isolation: 'auto' });
  const modes: Array<'bwrap' | 'permission'> = probe.mode === 'bwrap' ? ['bwrap', 'permission'] : ['permission'];
  await probe.closeAll();
  return modes;
}

/**
 * A test file of a lesson's example servers: one sandbox manager for the file (lessons' servers are
 * given 5 s to listen and 5 s of CPU), and after each test what it deferred undone in reverse order and
 * no sandbox left running. `serve` runs an example and returns a loopback URL that reaches its port.
 */
export function lessonSandbox(): {
  serve(code: string, options?: { files?: Record<string, string>; port?: number }): Promise<{ server: Run; url: string }>;
  cleanups: Array<() => unknown>;
} {
  let manager: SandboxManager | undefined;
  const cleanups: Array<() => unknown> = [];
  beforeAll(async () => {
    manager = await startTestManager({ listenTimeoutMs: 5000, connections: 20, cpuTimeMs: 5000 });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    expect(await stopLeftovers()).toBe(0);
  });
  afterAll(() => manager?.closeAll());
  return {
    cleanups,
    async serve(code, options = {}) {
      if (!manager) throw new Error('lessonSandbox: serve() was called before beforeAll ran');
      const server = await run(manager, code, options.files ? { files: options.files } : {});
      await server.sandbox.listening;
      const relay = await relayTo(server.sandbox, options.port ?? 3000);
      cleanups.push(() => relay.close(), () => server.sandbox.stop());
      return { server, url: relay.url };
    },
  };
}
