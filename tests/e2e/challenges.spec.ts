import { sidebarSlugs } from '../../src/sidebar.ts';
import { expect, test } from './fixtures.ts';

/**
 * Every 도전 과제 of the course, found on the pages themselves: its reference solution must pass
 * its check, and its starting code must not (a check that passes the starter checks nothing).
 */
test.describe('도전 과제 checks', () => {
  test('every challenge passes with its solution and fails with its starting code', async ({ page }) => {
    test.setTimeout(180_000);
    let found = 0;
    for (const slug of sidebarSlugs()) {
      await page.goto(slug === 'index' ? '/' : `/${slug}/`);
      const challenges = page.locator('ws-playground[data-check]');
      for (let i = 0; i < (await challenges.count()); i++) {
        const challenge = challenges.nth(i);
        const name = await challenge.getAttribute('data-check');
        found++;
        const summary = challenge.locator('.pg-check-summary');

        await challenge.getByRole('button', { name: '✔ 확인' }).click();
        await expect(summary, `${name}: starting code`).toContainText('아직 통과하지 못했습니다', { timeout: 30_000 });
        await expect(challenge.locator('.pg-results .pg-fail').first()).toBeVisible();

        await challenge.getByRole('button', { name: '정답 보기' }).click();
        await challenge.getByRole('button', { name: '✔ 확인' }).click();
        await expect(summary, `${name}: solution`).toContainText('도전 과제를 해결했습니다', { timeout: 30_000 });
        await expect(challenge.locator('.pg-results .pg-fail')).toHaveCount(0);

        // Reset stops the run (and its server) and brings the starting code back.
        await challenge.getByRole('button', { name: '초기화' }).click();
        await expect(challenge.getByRole('button', { name: '정지' })).toBeDisabled();
      }
    }
    expect(found).toBeGreaterThan(0);
  });
});
