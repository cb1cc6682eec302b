import { test as base, expect, type BrowserContext, type Frame, type Page } from '@playwright/test';
import { e2eCpuThrottle } from '../helpers/chromium.ts';
import { builtSite, startTestServer, type TestServer } from '../helpers/server.ts';

/** With E2E_CPU_THROTTLE=N, every page's CPU runs N× slower (see e2eCpuThrottle). */
const cpuThrottle = e2eCpuThrottle();

async function throttle(context: BrowserContext, target: Page | Frame): Promise<void> {
  const cdp = await context.newCDPSession(target);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuThrottle });
}

/**
 * The throttle slows one renderer process, and Chromium runs the playground's sandboxed iframe (the learner's code) in
 * a process of its own: each frame that gets one is throttled as it arrives (a frame in the page's process has no
 * session of its own and is slowed with the page). Measured under load: a loop in the runner's frame, median of 6,
 * 27 ms → 196 ms at 4×. The first moments of a frame, before its session is throttled, run at full speed.
 */
const throttled = new WeakSet<Page>();
async function throttlePage(context: BrowserContext, page: Page): Promise<void> {
  if (throttled.has(page)) return;
  throttled.add(page);
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame()) void throttle(context, frame).catch(() => {});
  });
  await throttle(context, page);
}

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
  context: async ({ context }, use) => {
    // Pages a test opens itself (a second tab) are throttled as they come; the test's `page` before it is used.
    if (cpuThrottle > 1) context.on('page', (page) => void throttlePage(context, page).catch(() => {}));
    await use(context);
  },
  page: async ({ context, page }, use) => {
    if (cpuThrottle > 1) await throttlePage(context, page);
    await use(page);
  },
});

export { expect };
