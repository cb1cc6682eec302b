import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aptLine, locate, missingPrograms, parseSystemPackages, readSystemPackages, systemProgram } from '../../playground-server/system-packages.ts';

/** system-packages.txt is the one list: .ci/run installs from it, the preflight checks it, the README shows its apt line. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PREFLIGHT = join(ROOT, 'scripts/preflight.ts');
const run = promisify(execFile);
const list = readSystemPackages();
const allPackages = [...new Set(list.map((program) => program.package))];

/** Runs the preflight as `npm test` does, with `env` as its whole environment; never throws. */
async function preflight(env: NodeJS.ProcessEnv, ...uses: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [PREFLIGHT, ...uses], { env, cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the list', () => {
  it('names every package the tests and the server use, each with what it is for', () => {
    expect(allPackages).toEqual(expect.arrayContaining(['chromium', 'fonts-noto-cjk', 'bubblewrap', 'redis-server']));
    for (const program of list) expect(program.purpose.length, program.package).toBeGreaterThan(10);
  });

  it('is what the README tells a newcomer to install, in one line', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`\n${aptLine(allPackages)}\n`);
  });

  it('is what .ci/run installs (it keeps no list of its own)', async () => {
    const ci = await readFile(join(ROOT, '.ci/run'), 'utf8');
    expect(ci).toContain('system-packages.txt');
    const code = ci.split('\n').filter((line) => !line.trimStart().startsWith('#')).join('\n');
    for (const name of allPackages) expect(code, name).not.toContain(name);
    const { stdout } = await run('bash', ['-c', `cd ${JSON.stringify(ROOT)} && ${/^mapfile .*$/m.exec(ci)![0]} && echo "\${packages[@]}"`]);
    expect(stdout.trim().split(' ')).toEqual(allPackages);
  });

  it('refuses a line it cannot read, naming the line', () => {
    expect(() => parseSystemPackages('# comment\n\nchromium chromium CHROMIUM_PATH everywhere 브라우저')).toThrow(/system-packages.txt:3/);
  });
});

describe('finding a program', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'system-packages-'));
    await writeFile(join(dir, 'redis-server'), '#!/bin/sh\n', { mode: 0o755 });
    await writeFile(join(dir, 'not-executable'), '', { mode: 0o644 });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const redis = list.find((program) => program.package === 'redis-server')!;

  it('looks a name up in PATH, and only takes executables there', async () => {
    expect(locate(redis, { PATH: `/nonexistent:${dir}` })).toBe(join(dir, 'redis-server'));
    expect(locate({ ...redis, find: 'not-executable' }, { PATH: dir })).toBeNull();
    expect(locate(redis, { PATH: '/nonexistent' })).toBeNull();
  });

  it('takes the environment override over PATH, and reports it missing when it points nowhere', () => {
    expect(locate(redis, { PATH: '/nonexistent', REDIS_SERVER: join(dir, 'redis-server') })).toBe(join(dir, 'redis-server'));
    expect(locate(redis, { PATH: dir, REDIS_SERVER: '/nonexistent/redis-server' })).toBeNull();
    expect(() => systemProgram('redis-server', { PATH: '/nonexistent' })).toThrow(/sudo apt-get install -y redis-server/);
  });

  it('lists only what the asked-for runs need', () => {
    const nothing = { PATH: '/nonexistent', CHROMIUM_PATH: '/nonexistent', REDIS_SERVER: '/nonexistent' };
    const forStart = missingPrograms(['start'], nothing, list.map((program) => ({ ...program, find: program.find.startsWith('/') ? '/nonexistent' : program.find })));
    expect(forStart.map((program) => program.package)).toEqual(['bubblewrap']);
  });
});

describe('the preflight (first step of npm test)', () => {
  it('is silent and exits 0 when everything is here', async () => {
    const result = await preflight(process.env, 'unit', 'e2e');
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('with REDIS_SERVER pointing nowhere, names the package and what it is for, prints the apt line and exits 1', async () => {
    const result = await preflight({ ...process.env, REDIS_SERVER: '/nonexistent/redis-server' }, 'unit', 'e2e');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('redis-server 패키지: REDIS_SERVER=/nonexistent/redis-server 없음. 여러 인스턴스 테스트가 띄우는 Redis.');
    expect(result.stderr).toContain('\n  sudo apt-get install -y redis-server\n');
  });

  it('with a PATH that hides redis-server, says so and exits 1', async () => {
    // A PATH holding every program of the list except redis-server.
    const dir = await mkdtemp(join(tmpdir(), 'preflight-path-'));
    try {
      for (const program of list) {
        const path = locate(program);
        if (path !== null && !program.find.startsWith('/') && program.package !== 'redis-server') await symlink(path, join(dir, program.find));
      }
      const { REDIS_SERVER: _, ...env } = process.env;
      const result = await preflight({ ...env, PATH: dir }, 'unit');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`redis-server 패키지: PATH의 redis-server 없음.`);
      expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('  sudo apt-get install -y redis-server');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('with several missing, gives one apt line for all of them', async () => {
    const result = await preflight({ ...process.env, REDIS_SERVER: '/nonexistent', CHROMIUM_PATH: '/nonexistent' }, 'unit');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('\n  sudo apt-get install -y chromium redis-server\n');
    expect(result.stderr.match(/apt-get/g)).toHaveLength(1);
  });
});
