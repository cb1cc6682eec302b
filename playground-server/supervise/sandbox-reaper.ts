import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import type { Logger } from '../log.ts';
import { isAlive, killTree, waitGone, type ProcessRef } from '../sandbox/process-tree.ts';
import { ROOT_PREFIX } from '../sandbox/workspace.ts';
import type { SupervisedToParent } from './ipc.ts';

/**
 * How long a shutdown waits for what a reap killed to be gone: the dying takes milliseconds, and the whole shutdown
 * has main.ts's 2 s deadline, of which a stuck worker may already have used 1.8 s.
 */
export const REAPED_GONE_MS = 150;

/**
 * The parent's list of what one supervised process started in the sandbox, kept from that
 * process's reports (supervise/ipc.ts): each learner's server is the leader of a process group of
 * its own (spawned detached), so it would outlive a worker that died without stopping it — with
 * bubblewrap `--die-with-parent` ends it, without bubblewrap nothing does. `reap` ends them all and
 * removes the workspace folder; the refs carry start times, so a pid reused since is never hit.
 */
export class SandboxReaper {
  readonly #leaders = new Map<number, ProcessRef>();
  #workspace: string | undefined;
  readonly #childPid: number;
  /** Who the reaps killed: a SIGKILL is not instant, so a shutdown waits for them (gone()). */
  #killed: ProcessRef[] = [];

  constructor(childPid: number) {
    this.#childPid = childPid;
  }

  note(report: Extract<SupervisedToParent, { type: 'pg:sandbox-started' | 'pg:sandbox-ended' | 'pg:workspace' }>): void {
    if (report.type === 'pg:sandbox-started') this.#leaders.set(report.pid, { pid: report.pid, start: report.start });
    else if (report.type === 'pg:sandbox-ended') this.#leaders.delete(report.pid);
    // Only a folder this child made (mkdtemp names it after its pid) is ever removed.
    else if (basename(report.root).startsWith(`${ROOT_PREFIX}${this.#childPid}-`)) this.#workspace = report.root;
  }

  /**
   * Kills every learner's server the child left behind and removes its workspace; returns how many were alive.
   * Synchronous (a few small files): the parent may exit right after its child did (a shutdown), and an `await`ed
   * removal was still pending then, leaving the folder behind.
   */
  reap(logger: Logger): number {
    let killed = 0;
    for (const leader of this.#leaders.values()) {
      if (!isAlive(leader)) continue;
      this.#killed.push(...killTree(leader.pid));
      killed += 1;
    }
    this.#leaders.clear();
    if (this.#workspace !== undefined) {
      try {
        rmSync(this.#workspace, { recursive: true, force: true });
      } catch (error) {
        logger.warn('reap_workspace_failed', { message: String(error) });
      }
      this.#workspace = undefined;
    }
    return killed;
  }

  /**
   * Resolves when every process the reaps killed has finished dying (a zombie counts as gone), or after `timeoutMs`:
   * a SIGKILLed process still shows in /proc for a moment while the kernel takes it apart, and `npm start` should not
   * exit with a learner's server still there for someone to find. Returns who was still there at the deadline.
   */
  async gone(timeoutMs: number): Promise<ProcessRef[]> {
    const survivors = await waitGone(this.#killed, timeoutMs);
    this.#killed = survivors;
    return survivors;
  }
}
