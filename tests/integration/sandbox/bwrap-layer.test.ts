import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Writable } from 'node:stream';
import { bwrapArgs, SANDBOX_PORTS_DIR, SECCOMP_FD, type SandboxView } from '../../../playground-server/sandbox/isolation.ts';
import { filterApplies, noNewNamesFilter } from '../../../playground-server/sandbox/seccomp-filter.ts';
import { resolvePackageClosure } from '../../../playground-server/sandbox/package-closure.ts';
import { availableModes, liveDescendants } from '../../helpers/sandbox-harness.ts';

/**
 * The bubblewrap layer on its own — the command line isolation.ts builds, *without* Node's
 * permission model inside — so each layer is shown to hold by itself. Where bubblewrap cannot run
 * (no user namespaces), this file has no tests: the sandbox then runs with the permission model
 * alone (see lifecycle.test.ts, "falls back to the permission model").
 */
const modes = await availableModes();
const MODULES = fileURLToPath(new URL('../../../node_modules/', import.meta.url));
const PROJECT_PACKAGE_JSON = fileURLToPath(new URL('../../../package.json', import.meta.url));
const runAs = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

describe.each(modes.filter((mode) => mode === 'bwrap'))('the %s layer alone (no --permission inside)', () => {
  let base: string;
  let dir: string;
  let view: SandboxView;
  let hostServer: ReturnType<typeof createServer>;
  let hostPort: number;
  let reached = 0;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'ws-noriteo-layer-'));
    chmodSync(base, 0o711);
    dir = join(base, 'box');
    const closure = resolvePackageClosure(['ws'], MODULES);
    writeFileSync(join(base, 'preload.cjs'), '');
    view = { nodePath: process.execPath, preloadPath: join(base, 'preload.cjs'), modulesLinkDir: base, packageFolders: closure.folders, packages: ['ws'] };
    await import('node:fs/promises').then((fs) => fs.mkdir(dir, { mode: 0o700 }));
    if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    hostServer = createServer((socket) => {
      reached += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => hostServer.listen(0, '127.0.0.1', resolve));
    hostPort = (hostServer.address() as AddressInfo).port;
  });
  afterAll(() => {
    hostServer.close();
    rmSync(base, { recursive: true, force: true });
  });

  /** Runs `code` with plain `node -e` inside the bubblewrap command line of the sandbox; returns stdout. */
  function inside(code: string, { seccomp = filterApplies } = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn('/usr/bin/bwrap', [...bwrapArgs({ view, dir, dropsPrivileges: runAs !== undefined, ...(seccomp ? { seccompFd: SECCOMP_FD } : {}) }), process.execPath, '-e', code], {
        stdio: ['ignore', 'pipe', 'inherit', 'ignore', 'ignore', seccomp ? 'pipe' : 'ignore'],
        ...(runAs ?? {}),
      });
      if (seccomp) ((child.stdio as ReadonlyArray<unknown>)[SECCOMP_FD] as Writable).end(noNewNamesFilter());
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('error', reject);
      child.once('close', () => resolve(out.trim()));
    });
  }

  it('shows no /etc/passwd and no project files; node_modules holds only the allowed packages (and Node itself)', async () => {
    const out = await inside(
      `const fs = require("fs"); console.log(JSON.stringify({ passwd: fs.existsSync("/etc/passwd"), project: fs.existsSync(${JSON.stringify(PROJECT_PACKAGE_JSON)}), modules: fs.readdirSync(${JSON.stringify(MODULES)}), ws: typeof require(${JSON.stringify(join(MODULES, 'ws'))}).Server }))`,
    );
    const seen = JSON.parse(out) as { passwd: boolean; project: boolean; modules: string[]; ws: string };
    expect(seen.passwd).toBe(false);
    expect(seen.project).toBe(false);
    expect(seen.modules.sort()).toEqual(['node', 'ws']); // node_modules/node/bin/node is the Node binary, bound read-only
    expect(seen.ws).toBe('function');
  });

  it('has its own network: only its own loopback, and the host\'s loopback servers are out of reach', async () => {
    const out = await inside(
      `const net = require("net"); console.log(Object.keys(require("os").networkInterfaces()).join(",")); net.connect(${hostPort}, "127.0.0.1").on("error", (e) => console.log(e.code)).on("connect", () => console.log("connected"));`,
    );
    expect(out.split('\n')).toEqual(['lo', 'ECONNREFUSED']);
    expect(reached).toBe(0);
  });

  it('runs as an unprivileged user and cannot write inside or outside its folder', async () => {
    const outside = join(tmpdir(), `ws-noriteo-layer-escape-${process.pid}`);
    const out = await inside(
      `const fs = require("fs"); for (const path of [${JSON.stringify(join(dir, 'ok.txt'))}, ${JSON.stringify(outside)}]) try { fs.writeFileSync(path, "x"); console.log("wrote"); } catch (e) { console.log(e.code); } console.log(process.getuid());`,
    );
    const [inFolder, outFolder, uid] = out.split('\n');
    // EPERM: the seccomp filter refuses O_CREAT before the read-only mount is reached.
    const refusal = filterApplies ? 'EPERM' : 'EROFS';
    expect([inFolder, outFolder]).toEqual([refusal, refusal]);
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(join(dir, 'ok.txt'))).toBe(false);
    if (runAs) expect(uid).toBe('65534');
  });

  // RLIMIT_FSIZE stops bytes, not inodes: empty files, folders, fifos and symlinks cost the host disk (a folder is a
  // 4 KiB block) or kernel memory, without limit. With the permission model gone, the kernel must still refuse them
  // everywhere. (Before: the learner's folder was bound read-write and /dev was a writable tmpfs.)
  // /run/ports, the port sockets' tmpfs, is writable (a socket is bound there); the seccomp filter refuses the rest there.
  // Each wall alone: the read-only mounts without the filter (all but /run/ports), then the filter on top (everywhere).
  it.each([
    { seccomp: false, where: ['its folder', '/dev', '/dev/shm', '/tmp', '/'], expected: 'EROFS' },
    ...(filterApplies ? [{ seccomp: true, where: ['its folder', '/dev', '/dev/shm', '/tmp', '/', SANDBOX_PORTS_DIR], expected: 'EPERM' }] : []),
  ])('creates no inode anywhere: no folder, file, fifo or symlink (seccomp filter: $seccomp, in $where)', async ({ seccomp, where, expected }) => {
    const places = where.map((place) => (place === 'its folder' ? dir : place));
    const out = await inside(
      `const fs = require("fs"); const { spawnSync } = require("child_process"); const results = {};
for (const place of ${JSON.stringify(places)}) {
  const at = (name) => require("path").join(place, name);
  const attempts = {
    mkdir: () => fs.mkdirSync(at("d")),
    create: () => fs.closeSync(fs.openSync(at("f"), fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY)),
    mkfifo: () => { const r = spawnSync("/usr/bin/mkfifo", [at("p")], { encoding: "utf8" }); if (r.status !== 0) throw Object.assign(new Error(r.stderr), { code: /Read-only/.test(r.stderr) ? "EROFS" : /not permitted/.test(r.stderr) ? "EPERM" : /denied/.test(r.stderr) ? "EACCES" : /No such/.test(r.stderr) ? "ENOENT" : r.stderr }); },
    symlink: () => fs.symlinkSync("/etc/passwd", at("l")),
  };
  for (const [name, attempt] of Object.entries(attempts)) { try { attempt(); results[place + " " + name] = "created"; } catch (e) { results[place + " " + name] = e.code; } }
}
console.log(JSON.stringify(results));`,
      { seccomp },
    );
    const results = JSON.parse(out) as Record<string, string>;
    expect(Object.keys(results)).toHaveLength(places.length * 4);
    for (const [attempt, result] of Object.entries(results)) {
      // /dev/shm does not exist in the sandbox's read-only /dev: creating it or anything in it fails too.
      expect([attempt, ['EROFS', 'EACCES', 'EPERM', 'ENOENT'].includes(result)]).toEqual([attempt, true]);
    }
    expect(results[`${dir} mkdir`]).toBe(expected);
    expect(results['/dev mkdir']).toBe(expected);
    if (seccomp) expect(results[`${SANDBOX_PORTS_DIR} mkdir`]).toBe('EPERM');
  });

  it.skipIf(!filterApplies)('still binds its port sockets in the port sockets\' tmpfs, and the server side reaches nothing else there', async () => {
    const out = await inside(
      `const net = require("net"); const server = net.createServer((socket) => socket.end("ok")).listen(${JSON.stringify(`${SANDBOX_PORTS_DIR}/port-8080.sock`)}, () => net.connect(${JSON.stringify(`${SANDBOX_PORTS_DIR}/port-8080.sock`)}).on("data", (data) => { console.log(String(data), require("fs").readdirSync(${JSON.stringify(SANDBOX_PORTS_DIR)}).join(",")); server.close(); }));`,
    );
    expect(out).toBe('ok port-8080.sock');
  });

  it('still reads and writes its devices in the read-only /dev', async () => {
    const out = await inside('const fs = require("fs"); fs.writeSync(fs.openSync("/dev/null", "r+"), "x"); const fd = fs.openSync("/dev/urandom", "r"); console.log(fs.readSync(fd, Buffer.alloc(4)), require("crypto").randomBytes(4).length);');
    expect(out).toBe('4 4');
  });

  it('lets programs it starts see no more than it does (this layer does not forbid child processes)', async () => {
    const out = await inside(
      'const r = require("child_process").spawnSync("/bin/sh", ["-c", "cat /etc/passwd; echo status=$?"], { encoding: "utf8" }); console.log(r.stdout.trim());',
    );
    expect(out).toBe('status=1');
    expect(liveDescendants()).toEqual([]);
  });
});
