import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures.ts';

/** Opens a playground's editor unless it is open (focusing its code activates Monaco), and clears the visible file. */
export async function openAndClear(page: Page, playground: Locator): Promise<void> {
  if ((await playground.getAttribute('data-editor')) !== 'ready') {
    await playground.locator('.pg-code:visible').focus();
    await expect(playground).toHaveAttribute('data-editor', 'ready');
  }
  await playground.locator('.monaco-editor').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
}

/** Replaces the visible file's code, typed. */
export async function replaceCode(page: Page, playground: Locator, code: string): Promise<void> {
  await openAndClear(page, playground);
  await page.keyboard.insertText(code);
}

/** Replaces one file of a playground with `code`, pasted (typing multi-line code lets the editor auto-close brackets and re-indent it). */
export async function replaceFile(page: Page, pg: Locator, file: string, code: string): Promise<void> {
  await pg.getByRole('tab', { name: new RegExp(`^${file.replace('.', '\\.')}`) }).click();
  await openAndClear(page, pg);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await page.evaluate((text) => navigator.clipboard.writeText(text), code);
  await page.keyboard.press('ControlOrMeta+V');
  await expect.poll(() => pg.evaluate((element, name) => (element as HTMLElement & { files: Record<string, string> }).files[name], file)).toBe(code);
}
