import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM_ARGS } from '../tests/helpers/chromium.ts';
import { builtSite, startTestServer } from '../tests/helpers/server.ts';
import { systemProgram } from '../playground-server/system-packages.ts';
import { buildBareSite } from './bare-site.ts';
import { median, type Row } from './stats.ts';

/**
 * Lighthouse 13, mobile (its default: simulated slow 4G, a mid-range phone), in the system
 * Chromium: performance, accessibility, best practices and SEO for three lessons, each beside the
 * same lesson as bare Starlight (bench/bare-site.ts) in the same run. Performance is the median of
 * BENCH_LIGHTHOUSE_RUNS (3) runs; the other three do not vary. Audits that fail on our page but
 * pass on the bare one are listed in the note (they point at the playground's markup).
 */
const LESSONS = ['browser-api', 'node-ws-server', 'socket-io'];
const RUNS = Number(process.env['BENCH_LIGHTHOUSE_RUNS'] ?? 3);
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const FLAGS = ['--headless=new', ...CHROMIUM_ARGS];

interface Report {
  scores: Record<(typeof CATEGORIES)[number], number>;
  /** Audits with a score below 1 (binary and numeric ones alike), by id. */
  failing: Set<string>;
}

async function audit(port: number, url: string): Promise<Report> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { lhr } = result;
  const scores = Object.fromEntries(CATEGORIES.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)])) as Report['scores'];
  const failing = new Set<string>();
  for (const id of CATEGORIES) {
    if (id === 'performance') continue;
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (ref.weight > 0 && a && a.score !== null && a.score < 1) failing.add(ref.id);
    }
  }
  return { scores, failing };
}

async function serve(distDir: string) {
  return startTestServer({ distDir });
}

export async function lighthouseBench(): Promise<Row[]> {
  process.env['CHROME_PATH'] ??= systemProgram('chromium');
  const bare = await serve(await buildBareSite(LESSONS));
  const ours = await serve(builtSite());
  const chrome = await chromeLauncher.launch({ chromePath: process.env['CHROME_PATH'], chromeFlags: FLAGS });
  const rows: Row[] = [];
  try {
    for (const lesson of LESSONS) {
      const mine: Report[] = [];
      const base: Report[] = [];
      for (let i = 0; i < RUNS; i++) {
        base.push(await audit(chrome.port, `http://localhost:${bare.port}/${lesson}/`));
        mine.push(await audit(chrome.port, `http://localhost:${ours.port}/${lesson}/`));
      }
      const score = (reports: Report[], id: (typeof CATEGORIES)[number]) => median(reports.map((r) => r.scores[id]));
      const ourFailing = [...new Set(mine.flatMap((r) => [...r.failing]))].filter((id) => !base.some((r) => r.failing.has(id)));
      rows.push({
        bench: `lighthouse ${lesson}`,
        metric: 'mobile perf / a11y / best practices / SEO',
        value: CATEGORIES.map((id) => score(mine, id)).join(' / '),
        baseline: `${CATEGORIES.map((id) => score(base, id)).join(' / ')} bare Starlight`,
        note: `perf median of ${RUNS}${ourFailing.length > 0 ? `; failing only on ours: ${ourFailing.join(', ')}` : ''}`,
      });
    }
  } finally {
    chrome.kill();
    await Promise.all([bare.close(), ours.close()]);
  }
  return rows;
}
