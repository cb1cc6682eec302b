import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp } from '../../playground-server/app.ts';
import { parseConfig, type PlaygroundConfigInput } from '../../playground-server/config.ts';
import { createLogger, type Logger } from '../../playground-server/log.ts';
import { recordingLogger, type RecordingLogger } from './recording-logger.ts';

/**
 * The one way a test starts the playground server in its own process: startTestServer (the real startApp, the same
 * composition root as `npm start`'s worker) on an ephemeral loopback port. `npm start` and `npm run dev` as child
 * processes: main-process.ts.
 */

/** A tiny built site, so server tests do not depend on `astro build`. */
export async function makeFixtureSite(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ws-noriteo-site-'));
  await mkdir(join(dir, 'lesson'), { recursive: true });
  await mkdir(join(dir, '_astro'), { recursive: true });
  await writeFile(join(dir, 'index.html'), '<!doctype html><html lang="ko"><title>홈</title><p>안녕하세요</p></html>');
  await writeFile(join(dir, 'lesson', 'index.html'), '<!doctype html><html lang="ko"><title>수업</title></html>');
  await writeFile(join(dir, '404.html'), '<!doctype html><html lang="ko"><title>없음</title><p>페이지를 찾을 수 없습니다</p></html>');
  await writeFile(join(dir, '_astro', 'app.abc123.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
  return dir;
}

let sharedFixture: Promise<string> | undefined;
/** One fixture site per test process, for servers that only read it. */
export function fixtureSite(): Promise<string> {
  sharedFixture ??= makeFixtureSite();
  return sharedFixture;
}

/** The real site (`astro build` output; DIST_DIR when set), for the browser tests. */
export function builtSite(): string {
  return process.env['DIST_DIR'] || parseConfig({}).distDir;
}

export type TestServer = RunningApp & {
  /** ws://127.0.0.1:<port> */
  wsUrl: string;
  /** http://127.0.0.1:<port> */
  origin: string;
};

/**
 * The real playground server on an ephemeral loopback port, silent, serving a fixture site unless `distDir` says
 * otherwise. `logger` replaces the log (a recordingLogger, or createLogger with a line sink).
 */
export async function startTestServer(overrides: PlaygroundConfigInput = {}, options: { logger?: Logger } = {}): Promise<TestServer> {
  const distDir = overrides.distDir ?? (await fixtureSite());
  const config = parseConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', buildIfStale: false, ...overrides, distDir });
  const app = await startApp(config, options.logger ?? createLogger(config.logLevel));
  const address = config.host.includes(':') ? `[${config.host === '::' ? '::1' : config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return Object.assign(app, { wsUrl: `ws://${address}:${app.port}`, origin: `http://${address}:${app.port}` });
}

/** startTestServer with every log event kept (debug level) in `log`. */
export async function startRecordedServer(overrides: PlaygroundConfigInput = {}): Promise<TestServer & { log: RecordingLogger }> {
  const log = recordingLogger();
  const server = await startTestServer({ logLevel: 'debug', ...overrides }, { logger: log });
  return Object.assign(server, { log });
}
