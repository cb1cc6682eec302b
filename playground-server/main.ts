/**
 * `npm start`: builds the site if needed, then serves it and every playground endpoint from one
 * Node process on one port. Ctrl+C / SIGTERM: every WebSocket gets 1001, and the process is gone
 * within 2 s.
 */
import cluster from 'node:cluster';
import { startApp } from './app.ts';
import { ConfigError, isLoopbackHost, loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { startPrimary } from './scale/cluster-primary.ts';
import { runWorker } from './scale/cluster-worker.ts';
import { ensureSiteBuilt } from './site-build.ts';

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
  if (config.buildIfStale) await ensureSiteBuilt(logger);

  const app = config.workers > 1 ? await startPrimary(config, logger) : await startApp(config, logger);
  logger.info('listening', { host: config.host, port: app.port, workers: config.workers });
  process.stdout.write(`\nWebSocket 놀이터가 실행 중입니다: ${app.url}\n(끝내려면 Ctrl+C)\n\n`);
  if (!isLoopbackHost(config.host)) {
    process.stdout.write(
      `주의: ${config.host}에 바인딩했습니다. 같은 네트워크의 다른 컴퓨터도 이 놀이터에 접속할 수 있습니다 (README의 「교실에서 쓰기」 참고).\n`,
    );
  }

  const shutdown = (signal: string) => {
    logger.info('shutdown', { signal });
    setTimeout(() => {
      logger.error('shutdown_timeout', { deadlineMs: SHUTDOWN_DEADLINE_MS });
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown_failed', { message: String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`놀이터 서버를 시작하지 못했습니다: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
