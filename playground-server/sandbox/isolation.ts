import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import type { SandboxLimits } from './options.ts';
import { filterApplies } from './seccomp-filter.ts';

/**
 * How the child is walled in, and the command line that does it.
 *
 * - `bwrap`: bubblewrap (own mount, network, pid, ipc, uts, user and cgroup namespaces; only the
 *   folders below are visible) with Node's permission model inside as a second layer.
 * - `permission`: Node's permission model alone, where user namespaces are unavailable.
 *
 * In both, the child runs under hard rlimits (prlimit) and, when the server is root, as `nobody`.
 */
export type IsolationMode = 'bwrap' | 'permission';

/** Folders and files the child reads (read-only) besides its own folder. */
export interface SandboxView {
  nodePath: string;
  preloadPath: string;
  modulesLinkDir: string;
  packageFolders: readonly string[];
  /** Names the learner's files may import. */
  packages: readonly string[];
}

export interface CommandInput {
  mode: IsolationMode;
  view: SandboxView;
  dir: string;
  entry: string;
  limits: SandboxLimits;
  bwrapPath: string;
  /** null when prlimit is unavailable: only the sampled limits apply then. */
  prlimitPath: string | null;
  /** The child drops to this uid before bwrap/node runs (spawn's uid/gid). */
  dropsPrivileges: boolean;
}

/**
 * File descriptor of the report pipe in the child (stdin, stdout, stderr, reports): the preload writes
 * one JSON line per event (listening, a refused call); not to be confused with the browser's control channel.
 */
export const REPORT_FD = 3;

/** System folders the dynamic loader and Node need: bound read-only, or recreated as the same symlinks. */
const SYSTEM_PATHS = ['/usr', '/lib', '/lib64', '/lib32', '/libx32', '/bin'];

function systemBinds(): string[] {
  const args: string[] = [];
  for (const path of SYSTEM_PATHS) {
    if (!existsSync(path)) continue;
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(path), path);
    else if (stat.isDirectory()) args.push('--ro-bind', path, path);
  }
  return args;
}

/**
 * V8 flags of the learner's node. `--max-semi-space-size=1` (MiB), as our own server's (entry/node-flags.ts): with
 * Node's default the young generation grows to 8–16 MiB a semi-space as soon as a program has allocated a few MiB, and
 * so large a young generation rarely fills under a WebSocket server moving big messages, so their buffers (outside
 * the JS heap) are freed by full mark-compacts instead of scavenges. Its CPU per 16 KB echo through the proxy went from a median 52 to 44 µs (7 + 7
 * alternating `bench/echo-throughput.ts` runs, load 11–19); start → listening of the ws and Socket.IO seeds did not
 * move (20 + 20 alternating starts each, p50 186/180 and 282/293 ms, load 13).
 */
export const LEARNER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];

/**
 * Arguments of `node` itself: permission model (read its folder and the allowed packages, write
 * nothing: see prlimitArgs), memory limit, the preload, then the entry. `node:sqlite` is switched
 * off: Node's docs say the permission model does not cover it, and inside it opens, creates and
 * attaches database files wherever the process's user can write.
 */
export function nodeArgs(input: Pick<CommandInput, 'view' | 'dir' | 'entry' | 'limits'>): string[] {
  const { view, dir, limits } = input;
  return [
    '--permission',
    `--allow-fs-read=${dir}`,
    `--allow-fs-read=${view.preloadPath}`,
    `--allow-fs-read=${view.modulesLinkDir}`,
    ...view.packageFolders.map((folder) => `--allow-fs-read=${folder}`),
    '--no-addons',
    '--no-experimental-sqlite',
    `--max-old-space-size=${limits.heapMb}`,
    ...LEARNER_NODE_FLAGS,
    // A typeless package.json is ours on purpose (see workspace.ts); Node's warning about it would only confuse.
    '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON',
    '--require',
    view.preloadPath,
    `${dir}/${input.entry}`,
  ];
}

/** Size of the sandbox's /dev (a tmpfs, read-only once the devices are bound in: nothing can be created there). */
export const DEV_TMPFS_BYTES = 1024 * 1024;
/**
 * Where the program's port sockets are bound in bubblewrap mode: a small tmpfs of its own, the only writable place
 * in its view (its folder is bound read-only). The server reaches them through /proc/<pid>/root (see sandbox.ts).
 */
export const SANDBOX_PORTS_DIR = '/run/ports';
export const PORTS_TMPFS_BYTES = 64 * 1024;
/** File descriptor on which bubblewrap reports the sandbox's pid (`--info-fd`), after the report pipe. */
export const INFO_FD = 4;
/** File descriptor from which bubblewrap reads the seccomp program (seccomp-filter.ts), when there is one. */
export const SECCOMP_FD = 5;
/** The device files a Node program needs, bound from the host into the sandbox's own small /dev. */
const DEVICES = ['/dev/null', '/dev/zero', '/dev/full', '/dev/random', '/dev/urandom'];

/**
 * What every bubblewrap run here shares, the start-up probe included: all namespaces, no way
 * back out, the system folders read-only, its own /proc, a /dev of DEV_TMPFS_BYTES holding only
 * the devices above, and Node itself.
 */
