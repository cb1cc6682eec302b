import { replaceCode } from './editor-input.ts';
import { expect, test } from './fixtures.ts';
import { challengeBothWays, consoleLines, runUntil } from './lesson-page.ts';

/**
 * ‘WebSocket 서버 테스트하기’: the lesson's node:test files run in the sandbox as programs (a
 * passing run ends with exit code 0, a failing one with 1), and the challenge's check runs the
 * learner's tests against planted bugs.
 */
const LESSON = '/testing/';

test.describe('the testing lesson', () => {
  for (const [id, tests] of [
    ['test-ws', ['보낸 사람을 포함해 모두가 메시지를 받는다', '바이너리를 보내면 1003으로 닫는다']],
    ['test-socket-io', ['있는 방에 들어가면 ack로 ok를 받는다', '없는 방은 오류로 답한다(답하지 않는 경로가 없다)', '같은 방에만 말이 간다', '이름 없이 연결하면 미들웨어가 connect_error로 거절한다']],
  ] as const) {
    test(`${id}: every test passes and the program ends with exit code 0; a broken server makes it end with 1`, async ({ page }) => {
      await page.goto(LESSON);
      const pg = page.locator(`ws-playground[data-id="${id}"]`);
      await runUntil(pg, '프로그램이 끝났습니다 (종료 코드 0).');
      const lines = await consoleLines(pg);
      for (const name of tests) expect(lines.some((line) => line.startsWith(`✔ ${name}`))).toBe(true);
      expect(lines).toContain(`ℹ pass ${tests.length}`);
      expect(await pg.locator('.pg-line-error').allInnerTexts()).toEqual([]);
      // Break the server: a test fails, says where, and the program ends with exit code 1.
      await pg.getByRole('tab', { name: /^server\.js/ }).click();
      const code = (await pg.locator('[data-file="server.js"] code').textContent()) ?? '';
      const broken = id === 'test-ws' ? code.replace('socket.close(1003,', 'socket.close(1000,') : code.replace('error: "없는 방입니다"', 'error: "없는 반입니다"');
      expect(broken).not.toBe(code);
      await replaceCode(page, pg, broken);
      await runUntil(pg, '프로그램이 종료 코드 1(으)로 끝났습니다.');
      expect((await consoleLines(pg)).some((line) => line.startsWith('✖ '))).toBe(true);
    });
  }

  test('버그를 잡는 테스트: the solution’s tests catch all three planted bugs; the starting tests catch none', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(LESSON);
    await challengeBothWays(page.locator('ws-playground[data-id="challenge-catch-the-bugs"]'));
  });
});
