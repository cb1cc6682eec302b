import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startMain, type MainProcess } from '../helpers/main-process.ts';
import { availableModes, liveDescendants, runningProcess, WS_SEED_SERVER } from '../helpers/sandbox-harness.ts';
import { waitUntil } from '../helpers/wait.ts';
import { openControl, type ControlPage } from '../helpers/control.ts';
import { TestClient } from '../helpers/ws.ts';

/** Test-only hooks loaded into the worker (never shipped): SIGUSR2 → an uncaught throw; CRASH_AT_START → dies at start. */
const CRASH_HOOKS = fileURLToPath(new URL('../fixtures/supervisor/crash-hooks.mjs', import.meta.url));


function workerPid(main: MainProcess): number {
  const ready = main.events('worker_ready');
  return Number(ready[ready.length - 1]?.['pid']);
}

/** The site answers again: a page, and a WebSocket echo. */
async function siteAnswers(main: MainProcess): Promise<boolean> {
  try {
    if (!(await fetch(main.url)).ok) return false;
    const echo = await TestClient.open(`${main.wsBase}/ws/echo`);
    await echo.expectEcho('다시 왔어요');
    echo.ws.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * The seed's ws server, which then hangs in a loop: it can no longer notice by itself that the
 * worker that ran it is gone (the sandbox's preload ends the program when its parent's pipe
 * closes, but only while the event loop turns), so only the supervisor can end it.
 */
const HANGING_SERVER = `${WS_SEED_SERVER}\nsetTimeout(() => { console.log("looping"); for (;;) {} }, 300);\n`;

/** A page's control channel runs a learner's server; resolves with the page once it listens. */
async function runLearnerServer(main: MainProcess, server = WS_SEED_SERVER): Promise<ControlPage> {
  const page = await openControl(main.origin);
  page.runServer({ 'server.js': server });
  await page.waitFor('server-listening');
  return page;
}

async function stop(main: MainProcess): Promise<void> {
  main.child.kill('SIGTERM');
  expect(await main.exited).toBe(0);
}

const modes = await availableModes();

describe('npm start supervises its one worker', () => {
  it.each(modes)('a worker killed outright is replaced on the same port, and the learners’ servers it ran are reaped (%s)', async (mode) => {
    const main = await startMain({ env: { SANDBOX_ISOLATION: mode } });
    const page = await runLearnerServer(main, HANGING_SERVER);
    await page.waitFor('server-output', (line) => line.text === 'looping');
    const worker = workerPid(main);
    const learners = liveDescendants(worker).filter((p) => p.pid !== worker);
    expect(learners.length).toBeGreaterThan(0);
    const root = String(main.events('sandbox_isolation')[0]?.['root']);
    expect(existsSync(root)).toBe(true);

    process.kill(worker, 'SIGKILL');
    expect((await page.client.closed).code).toBe(1006);
    await waitUntil('the site answers again', () => siteAnswers(main), 15_000);
    expect(workerPid(main)).not.toBe(worker);
    await waitUntil('every learner’s server of the dead worker is gone', () => learners.every((p) => runningProcess(p.pid) === null), 20_000);
    await waitUntil('its workspace folder is removed', () => !existsSync(root), 20_000);
    expect(main.events('worker_exited')[0]).toMatchObject({ signal: 'SIGKILL', pid: worker });

    // The new worker runs learners' servers as before.
    await (await runLearnerServer(main)).close();
    await stop(main);
  }, 60_000);

  it('an error nothing caught ends the worker with its stack in the log, and a new one serves', async () => {
    const main = await startMain({ env: { NODE_OPTIONS: `--import=${CRASH_HOOKS}` } });
    const worker = workerPid(main);
    const echo = await TestClient.open(`${main.wsBase}/ws/echo`);
    process.kill(worker, 'SIGUSR2');
    expect((await echo.closed).code).toBe(1006);
    await waitUntil('the site answers again', () => siteAnswers(main), 15_000);
    const [crash] = main.events('worker_crash');
    expect(crash).toMatchObject({ kind: 'uncaughtException' });
    expect(String(crash?.['error'])).toContain('test: a handler threw and nothing caught it');
    expect(String(crash?.['error'])).toContain('crash-hooks.mjs');
    expect(main.events('worker_exited')[0]).toMatchObject({ code: 70, pid: worker });
    await stop(main);
  }, 60_000);

  it('a crash loop backs off, says so in Korean, and recovers once the cause is gone', async () => {
    const marker = join(tmpdir(), `crash-at-start-${randomUUID()}`);
    const main = await startMain({ env: { NODE_OPTIONS: `--import=${CRASH_HOOKS}`, CRASH_AT_START: marker } });
    await writeFile(marker, '');
    process.kill(workerPid(main), 'SIGUSR2');
    await waitUntil('the supervisor calls it a crash loop', () => main.events('crash_loop').length > 0, 20_000);
    expect(main.stdout()).toMatch(/작업 프로세스가 짧은 시간에 \d+번 멈췄습니다\. [\d.]+초 뒤에 다시 시작합니다/);
    const pauses = main.events('worker_exited').map((event) => Number(event['restartInMs']));
    expect(pauses.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < pauses.length; i++) expect(pauses[i]).toBeGreaterThan(pauses[i - 1]!);

    await rm(marker);
    await waitUntil('the site answers again', () => siteAnswers(main), 20_000);
    await stop(main);
  }, 60_000);
});
