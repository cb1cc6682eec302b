import type { Logger } from '../log.ts';
import type { SandboxWatcher } from '../sandbox/manager.ts';
import { tellParent } from './ipc.ts';

/** Exit code of a worker that ended itself after an uncaught error (EX_SOFTWARE in sysexits.h). */
export const CRASH_EXIT_CODE = 70;

/**
 * The last line of defence in a supervised process: an error nothing caught is logged with its
 * stack and the process ends, so the supervisor starts a clean one. Carrying on after it would
 * mean serving learners from a process in an unknown state (Node's docs on 'uncaughtException').
 */
export function installCrashGuard(logger: Logger): void {
  const crash = (kind: string) => (error: unknown) => {
    const stack = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    logger.error('worker_crash', { kind, error: stack.slice(0, 4000) });
    process.exit(CRASH_EXIT_CODE);
  };
  process.on('uncaughtException', crash('uncaughtException'));
  process.on('unhandledRejection', crash('unhandledRejection'));
}

/** Reports each learner's server to the parent, which reaps them if this process dies first (supervise/sandbox-reaper.ts). */
export const parentSandboxWatcher: SandboxWatcher = {
  workspace: (root) => tellParent({ type: 'pg:workspace', root }),
  started: (leader) => tellParent({ type: 'pg:sandbox-started', pid: leader.pid, start: leader.start }),
  ended: (pid) => tellParent({ type: 'pg:sandbox-ended', pid }),
};

/** What a shutdown closes: `close()` in order; `abort()`, if given, at the deadline just before the exit (synchronous). */
export interface Closable {
  close(): Promise<void>;
  abort?(): void;
}

/**
 * The one shutdown sequence of a process that serves (the worker of `npm start`, a worker of
 * `--workers N`): 1001 to every WebSocket and the sandboxes stopped (app.close), then exit; a close
 * that takes longer than `deadlineMs` is cut short (app.abort, then exit 1). Returns the trigger; calling it twice
 * is harmless.
 */
export function shutdownOnce(app: Closable, logger: Logger, deadlineMs: number): (reason: string) => void {
  let closing = false;
  return (reason) => {
    if (closing) return;
    closing = true;
    logger.info('shutdown', { reason });
    setTimeout(() => {
      logger.error('shutdown_timeout', { deadlineMs });
      try {
        app.abort?.();
      } finally {
        process.exit(1);
      }
    }, deadlineMs).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown_failed', { message: String(error) });
        process.exit(1);
      },
    );
  };
}

/**
 * What tells a worker to end, the same for the one worker of `npm start` and each worker of
 * `--workers N`: its parent's `pg:shutdown`, SIGTERM/SIGINT (Ctrl+C reaches the whole process
 * group), or its parent gone (the IPC channel closed). `parent` names it in the `shutdown` log line.
 */
export function shutdownWhenTold(stop: (reason: string) => void, parent: 'supervisor' | 'primary'): void {
  process.on('message', (message: unknown) => {
    if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'pg:shutdown') stop(parent);
  });
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('disconnect', () => stop(`${parent} gone`));
}

/**
 * SIGINT and SIGTERM taken over at once, for an entry that starts things before it can close them
 * (`npm start`, `npm run inspect`): a signal that comes while the site builds or the server starts
 * is kept and acted on as soon as the returned `ready(app)` gives the way to close. Left to Node's
 * default, such a signal killed the process outright (seen as an exit by SIGTERM with no `shutdown`
 * line). Signals after that go to shutdownOnce, so a second one is harmless.
 */
export function shutdownOnSignals(logger: Logger, deadlineMs: number): (app: Closable) => void {
  let pending: string | undefined;
  let shutdown: ((reason: string) => void) | undefined;
  const onSignal = (reason: string) => (shutdown ? shutdown(reason) : (pending ??= reason));
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  return (app) => {
    shutdown = shutdownOnce(app, logger, deadlineMs);
    if (pending !== undefined) shutdown(pending);
  };
}
