import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Worth compressing: text, scripts, styles, data, SVG and the TrueType icon font. */
export const PRECOMPRESSED_EXTENSIONS = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.xml', '.txt', '.ttf', '.webmanifest']);
/** Smaller files are sent as they are (static-files.ts does the same). */
export const MIN_COMPRESSED_SIZE = 1024;
/**
 * Brotli's best quality (11) takes about 3.5 s per MiB here, so the one file far larger than the
 * rest (the TypeScript worker, 6.9 MB, loaded only after the editor is drawn) gets quality 9:
 * 25 s less build for 2 % more bytes. Everything on the way to an editable editor gets 11: about
 * 12 % smaller than the quality 6 the server would use on the fly.
 */
const BEST_QUALITY_UP_TO = 4 * 1024 * 1024;

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile() && PRECOMPRESSED_EXTENSIONS.has(extname(entry.name).toLowerCase())) yield path;
  }
}

/**
 * Writes `<file>.br` and `<file>.gz` beside every compressible file of the built site, once at
 * build time (static-files.ts serves them when they are newer than the file), so nothing is
 * compressed per request and the editor's two big chunks go out at brotli's best quality.
 * Compression runs on libuv's thread pool, several files at once.
 */
export async function precompressSite(distDir: string): Promise<{ files: number; bytes: number; brotliBytes: number }> {
  const jobs: Array<Promise<{ bytes: number; brotliBytes: number }>> = [];
  for await (const path of files(distDir)) {
    jobs.push(
      (async () => {
        const body = await readFile(path);
        if (body.length < MIN_COMPRESSED_SIZE) return { bytes: 0, brotliBytes: 0 };
        const quality = body.length <= BEST_QUALITY_UP_TO ? 11 : 9;
        const [br, gz] = await Promise.all([
          brotli(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: quality, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
          gzipAsync(body, { level: 9 }),
        ]);
        await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
        return { bytes: body.length, brotliBytes: br.length };
      })(),
    );
  }
  const done = await Promise.all(jobs);
  return {
    files: done.filter((job) => job.bytes > 0).length,
    bytes: done.reduce((sum, job) => sum + job.bytes, 0),
    brotliBytes: done.reduce((sum, job) => sum + job.brotliBytes, 0),
  };
}
