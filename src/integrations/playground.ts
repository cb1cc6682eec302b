import { writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AstroIntegration } from 'astro';

/**
 * Mounts the playground (playground-server/entry/dev.ts: the same app and config as `npm start`)
 * on `astro dev`'s own HTTP server, one port as in production, and stamps each finished
 * `astro build` so `npm start` can tell a stale build.
 */
export function playgroundIntegration(): AstroIntegration {
  return {
    name: 'ws-noriteo:playground',
    hooks: {
      'astro:server:setup': async ({ server }) => {
        const { attachToDevServer } = await import('../../playground-server/entry/dev.ts');
        // Vite's server is Node's http.Server unless https is configured (it is not here).
        await attachToDevServer({ httpServer: server.httpServer as Server | null, middlewares: server.middlewares, host: server.config.server.host });
      },
      'astro:build:done': async ({ dir }) => {
        const { BUILD_STAMP } = await import('../../playground-server/site-build.ts');
        await writeFile(new URL(BUILD_STAMP, dir), `${new Date().toISOString()}\n`);
      },
    },
  };
}
