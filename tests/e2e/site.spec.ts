import { sidebarSlugs } from '../../src/sidebar.ts';
import { expect, test } from './fixtures.ts';

test.describe('the site', () => {
  test('every sidebar link opens a Korean page', async ({ page }) => {
    for (const slug of sidebarSlugs()) {
      const path = slug === 'index' ? '/' : `/${slug}/`;
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    }
    await page.goto('/browser-api/');
    const sidebar = page.getByRole('navigation', { name: '메인' });
    for (const slug of sidebarSlugs()) {
      const href = slug === 'index' ? '/' : `/${slug}/`;
      await expect(sidebar.locator(`a[href="${href}"]`)).toHaveCount(1);
    }
  });

  test('the theme picker shows each of its Korean labels whole', async ({ page }) => {
    await page.goto('/browser-api/');
    const select = page.getByRole('banner').locator('starlight-theme-select select');
    for (const value of ['dark', 'light', 'auto']) {
      await select.selectOption(value);
      const fit = await select.evaluate((element: HTMLSelectElement) => {
        const style = getComputedStyle(element);
        const context = document.createElement('canvas').getContext('2d')!;
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const label = element.options[element.selectedIndex]!.text;
        return { label, text: context.measureText(label).width, room };
      });
      expect(fit.text, fit.label).toBeLessThanOrEqual(fit.room);
    }
  });

  test('loads no Monaco (code, CSS or workers) until a learner reaches for an editor', async ({ page }) => {
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto('/browser-api/');
    await page.waitForLoadState('networkidle');
    expect(requested.filter((url) => /editor|monaco|ts\.worker|codicon/i.test(url))).toEqual([]);
    expect(await page.locator('style[data-monaco]').count()).toBe(0);
    await page.locator('ws-playground .pg-code').first().focus();
    await expect(page.locator('ws-playground').first()).toHaveAttribute('data-editor', 'ready');
    expect(requested.some((url) => /editor\.api/.test(url))).toBe(true);
    expect(await page.locator('style[data-monaco]').count()).toBe(1);
  });

  test('a page without an editor links no Monaco CSS', async ({ page }) => {
    await page.goto('/');
    const stylesheets = await page.locator('link[rel="stylesheet"]').evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
    const sizes = await Promise.all(stylesheets.map(async (href) => (await page.request.get(href)).text()));
    expect(sizes.join('\n')).not.toContain('.monaco-editor');
  });

  test('search finds lessons by Korean words (Pagefind)', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: '검색' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox').fill('이벤트 핸들러');
    await expect(dialog.getByRole('link', { name: /WebSocket 클라이언트/ }).first()).toBeVisible();
    await expect(dialog).toContainText('결과');
  });

  test('unknown pages get a Korean 404 page', async ({ page }) => {
    const response = await page.goto('/no-such-lesson/');
    expect(response?.status()).toBe(404);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  });
});
