import { mkdir, mkdtemp, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_STAMP, isBuildStale } from '../../playground-server/site-build.ts';

async function project() {
  const root = await mkdtemp(join(tmpdir(), 'ws-noriteo-build-'));
  await mkdir(join(root, 'content', 'docs'), { recursive: true });
  await mkdir(join(root, 'dist'));
  await writeFile(join(root, 'content', 'docs', 'index.mdx'), '# 안녕');
  await writeFile(join(root, 'astro.config.mjs'), 'export default {}');
  const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
  const touch = (path: string, seconds: number) => utimes(join(root, path), at(seconds), at(seconds));
  for (const path of ['content/docs/index.mdx', 'content/docs', 'content', 'astro.config.mjs']) await touch(path, 0);
  return { root, touch };
}

describe('isBuildStale', () => {
  it('is stale when dist/ was never stamped by a finished build', async () => {
    const { root } = await project();
    expect(await isBuildStale(root)).toBe(true);
  });

  it('is fresh when the stamp is newer than every source', async () => {
    const { root, touch } = await project();
    await writeFile(join(root, 'dist', BUILD_STAMP), 'x');
    await touch(`dist/${BUILD_STAMP}`, 10);
    expect(await isBuildStale(root)).toBe(false);
  });

  it('is stale when a lesson changed after the build', async () => {
    const { root, touch } = await project();
    await writeFile(join(root, 'dist', BUILD_STAMP), 'x');
    await touch(`dist/${BUILD_STAMP}`, 10);
    await touch('content/docs/index.mdx', 20);
    expect(await isBuildStale(root)).toBe(true);
  });
});
