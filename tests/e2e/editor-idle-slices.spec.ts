import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/**
 * The editor's code runs while the page is idle, a playground in view (editor-loader.ts
 * runInSlices): one of Monaco's layers per idle moment, so that no task of it runs all of Monaco.
 * These tests decide when the page is idle: requestIdleCallback only queues, and the test runs the
 * queued callbacks one by one. Nothing here depends on how fast the machine is.
 */
async function idleOnCue(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const queue: IdleRequestCallback[] = [];
    Object.assign(window, { __idleQueue: queue });
    window.requestIdleCallback = (callback) => queue.push(callback);
  });
}

/** Waits until the page has asked for an idle moment, then gives it one (one callback). */
async function oneIdleMoment(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => (window as unknown as { __idleQueue: unknown[] }).__idleQueue.length)).toBeGreaterThan(0);
  await page.evaluate(() => {
    const callback = (window as unknown as { __idleQueue: IdleRequestCallback[] }).__idleQueue.shift()!;
    callback({ didTimeout: false, timeRemaining: () => 50 });
  });
}

interface Progress {
  /** The editor's files imported so far, one per idle moment, in order ('editor.ts' for the editor's own module). */
  slices: string[];
  /** Monaco's lowest layer has run: it writes Monaco's stylesheet. */
  monacoRan: boolean;
  /** editor.ts has run: it sets up Monaco's worker factory. */
  editorRan: boolean;
}

function progress(page: Page): Promise<Progress> {
  return page.evaluate(() => ({
    slices: performance.getEntriesByName('pg-editor-slice').map((mark) => String((mark as PerformanceMark).detail).replace(/^.*\//, '')),
    monacoRan: document.querySelector('style[data-monaco]') !== null,
    editorRan: 'MonacoEnvironment' in window,
  }));
}

/** Gives the page idle moments until the slice of `file` has begun (its import may still be loading). */
async function idleUntilSlice(page: Page, file: RegExp): Promise<Progress> {
  for (let moments = 0; moments < 40; moments++) {
    await oneIdleMoment(page);
    const now = await progress(page);
    if (now.slices.some((slice) => file.test(slice))) return now;
  }
  throw new Error(`no slice matching ${file} after 40 idle moments`);
}

test.describe('the editor’s code runs in slices while the page is idle', () => {
  test.use({ viewport: { width: 1280, height: 400 } });

  test('a playground in view gets Monaco run one layer per idle moment, lowest first, the editor’s own module last', async ({ page }) => {
    await idleOnCue(page);
    await page.goto('/browser-api/');
    await page.waitForLoadState('networkidle');
    await page.locator('ws-playground[data-id="echo-client.js"]').evaluate((element) => element.scrollIntoView({ block: 'center' }));

    await idleUntilSlice(page, /^monaco-base\./);
    // Monaco's lowest layer runs without the rest: the editor's module needs idle moments the page has not had.
    await expect.poll(async () => (await progress(page)).monacoRan).toBe(true);
    expect((await progress(page)).editorRan).toBe(false);

    await idleUntilSlice(page, /^editor\.ts$/);
    await expect.poll(async () => (await progress(page)).editorRan).toBe(true);
    const done = await progress(page);
    const layers = done.slices.filter((slice) => /^monaco-/.test(slice));
    expect(layers.map((slice) => slice.replace(/\..*$/, ''))).toEqual(['monaco-base', 'monaco-platform', 'monaco-common', 'monaco-browser']);
    expect(done.slices.at(-1)).toBe('editor.ts');
  });

  test('a learner who reaches for the code in the middle of the idle run gets an editable editor at once, without waiting for idle', async ({ page }) => {
    await idleOnCue(page);
    await page.goto('/browser-api/');
    await page.waitForLoadState('networkidle');
    const playground = page.locator('ws-playground[data-id="echo-client.js"]');
    await playground.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    const midway = await idleUntilSlice(page, /^monaco-platform\./);
    expect(midway.editorRan).toBe(false);

    // No more idle moments from here: the activation must load the rest of the editor by itself.
    await playground.locator('.pg-code:visible').focus();
    await expect(playground).toHaveAttribute('data-editor', 'ready');
    await page.keyboard.insertText('// 고침 ');
    await expect(playground.locator('.view-lines')).toContainText('// 고침');

    // The idle run picks up where it stopped and leaves the learner's editor alone: no second editor.
    for (let moments = 0; moments < 40 && (await page.evaluate(() => (window as unknown as { __idleQueue: unknown[] }).__idleQueue.length)) > 0; moments++) {
      await oneIdleMoment(page);
    }
    await expect(page.locator('.monaco-editor')).toHaveCount(1);
    await expect(playground.locator('.view-lines')).toContainText('// 고침');
  });
});
