import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/**
 * The learner's progress: a passed challenge is remembered in this browser (localStorage only),
 * marked in text on the lesson's links in the sidebar and the home page's course map, shown as
 * passed when the lesson is visited again, and forgotten by 진행 상황 지우기.
 */
const sidebarLink = (page: Page, name: string): Locator => page.getByRole('navigation', { name: '메인' }).getByRole('link', { name: new RegExp(`^${name}`) });
const courseMapLink = (page: Page, name: string): Locator => page.locator('[data-course-map]').getByRole('link', { name: new RegExp(name) });

test.describe('progress', () => {
  test('a passed challenge is marked in the sidebar and the course map after a reload, shows as passed on its lesson, and 진행 상황 지우기 (by keyboard) clears it', async ({ page, baseURL }) => {
    test.setTimeout(90_000);
    const sent: string[] = [];
    page.on('request', (request) => {
      // Whatever the pages send (a body, or anything to another origin) would show here.
      if (request.postData() !== null || !request.url().startsWith(new URL(baseURL).origin) && !request.url().startsWith('data:')) sent.push(`${request.method()} ${request.url()}`);
    });
    await page.goto('/browser-api/');
    await expect(sidebarLink(page, 'WebSocket 클라이언트')).toHaveAccessibleName('WebSocket 클라이언트');

    const challenge = page.locator('ws-playground[data-id="challenge-send-queue"]');
    await challenge.getByRole('button', { name: '정답 보기' }).click();
    await challenge.getByRole('button', { name: '✔ 확인' }).click();
    await expect(challenge.locator('.pg-check-summary')).toContainText('도전 과제를 해결했습니다', { timeout: 30_000 });
    // Marked at once on this page, in text (not colour alone): the link's accessible name says it.
    await expect(sidebarLink(page, 'WebSocket 클라이언트')).toHaveAccessibleName('WebSocket 클라이언트 완료');

    await page.reload();
    await expect(sidebarLink(page, 'WebSocket 클라이언트')).toHaveAccessibleName('WebSocket 클라이언트 완료');
    await expect(page.locator('ws-playground[data-id="challenge-send-queue"] .pg-check-summary')).toContainText('해결한 도전 과제입니다');
    // Other lessons are not marked.
    await expect(sidebarLink(page, '핸드셰이크')).toHaveAccessibleName('핸드셰이크');

    await page.goto('/');
    await expect(courseMapLink(page, 'WebSocket 클라이언트')).toContainText('완료');
    await expect(courseMapLink(page, '핸드셰이크')).not.toContainText('완료');
    const reset = page.locator('ws-progress-reset');
    await expect(reset.getByRole('status')).toHaveText('해결한 도전 과제: 1개');

    // The reset button, reached and pressed with the keyboard; the status says what happened.
    const button = reset.getByRole('button', { name: '진행 상황 지우기' });
    await button.focus();
    await expect(button).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(reset.getByRole('status')).toHaveText('진행 상황을 지웠습니다. 해결한 도전 과제가 없습니다.');
    await expect(courseMapLink(page, 'WebSocket 클라이언트')).not.toContainText('완료');
    expect(await page.evaluate(() => localStorage.getItem('ws-noriteo:progress'))).toBeNull();

    await page.goto('/browser-api/');
    await expect(sidebarLink(page, 'WebSocket 클라이언트')).toHaveAccessibleName('WebSocket 클라이언트');
    await expect(page.locator('ws-playground[data-id="challenge-send-queue"] .pg-check-summary')).not.toContainText('해결한');
    // Nothing was sent anywhere: no request carried a body, none left the site.
    expect(sent).toEqual([]);
  });

  test('a pass in one tab marks the sidebar of another tab of the site', async ({ context }) => {
    test.setTimeout(60_000);
    const [first, second] = [await context.newPage(), await context.newPage()];
    await first.goto('/browser-api/');
    await second.goto('/heartbeat/');
    const challenge = first.locator('ws-playground[data-id="challenge-send-queue"]');
    await challenge.getByRole('button', { name: '정답 보기' }).click();
    await challenge.getByRole('button', { name: '✔ 확인' }).click();
    await expect(challenge.locator('.pg-check-summary')).toContainText('도전 과제를 해결했습니다', { timeout: 30_000 });
    await expect(sidebarLink(second, 'WebSocket 클라이언트')).toHaveAccessibleName('WebSocket 클라이언트 완료');
  });
});
