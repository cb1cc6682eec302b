import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxManager } from '../../../playground-server/sandbox/sandbox-types.ts';
import { availableModes, liveDescendants, run, startTestManager, stopLeftovers } from '../../helpers/sandbox-harness.ts';

const modes = await availableModes();
const PROJECT_PACKAGE_JSON = fileURLToPath(new URL('../../../package.json', import.meta.url));
const PASSWD_LINE = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!;
const PROJECT_NAME = (JSON.parse(readFileSync(PROJECT_PACKAGE_JSON, 'utf8')) as { name: string }).name;

/** How long the event loop of this (the parent) process takes to come round: stays small if it is healthy. */
async function eventLoopDelay(): Promise<number> {
  const started = performance.now();
  await new Promise((resolve) => setImmediate(resolve));
  return performance.now() - started;
}

describe.each(modes)('attacks from a learner\'s server are contained (isolation: %s)', (mode) => {
  let manager: SandboxManager;
  let rssBefore = 0;
  beforeAll(async () => {
    manager = await startTestManager({ isolation: mode });
    rssBefore = process.memoryUsage().rss;
  });
  afterAll(() => manager.closeAll());
  afterEach(async () => {
    expect(await stopLeftovers()).toBe(0);
    // After each attack the parent is healthy: no process left, no sandbox counted, loop responsive, memory flat.
    expect(liveDescendants()).toEqual([]);
    expect(manager.count()).toBe(0);
    // Not stuck in work the attack caused (a loaded machine alone can take a few hundred ms to come round).
    expect(await eventLoopDelay()).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('reading /etc/passwd fails with a Korean explanation and the line of the attempt', async () => {
    const attack = await run(manager, 'const fs = require("fs");\nconsole.log(fs.readFileSync("/etc/passwd", "utf8"));\n');
    const exit = await attack.exited;
    expect(exit.reason).toBe('crashed');
    expect(exit.error).toMatchObject({ code: 'ERR_ACCESS_DENIED', location: { file: 'server.js', line: 2 } });
    expect(exit.message).toContain('놀이터의 서버 코드는 자기 폴더 밖의 파일을 읽을 수 없습니다.');
    expect(exit.message).toContain('server.js 2번째 줄');
    expect(attack.text()).not.toContain(PASSWD_LINE);
  });

  it('reading a project file (package.json) fails, by absolute path and by climbing out of the folder', async () => {
    const attack = await run(
      manager,
      [
        'const fs = require("fs");',
        `for (const path of [${JSON.stringify(PROJECT_PACKAGE_JSON)}, "../../../work/main/package.json", __dirname + "/../node_modules/ws/../../package.json"]) {`,
        '  try { console.log(fs.readFileSync(path, "utf8")); } catch (error) { console.log("막힘", error.code); }',
        '}',
        `fs.readFileSync(${JSON.stringify(PROJECT_PACKAGE_JSON)});`,
      ].join('\n'),
    );
    const exit = await attack.exited;
    expect(exit.reason).toBe('crashed');
    expect(exit.message).toContain('자기 폴더 밖의 파일을 읽을 수 없습니다');
    expect(attack.text()).not.toContain(PROJECT_NAME);
    expect(attack.lines.filter((line) => line.text.startsWith('막힘')).length).toBe(3);
  });

  it('writing a file outside its folder fails and leaves nothing behind', async () => {
    const target = join(tmpdir(), `ws-noriteo-escape-${process.pid}-${mode}.txt`);
    const attack = await run(manager, `require("fs").writeFileSync(${JSON.stringify(target)}, "탈출");\n`);
    const exit = await attack.exited;
    expect(exit.reason).toBe('crashed');
    expect(exit.error).toMatchObject({ code: 'ERR_ACCESS_DENIED', location: { file: 'server.js', line: 1 } });
    expect(exit.message).toContain('놀이터의 서버 코드는 파일을 쓸 수 없습니다');
    expect(existsSync(target)).toBe(false);
  });

  it('no file can be written in its own folder either, nor in /dev/shm: the disk cannot be filled', async () => {
    const attack = await run(
      manager,
      [
        'const fs = require("fs");',
        'for (const path of ["big.bin", "/dev/shm/big.bin", __dirname + "/sub.bin"]) {',
        '  try { fs.writeFileSync(path, Buffer.alloc(1024 * 1024, 1)); console.log("썼음", path); } catch (error) { console.log("막힘", error.code); }',
        '}',
        'for (let i = 0; i < 1000; i++) { try { fs.mkdirSync("d" + i); } catch {} }',
        'fs.writeFileSync("big.bin", "x");',
      ].join('\n'),
    );
    const exit = await attack.exited;
    expect(exit.reason).toBe('crashed');
    expect(exit.error).toMatchObject({ code: 'ERR_ACCESS_DENIED', location: { file: 'server.js', line: 6 } });
    expect(exit.message).toContain('파일을 쓸 수 없습니다');
    expect(attack.text()).not.toContain('썼음');
    expect(attack.lines.filter((line) => line.text.startsWith('막힘')).length).toBe(3);
  });

  it('child_process.spawn and exec fail', async () => {
    const attack = await run(
      manager,
      [
        'const { spawn, exec } = require("child_process");',
        'try { exec("id > /tmp/pwned"); } catch (error) { console.log("exec:", error.code); }',
        'spawn("/bin/sh", ["-c", "id"]);',
      ].join('\n'),
    );
    const exit = await attack.exited;
    expect(attack.text()).toContain('exec: ERR_ACCESS_DENIED');
    expect(exit.reason).toBe('crashed');
    expect(exit.error?.location).toMatchObject({ file: 'server.js', line: 3 });
    expect(exit.message).toContain('다른 프로그램(자식 프로세스)을 실행할 수 없습니다');
  });

  it('new Worker fails', async () => {
    const attack = await run(manager, 'const { Worker } = require("worker_threads");\nnew Worker("while (true) {}", { eval: true });\n');
    const exit = await attack.exited;
    expect(exit.reason).toBe('crashed');
    expect(exit.error?.location).toMatchObject({ file: 'server.js', line: 2 });
    expect(exit.message).toContain('Worker 스레드를 만들 수 없습니다');
  });

  it('loading a native addon with process.dlopen fails', async () => {
    const attack = await run(manager, 'const m = { exports: {} };\nprocess.dlopen(m, "/usr/lib/x86_64-linux-gnu/libc.so.6");\n');
    const exit = await attack.exited;
    expect(exit.reason).toBe('crashed');
    expect(exit.error).toMatchObject({ code: 'ERR_DLOPEN_DISABLED', location: { file: 'server.js', line: 2 } });
    expect(exit.message).toContain('네이티브 애드온(.node 파일)을 불러올 수 없습니다');
  });

  it("process.binding('fs') fails", async () => {
    const attack = await run(manager, 'const raw = process.binding("fs");\nconsole.log(Object.keys(raw));\n');
    const exit = await attack.exited;
    expect(exit.reason).toBe('crashed');
    expect(exit.error?.code).toBe('ERR_ACCESS_DENIED');
    expect(exit.message).toContain('process.binding(Node 내부 API)은 놀이터에서 쓸 수 없습니다.');
    expect(attack.text()).not.toContain('readFileUtf8');
  });

  it('a package outside the allow-list cannot be imported, neither by name nor by path', async () => {
    const byName = await run(manager, 'import { z } from "zod";\nconsole.log(z);\n', { entry: 'server.mjs' });
    const exit = await byName.exited;
    expect(exit.reason).toBe('crashed');
    expect(exit.message).toContain("'zod' 패키지는 놀이터에서 불러올 수 없습니다. 쓸 수 있는 패키지: ws, socket.io");

    const byPath = await run(manager, `require(${JSON.stringify(fileURLToPath(new URL('../../../node_modules/zod/index.cjs', import.meta.url)))});\n`);
    const pathExit = await byPath.exited;
    expect(pathExit.reason).toBe('crashed');
    expect(pathExit.error?.code).toMatch(/^(ERR_ACCESS_DENIED|MODULE_NOT_FOUND)$/);
  });

  it('while (true) {} is killed by the CPU-time limit', async () => {
    const attack = await run(manager, 'require("net").createServer().listen(8080, () => {\n  while (true) {}\n});\n');
    await attack.sandbox.listening;
    // 1 s of CPU time, however long a loaded machine takes to give it that much (the test's timeout bounds "never").
    const exit = await attack.exited;
    expect(exit.reason).toBe('cpu-time');
    expect(exit.signal).toBe('SIGKILL');
    expect(exit.message).toContain('CPU 시간 제한(1초)을 넘겨 서버를 멈췄습니다');
  }, 60_000);

  it('a memory bomb on the JavaScript heap is killed', async () => {
    const attack = await run(manager, 'const a = [];\nwhile (true) a.push(new Array(1e6).fill(1));\n');
    const exit = await attack.exited;
    expect(exit.reason).toBe('memory');
    expect(exit.message).toContain('메모리 제한을 넘겨 서버를 멈췄습니다');
  });

  it('a memory bomb outside the heap (Buffers) is killed by the resident-memory limit', async () => {
    const attack = await run(manager, 'const kept = [];\nsetInterval(() => kept.push(Buffer.alloc(8 * 1024 * 1024, 1)), 1);\nrequire("net").createServer().listen(8080);\n');
    const exit = await attack.exited;
    expect(exit.reason).toBe('memory');
    expect(exit.signal).toBe('SIGKILL');
  });

  it('an output flood is cut and the sandbox stopped', async () => {
    const attack = await run(manager, 'while (true) console.log("x".repeat(1000));\n');
    const exit = await attack.exited;
    expect(exit.reason).toBe('output');
    expect(exit.message).toContain('콘솔 출력이 너무 많아(64 KB 초과) 서버를 멈췄습니다');
    const forwarded = attack.lines.reduce((sum, line) => sum + Buffer.byteLength(line.text) + 1, 0);
    expect(forwarded).toBeLessThanOrEqual(64 * 1024);
  });

  it('10,000 connections from the snippet to itself hit the outgoing-connection limit', async () => {
    const attack = await run(
      manager,
      [
        'const net = require("net");',
        'net.createServer(() => {}).listen(8080, () => {',
        '  for (let i = 0; i < 10000; i += 1) net.connect(8080, "localhost").on("error", () => {});',
        '});',
      ].join('\n'),
    );
    const exit = await attack.exited;
    expect(exit.reason).toBe('outbound-connections');
    expect(exit.message).toBe('서버 코드가 동시에 연 연결이 20개를 넘어 서버를 멈췄습니다. (server.js 3번째 줄)');
  });

  it('the snippet cannot reach anything but its own ports (here: a server of the host on loopback)', async () => {
    let reached = 0;
    const host = createServer((socket) => {
      reached += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const { port } = host.address() as AddressInfo;
    const attack = await run(
      manager,
      [
        'const net = require("net");',
        `net.connect(${port}, "127.0.0.1").on("error", (error) => console.log("tcp:", error.code, error.message));`,
        'net.connect({ path: "/var/run/docker.sock" }).on("error", (error) => console.log("unix:", error.code));',
        'try { require("dgram").createSocket("udp4"); } catch (error) { console.log("udp:", error.code); }',
        `setTimeout(() => net.connect(${port}, "127.0.0.1"), 100);`,
      ].join('\n'),
    );
    const exit = await attack.exited;
    host.close();
    expect(reached).toBe(0);
    expect(attack.text()).toContain(`tcp: ERR_SANDBOX_NETWORK 놀이터의 서버 코드는 자기가 연 포트(localhost:없음)에만 연결할 수 있습니다. 127.0.0.1:${port}에는 연결할 수 없습니다.`);
    expect(attack.text()).toContain('unix: ERR_SANDBOX_NETWORK');
    expect(attack.text()).toContain('udp: ERR_SANDBOX_NETWORK');
    expect(exit.reason).toBe('crashed');
    expect(exit.error?.location).toMatchObject({ file: 'server.js', line: 5 });
  });

  it('opening listeners on many ports hits the port limit', async () => {
    const attack = await run(manager, 'const net = require("net");\nfor (let port = 8001; port <= 8010; port += 1) net.createServer().listen(port);\n');
    const exit = await attack.exited;
    expect(exit.reason).toBe('ports');
    expect(exit.message).toBe('한 서버가 동시에 열 수 있는 포트는 3개까지라 서버를 멈췄습니다. (server.js 2번째 줄)');
    expect(exit.error?.location).toMatchObject({ file: 'server.js', line: 2 });
  });

  it('a snippet that never listens ends with a clear "did not listen within N s" message', async () => {
    const attack = await run(manager, 'setInterval(() => {}, 1000);\nconsole.log("포트는 열지 않아요");\n');
    await expect(attack.sandbox.listening).rejects.toMatchObject({ code: 'SANDBOX_EXITED' });
    const exit = await attack.exited;
    expect(exit.reason).toBe('listen-timeout');
    expect(exit.message).toBe('1.5초 안에 포트를 열지(listen) 않아 서버를 멈췄습니다. server.listen(3000)이나 new WebSocket.Server({ port: 8080 })가 실행되는지 확인하세요.');
    expect(attack.text()).toContain('포트는 열지 않아요');
  });

  it('a syntax error reports its file and line (CommonJS and ES module)', async () => {
    const cjs = await run(manager, 'const WebSocket = require("ws");\nconst wss = new WebSocket.Server({ port: 8080 };\n');
    await expect(cjs.sandbox.listening).rejects.toMatchObject({ code: 'SANDBOX_EXITED', exit: { reason: 'crashed' } });
    const cjsExit = await cjs.exited;
    expect(cjsExit.error).toMatchObject({ location: { file: 'server.js', line: 2 }, message: expect.stringMatching(/^SyntaxError: /) });
    expect(cjsExit.message).toContain('server.js 2번째 줄: SyntaxError:');
    expect(cjsExit.message).toContain('문법 오류입니다');

    const esm = await run(manager, 'import { Server } from "socket.io";\n\nconst io = new Server(;\n');
    const esmExit = await esm.exited;
    expect(esmExit.error).toMatchObject({ location: { file: 'server.js', line: 3 }, message: expect.stringMatching(/^SyntaxError: /) });
  });

  it('a crash after start (throw in a timer once listening) reports the line and the exit', async () => {
    const attack = await run(
      manager,
      ['const http = require("http");', 'http.createServer().listen(3000, () => {', '  setTimeout(() => {', '    throw new TypeError("일부러 낸 오류");', '  }, 50);', '});'].join('\n'),
    );
    expect(await attack.sandbox.listening).toEqual({ virtualPort: 3000 });
    const exit = await attack.exited;
    expect(exit).toMatchObject({
      code: 1,
      reason: 'crashed',
      error: { message: 'TypeError: 일부러 낸 오류', location: { file: 'server.js', line: 4, column: 11 } },
    });
    expect(exit.message).toBe('서버 프로그램이 오류로 끝났습니다 (종료 코드 1). server.js 4번째 줄: TypeError: 일부러 낸 오류');
    // Learners see their own file names in the stack, not the sandbox's temp folder.
    expect(attack.text()).toContain('(server.js:4:11)');
    expect(attack.text()).not.toContain(tmpdir() + '/ws-noriteo-sandbox-');
  });
});
