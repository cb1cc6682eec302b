import type { Browser } from 'playwright-core';
import { builtSite, startTestServer } from '../tests/helpers/server.ts';
import { buildNaiveMonaco } from './naive-monaco.ts';
import { median, ms, quantile, type Row } from './stats.ts';

const LOADS = 20;
const RUNS = 20;

/** Issue 14's goals for activation → editable: half the naive lazy Monaco's time, and 300 ms on a quiet machine. */
const NAIVE_RATIO_GOAL = 0.5;
const QUIET_GOAL_MS = 300;

/** Activation → editable editor over fresh page loads, and Run → first console line of `console.log(1)`. */
export async function editorLatency(browser: Browser): Promise<Row[]> {
  const app = await startTestServer({ distDir: builtSite() });
  const naive = await startTestServer({ distDir: await buildNaiveMonaco() });
  const url = `http://localhost:${app.port}/browser-api/`;
  try {
    // The baseline, cold loads in the same browser and run: a click that loads all of Monaco.
    const naiveCold: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`http://localhost:${naive.port}/`, { waitUntil: 'networkidle' });
      await page.click('#go');
      await page.locator('body[data-ready] .monaco-editor textarea').waitFor();
      naiveCold.push(await page.evaluate(() => performance.measure('activation', 'naive-activate', 'naive-ready').duration));
      await context.close();
    }
    const cold: number[] = [];
    const warm: number[] = [];
    const warmContext = await browser.newContext();
    for (let i = 0; i < LOADS; i++) {
      for (const [samples, context] of [[cold, await browser.newContext()], [warm, warmContext]] as const) {
        const page = await context.newPage();
        await page.goto(url, { waitUntil: 'networkidle' });
        await page.locator('ws-playground .pg-code').first().focus();
        await page.locator('ws-playground[data-editor="ready"] .monaco-editor textarea').first().waitFor();
        samples.push(await page.evaluate(() => performance.measure('activation', 'pg-activate', 'pg-editor-ready').duration));
        await page.close();
        if (context !== warmContext) await context.close();
      }
    }
    await warmContext.close();

    // Run → first console line, against a bare sandboxed iframe posting one message (same browser, same run).
    const context = await browser.newContext();
    await context.addInitScript(() => {
      // Init scripts run in every frame; the sandboxed ones have no storage.
      if (location.origin !== 'null') localStorage.setItem(`ws-noriteo:v1:/browser-api/:echo-client.js`, JSON.stringify({ 'echo-client.js': 'console.log(1)' }));
    });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'networkidle' });
    const runTimes: number[] = [];
    const bareTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      runTimes.push(
        await page.evaluate(
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
        ),
      );
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
    }
    await context.close();
    const ratio = median(cold) / median(naiveCold);
    return [
      {
        bench: 'editor',
        metric: `activation → editable, p50 of ${LOADS} cold loads`,
        value: ms(median(cold)),
        baseline: `${ms(median(naiveCold))} naive lazy Monaco (all features and workers, on click)`,
        note: `× ${ratio.toFixed(2)} (goal ≤ ${NAIVE_RATIO_GOAL}) ${ratio <= NAIVE_RATIO_GOAL ? 'OK' : 'UNDER'}; ≤ ${QUIET_GOAL_MS} ms on a quiet machine ${median(cold) <= QUIET_GOAL_MS ? 'OK' : 'UNDER'}; p95 ${ms(quantile(cold, 0.95))}`,
      },
      { bench: 'editor', metric: `activation → editable, p50 of ${LOADS} warm loads`, value: ms(median(warm)), baseline: '—', note: `p95 ${ms(quantile(warm, 0.95))}` },
      {
        bench: 'runner',
        metric: `Run → first console line, p50 of ${RUNS}`,
        value: ms(median(runTimes)),
        baseline: `${ms(median(bareTimes))} bare sandboxed iframe → postMessage`,
        note: `goal ≤ 50 ms ${median(runTimes) <= 50 ? 'OK' : 'OVER'}; p95 ${ms(quantile(runTimes, 0.95))}`,
      },
    ];
  } finally {
    await app.close();
    await naive.close();
  }
}
