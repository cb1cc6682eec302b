import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../playground-server/log.ts';
import { isAlive, processRef, processTree } from '../../playground-server/sandbox/process-tree.ts';
import { SandboxReaper } from '../../playground-server/supervise/sandbox-reaper.ts';
import { waitUntil } from '../helpers/wait.ts';

describe('SandboxReaper: what a dead worker left behind', () => {
  it('kills a learner’s server and everything below it, and gone() resolves only when none of them is left', async () => {
    // A learner's server as the worker starts one: the leader of a process group of its own, with a child.
    const leader = spawn('sh', ['-c', 'sleep 60 & sleep 60'], { detached: true, stdio: 'ignore' });
    const pid = leader.pid!;
    await waitUntil('the leader has its child', () => processTree(pid).length >= 2, 5_000);
    const tree = processTree(pid);
    const ref = processRef(pid)!;
    const reaper = new SandboxReaper(process.pid);
    reaper.note({ type: 'pg:sandbox-started', pid, start: ref.start });

    const lines: string[] = [];
    expect(reaper.reap(createLogger('info', (line) => lines.push(line)))).toBe(1);
    expect(await reaper.gone(5_000)).toEqual([]);
    // At the moment gone() resolved, not later.
    expect(tree.filter(isAlive)).toEqual([]);
    // Nothing is killed twice: a second reap finds no one.
    expect(reaper.reap(createLogger('info', (line) => lines.push(line)))).toBe(0);
    expect(await reaper.gone(10)).toEqual([]);
    expect(lines).toEqual([]);
  });
});
