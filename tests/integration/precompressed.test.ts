import { readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressSite } from '../../playground-server/precompress.ts';
import { makeFixtureSite, startTestServer } from '../helpers/server.ts';

/**
 * The build writes brotli (best quality) and gzip copies beside every compressible file
 * (precompress.ts); the server sends those instead of compressing on the fly, and never a copy
 * older than its file.
 */
let site: string;
let server: Awaited<ReturnType<typeof startTestServer>>;
const SCRIPT = `export const lesson = ${JSON.stringify('웹소켓 '.repeat(2000))};\n`;

beforeAll(async () => {
  site = await makeFixtureSite();
  await writeFile(join(site, '_astro', 'lesson.abc.js'), SCRIPT);
  await writeFile(join(site, '_astro', 'tiny.abc.js'), 'export {};\n');
  const result = await precompressSite(site);
  expect(result.files).toBeGreaterThanOrEqual(2);
  server = await startTestServer({ distDir: site });
});
afterAll(() => server.close());

describe('precompressed files', () => {
  it('writes .br and .gz copies that decompress to the file, and none for files under 1 KiB', async () => {
    const path = join(site, '_astro', 'lesson.abc.js');
    expect(brotliDecompressSync(await readFile(`${path}.br`)).toString()).toBe(SCRIPT);
    expect(gunzipSync(await readFile(`${path}.gz`)).toString()).toBe(SCRIPT);
    await expect(readFile(join(site, '_astro', 'tiny.abc.js.br'))).rejects.toThrow();
  });

  it('sends the brotli copy as it is on disk, or the gzip one', async () => {
    const path = join(site, '_astro', 'lesson.abc.js');
    const br = await fetch(`${server.origin}/_astro/lesson.abc.js`, { headers: { 'Accept-Encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(Number(br.headers.get('content-length'))).toBe((await readFile(`${path}.br`)).length);
    expect(await br.text()).toBe(SCRIPT);
    const gz = await fetch(`${server.origin}/_astro/lesson.abc.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(Number(gz.headers.get('content-length'))).toBe((await readFile(`${path}.gz`)).length);
  });

  it('ignores a copy older than its file (a file changed after the build)', async () => {
    const path = join(site, 'index.html');
    const changed = `<!doctype html><html lang="ko"><title>새 홈</title><p>${'바뀐 페이지 '.repeat(300)}</p></html>`;
    await writeFile(`${path}.br`, 'stale');
    const old = new Date(Date.now() - 60_000);
    await utimes(`${path}.br`, old, old);
    await writeFile(path, changed);
    const response = await fetch(`${server.origin}/`, { headers: { 'Accept-Encoding': 'br' } });
    expect(await response.text()).toBe(changed);
  });
});
