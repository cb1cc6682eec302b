import type { Browser } from 'playwright-core';
import { builtSite, startTestServer } from '../tests/helpers/server.ts';
import { buildBareSite } from './bare-site.ts';
import { kib, type Row } from './stats.ts';
import { isScript, meterTransfers, sum, type Transfer } from './transfer-meter.ts';

const LESSONS = ['browser-api', 'socket-io'];
const BUDGET = 15 * 1024;
/** Issue 14: what an editor costs until it is editable. */
const EDITABLE_BUDGET = 800 * 1024;

/** What each byte of an editor is for, by the file it came in. */
const PARTS: Array<[string, RegExp]> = [
  // Monaco's layers (monaco-base, -platform, -common, -browser: editor-chunks-plugin.ts) and its API.
  ['editor core', /\/(editor\.api|monaco-[a-z]+)\.[\w-]+\.js$/],
  ['features', /\/editor\.[\w-]+\.js$/],
  ['workers', /\.worker-[\w-]+\.js$/],
  ['types', /\/(editor-intellisense|server-types)\.[\w-]+\.js$/],
  ['languages', /\/(tsMode|htmlMode|jsonMode|lspLanguageFeatures|workers|typescript|javascript|html|css|json)\.[\w-]+\.js$/],
  ['icons', /\.ttf$/],
];

function split(transfers: readonly Transfer[]): string {
  const totals = new Map<string, number>();
  for (const transfer of transfers) {
    const part = PARTS.find(([, pattern]) => pattern.test(transfer.path))?.[0] ?? 'other';
    totals.set(part, (totals.get(part) ?? 0) + transfer.bytes);
  }
  return [...totals].filter(([, bytes]) => bytes > 0).map(([part, bytes]) => `${part} ${kib(bytes)}`).join(', ');
}

async function serve(distDir: string) {
  const app = await startTestServer({ distDir });
  return { app, meter: meterTransfers(app.server) };
}

/** JavaScript a lesson page transfers before and after an editor is activated, against the same lesson as bare Starlight. */
export async function pageWeight(browser: Browser): Promise<Row[]> {
  const bare = await serve(await buildBareSite(LESSONS));
  const ours = await serve(builtSite());
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
        let untilEditable: Transfer[] = [];
        let afterEditable: Transfer[] = [];
        if (activate) {
          const loaded = site.meter.transfers.length;
          await page.locator('ws-playground .pg-code').first().focus();
          await page.locator('ws-playground[data-editor="ready"]').first().waitFor();
          // The page's clock and ours are the same machine's: when the editor became editable, in Date.now() terms.
          const readyAt = await page.evaluate(() => performance.timeOrigin + (performance.getEntriesByName('pg-editor-ready')[0]?.startTime ?? performance.now()));
          await page.waitForLoadState('networkidle');
          await page.waitForTimeout(1500);
          const activation = site.meter.transfers.slice(loaded);
          untilEditable = activation.filter((transfer) => transfer.requestedAt <= readyAt);
          afterEditable = activation.filter((transfer) => transfer.requestedAt > readyAt);
          after = sum(site.meter.transfers.filter(isScript));
        }
        await context.close();
        return { before, after, all, untilEditable, afterEditable };
      };
      const baseline = await measure(bare, false);
      const mine = await measure(ours, true);
      const extra = mine.before - baseline.before;
      rows.push(
        { bench: `page ${lesson}`, metric: 'JS before activation (compressed)', value: kib(mine.before), baseline: `${kib(baseline.before)} bare Starlight`, note: `+${kib(extra)} (goal ≤ +${kib(BUDGET)}) ${extra <= BUDGET ? 'OK' : 'OVER'}` },
        { bench: `page ${lesson}`, metric: 'all bytes before activation', value: kib(mine.all), baseline: kib(baseline.all), note: '' },
        { bench: `page ${lesson}`, metric: 'JS after editor activation', value: kib(mine.after), baseline: kib(baseline.before), note: 'Monaco + workers + types, loaded on intent' },
        {
          bench: `page ${lesson}`,
          metric: 'bytes from activation until editable',
          value: kib(sum(mine.untilEditable)),
          baseline: '—',
          note: `goal ≤ ${kib(EDITABLE_BUDGET)} ${sum(mine.untilEditable) <= EDITABLE_BUDGET ? 'OK' : 'UNDER'}; ${mine.untilEditable.length} requests: ${split(mine.untilEditable)}`,
        },
        { bench: `page ${lesson}`, metric: 'bytes after editable (IntelliSense)', value: kib(sum(mine.afterEditable)), baseline: '—', note: split(mine.afterEditable) },
      );
    }
  } finally {
    await bare.app.close();
    await ours.app.close();
  }
  return rows;
}
