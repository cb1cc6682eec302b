import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
 * same lesson as bare Starlight (bench/bare-site.ts) in the same run, and for a page whose first
 * screen holds a playground (issue 14: mobile, where a phone gets the textarea editor, and desktop,
 * where the idle page downloads Monaco and runs its code, one layer per idle moment: its note has the
 * total blocking time, what that run would add if a slice were long). Performance is the median of BENCH_LIGHTHOUSE_RUNS (3)
 * runs; the other three do not vary. Audits that fail on our page but pass on the bare one are
 * listed in the note (they point at the playground's markup).
 */
const LESSONS = ['browser-api', 'node-ws-server', 'socket-io'];
/** Issue 14: a page whose first screen holds a playground scores this much at least. */
const ABOVE_THE_FOLD_GOAL = 95;
const ABOVE_THE_FOLD_LESSON = 'browser-api';
const RUNS = Number(process.env['BENCH_LIGHTHOUSE_RUNS'] ?? 3);
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const FLAGS = ['--headless=new', ...CHROMIUM_ARGS];

export interface Report {
  scores: Record<(typeof CATEGORIES)[number], number>;
  /** Total blocking time (ms): what the page's long tasks add up to past 50 ms each. */
  tbt: number;
  /** Audits with a score below 1 (binary and numeric ones alike), by id. */
  failing: Set<string>;
}

export async function audit(port: number, url: string, desktop = false): Promise<Report> {
  // Mobile is Lighthouse's default; a phone gets the textarea editor (a coarse pointer), a desktop Monaco.
  const config = desktop ? (await import('lighthouse/core/config/desktop-config.js')).default : undefined;
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] }, config);
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
  return { scores, tbt: lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN, failing };
}

/**
 * The built site plus one page: a lesson whose first playground is moved to the top of its content,
 * so that a phone's first screen holds it (the editor's code is downloaded as soon as the page is
 * idle). Served from a folder of links to the build and the new page; returns the folder and path.
 */
export async function withPlaygroundFirst(distDir: string, lesson: string, folder = 'bench-playground-first'): Promise<{ dir: string; path: string }> {
  const dir = fileURLToPath(new URL(`../.cache/${folder}/`, import.meta.url));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  for (const entry of await readdir(distDir)) await symlink(join(distDir, entry), join(dir, entry));
  const html = await readFile(join(distDir, lesson, 'index.html'), 'utf8');
  const start = html.indexOf('<ws-playground');
  const end = html.indexOf('</ws-playground>', start) + '</ws-playground>'.length;
  const content = html.indexOf('>', html.indexOf('<div class="sl-markdown-content')) + 1;
  if (start < 0 || end < start || content <= 0 || content > start) throw new Error(`no playground to move in ${lesson}/index.html`);
  const playground = html.slice(start, end);
  const path = `${lesson}-playground-first`;
  await mkdir(join(dir, path));
  await writeFile(join(dir, path, 'index.html'), html.slice(0, content) + playground + html.slice(content, start) + html.slice(end));
  return { dir, path: `/${path}/` };
}

/** The runs' total blocking times, lowest to highest. */
const tbtRange = (reports: Report[]): string => {
  const times = reports.map((report) => Math.round(report.tbt)).sort((a, b) => a - b);
  return `${times[0]}–${times.at(-1)} ms`;
};

async function serve(distDir: string) {
  return startTestServer({ distDir });
}

export async function lighthouseBench(): Promise<Row[]> {
  process.env['CHROME_PATH'] ??= systemProgram('chromium');
  const bare = await serve(await buildBareSite(LESSONS));
  const playgroundFirst = await withPlaygroundFirst(builtSite(), ABOVE_THE_FOLD_LESSON);
  const ours = await serve(playgroundFirst.dir);
  const chrome = await chromeLauncher.launch({ chromePath: process.env['CHROME_PATH'], chromeFlags: FLAGS });
  const rows: Row[] = [];
  try {
    const aboveTheFold = { lesson: ABOVE_THE_FOLD_LESSON, ours: playgroundFirst.path, bare: `/${ABOVE_THE_FOLD_LESSON}/` };
    const pages = [...LESSONS.map((lesson) => ({ lesson, ours: `/${lesson}/`, bare: `/${lesson}/`, desktop: false })), { ...aboveTheFold, desktop: false }, { ...aboveTheFold, desktop: true }];
    for (const { lesson, ours: path, bare: barePath, desktop } of pages) {
      const mine: Report[] = [];
      const base: Report[] = [];
      for (let i = 0; i < RUNS; i++) {
        base.push(await audit(chrome.port, `http://localhost:${bare.port}${barePath}`, desktop));
        mine.push(await audit(chrome.port, `http://localhost:${ours.port}${path}`, desktop));
      }
      const score = (reports: Report[], id: (typeof CATEGORIES)[number]) => median(reports.map((r) => r.scores[id]));
      const ourFailing = [...new Set(mine.flatMap((r) => [...r.failing]))].filter((id) => !base.some((r) => r.failing.has(id)));
      const first = path !== barePath;
      const perf = score(mine, 'performance');
      rows.push({
        bench: `lighthouse ${first ? `${lesson}, playground in the first screen` : lesson}`,
        metric: `${desktop ? 'desktop (Monaco’s code run at idle, in slices)' : 'mobile'} perf / a11y / best practices / SEO`,
        value: CATEGORIES.map((id) => score(mine, id)).join(' / '),
        baseline: `${CATEGORIES.map((id) => score(base, id)).join(' / ')} bare Starlight`,
        note: `${first && !desktop ? `perf goal ≥ ${ABOVE_THE_FOLD_GOAL} ${perf >= ABOVE_THE_FOLD_GOAL ? 'OK' : 'UNDER'}; ` : ''}perf median of ${RUNS}${desktop ? `; TBT ${tbtRange(mine)} (bare ${tbtRange(base)})` : ''}${ourFailing.length > 0 ? `; failing only on ours: ${ourFailing.join(', ')}` : ''}`,
      });
    }
  } finally {
    chrome.kill();
    await Promise.all([bare.close(), ours.close()]);
  }
  return rows;
}
