import { mkdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures.ts';

/** A playground's console lines as "[side] text" (side only for playgrounds with a server), in order. */
export async function consoleLines(pg: Locator): Promise<string[]> {
  return pg.locator('.pg-line').evaluateAll((rows) =>
    rows.map((row) => {
      const side = row.querySelector('.pg-side')?.textContent;
      const text = row.querySelector('.pg-text')?.textContent ?? '';
      return side ? `[${side}] ${text}` : text;
    }),
  );
}

/**
 * A lesson's first screen in light and dark: nothing sits on top of its heading, Hangul is drawn with a
 * real font, and the screen and each SVG figure are saved under `dir` for review.
 */
export async function checkFirstScreen(page: Page, slug: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/${slug}/`);
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((name) => {
      document.documentElement.dataset['theme'] = name;
      window.scrollTo(0, 0);
    }, theme);
    await page.evaluate(() => document.fonts.ready);
    const heading = page.getByRole('heading', { level: 1 });
    // The element at the heading's centre is the heading itself: no header, sidebar or figure on top of it.
    const onTop = await heading.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + Math.min(box.width / 2, 60), box.top + box.height / 2);
      return hit !== null && element.contains(hit);
    });
    expect(onTop).toBe(true);
    // Hangul is drawn with a real font: 「가」 is as wide as a CJK glyph (about 1em), not a zero-width or tiny box.
    const hangulWidth = await page.evaluate(() => {
      const probe = document.createElement('span');
      probe.textContent = '가나다라마';
      probe.style.cssText = 'position:absolute;visibility:hidden;font-size:20px;font-family:var(--sl-font)';
      document.body.append(probe);
      const width = probe.getBoundingClientRect().width;
      probe.remove();
      return width;
    });
    expect(hangulWidth).toBeGreaterThan(80);
    await page.screenshot({ path: `${dir}/${slug}-${theme}.png` });
    const figures = page.locator('.sl-markdown-content figure:has(> svg)');
    for (let i = 0; i < (await figures.count()); i++) await figures.nth(i).screenshot({ path: `${dir}/${slug}-figure${i + 1}-${theme}.png` });
  }
}
