import { startApp } from '../app.ts';
import type { PlaygroundConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { SUPERVISED_PORT_ENV, tellParent } from '../supervise/ipc.ts';
import { installCrashGuard, parentSandboxWatcher, shutdownOnce, shutdownWhenTold } from '../supervise/worker-lifecycle.ts';

/** Within the supervisor's deadline (entry/supervisor.ts), so the worker normally ends on its own. */
const WORKER_SHUTDOWN_MS = 1500;

/**
 * The one worker of `npm start`, under entry/supervisor.ts: the whole playground, listening on the port
 * itself. It reports its port and its learners' servers to the supervisor, ends on an uncaught
 * error (the supervisor starts a clean one), and shuts down on `pg:shutdown`, SIGTERM/SIGINT
 * (Ctrl+C reaches the whole process group) or when the supervisor is gone.
 */
export async function runSupervisedWorker(config: PlaygroundConfig, logger: Logger): Promise<void> {
  installCrashGuard(logger);
  const port = Number(process.env[SUPERVISED_PORT_ENV] ?? config.port);
  const app = await startApp({ ...config, port }, logger, { sandboxWatcher: parentSandboxWatcher });
  shutdownWhenTold(shutdownOnce(app, logger, WORKER_SHUTDOWN_MS), 'supervisor');
  logger.info('worker_ready', { pid: process.pid, port: app.port });
  tellParent({ type: 'pg:listening', port: app.port });
}
