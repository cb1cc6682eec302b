import { readdirSync } from 'node:fs';
import { challengeFileOf } from '../../src/challenges/challenge-name.ts';
import { replaceCode } from './editor-input.ts';
import { consoleLines } from './lesson-page.ts';
import { expect, test } from './fixtures.ts';

/** Every 도전 과제 of the course, found from its folder (content/docs/<chapter>/challenges/<name>/check.ts). */
const challenges = readdirSync(new URL('../../content/docs/', import.meta.url), { recursive: true, encoding: 'utf8' })
  .flatMap((path) => {
    const file = challengeFileOf(`/content/docs/${path}`);
    return file?.file === 'check.ts' ? [file] : [];
  })
  .sort((a, b) => a.name.localeCompare(b.name));

/**
 * Each challenge, on its lesson's page: its reference solution must pass its check, and its starting
 * code must not (a check that passes the starter checks nothing). A new folder is tested without
 * editing this file.
 */
test.describe('도전 과제 checks', () => {
  test('the course has challenges', () => {
    expect(challenges.length).toBeGreaterThan(0);
  });

  for (const { name, chapter } of challenges) {
    test(`${name}: the solution passes and the starting code does not`, async ({ page }) => {
      test.setTimeout(90_000);
      await page.goto(`/${chapter}/`);
      const challenge = page.locator(`ws-playground[data-check="${name}"]`);
      await expect(challenge, `${name} is shown on /${chapter}/ with <Playground challenge="${name}" />`).toHaveCount(1);
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
    });
  }
});

test.describe('Socket.IO challenges judge the server, not what client.js prints', () => {
  for (const [path, id] of [
    ['/socket-io-advanced/', 'challenge-admin'],
    ['/chat-app/', 'challenge-switch-room'],
    ['/socket-io-production/', 'challenge-order-once'],
  ] as const) {
    test(`${id}: the solution passes with client.js emptied, and a client.js that prints what a passing run printed does not rescue the starter`, async ({ page }) => {
      await page.goto(path);
      const challenge = page.locator(`ws-playground[data-id="${id}"]`);
      const summary = challenge.locator('.pg-check-summary');
      const check = () => challenge.getByRole('button', { name: '✔ 확인' }).click();
      // The solution as written passes; keep what its client.js printed.
      await challenge.getByRole('button', { name: '정답 보기' }).click();
      await check();
      await expect(summary).toContainText('도전 과제를 해결했습니다', { timeout: 30_000 });
      const printed = (await consoleLines(challenge)).filter((line) => line.startsWith('[클라이언트] ')).map((line) => line.slice('[클라이언트] '.length));
      expect(printed.length).toBeGreaterThan(0);
      // The solution with client.js emptied still passes: the check plays the people itself.
      await challenge.getByRole('tab', { name: /^client\.js/ }).click();
      await replaceCode(page, challenge, '// 비어 있습니다\n');
      await check();
      await expect(summary).toContainText('도전 과제를 해결했습니다', { timeout: 30_000 });
      await expect(challenge.locator('.pg-results .pg-fail')).toHaveCount(0);
      // The starter server, with a client.js that prints exactly what the passing run printed: still not solved.
      await challenge.getByRole('button', { name: '초기화' }).click();
      await challenge.getByRole('tab', { name: /^client\.js/ }).click();
      await replaceCode(page, challenge, `${printed.map((line) => `console.log(${JSON.stringify(line)});`).join('\n')}\n`);
      await check();
      await expect(summary).toContainText('아직 통과하지 못했습니다', { timeout: 30_000 });
    });
  }
});
