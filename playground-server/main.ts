/**
 * `npm start`: builds the site if needed, then serves it and every playground endpoint on one
 * port. Which part this process plays (entry/, side by side with `npm run dev`'s entry/dev.ts):
 * - started by you: the supervisor of one worker (entry/supervisor.ts), or with `--workers N` the
 *   cluster primary (entry/cluster-primary.ts). It serves nothing itself and starts a worker again
 *   should one die. Ctrl+C / SIGTERM: every WebSocket gets 1001, and all is gone within 2 s.
 * - started by the supervisor: the one worker (entry/worker.ts), which listens on the port itself;
 * - started by the primary: a cluster worker (entry/cluster-worker.ts).
 * Each worker builds the app from the same config through app.ts, the one composition root.
 */
import cluster from 'node:cluster';
import { isLoopbackHost } from './config.ts';
import { displayUrl } from './display-url.ts';
import { startPrimary } from './entry/cluster-primary.ts';
import { runClusterWorker } from './entry/cluster-worker.ts';
import { exitStartFailed, loadConfigOrExit } from './entry/startup-errors.ts';
import { startSupervisor } from './entry/supervisor.ts';
import { runSupervisedWorker } from './entry/worker.ts';
import { createLogger } from './log.ts';
import { ensureSiteBuilt } from './site-build.ts';
import { SUPERVISED_ENV } from './supervise/ipc.ts';
import { missingPrograms, missingReport } from './system-packages.ts';
import { shutdownOnSignals } from './supervise/worker-lifecycle.ts';

const SHUTDOWN_DEADLINE_MS = 2000;

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.argv.slice(2), process.env);
  const logger = createLogger(config.logLevel);
  if (cluster.isWorker) return runClusterWorker(config, logger);
  if (process.env[SUPERVISED_ENV] === '1') return runSupervisedWorker(config, logger);
  // What the server uses from the system (system-packages.txt): bubblewrap. Said once, up front; the server decides
  // what it means (permission model alone on loopback, refusing a public address) and says so in its log.
  const missing = isLoopbackHost(config.host) && config.sandboxIsolation === 'permission' ? [] : missingPrograms(['start']);
  if (missing.length > 0) process.stderr.write(`${missingReport(missing, 'npm start', false)}\n`);
  const ready = shutdownOnSignals(logger, SHUTDOWN_DEADLINE_MS);
  if (config.buildIfStale) await ensureSiteBuilt(logger);

  const announce = (text: string) => process.stdout.write(`${text}\n`);
  const app = config.workers > 1 ? await startPrimary(config, logger) : await startSupervisor(config, logger, announce);
  const url = displayUrl(config.host, app.port);
  logger.info('listening', { host: config.host, port: app.port, workers: config.workers });
  process.stdout.write(`\nWebSocket 놀이터가 실행 중입니다: ${url}\n(끝내려면 Ctrl+C)\n\n`);
  if (!isLoopbackHost(config.host)) {
    process.stdout.write(
      `주의: ${config.host}에 바인딩했습니다. 같은 네트워크의 다른 컴퓨터도 이 놀이터에 접속할 수 있습니다 (docs/classroom.md 참고).\n`,
    );
  }

  ready(app);
}

main().catch(exitStartFailed);
