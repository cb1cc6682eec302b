/**
 * `npm start`: builds the site if needed, then serves it and every playground endpoint on one
 * port. This process only supervises: one worker (supervise/supervised.ts) serves everything and
 * is started again should it die; with `--workers N` the cluster primary (scale/cluster-primary.ts)
 * hands connections to N workers. Ctrl+C / SIGTERM: every WebSocket gets 1001, and all is gone
 * within 2 s.
 */
import cluster from 'node:cluster';
import { ConfigError, isLoopbackHost, loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { startPrimary } from './scale/cluster-primary.ts';
import { runWorker } from './scale/cluster-worker.ts';
import { ensureSiteBuilt } from './site-build.ts';
import { SUPERVISED_ENV } from './supervise/ipc.ts';
import { runSupervised } from './supervise/supervised.ts';
import { startSupervisor } from './supervise/supervisor.ts';
import { shutdownOnce } from './supervise/worker-lifecycle.ts';
import { displayUrl } from './display-url.ts';

const SHUTDOWN_DEADLINE_MS = 2000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  // A worker of `--workers N` (scale/cluster-worker.ts): the primary built the site and owns the port.
  if (cluster.isWorker) return runWorker(config, logger);
  // The one worker of `npm start`, started by the supervisor below.
  if (process.env[SUPERVISED_ENV] === '1') return runSupervised(config, logger);
  if (config.buildIfStale) await ensureSiteBuilt(logger);

  const announce = (text: string) => process.stdout.write(`${text}\n`);
  const app = config.workers > 1 ? await startPrimary(config, logger) : await startSupervisor(config, logger, announce);
  const url = displayUrl(config.host, app.port);
  logger.info('listening', { host: config.host, port: app.port, workers: config.workers });
  process.stdout.write(`\nWebSocket 놀이터가 실행 중입니다: ${url}\n(끝내려면 Ctrl+C)\n\n`);
  if (!isLoopbackHost(config.host)) {
    process.stdout.write(
      `주의: ${config.host}에 바인딩했습니다. 같은 네트워크의 다른 컴퓨터도 이 놀이터에 접속할 수 있습니다 (README의 ‘교실에서 쓰기’ 참고).\n`,
    );
  }

  const shutdown = shutdownOnce(app, logger, SHUTDOWN_DEADLINE_MS);
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`놀이터 서버를 시작하지 못했습니다: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
