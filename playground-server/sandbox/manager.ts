import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Logger } from '../log.ts';
import { detectIsolation, type SandboxView } from './isolation.ts';
import { effectiveRunAs, sandboxOptionsSchema, type SandboxOptionsInput } from './options.ts';
import { ENGLISH_MESSAGES } from '../validation-messages.ts';
import { resolvePackageClosure } from './package-closure.ts';
import { processRef, type ProcessRef } from './process-tree.ts';
import { ChildSandbox } from './sandbox.ts';
import { sandboxError } from './sandbox-error.ts';
import type { OwnerId, Sandbox, SandboxManager, StartRequest } from './sandbox-types.ts';
import type { ClientKey } from '../limits/ip-connection-limiter.ts';
import { createWorkspaceRoot } from './workspace.ts';

/**
 * Told of every sandbox's process-group leader as it starts and ends, and of the workspace root,
 * so that a supervisor can reap them should this process die without stopping them
 * (playground-server/supervise/sandbox-reaper.ts).
 */
export interface SandboxWatcher {
  workspace(root: string): void;
  started(root: ProcessRef): void;
  ended(pid: number): void;
}

export type SandboxManagerOptions = SandboxOptionsInput & { logger: Logger; watcher?: SandboxWatcher | undefined };

/**
 * Runs learners' Node servers, each in its own sandbox, under the limits in options.ts.
 *
 * Startup (once): finds the allowed packages' folders, prepares the temp root and checks whether
 * bubblewrap works here, logging the isolation mode in force (`sandbox_isolation`).
 */
export async function createSandboxManager(input: SandboxManagerOptions): Promise<SandboxManager> {
  const { logger, watcher, ...rest } = input;
  const options = sandboxOptionsSchema.parse(rest, ENGLISH_MESSAGES);
  const limits = options;
  if (process.platform !== 'linux') throw new Error('the sandbox needs Linux (/proc, prlimit, bubblewrap)');
  if (!existsSync(options.nodePath)) throw new Error(`sandbox nodePath not found: ${options.nodePath}`);
  const runAs = effectiveRunAs(options);
  const closure = resolvePackageClosure(options.packages, options.modulesDir);
  const detected = await detectIsolation({
    requested: options.isolation,
    bwrapPath: options.bwrapPath,
    prlimitPath: options.prlimitPath,
    nodePath: options.nodePath,
    runAs,
  });
  const workspace = await createWorkspaceRoot({ tempDir: options.tempDir, closure, owner: runAs });
  watcher?.workspace(workspace.root);
  const view: SandboxView = {
    nodePath: options.nodePath,
    preloadPath: workspace.preloadPath,
    modulesLinkDir: workspace.modulesLinkDir,
    packageFolders: closure.folders,
    packages: [...closure.roots.keys()],
  };
  logger.info('sandbox_isolation', {
    mode: detected.mode,
    bwrapProblem: detected.bwrapProblem ?? undefined,
    prlimit: detected.prlimit,
    runAsUid: runAs?.uid,
    root: workspace.root,
  });
  if (detected.mode === 'permission') {
    logger.warn('sandbox_isolation_weak', {
      message: 'bubblewrap is unavailable: learners\' servers run with Node\'s permission model only (no network or file-system namespace)',
    });
  }

  const sandboxes = new Map<string, ChildSandbox>();
  const goneTimers = new Map<OwnerId, NodeJS.Timeout>();
  let closing: Promise<void> | undefined;
  /** Starts in flight count against the limits too, so a burst of Run clicks cannot overshoot them. */
  const starting: StartRequest[] = [];
  /** The client each running sandbox was started for (absent: none was given). */
  const clients = new Map<string, ClientKey>();

  const countOf = (owner?: OwnerId) => {
    let n = 0;
    for (const sandbox of sandboxes.values()) if (owner === undefined || sandbox.owner === owner) n += 1;
    for (const request of starting) if (owner === undefined || request.owner === owner) n += 1;
    return n;
  };
  const countOfClient = (client: ClientKey) => {
    let n = 0;
    for (const who of clients.values()) if (who === client) n += 1;
    for (const request of starting) if (request.client === client) n += 1;
    return n;
  };

  return {
    mode: detected.mode,

    async start(request: StartRequest): Promise<Sandbox> {
      if (closing !== undefined) throw sandboxError('SANDBOX_SHUTTING_DOWN');
      if (countOf() >= limits.total) throw sandboxError('SANDBOX_LIMIT_TOTAL', limits.total);
      if (countOf(request.owner) >= limits.perOwner) throw sandboxError('SANDBOX_LIMIT_OWNER', limits.perOwner);
      if (request.client !== undefined && countOfClient(request.client) >= limits.perClient) throw sandboxError('SANDBOX_LIMIT_CLIENT', limits.perClient);
      starting.push(request);
      try {
        const { id, dir } = await workspace.createSandboxDir(request.files, request.entry, limits);
        if (closing !== undefined) {
          await rm(dir, { recursive: true, force: true });
          throw sandboxError('SANDBOX_SHUTTING_DOWN');
        }
        const sandbox = new ChildSandbox({
          id,
          owner: request.owner,
          dir,
          entry: request.entry,
          mode: detected.mode,
          view,
          limits,
          bwrapPath: options.bwrapPath,
          prlimitPath: detected.prlimit ? options.prlimitPath : null,
          runAs,
          logger,
        });
        sandboxes.set(id, sandbox);
        if (request.client !== undefined) clients.set(id, request.client);
        const leader = sandbox.pid === undefined ? undefined : processRef(sandbox.pid);
        if (leader) watcher?.started(leader);
        sandbox.once('exit', () => {
          sandboxes.delete(id);
          clients.delete(id);
          if (leader) watcher?.ended(leader.pid);
        });
        logger.info('sandbox_start', { id, owner: request.owner, entry: request.entry, mode: detected.mode });
        return sandbox;
      } finally {
        starting.splice(starting.indexOf(request), 1);
      }
    },

    get: (id) => sandboxes.get(id),

    count: (owner) => countOf(owner),

    ownerGone(owner) {
      if (goneTimers.has(owner)) return;
      const timer = setTimeout(() => {
        goneTimers.delete(owner);
        for (const sandbox of sandboxes.values()) if (sandbox.owner === owner) void sandbox.stop('owner-gone');
      }, limits.ownerGraceMs);
      timer.unref();
      goneTimers.set(owner, timer);
    },

    ownerBack(owner) {
      clearTimeout(goneTimers.get(owner));
      goneTimers.delete(owner);
    },

    closeAll() {
      closing ??= (async () => {
        for (const timer of goneTimers.values()) clearTimeout(timer);
        goneTimers.clear();
        await Promise.all([...sandboxes.values()].map((sandbox) => sandbox.stop('shutdown')));
        await workspace.remove();
        logger.info('sandbox_closed', {});
      })();
      return closing;
    },
  };
}
