import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** The editor's code, its workers, types and icon font, by file name. */
const EDITOR_FILE = /\/_astro\/(editor|monaco|tsMode|htmlMode|workers|register|codicon)|\.worker-/i;

/** Resolves once the page has had an idle period (what the near-viewport download waits for), then a little more. */
async function pageIdle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, 300))));
}

/** What the page requested between activation and the editor being editable. */
function requestsWhileActivating(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const mark = (name: string) => performance.getEntriesByName(name)[0]!.startTime;
    const [activated, ready] = [mark('pg-activate'), mark('pg-editor-ready')];
    return performance
      .getEntriesByType('resource')
      .filter((entry) => entry.startTime >= activated && entry.startTime <= ready)
      .map((entry) => entry.name);
  });
}

/** Counts the light editors (light-editor.ts) the page ever shows: none once Monaco's code has run ahead of the learner. */
async function countLightEditors(page: Page): Promise<() => Promise<number>> {
  await page.addInitScript(() => {
    const seen = new Set<Element>();
    new MutationObserver(() => document.querySelectorAll('.pg-light').forEach((host) => seen.add(host))).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
    Object.assign(window, { lightEditors: () => seen.size });
  });
  return () => page.evaluate(() => (window as unknown as { lightEditors(): number }).lightEditors());
}

/** A page that is never idle (no requestIdleCallback ever fires): only the learner's intent runs the editor's code. */
async function neverIdle(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.requestIdleCallback = () => 0;
  });
}

test.describe('when the editor’s code loads', () => {
  test.use({ viewport: { width: 1280, height: 400 } });

  test('nothing of the editor is requested while no playground is near the viewport and the learner shows no intent', async ({ page }) => {
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto('/browser-api/');
    await pageIdle(page);
    // The test's premise: the first playground is more than a screen below the first one.
    const firstTop = await page.locator('ws-playground').first().evaluate((element) => element.getBoundingClientRect().top / innerHeight);
    expect(firstTop).toBeGreaterThan(2.2);
    expect(requested.filter((url) => EDITOR_FILE.test(url))).toEqual([]);
    expect(await page.locator('link[rel="modulepreload"][href*="editor"]').count()).toBe(0);
  });

  test('a playground near the viewport downloads the editor’s code while the page is idle, without running it', async ({ page }) => {
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto('/browser-api/');
    await pageIdle(page);
    await page.locator('ws-playground').first().evaluate((element) => scrollBy(0, element.getBoundingClientRect().top - 1.5 * innerHeight));
    await expect.poll(() => requested.filter((url) => /\/_astro\/editor\.api\.[\w-]+\.js$/.test(url))).toHaveLength(1);
    await pageIdle(page);
    // Not run: Monaco writes its stylesheet the moment its code runs, and no editor exists.
    expect(await page.locator('style[data-monaco]').count()).toBe(0);
    await expect(page.locator('ws-playground[data-editor]')).toHaveCount(0);
    // Nor IntelliSense: workers and type definitions wait for an editor on screen.
    expect(requested.filter((url) => /\.worker-|editor-intellisense|server-types|tsMode/.test(url))).toEqual([]);
  });

  test('a playground in the viewport while the page is idle gets the editor’s code run, and the keyboard focus after it only creates the editor', async ({ page }) => {
    const lightEditors = await countLightEditors(page);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto('/browser-api/');
    await pageIdle(page);
    const playground = page.locator('ws-playground[data-id="echo-client.js"]');
    await playground.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    // Run: Monaco's stylesheet is written when its code runs; still no editor, no worker, no types.
    await expect(page.locator('style[data-monaco]')).toHaveCount(1);
    await pageIdle(page);
    await expect(page.locator('ws-playground[data-editor]')).toHaveCount(0);
    // The editor made out of sight to warm Monaco up (editor.ts warmUp) is gone again.
    await expect(page.locator('.monaco-editor')).toHaveCount(0);
    expect(requested.filter((url) => /\.worker-|editor-intellisense|server-types|tsMode/.test(url))).toEqual([]);
    await playground.locator('.pg-code:visible').evaluate((code: HTMLElement) => code.focus());
    await expect(playground).toHaveAttribute('data-editor', 'ready');
    await expect(page.locator('.monaco-editor')).toHaveCount(1);
    expect(await requestsWhileActivating(page)).toEqual([]);
    expect(await lightEditors()).toBe(0);
  });

  test('on a page never idle, the pointer over a playground runs the editor’s code, and the click after it needs no further request until the editor is editable', async ({ page }) => {
    const lightEditors = await countLightEditors(page);
    await neverIdle(page);
    await page.goto('/browser-api/');
    await page.waitForLoadState('networkidle');
    const playground = page.locator('ws-playground[data-id="echo-client.js"]');
    await playground.scrollIntoViewIfNeeded();
    await playground.locator('.pg-toolbar').hover();
    await expect(page.locator('style[data-monaco]')).toHaveCount(1);
    await expect(playground).not.toHaveAttribute('data-editor', /./);
    // A click as a hand makes it: the pointer comes over the code (which opens the editor there), then presses.
    const code = (await playground.locator('.pg-code:visible').boundingBox())!;
    await page.mouse.move(code.x + 40, code.y + 10);
    await page.mouse.down();
    await page.mouse.up();
    await expect(playground).toHaveAttribute('data-editor', 'ready');
    expect(await requestsWhileActivating(page)).toEqual([]);
    await page.keyboard.insertText('// 고침 ');
    await expect(playground.locator('.view-lines')).toContainText('// 고침');
    expect(await lightEditors()).toBe(0);
  });

  test('on a page never idle, focus in a playground (keyboard) is intent too: the code runs, the editor opens on the code block', async ({ page }) => {
    const lightEditors = await countLightEditors(page);
    await neverIdle(page);
    await page.goto('/browser-api/');
    await page.waitForLoadState('networkidle');
    const playground = page.locator('ws-playground[data-id="echo-client.js"]');
    await playground.getByRole('button', { name: '실행' }).focus();
    await expect(page.locator('style[data-monaco]')).toHaveCount(1);
    await expect(playground).not.toHaveAttribute('data-editor', /./);
    await playground.locator('.pg-code:visible').focus();
    await expect(playground).toHaveAttribute('data-editor', 'ready');
    await expect.poll(() => playground.locator('.monaco-editor').evaluate((editor) => editor.contains(document.activeElement))).toBe(true);
    expect(await lightEditors()).toBe(0);
  });
});
