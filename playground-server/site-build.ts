import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from './log.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What the site is built from; a change in any of them makes dist/ stale. */
const SOURCES = ['astro.config.mjs', 'package-lock.json', 'tsconfig.json', 'src', 'content', 'public'];
/** Written by the `build-stamp` integration when `astro build` finishes. */
export const BUILD_STAMP = '.build-stamp';

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newestMtime(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

/** True when dist/ is missing, was never finished, or is older than one of its sources. */
export async function isBuildStale(root = ROOT, distDir = join(root, 'dist')): Promise<boolean> {
  const stamp = await stat(join(distDir, BUILD_STAMP)).catch(() => undefined);
  if (!stamp) return true;
  const newest = Math.max(...(await Promise.all(SOURCES.map((source) => newestMtime(join(root, source))))));
  return newest > stamp.mtimeMs;
}

/** Runs `astro build` (with the project's Node) when the build is missing or stale. */
export async function ensureSiteBuilt(logger: Logger, root = ROOT): Promise<void> {
  if (!(await isBuildStale(root))) return;
  logger.info('site_build_start', { reason: 'dist/ is missing or older than its sources' });
  process.stderr.write('사이트를 빌드합니다 (dist/가 없거나 소스보다 오래되었습니다)…\n');
  const astro = join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [astro, 'build'], { cwd: root, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`astro build가 실패했습니다 (종료 코드 ${code}). 위의 출력을 확인하세요.`);
}
