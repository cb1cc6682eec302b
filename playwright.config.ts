import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/helpers/chromium.ts';

/**
 * E2E in the system Chromium (Debian's `chromium`): Playwright never downloads a browser here.
 * Each worker starts the real playground server on an ephemeral port (tests/e2e/fixtures.ts).
 */
export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  forbidOnly: true,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // Several people's runs on one machine must not wipe each other's artifacts.
  outputDir: process.env['PW_OUTPUT_DIR'] ?? 'test-results',
  use: {
    browserName: 'chromium',
    locale: 'ko-KR',
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
});
