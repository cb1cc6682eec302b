import { readFileSync, readdirSync } from 'node:fs';

/**
 * The child's process tree as Linux's /proc shows it: who is in it, how much CPU time and memory
 * it uses together, and killing all of it. With bubblewrap the tree is
 * prlimit→bwrap (outside) → bwrap (pid 1 inside) → node; without it, prlimit→node.
 *
 * A process is named by its pid *and* its start time, so a pid the kernel has handed to some
 * unrelated process since is never signalled.
 */

/** USER_HZ, the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux that Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcessRef {
  pid: number;
  /** Field 22 of /proc/<pid>/stat: start time since boot, in clock ticks. */
  start: string;
}

export interface TreeSample {
  /** User + system CPU time of every process in the tree (all threads), in ms. */
  cpuMs: number;
  /** Resident memory of the tree, in bytes. */
  rssBytes: number;
  /** Live (non-zombie) processes, root first. */
  processes: ProcessRef[];
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Fields after the command name (which may hold spaces and parentheses); index 0 is field 3 (state). */
function statFields(pid: number): string[] | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

function refOf(pid: number, fields: string[]): ProcessRef {
  return { pid, start: fields[19] ?? '' };
}

/** The process `pid` names now (with its start time), or undefined when there is none. */
export function processRef(pid: number): ProcessRef | undefined {
  const fields = statFields(pid);
  return fields === undefined ? undefined : refOf(pid, fields);
}

/** True while the process exists, is the same process, and is not a zombie waiting to be reaped. */
export function isAlive(ref: ProcessRef): boolean {
  const fields = statFields(ref.pid);
  return fields !== undefined && fields[0] !== 'Z' && fields[0] !== 'X' && refOf(ref.pid, fields).start === ref.start;
}

function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const task of tasks) {
    const text = readText(`/proc/${pid}/task/${task}/children`);
    if (text === undefined) continue;
    for (const word of text.split(' ')) if (word !== '') children.push(Number(word));
  }
  return children;
}

/** `root` and everything below it that is alive, breadth first. */
export function processTree(root: number): ProcessRef[] {
  const found: ProcessRef[] = [];
  const seen = new Set<number>();
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const fields = statFields(pid);
    if (fields === undefined || fields[0] === 'Z' || fields[0] === 'X') continue;
    found.push(refOf(pid, fields));
    queue.push(...childrenOf(pid));
  }
  return found;
}

export function sampleTree(root: number): TreeSample {
  const processes = processTree(root);
  let ticks = 0;
  let rssKb = 0;
  for (const { pid } of processes) {
    const fields = statFields(pid);
    if (fields === undefined) continue;
    // proc_pid_stat(5): utime and stime are fields 14 and 15, i.e. 11 and 12 after the state.
    ticks += Number(fields[11]) + Number(fields[12]);
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(readText(`/proc/${pid}/status`) ?? '');
    if (rss) rssKb += Number(rss[1]);
  }
  return { cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND, rssBytes: rssKb * 1024, processes };
}

/** SIGKILL to each process that is still the one we saw. */
export function killProcesses(processes: readonly ProcessRef[]): void {
  for (const ref of processes) {
    if (!isAlive(ref)) continue;
    try {
      process.kill(ref.pid, 'SIGKILL');
    } catch {}
  }
}

/**
 * SIGKILL to the process group `root` leads (it was spawned detached) and to every process below
 * it, which bubblewrap has moved into sessions of their own. Returns who was hit.
 */
export function killTree(root: number): ProcessRef[] {
  const processes = processTree(root);
  try {
    process.kill(-root, 'SIGKILL');
  } catch {}
  killProcesses(processes);
  return processes;
}

/** Resolves with the survivors once none is alive (zombies count as gone) or after `timeoutMs`. */
export async function waitGone(processes: readonly ProcessRef[], timeoutMs: number): Promise<ProcessRef[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = processes.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    alive = alive.filter(isAlive);
  }
  return alive;
}
