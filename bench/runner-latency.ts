import type { Browser } from 'playwright-core';
import { builtSite, startTestServer } from '../tests/helpers/server.ts';
import { median, ms, quantile, type Row } from './stats.ts';

const RUNS = 20;
/** Issue 14, goal 5: Run → first console line at most this many times the bare sandboxed iframe's. */
const RUNNER_RATIO_GOAL = 1.5;
/** How long a learner takes at least between two presses of ▶ 실행 (the next run's frame is prepared meanwhile). */
const BETWEEN_RUNS_MS = 500;

/**
 * Run → first console line of `console.log(1)` on a lesson page, against a bare sandboxed iframe
 * posting one message (same browser, same run, alternating). Each run is a rerun, as a learner's
 * are after the first: between two, the page settles (the frame for the next run is prepared,
 * runner.ts) before the bare iframe is timed, so neither measurement shares the machine with the other.
 */
export async function runnerLatency(browser: Browser): Promise<Row[]> {
  const app = await startTestServer({ distDir: builtSite() });
  const context = await browser.newContext();
  try {
    await context.addInitScript(() => {
      // Init scripts run in every frame; the sandboxed ones have no storage.
      if (location.origin !== 'null') localStorage.setItem(`ws-noriteo:v1:/browser-api/:echo-client.js`, JSON.stringify({ 'echo-client.js': 'console.log(1)' }));
    });
    const page = await context.newPage();
    await page.goto(`http://localhost:${app.port}/browser-api/`, { waitUntil: 'networkidle' });
    const runTimes: number[] = [];
    const coldTimes: number[] = [];
    const bareTimes: number[] = [];
    /** Presses ▶ 실행 and times it until the console shows the run's `1`. */
    const run = () =>
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const playground = document.querySelector('ws-playground')!;
            const log = playground.querySelector('.pg-console')!;
            log.replaceChildren();
            const started = performance.now();
            const observer = new MutationObserver(() => {
              if ([...log.querySelectorAll('.pg-text')].some((text) => text.textContent === '1')) {
                observer.disconnect();
                resolve(performance.now() - started);
              }
            });
            observer.observe(log, { childList: true });
            playground.querySelector<HTMLButtonElement>('[data-action="run"]')!.click();
          }),
      );
    for (let i = 0; i < RUNS; i++) {
      runTimes.push(await run());
      await page.waitForTimeout(BETWEEN_RUNS_MS);
      bareTimes.push(
        await page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              const frame = document.createElement('iframe');
              frame.setAttribute('sandbox', 'allow-scripts');
              frame.style.display = 'none';
              const started = performance.now();
              addEventListener('message', function done(event) {
                if (event.source !== frame.contentWindow) return;
                removeEventListener('message', done);
                frame.remove();
                resolve(performance.now() - started);
              });
              frame.srcdoc = '<script>parent.postMessage(1, "*")</script>';
              document.body.append(frame);
            }),
        ),
      );
      await page.waitForTimeout(BETWEEN_RUNS_MS);
      // Removed (and given time to be torn down), the runner finds no prepared frame and makes the run's frame on the
      // press, as on a first Run without intent.
      await page.evaluate(() => {
        for (const frame of document.querySelectorAll('ws-playground iframe[data-pg-prepared]')) frame.remove();
      });
      await page.waitForTimeout(BETWEEN_RUNS_MS);
      coldTimes.push(await run());
      await page.waitForTimeout(BETWEEN_RUNS_MS);
    }
    const ratio = median(runTimes) / median(bareTimes);
    return [
      {
        bench: 'runner',
        metric: `Run → first console line (a rerun, ${BETWEEN_RUNS_MS} ms after the last), p50 of ${RUNS}`,
        value: ms(median(runTimes)),
        baseline: `${ms(median(bareTimes))} bare sandboxed iframe → postMessage`,
        note: `× ${ratio.toFixed(2)} (goal ≤ ${RUNNER_RATIO_GOAL}) ${ratio <= RUNNER_RATIO_GOAL ? 'OK' : 'UNDER'}; p95 ${ms(quantile(runTimes, 0.95))} (bare ${ms(quantile(bareTimes, 0.95))})`,
      },
      {
        bench: 'runner',
        metric: `Run → first console line without a prepared frame (made on the press), p50 of ${RUNS}`,
        value: ms(median(coldTimes)),
        baseline: `${ms(median(bareTimes))} bare sandboxed iframe → postMessage`,
        note: `× ${(median(coldTimes) / median(bareTimes)).toFixed(2)}, no goal (a first Run with no pointer over ▶ 실행 before it); p95 ${ms(quantile(coldTimes, 0.95))}`,
      },
    ];
  } finally {
    await context.close();
    await app.close();
  }
}
