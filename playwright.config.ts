import { defineConfig } from '@playwright/test';

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
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'retain-on-failure',
  },
});
