import { spawn } from 'node:child_process';
import { createSocket as createUdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { connect as netConnect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bwrapArgs, DEV_TMPFS_BYTES, prlimitArgs } from '../../../playground-server/sandbox/isolation.ts';
import { effectiveRunAs, sandboxLimitsSchema, sandboxOptionsSchema } from '../../../playground-server/sandbox/options.ts';
import type { SandboxManager } from '../../../playground-server/sandbox/sandbox-types.ts';
import { availableModes, run, startTestManager, stopLeftovers, WS_SEED_SERVER } from '../../helpers/sandbox-harness.ts';
import { clientKey } from '../../../playground-server/limits/ip-connection-limiter.ts';

const modes = await availableModes();
const NODE = fileURLToPath(new URL('../../../node_modules/node/bin/node', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Built-in APIs that reach past the permission model or show the host, tried from a learner's
 * server. Each of these worked on f681f72: node:sqlite wrote databases anywhere the server's user
 * could, v8.setFlagsFromString changed the engine under the limits, process.report printed the
 * host's paths.
 */
describe.each(modes)('reach-arounds (isolation: %s)', (mode) => {
  let manager: SandboxManager;
  beforeAll(async () => {
    manager = await startTestManager({ isolation: mode });
  });
  afterAll(() => manager.closeAll());
  afterEach(async () => {
    expect(await stopLeftovers()).toBe(0);
  });

  it('node:sqlite is not there, by require or import', async () => {
    const attack = await run(
      manager,
      [
        'try { require("node:sqlite"); console.log("열림"); } catch (error) { console.log("막힘", error.code); }',
        'import("node:sqlite").then(() => console.log("열림"), (error) => { console.log("막힘", error.code); process.exit(0); });',
      ].join('\n'),
    );
    await attack.exited;
    expect(attack.text()).not.toContain('열림');
    expect(attack.lines.filter((line) => line.text === '막힘 ERR_UNKNOWN_BUILTIN_MODULE').length).toBe(2);
  });

  it('an uncaught require("node:sqlite") ends with a Korean message on the learner\'s line, not Node\'s English one inside its loader', async () => {
    const attack = await run(manager, 'const { DatabaseSync } = require("node:sqlite");\nnew DatabaseSync("/tmp/x.db");\n');
    const exit = await attack.exited;
    expect(exit.reason).toBe('crashed');
    expect(exit.error).toMatchObject({ location: { file: 'server.js', line: 1 }, message: expect.stringContaining('node:sqlite는 놀이터의 서버 코드에서 쓸 수 없습니다') });
    expect(exit.message).toContain('메모리(배열, Map)');
  });

  // Node's docs (permissions.md, v24) name what the permission model does not cover or only restricts: these are the
  // ones a program can reach at run time. Node 24.21 refuses each under --permission (and the preload the rest);
  // this keeps it so on a Node upgrade. Each would write a file, start code outside the process or read the host.
  it('the APIs at the edge of the permission model are refused: trace events, heap snapshots near the limit, execve, inspector, WASI, loader hooks, env files, addons, compile cache', async () => {
    const attack = await run(
      manager,
      `const fs = require("fs");
const attempts = {
  traceEvents: () => require("trace_events").createTracing({ categories: ["node.perf"] }).enable(),
  heapSnapshotNearLimit: () => require("v8").setHeapSnapshotNearHeapLimit(1),
  execve: () => process.execve("/bin/sh", ["sh", "-c", "echo 탈출"]),
  inspectorOpen: () => require("inspector").open(0),
  inspectorSession: () => new (require("inspector").Session)().connect(),
  wasi: () => new (require("wasi").WASI)({ version: "preview1" }),
  moduleRegister: () => require("module").register("data:text/javascript,export async function resolve(s, c, n) { return n(s, c); }"),
  loadEnvFile: () => process.loadEnvFile("/etc/hostname"),
  processBinding: () => process.binding("v8"),
  linkedBinding: () => process._linkedBinding("x"),
  dlopen: () => process.dlopen({ exports: {} }, "/usr/lib/x86_64-linux-gnu/libc.so.6"),
  sqliteBuiltin: () => { if (process.getBuiltinModule("node:sqlite") === undefined) throw Object.assign(new Error(), { code: "ABSENT" }); },
  compileCache: () => { if (require("module").enableCompileCache("/tmp/ws-noriteo-cc").status !== require("module").constants.compileCacheStatus.ENABLED) throw Object.assign(new Error(), { code: "NOT_ENABLED" }); },
};
for (const [name, attempt] of Object.entries(attempts)) { try { attempt(); console.log(name, "됨"); } catch (error) { console.log(name, "막힘", error.code); } }
console.log("파일:", fs.readdirSync(".").join(","));
setTimeout(() => process.exit(0), 200);
`,
    );
    await attack.exited;
    const text = attack.text();
    expect(text).not.toMatch(/ 됨$|탈출/m);
    const refused = attack.lines.filter((line) => / 막힘 (ERR_ACCESS_DENIED|ERR_DLOPEN_DISABLED|ABSENT|NOT_ENABLED)$/.test(line.text));
    expect(refused.map((line) => line.text.split(' ')[0])).toEqual([
      'traceEvents', 'heapSnapshotNearLimit', 'execve', 'inspectorOpen', 'inspectorSession', 'wasi', 'moduleRegister',
      'loadEnvFile', 'processBinding', 'linkedBinding', 'dlopen', 'sqliteBuiltin', 'compileCache',
    ]);
    expect(text).toContain('파일: package.json,server.js');
  });

  it('v8.setFlagsFromString and v8.writeHeapSnapshot are refused in Korean, also through an ES import', async () => {
    const attack = await run(
      manager,
      [
        'import v8, { setFlagsFromString } from "node:v8";',
        'for (const call of [() => v8.setFlagsFromString("--max-old-space-size=4096"), () => setFlagsFromString("--allow-natives-syntax"), () => v8.writeHeapSnapshot()]) {',
        '  try { call(); console.log("됨"); } catch (error) { console.log("막힘", error.code, error.message); }',
        '}',
      ].join('\n'),
      { entry: 'server.mjs' },
    );
    await attack.exited;
    expect(attack.text()).not.toContain('됨');
    const refusals = attack.lines.filter((line) => line.text.startsWith('막힘 ERR_SANDBOX_API'));
    expect(refusals).toHaveLength(3);
    expect(refusals[0]?.text).toContain('놀이터의 서버 코드에서 쓸 수 없습니다');
  });

  it('process.report is gone: no diagnostic report with the host’s paths', async () => {
    const attack = await run(manager, 'console.log("report:", typeof process.report);\ntry { console.log(JSON.stringify(process.report.getReport())); } catch (error) { console.log("막힘", error.name); }\n');
    await attack.exited;
    expect(attack.text()).toContain('report: undefined');
    expect(attack.text()).toContain('막힘 TypeError');
    expect(attack.text()).not.toContain(PROJECT_ROOT);
  });

  it('os shows no host name or network address of the host, by require or ES import', async () => {
    const attack = await run(manager, 'import os, { hostname, networkInterfaces } from "node:os";\nconsole.log(os.hostname(), hostname(), Object.keys(networkInterfaces()).join(","), Object.values(os.networkInterfaces()).flat().every((address) => address.internal));\n', { entry: 'server.mjs' });
    await attack.exited;
    expect(attack.text()).toBe('sandbox sandbox lo true');
  });

  it('process.kill reaches no other process, only its own', async () => {
    const attack = await run(manager, `try { process.kill(${process.pid}, 0); console.log("닿음"); } catch (error) { console.log("막힘", error.code); }\nprocess.kill(process.pid, 0);\nconsole.log("자기 자신은 됨");\n`);
    await attack.exited;
    expect(attack.text()).toContain('막힘 ERR_SANDBOX_API');
    expect(attack.text()).toContain('자기 자신은 됨');
    expect(attack.text()).not.toContain('닿음');
  });

  it('dgram is refused through an ES named import too', async () => {
    const attack = await run(manager, 'import { createSocket } from "node:dgram";\ntry { createSocket("udp4"); console.log("열림"); } catch (error) { console.log("막힘", error.code); }\n', { entry: 'server.mjs' });
    await attack.exited;
    expect(attack.text()).toContain('막힘 ERR_SANDBOX_NETWORK');
    expect(attack.text()).not.toContain('열림');
  });
});

/**
 * The preload's checks are JavaScript that runs before Node's own code; these went around them (found by the hostile
 * pass, issue 17), in the permission-only mode reaching the host: a swapped Pipe.prototype.connect connected to any Unix
 * socket of the host, `new dgram.Socket` sent UDP anywhere, process._kill signalled other learners' programs (same
 * user), and `listen({ port: "0x…" })` listened on a real TCP port of the host. Each is watched from the host's side.
 */
describe.each(modes)('reach-arounds past the preload (isolation: %s)', (mode) => {
  let manager: SandboxManager;
  let scratch: string;
  beforeAll(async () => {
    manager = await startTestManager({ isolation: mode });
    scratch = await mkdtemp(join(tmpdir(), 'ws-noriteo-host-'));
    await chmod(scratch, 0o755);
  });
  afterAll(async () => {
    await manager.closeAll();
    await rm(scratch, { recursive: true, force: true });
  });
  afterEach(async () => {
    expect(await stopLeftovers()).toBe(0);
  });

  it('a swapped or direct Unix-socket connect reaches no socket of the host', async () => {
    const hostSocket = join(scratch, 'host.sock');
    let reached = 0;
    const host = createNetServer((socket) => {
      reached += 1;
      socket.end('호스트의 소켓');
    });
    await new Promise<void>((resolve) => host.listen(hostSocket, resolve));
    await chmod(hostSocket, 0o777);
    const attack = await run(
      manager,
      `"use strict";
const net = require("net");
const server = net.createServer((socket) => socket.end("자기 서버")).listen(3000, () => {
  const Pipe = server._handle.constructor;
  try { Pipe.prototype.connect = function (request, path) { return 0; }; console.log("바꿈"); } catch (error) { console.log("막힘", error.name); }
  try { new Pipe(1).connect({}, ${JSON.stringify(hostSocket)}); console.log("닿음"); } catch (error) { console.log("막힘", error.code); }
  try { new Pipe(1).connect({}, "\0abstract"); console.log("닿음"); } catch (error) { console.log("막힘", error.code); }
  net.connect(3000).on("data", (data) => { console.log(String(data)); process.exit(0); });
});
`,
    );
    await attack.exited;
    host.close();
    expect(reached).toBe(0);
    expect(attack.text()).toContain('막힘 TypeError');
    expect(attack.text().match(/막힘 ERR_SANDBOX_NETWORK/g)).toHaveLength(2);
    // The program's own server is still reached the usual way.
    expect(attack.text()).toContain('자기 서버');
    expect(attack.text()).not.toMatch(/바꿈|닿음|호스트의 소켓/);
  });

  it('new dgram.Socket sends nothing, by require or ES import', async () => {
    let received = 0;
    const host = createUdpSocket('udp4', () => {
      received += 1;
    });
    await new Promise<void>((resolve) => host.bind(0, '127.0.0.1', resolve));
    const port = host.address().port;
    const attack = await run(
      manager,
      `import dgram, { Socket } from "node:dgram";
for (const make of [() => new dgram.Socket("udp4"), () => new Socket("udp4")]) {
  try { make().send("x", ${port}, "127.0.0.1"); console.log("보냄"); } catch (error) { console.log("막힘", error.code); }
}
`,
      { entry: 'server.mjs' },
    );
    await attack.exited;
    await new Promise((resolve) => setTimeout(resolve, 100));
    host.close();
    expect(received).toBe(0);
    expect(attack.text().match(/막힘 ERR_SANDBOX_NETWORK/g)).toHaveLength(2);
  });

  it("process._kill signals no other process of the sandbox's user", async () => {
    const runAs = effectiveRunAs(sandboxOptionsSchema.parse({}));
    const victim = spawn('sleep', ['30'], { stdio: 'ignore', ...(runAs ?? {}) });
    const attack = await run(manager, `try { process._kill(${victim.pid}, 9); console.log("보냄"); } catch (error) { console.log("막힘", error.code); }\n`);
    await attack.exited;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const alive = victim.exitCode === null && victim.signalCode === null;
    victim.kill();
    expect(alive).toBe(true);
    expect(attack.text()).toContain('막힘 ERR_SANDBOX_API');
  });

  it('a port written in hex listens on no TCP port of the host', async () => {
    const free = createNetServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as AddressInfo).port;
    await new Promise((resolve) => free.close(resolve));
    const attack = await run(
      manager,
      `const server = require("net").createServer();
try { server.listen({ port: "0x${port.toString(16)}", host: "0.0.0.0" }, () => console.log("열림", JSON.stringify(server.address()))); } catch (error) { console.log("막힘", error.code); }
setTimeout(() => process.exit(0), 500);
`,
    );
    const opened = await new Promise<boolean>((resolve) => {
      const probe = netConnect(port, '127.0.0.1');
      probe.once('connect', () => resolve(true));
      probe.once('error', () => resolve(false));
    });
    await attack.exited;
    expect(opened).toBe(false);
    expect(attack.text()).toContain('막힘 ERR_SANDBOX');
    expect(attack.text()).not.toContain('열림');
  });
});

describe('sandbox slots are counted per client, not only per page', () => {
  it('one client opening many pages gets perClient servers, another client still gets its own', async () => {
    const manager = await startTestManager({ perOwner: 2, perClient: 3, total: 6 });
    try {
      const started = [];
      const refusals: string[] = [];
      for (let page = 0; page < 5; page++) {
        for (let i = 0; i < 2; i++) {
          try {
            started.push(await manager.start({ owner: `page-${page}`, client: clientKey('203.0.113.7'), files: { 'server.js': WS_SEED_SERVER }, entry: 'server.js' }));
          } catch (error) {
            refusals.push((error as { code: string }).code);
          }
        }
      }
      expect(started).toHaveLength(3);
      expect(new Set(refusals)).toEqual(new Set(['SANDBOX_LIMIT_CLIENT']));
      started.push(await manager.start({ owner: 'someone-else', client: clientKey('198.51.100.1'), files: { 'server.js': WS_SEED_SERVER }, entry: 'server.js' }));
      expect(started).toHaveLength(4);
      await Promise.all(started.map((sandbox) => sandbox.stop()));
      // Freed slots can be taken again.
      const again = await manager.start({ owner: 'page-9', client: clientKey('203.0.113.7'), files: { 'server.js': WS_SEED_SERVER }, entry: 'server.js' });
      await again.stop();
    } finally {
      await manager.closeAll();
    }
  });
});

/** Runs a command; resolves with its exit code or signal and what it printed. */
function runCommand(file: string, args: string[]): Promise<{ code: number | null; signal: string | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('close', (code, signal) => resolve({ code, signal, output }));
  });
}

