import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS, workerExecArgv } from '../../playground-server/entry/node-flags.ts';
import { MAIN, startMain, type MainProcess } from '../helpers/main-process.ts';
import { availableModes, liveDescendants, run, startTestManager } from '../helpers/sandbox-harness.ts';
import { waitUntil } from '../helpers/wait.ts';

/** The arguments a process was started with, as the kernel has them. */
const argvOf = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);

/** The processes below `npm start` that serve: node running main.ts (the workers). */
const workers = (main: MainProcess) => liveDescendants(main.child.pid).filter((process) => argvOf(process.pid).includes(MAIN));

async function stop(main: MainProcess): Promise<void> {
  // npm start's own process logs `listening` in the same turn as it takes SIGTERM over (a worker may print the URL first).
  await waitUntil('npm start to log listening', () => main.events('listening').length > 0);
  main.child.kill('SIGTERM');
  expect(await main.exited).toBe(0);
}

describe('the V8 flags the server runs with (entry/node-flags.ts)', () => {
  it('puts its own first, so a flag given to node by hand still wins', () => {
    expect(workerExecArgv(['--max-semi-space-size=16', '--expose-gc'])).toEqual([...SERVER_NODE_FLAGS, '--max-semi-space-size=16', '--expose-gc']);
  });

  it.each([[[] as string[], 1], [['--workers', '2'], 2]])('npm start %j: every worker that serves runs with them', async (args, count) => {
    const main = await startMain({ args });
    try {
      const serving = workers(main);
      expect(serving).toHaveLength(count);
      for (const worker of serving) expect(argvOf(worker.pid)).toEqual(expect.arrayContaining([...SERVER_NODE_FLAGS]));
      // The supervisor or primary itself serves nothing and keeps Node's defaults.
      expect(argvOf(main.child.pid!)).not.toEqual(expect.arrayContaining([...SERVER_NODE_FLAGS]));
    } finally {
      await stop(main);
    }
  });
});

describe.each(await availableModes())('the V8 flags of a learner’s node (sandbox/isolation.ts, isolation: %s)', (mode) => {
  it('keeps its young generation small, as the server’s, however much the program allocates; the program runs as written', async () => {
    const manager = await startTestManager({ isolation: mode });
    try {
      const program = await run(
        manager,
        [
          'const v8 = require("node:v8");',
          // Short-lived objects by the megabyte: Node's default grows the young generation to 16 MiB a semi-space.
          'let kept = 0; for (let i = 0; i < 300000; i++) kept += ({ i, text: "x" + i }).text.length;',
          'const young = v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space");',
          'console.log("young", young.space_size, kept);',
        ].join('\n'),
      );
      expect(await program.exited).toMatchObject({ reason: 'exited', code: 0 });
      const [, size, kept] = /young (\d+) (\d+)/.exec(program.text()) ?? [];
      expect(Number(kept)).toBe(1_988_890);
      expect(Number(size)).toBeLessThanOrEqual(2 * 1024 * 1024);
    } finally {
      await manager.closeAll();
    }
  });
});
