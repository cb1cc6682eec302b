import { writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/**
 * Mounts the playground (playground-server/entry/dev.ts: the same app and config as `npm start`)
 * on `astro dev`'s own HTTP server, one port as in production, and stamps each finished
 * `astro build` so `npm start` can tell a stale build, after writing the compressed copies of every
 * file (brotli and gzip, playground-server/precompress.ts) that the server sends.
 */
export function playgroundIntegration(): AstroIntegration {
  return {
    name: 'ws-noriteo:playground',
    hooks: {
      'astro:server:setup': async ({ server }) => {
        const { attachToDevServer } = await import('./dev.ts');
        // Vite's server is Node's http.Server unless https is configured (it is not here).
        await attachToDevServer({ httpServer: server.httpServer as Server | null, middlewares: server.middlewares, host: server.config.server.host });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const { BUILD_STAMP } = await import('../site-build.ts');
        const { precompressSite } = await import('../precompress.ts');
        const started = performance.now();
        const result = await precompressSite(fileURLToPath(dir));
        logger.info(`precompressed ${result.files} files (brotli ${(result.brotliBytes / 1048576).toFixed(1)} MiB of ${(result.bytes / 1048576).toFixed(1)} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        await writeFile(new URL(BUILD_STAMP, dir), `${new Date().toISOString()}\n`);
      },
    },
  };
}
