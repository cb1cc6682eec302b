import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** The 확장 lesson (/scaling/): its examples run from the page as a learner runs them. */
const playground = (page: Page, id: string) => page.locator(`ws-playground[data-id="${id}"]`);

test.describe('서버 여러 대로 늘리기 (/scaling/)', () => {
  test('the fan-out diagram is an image with a name and a description, its arrows drawn with markers', async ({ page }) => {
    await page.goto('/scaling/');
    const diagram = page.getByRole('img', { name: 'Redis를 거친 인스턴스 사이의 브로드캐스트' });
    await expect(diagram).toBeVisible();
    await expect(diagram).toHaveAccessibleDescription(/Redis 채널에 게시합니다/);
    expect(await diagram.locator('path[marker-end]').count()).toBeGreaterThanOrEqual(6);
  });

  test('two instances without a bus: the page on A hears itself, the classmate on B hears nothing', async ({ page }) => {
    await page.goto('/scaling/');
    const pg = playground(page, 'two-instances');
    await pg.getByRole('button', { name: '실행' }).click();
    const log = pg.getByRole('log');
    await expect(log).toContainText('B에 접속한 학생이 기다립니다.', { timeout: 15_000 });
    await expect(log).toContainText('A에 접속한 나: [A] 안녕하세요, 모두 들리나요?');
    await page.waitForTimeout(500);
    await expect(log).not.toContainText('B에 접속한 학생이 받음');
    await pg.getByRole('button', { name: '정지' }).click();
  });

  test('with the bus: the greeting reaches B, and B’s answer comes back to the page', async ({ page }) => {
    await page.goto('/scaling/');
    const pg = playground(page, 'bus');
    await pg.getByRole('button', { name: '실행' }).click();
    const log = pg.getByRole('log');
    await expect(log).toContainText('B에 접속한 학생이 받음: [A에서] 안녕하세요, 모두 들리나요?', { timeout: 15_000 });
    await expect(log).toContainText('A에 접속한 나: [B에서] 네, B에서도 잘 들려요!');
    await pg.getByRole('button', { name: '정지' }).click();
  });

  test('the chat example talks to this server’s /ws/chat', async ({ page }) => {
    await page.goto('/scaling/');
    const pg = playground(page, 'chat-across');
    await pg.getByRole('button', { name: '실행' }).click();
    await expect(pg.getByRole('log')).toContainText(/받음: [0-9a-f]{6}: 탭-\w+입니다\. 안녕하세요!/, { timeout: 15_000 });
    await pg.getByRole('button', { name: '정지' }).click();
  });

  test('도전 과제: the starting code fails the check, the solution passes it', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/scaling/');
    const challenge = playground(page, 'challenge-relay');
    const summary = challenge.locator('.pg-check-summary');
    await challenge.getByRole('button', { name: '✔ 확인' }).click();
    await expect(summary).toContainText('아직 통과하지 못했습니다', { timeout: 30_000 });
    await challenge.getByRole('button', { name: '정답 보기' }).click();
    await challenge.getByRole('button', { name: '✔ 확인' }).click();
    await expect(summary).toContainText('도전 과제를 해결했습니다', { timeout: 30_000 });
    await expect(challenge.locator('.pg-results .pg-fail')).toHaveCount(0);
  });
});
