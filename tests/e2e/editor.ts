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
