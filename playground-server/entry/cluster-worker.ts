import { Socket } from 'node:net';
import { startApp } from '../app.ts';
import type { PlaygroundConfig } from '../config.ts';
import type { LogFields, Logger } from '../log.ts';
import { installCrashGuard, parentSandboxWatcher, shutdownOnce, shutdownWhenTold } from '../supervise/worker-lifecycle.ts';
import { CLUSTER_PORT_ENV, messageType, WORKER_SLOT_ENV, type ClusterChannel, type WorkerToPrimary } from '../scale/cluster-messages.ts';

/** Within the primary's deadline (entry/cluster-primary.ts), so a worker normally ends on its own. */
const WORKER_SHUTDOWN_MS = 1500;

/** Every line this worker logs says which worker it is. */
function withFields(logger: Logger, fields: LogFields): Logger {
  return {
    error: (event, more) => logger.error(event, { ...fields, ...more }),
    warn: (event, more) => logger.warn(event, { ...fields, ...more }),
    info: (event, more) => logger.info(event, { ...fields, ...more }),
    debug: (event, more) => logger.debug(event, { ...fields, ...more }),
  };
}

const ignore = () => {};

/**
 * One worker of `--workers N`: the whole playground (startApp) without a listening socket of its
 * own; the primary hands it the connections of the addresses routed to its slot. It shuts down
 * (1001 to its WebSockets, its sandboxes killed) on the primary's `pg:shutdown`, on SIGTERM/SIGINT
 * (Ctrl+C reaches the whole process group), or when the primary is gone.
 */
export async function runClusterWorker(config: PlaygroundConfig, logger: Logger): Promise<void> {
  const slot = Number(process.env[WORKER_SLOT_ENV]);
  const port = Number(process.env[CLUSTER_PORT_ENV]);
  const log = withFields(logger, { worker: slot });
  const channel: ClusterChannel = {
    slot,
    send: (message: WorkerToPrimary) => {
      if (process.connected) process.send?.(message, undefined, {}, ignore);
    },
    onMessage(listener) {
      process.on('message', listener);
      return () => process.off('message', listener);
    },
  };
  installCrashGuard(log);
  const app = await startApp({ ...config, port }, log, { cluster: channel, sandboxWatcher: parentSandboxWatcher });

  const shutdown = shutdownOnce(app, log, WORKER_SHUTDOWN_MS);
  let closing = false;

  process.on('message', (message: unknown, handle: unknown) => {
    if (messageType(message) !== 'pg:connection') return;
    // Confirmed even when the handle did not arrive (the client left during the transfer), so
    // the primary always closes its copy.
    channel.send({ type: 'pg:taken', id: (message as { id: number }).id });
    if (!(handle instanceof Socket)) return;
    if (closing) handle.destroy();
    else app.server.emit('connection', handle);
  });
  shutdownWhenTold((reason) => {
    closing = true;
    shutdown(reason);
  }, 'primary');
  log.info('worker_ready', { pid: process.pid });
  channel.send({ type: 'pg:ready', slot });
}
