import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp } from '../../playground-server/app.ts';
import { parseConfig, type PlaygroundConfigInput } from '../../playground-server/config.ts';
import { createLogger } from '../../playground-server/log.ts';

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

/** The real playground server on an ephemeral loopback port. */
export async function startTestServer(overrides: PlaygroundConfigInput = {}): Promise<RunningApp & { wsUrl: string; origin: string }> {
  const distDir = overrides.distDir ?? (await makeFixtureSite());
  const config = parseConfig({ port: 0, host: '127.0.0.1', logLevel: 'silent', buildIfStale: false, ...overrides, distDir });
  const app = await startApp(config, createLogger(config.logLevel));
  return Object.assign(app, { wsUrl: `ws://127.0.0.1:${app.port}`, origin: `http://127.0.0.1:${app.port}` });
}
