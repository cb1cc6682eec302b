import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseConfig } from '../../playground-server/config.ts';
import { sidebarSlugs } from '../../src/sidebar.ts';
import { expect, test } from './fixtures.ts';

const DIST = parseConfig({ distDir: process.env['DIST_DIR'] }).distDir;
const pathOf = (slug: string) => (slug === 'index' ? '/' : `/${slug}/`);

async function htmlFiles(dir = DIST): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.html')).map((entry) => join(entry.parentPath, entry.name));
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

test.describe('the course as built', () => {
  test('every page is Korean and has a title and a description', async () => {
    for (const file of await htmlFiles()) {
      const html = await readFile(file, 'utf8');
      const name = relative(DIST, file);
      expect(html, name).toMatch(/<html[^>]*\blang="ko"/);
      expect(/<title>([^<]+)<\/title>/.exec(html)?.[1]?.trim(), name).toBeTruthy();
      expect(/<meta name="description" content="([^"]+)"/.exec(html)?.[1]?.trim(), name).toBeTruthy();
    }
  });

  test('has no broken internal links', async () => {
    const broken: string[] = [];
    for (const file of await htmlFiles()) {
      const html = await readFile(file, 'utf8');
      for (const [, href] of html.matchAll(/<a\b[^>]*\bhref="(\/[^"#?]*)[^"]*"/g)) {
        if (!href || href.startsWith('/_sandbox/')) continue;
        const target = join(DIST, decodeURIComponent(href));
        const ok = href.endsWith('/') ? await exists(join(target, 'index.html')) : (await exists(target)) || (await exists(join(target, 'index.html')));
        if (!ok) broken.push(`${relative(DIST, file)} → ${href}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('every example on every lesson runs without an error it did not mean to show', async ({ page }) => {
    test.setTimeout(600_000);
    let ran = 0;
    for (const slug of sidebarSlugs()) {
      await page.goto(pathOf(slug));
      const playgrounds = page.locator('ws-playground:not([data-check])');
      for (let i = 0; i < (await playgrounds.count()); i++) {
        const playground = playgrounds.nth(i);
        const id = `${slug} › ${await playground.getAttribute('data-id')}`;
        await playground.getByRole('button', { name: '실행' }).click();
        // Long enough for a server to start and a client to exchange a few messages.
        const node = (await playground.getAttribute('data-server')) ?? (await playground.getAttribute('data-program'));
        await page.waitForTimeout(node ? 3000 : 1500);
        const log = playground.getByRole('log');
        await expect(log.locator('.pg-line').first(), id).toBeVisible();
        if ((await playground.getAttribute('data-expect-errors')) === null) {
          const errors = await log.locator('.pg-line-error').allInnerTexts();
          expect(errors, id).toEqual([]);
        }
        if (await playground.getByRole('button', { name: '정지' }).isEnabled()) await playground.getByRole('button', { name: '정지' }).click();
        ran++;
      }
    }
    expect(ran).toBeGreaterThan(10);
  });

  test('screenshots of each chapter’s first screen, light and dark', async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    for (const slug of sidebarSlugs()) {
      for (const theme of ['light', 'dark']) {
        await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
        await page.goto(pathOf(slug));
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        const shot = await page.screenshot();
        await testInfo.attach(`${slug}-${theme}`, { body: shot, contentType: 'image/png' });
        await page.screenshot({ path: testInfo.outputPath('screens', `${slug}-${theme}.png`) });
      }
    }
  });
});