describe('the walls under the permission model (what holds if code gets around it)', () => {
  const limits = sandboxLimitsSchema.parse({});
  const write = 'const fs = require("fs"); try { fs.writeFileSync(process.argv[1], Buffer.alloc(2 * 1024 * 1024, 1)); console.log("썼음"); } catch (error) { console.log("막힘", error.code); }';

  it('RLIMIT_FSIZE 0: not one byte goes into a regular file, even without --permission', async () => {
    const target = `/tmp/ws-noriteo-fsize-${process.pid}.bin`;
    const result = await runCommand('prlimit', [...prlimitArgs(limits), NODE, '-e', write, target]);
    expect(result.output).not.toContain('썼음');
    // The kernel sends SIGXFSZ (or the write fails with EFBIG): either way nothing is written.
    expect(result.signal === 'SIGXFSZ' || result.output.includes('막힘 EFBIG')).toBe(true);
    let size = 0;
    try {
      size = readFileSync(target).length;
    } catch {}
    expect(size).toBe(0);
  });

  it.skipIf(!modes.includes('bwrap'))(`/dev inside bubblewrap is a read-only tmpfs of ${DEV_TMPFS_BYTES / 1024} KiB: no /dev/shm to take the machine's memory`, async () => {
    const view = { nodePath: NODE, preloadPath: NODE, modulesLinkDir: '/usr', packageFolders: [], packages: [] };
    const args = bwrapArgs({ view, dir: '/tmp', dropsPrivileges: false });
    const result = await runCommand('bwrap', [...args, NODE, '-e', `try { require("fs").mkdirSync("/dev/shm"); } catch (error) { console.log("막힘", error.code); } ${write}`, '/dev/shm/big.bin']);
    expect(result.output).toContain('막힘 EROFS');
    expect(result.output).not.toContain('썼음');
  });
});
