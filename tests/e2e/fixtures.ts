import { test as base, expect } from '@playwright/test';
import { startApp, type RunningApp } from '../../playground-server/app.ts';
import { parseConfig } from '../../playground-server/config.ts';
import { createLogger } from '../../playground-server/log.ts';

/** The real playground server (built site + endpoints) on an ephemeral port, one per worker. */
export const test = base.extend<{ baseURL: string }, { app: RunningApp }>({
  app: [
    async ({}, use) => {
      const config = parseConfig({ port: 0, logLevel: 'silent', buildIfStale: false, distDir: process.env['DIST_DIR'] });
      const app = await startApp(config, createLogger(config.logLevel));
      await use(app);
      await app.close();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ app }, use) => {
    await use(`http://localhost:${app.port}`);
  },
});

export { expect };
