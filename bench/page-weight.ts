import type { Browser } from 'playwright-core';
import { startApp } from '../playground-server/app.ts';
import { parseConfig } from '../playground-server/config.ts';
import { createLogger } from '../playground-server/log.ts';
import { buildBareSite } from './bare-site.ts';
import { kib, type Row } from './stats.ts';
import { isScript, meterTransfers, sum } from './transfer-meter.ts';

const LESSONS = ['browser-api', 'socket-io'];
const BUDGET = 15 * 1024;

async function serve(distDir: string) {
  const app = await startApp(parseConfig({ port: 0, distDir, logLevel: 'silent', buildIfStale: false }), createLogger('silent'));
  return { app, meter: meterTransfers(app.server) };
}

/** JavaScript a lesson page transfers before and after an editor is activated, against the same lesson as bare Starlight. */
export async function pageWeight(browser: Browser): Promise<Row[]> {
  const bare = await serve(await buildBareSite(LESSONS));
  const ours = await serve(process.env['DIST_DIR'] ?? parseConfig({}).distDir);
  const rows: Row[] = [];
  try {
    for (const lesson of LESSONS) {
      const measure = async (site: typeof ours, activate: boolean) => {
        const context = await browser.newContext();
        const page = await context.newPage();
        site.meter.reset();
        await page.goto(`http://localhost:${site.app.port}/${lesson}/`, { waitUntil: 'networkidle' });
        const before = sum(site.meter.transfers.filter(isScript));
        const all = sum(site.meter.transfers);
        let after = before;
        if (activate) {
          await page.locator('ws-playground .pg-code').first().focus();
          await page.locator('ws-playground[data-editor="ready"]').first().waitFor();
          await page.waitForLoadState('networkidle');
          await page.waitForTimeout(1500);
          after = sum(site.meter.transfers.filter(isScript));
        }
        await context.close();
        return { before, after, all };
      };
      const baseline = await measure(bare, false);
      const mine = await measure(ours, true);
      const extra = mine.before - baseline.before;
      rows.push(
        { bench: `page ${lesson}`, metric: 'JS before activation (compressed)', value: kib(mine.before), baseline: `${kib(baseline.before)} bare Starlight`, note: `+${kib(extra)} (goal ≤ +${kib(BUDGET)}) ${extra <= BUDGET ? 'OK' : 'OVER'}` },
        { bench: `page ${lesson}`, metric: 'all bytes before activation', value: kib(mine.all), baseline: kib(baseline.all), note: '' },
        { bench: `page ${lesson}`, metric: 'JS after editor activation', value: kib(mine.after), baseline: kib(baseline.before), note: 'Monaco + workers + types, loaded on intent' },
      );
    }
  } finally {
    await bare.app.close();
    await ours.app.close();
  }
  return rows;
}
