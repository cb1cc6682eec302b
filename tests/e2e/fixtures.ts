import { test as base, expect } from '@playwright/test';
import { builtSite, startTestServer, type TestServer } from '../helpers/server.ts';

/** The real playground server (built site + endpoints) on an ephemeral port, one per worker. */
export const test = base.extend<{ baseURL: string }, { app: TestServer }>({
  app: [
    async ({}, use) => {
      // Every test is a new visitor, but all of them come from 127.0.0.1: the per-client cap (4) would count the
      // servers earlier tests' pages left in their 30 s grace. The cap itself is tested in slot-grab.test.ts.
      const app = await startTestServer({ distDir: builtSite(), sandbox: { perClient: 20 } });
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
