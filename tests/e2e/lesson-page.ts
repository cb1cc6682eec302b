import { mkdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures.ts';

/** A playground's console lines as "[side] text" (side only for playgrounds with a server), in order. */
export async function consoleLines(pg: Locator): Promise<string[]> {
  return (await consoleRows(pg)).map(({ line }) => line);
}

/** The console's rows in their order, each with its time (ms since the epoch), which the console sorts them by. */
export function consoleRows(pg: Locator): Promise<Array<{ line: string; time: number }>> {
  return pg.locator('.pg-line').evaluateAll((rows) =>
    rows.map((row) => {
      const side = row.querySelector('.pg-side')?.textContent;
      const text = row.querySelector('.pg-text')?.textContent ?? '';
      return { line: side ? `[${side}] ${text}` : text, time: Number((row as HTMLElement).dataset['time']) };
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
    // Hangul is drawn with a real font: ‘가’ is as wide as a CJK glyph (about 1em), not a zero-width or tiny box.
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

/** The lesson fits a 360 px wide screen: nothing scrolls sideways. */
export async function expectFitsNarrowScreen(page: Page, slug: string): Promise<void> {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/${slug}/`);
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
  expect(widths.page).toBeLessThanOrEqual(360);
  expect(widths.body).toBeLessThanOrEqual(360);
}

/**
 * The page's diagrams (there is at least one) are accessible images: role img, a name, a description of at least
 * `descriptionChars` characters, and real text in them. Returns them for a spec's own further checks.
 */
export async function expectAccessibleDiagrams(page: Page, descriptionChars: number): Promise<Locator[]> {
  const diagrams = page.locator('.sl-markdown-content figure > svg');
  expect(await diagrams.count()).toBeGreaterThan(0);
  const all = await diagrams.all();
  for (const svg of all) {
    await expect(svg).toHaveAttribute('role', 'img');
    await expect(svg).toHaveAccessibleName(/.{5,}/);
    await expect(svg).toHaveAccessibleDescription(new RegExp(`.{${descriptionChars},}`));
    expect(await svg.locator('text').count()).toBeGreaterThan(3);
  }
  return all;
}

/** Every in-page link (#id) of the lesson lands on exactly one element. */
export async function expectInPageLinksLand(page: Page): Promise<void> {
  const targets = await page.locator('.sl-markdown-content a[href^="#"]').evaluateAll((links) => links.map((link) => decodeURIComponent(link.getAttribute('href')!.slice(1))));
  for (const id of targets) expect(await page.locator(`[id="${id}"]`).count(), `#${id}`).toBe(1);
}

/** Runs a playground on a cleared console and waits until the console shows `until`. */
export async function runUntil(pg: Locator, until: string | RegExp, timeout = 20_000): Promise<void> {
  await pg.getByRole('button', { name: '지우기' }).click();
  await pg.getByRole('button', { name: '실행' }).click();
  await expect(pg.getByRole('log')).toContainText(until, { timeout });
}

/** Stops the playground (and its Node server), so the next one may start its own. */
export async function stopRun(pg: Locator): Promise<void> {
  const button = pg.getByRole('button', { name: '정지' });
  if (await button.isEnabled()) await button.click();
  await expect(button).toBeDisabled();
}

/** A 도전 과제 both ways: the starting code fails its check, the solution (정답 보기) passes it. */
export async function challengeBothWays(pg: Locator): Promise<void> {
  const summary = pg.locator('.pg-check-summary');
  await pg.getByRole('button', { name: '✔ 확인' }).click();
  await expect(summary).toContainText('아직 통과하지 못했습니다', { timeout: 30_000 });
  await expect(pg.locator('.pg-results .pg-fail').first()).toBeVisible();
  await pg.getByRole('button', { name: '정답 보기' }).click();
  await pg.getByRole('button', { name: '✔ 확인' }).click();
  await expect(summary).toContainText('도전 과제를 해결했습니다', { timeout: 30_000 });
  await expect(pg.locator('.pg-results .pg-fail')).toHaveCount(0);
  expect(await pg.locator('.pg-results .pg-pass').count()).toBeGreaterThan(1);
  await pg.getByRole('button', { name: '초기화' }).click();
  await expect(pg.getByRole('button', { name: '정지' })).toBeDisabled();
}

/** Opens the playground's inspector and presses one of its network panel's buttons (e.g. 조용히 끊기); resolves with the panel's status text. */
export async function pressNetworkButton(pg: Locator, name: string): Promise<string> {
  const inspect = pg.getByRole('button', { name: '검사기' });
  if ((await inspect.getAttribute('aria-expanded')) !== 'true') await inspect.click();
  const panel = pg.getByRole('group', { name: '네트워크 실험' });
  await panel.getByRole('button', { name, exact: true }).click();
  const status = panel.getByRole('status');
  await expect(status).not.toBeEmpty();
  return (await status.textContent()) ?? '';
}
