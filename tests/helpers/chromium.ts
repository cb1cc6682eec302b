import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { systemProgram } from '../../playground-server/system-packages.ts';

/**
 * The one way tests, benchmarks and scripts start Chromium: Debian's build (system-packages.txt, CHROMIUM_PATH
 * overrides; Playwright never downloads a browser here), headless, with no background traffic.
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Launch options for Playwright's chromium (playwright.config.ts uses them too). */
export function chromiumLaunchOptions(): LaunchOptions {
  return { executablePath: systemProgram('chromium'), args: CHROMIUM_ARGS };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions());
}

/**
 * E2E_CPU_THROTTLE=N (N ≥ 1): the e2e run slows every page's CPU N× with Chromium's DevTools
 * Emulation.setCPUThrottlingRate (tests/e2e/fixtures.ts), to prove a spec does not depend on the machine's speed.
 */
export function e2eCpuThrottle(): number {
  const value = process.env['E2E_CPU_THROTTLE'];
  const rate = value === undefined || value === '' ? 1 : Number(value);
  if (!(rate >= 1)) throw new Error(`E2E_CPU_THROTTLE must be a number ≥ 1, not ${value}`);
  return rate;
}

