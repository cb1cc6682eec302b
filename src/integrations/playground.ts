import { writeFile } from 'node:fs/promises';
import type { AstroIntegration } from 'astro';

/**
 * Attaches the playground endpoints to `astro dev`'s own HTTP server (one port, as in
 * production), and stamps each finished `astro build` so `npm start` can tell a stale build.
 */
export function playgroundIntegration(): AstroIntegration {
  return {
    name: 'ws-noriteo:playground',
    hooks: {
      'astro:server:setup': async ({ server }) => {
        const httpServer = server.httpServer;
        if (!httpServer) return;
        const { createPlayground } = await import('../../playground-server/playground.ts');
        const { createLogger } = await import('../../playground-server/log.ts');
        const { parseConfig } = await import('../../playground-server/config.ts');
        const { startSandboxes } = await import('../../playground-server/sandbox-setup.ts');
        const config = parseConfig({ logLevel: process.env['LOG_LEVEL'] ?? 'warn' });
        const logger = createLogger(config.logLevel);
        const sandboxes = await startSandboxes(config, logger);
        const playground = createPlayground({
          maxPayload: config.maxPayload,
          allowedOrigins: config.allowedOrigins,
          publicHosts: config.publicHosts,
          logger,
          sandboxes,
          mode: 'dev',
          localAddress: () => {
            const address = httpServer.address();
            return address && typeof address === 'object' ? { host: '127.0.0.1', port: address.port } : null;
          },
        });
        server.middlewares.use((req, res, next) => {
          if (!playground.handleRequest(req, res)) next();
        });
        httpServer.on('upgrade', (req, socket, head) => {
          playground.handleUpgrade(req, socket, head);
        });
        httpServer.once('close', () => void Promise.all([playground.close(), sandboxes?.closeAll()]));
      },
      'astro:build:done': async ({ dir }) => {
        const { BUILD_STAMP } = await import('../../playground-server/site-build.ts');
        await writeFile(new URL(BUILD_STAMP, dir), `${new Date().toISOString()}\n`);
      },
    },
  };
}
