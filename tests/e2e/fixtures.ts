import { test as base, expect } from '@playwright/test';
import { builtSite, startTestServer, type TestServer } from '../helpers/server.ts';

/** The real playground server (built site + endpoints) on an ephemeral port, one per worker. */
export const test = base.extend<{ baseURL: string }, { app: TestServer }>({
  app: [
    async ({}, use) => {
      const app = await startTestServer({ distDir: builtSite() });
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