function bwrapBase(nodePath: string, dropCapabilities: boolean): string[] {
  const nodeReal = realpathSync(nodePath);
  return [
    '--unshare-all',
    '--unshare-user',
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--hostname',
    'sandbox',
    ...(dropCapabilities ? ['--cap-drop', 'ALL'] : []),
    ...systemBinds(),
    '--proc',
    '/proc',
    '--size',
    String(DEV_TMPFS_BYTES),
    '--tmpfs',
    '/dev',
    ...DEVICES.filter((device) => existsSync(device)).flatMap((device) => ['--dev-bind', device, device]),
    // Devices still read and write (they are not on this tmpfs); no file, folder, fifo or link can be made beside them.
    '--remount-ro',
    '/dev',
    '--ro-bind',
    nodeReal,
    nodeReal,
    ...(nodeReal === nodePath ? [] : ['--ro-bind', nodeReal, nodePath]),
  ];
}

export function bwrapArgs(input: Pick<CommandInput, 'view' | 'dir' | 'dropsPrivileges'> & { infoFd?: number; seccompFd?: number }): string[] {
  const { view, dir } = input;
  return [
    ...bwrapBase(view.nodePath, !input.dropsPrivileges),
    '--ro-bind',
    view.preloadPath,
    view.preloadPath,
    '--ro-bind',
    view.modulesLinkDir,
    view.modulesLinkDir,
    ...view.packageFolders.flatMap((folder) => ['--ro-bind', folder, folder]),
    // The server wrote the learner's files before the run; nothing in it writes there (Node's compile cache is off,
    // module resolution only reads). Read-only, so RLIMIT_FSIZE's gap (it stops bytes, not inodes: empty files,
    // folders, fifos, symlinks) is closed by the kernel here too.
    '--ro-bind',
    dir,
    dir,
    // The one writable place: the port sockets. Small (bubblewrap 0.8 sizes a tmpfs but cannot cap its inodes).
    '--size',
    String(PORTS_TMPFS_BYTES),
    '--tmpfs',
    SANDBOX_PORTS_DIR,
    // bwrap's root is a scratch tmpfs: read-only too.
    '--remount-ro',
    '/',
    ...(input.infoFd === undefined ? [] : ['--info-fd', String(input.infoFd)]),
    // No name can be made in the one writable place either, except by binding a socket (seccomp-filter.ts).
    ...(input.seccompFd === undefined ? [] : ['--seccomp', String(input.seccompFd)]),
    '--chdir',
    dir,
    '--',
  ];
}

/**
 * Hard kernel limits, the backstop behind the sampled ones: CPU seconds (a little above the
 * sampled limit, so the friendly message usually wins), open files, address space, no core dumps,
 * and a file size of 0: the program cannot put a byte into any regular file anywhere — its folder,
 * /dev/shm, a database — in either isolation mode, whatever it does to get around the permission
 * model. (Its sockets and pipes are not regular files: listening and console output work.)
 */
export function prlimitArgs(limits: SandboxLimits): string[] {
  const cpuSeconds = Math.ceil(limits.cpuTimeMs / 1000) + 2;
  const files = limits.connections + limits.outboundConnections + 64;
  const args = [`--cpu=${cpuSeconds}:${cpuSeconds}`, `--nofile=${files}:${files}`, '--fsize=0', '--core=0'];
  if (limits.addressSpaceMb > 0) args.push(`--as=${limits.addressSpaceMb * 1024 * 1024}`);
  return [...args, '--'];
}

/** The full command: [prlimit …] [bwrap …] node … entry. */
export function sandboxCommand(input: CommandInput): { file: string; args: string[] } {
  const node = [input.view.nodePath, ...nodeArgs(input)];
  const isolated = input.mode === 'bwrap' ? [input.bwrapPath, ...bwrapArgs({ ...input, infoFd: INFO_FD, ...(filterApplies ? { seccompFd: SECCOMP_FD } : {}) }), ...node] : node;
  const full = input.prlimitPath === null ? isolated : [input.prlimitPath, ...prlimitArgs(input.limits), ...isolated];
  return { file: full[0]!, args: full.slice(1) };
}

/** Runs `command` with a time limit; true when it exits with 0. */
function runsOk(file: string, args: string[], runAs: { uid: number; gid: number } | undefined, timeoutMs = 5000): Promise<boolean> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(file, args, { stdio: 'ignore', timeout: timeoutMs, ...(runAs ?? {}) });
    } catch {
      resolve(false);
      return;
    }
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

/**
 * Checks once, by running it, whether bubblewrap works here with the namespaces we ask for (it
 * does not where user namespaces are disabled, e.g. in many containers), and whether prlimit runs.
 */
export async function detectIsolation(options: {
  requested: 'auto' | 'bwrap' | 'permission';
  bwrapPath: string;
  prlimitPath: string;
  nodePath: string;
  runAs: { uid: number; gid: number } | undefined;
}): Promise<{ mode: IsolationMode; prlimit: boolean; bwrapProblem: string | null }> {
  const prlimit = await runsOk(options.prlimitPath, ['--core=0', '--', options.nodePath, '-e', '0'], options.runAs);
  if (options.requested === 'permission') return { mode: 'permission', prlimit, bwrapProblem: null };
  const probe = [...bwrapBase(options.nodePath, options.runAs === undefined && process.getuid?.() === 0), '--', options.nodePath, '-e', '0'];
  const works = existsSync(options.bwrapPath) && (await runsOk(options.bwrapPath, probe, options.runAs));
  if (works) return { mode: 'bwrap', prlimit, bwrapProblem: null };
  const problem = existsSync(options.bwrapPath) ? `${options.bwrapPath} could not create its namespaces` : `${options.bwrapPath} not found`;
  if (options.requested === 'bwrap') throw new Error(`sandbox isolation "bwrap" requested, but ${problem}`);
  return { mode: 'permission', prlimit, bwrapProblem: problem };
}
