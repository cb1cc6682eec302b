import type { Page } from '@playwright/test';
import { replaceCode } from './editor-input.ts';
import { expect, test } from './fixtures.ts';

const LESSON = '/browser-api/';

/** The first playground on the lesson page (the seed's echo client). */
const firstPlayground = (page: Page) => page.locator('ws-playground').first();

/** Replaces the first playground's code with `code` in its editor; returns the playground. */
async function writeCode(page: Page, code: string) {
  const playground = firstPlayground(page);
  await replaceCode(page, playground, code);
  return playground;
}

test.describe('‘WebSocket 클라이언트’ lesson', () => {
  test('is a Korean page whose example code is in the HTML before any script runs', async ({ page, baseURL }) => {
    const html = await (await page.request.get(`${baseURL}${LESSON}`)).text();
    expect(html).toMatch(/<html[^>]+lang="ko"/);
    expect(html).toContain('new WebSocket(&quot;ws://example.com/socketserver&quot;)');
    await page.goto(LESSON);
    await expect(page).toHaveTitle(/WebSocket 클라이언트/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('WebSocket 클라이언트');
  });

  test('Run connects the seed client to /ws/echo and shows open and the echo in the console', async ({ page }) => {
    await page.goto(LESSON);
    const playground = firstPlayground(page);
    await playground.getByRole('button', { name: '실행' }).click();
    const log = playground.getByRole('log');
    await expect(log).toContainText('ws://example.com/socketserver → 놀이터 서버');
    await expect(log).toContainText('서버와 연결.');
    await expect(log).toContainText('서버에서 받은 메시지: 서버 하이.');
  });

  test('the learner edits the code in the editor, runs it, and sees their own message echoed', async ({ page }) => {
    await page.goto(LESSON);
    // Replace the greeting in the editor with a new program.
    const playground = await writeCode(
      page,
      'const socket = new WebSocket("ws://example.com/socketserver");\n' +
        'socket.onopen = () => socket.send("직접 고친 메시지");\n' +
        'socket.onmessage = (event) => console.log("에코:", event.data);\n',
    );
    await expect(playground.locator('.monaco-editor').first()).toBeVisible();
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(playground.getByRole('log')).toContainText('에코: 직접 고친 메시지');
  });

  test('the close event shows code 1000 and wasClean in the readyState example', async ({ page }) => {
    await page.goto(LESSON);
    const playground = page.locator('ws-playground').nth(1);
    await playground.getByRole('button', { name: '실행' }).click();
    const log = playground.getByRole('log');
    await expect(log).toContainText('생성 직후: readyState = 0 (CONNECTING)');
    await expect(log).toContainText('open 이벤트: readyState = 1 (OPEN)');
    await expect(log).toContainText('close() 호출 직후: readyState = 2 (CLOSING)');
    await expect(log).toContainText('닫힘 코드 1000, 이유 "다 했어요", 깨끗하게 닫힘: true');
  });

  test('an uncaught error is reported in Korean with its line in the editor', async ({ page }) => {
    await page.goto(LESSON);
    const playground = await writeCode(page, 'console.log("첫 줄");\nnull.boom();\n');
    await page.keyboard.press('ControlOrMeta+Enter');
    const log = playground.getByRole('log');
    await expect(log).toContainText('첫 줄');
    await expect(log.locator('.pg-line-error')).toContainText(/TypeError.*\(echo-client\.js 2번째 줄\)/);
    await expect(playground.locator('.monaco-editor .squiggly-error')).toHaveCount(1);
  });

  test('an endless loop is stopped at its line by the loop guard, and the rest of the run goes on', async ({ page }) => {
    await page.goto(LESSON);
    const playground = await writeCode(page, 'setTimeout(() => console.log("타이머는 계속 돕니다"), 1500);\nconsole.log("반복 전");\nwhile (true) {}\n');
    await page.keyboard.press('ControlOrMeta+Enter');
    const log = playground.getByRole('log');
    // The guard's own message (after 0.75 s of the loop, whatever the machine's speed) names the line.
    await expect(log.locator('.pg-line-error')).toContainText(/반복문이 0\.75초 넘게 끝나지 않아 멈췄습니다.*\(echo-client\.js 3번째 줄\)/, { timeout: 20_000 });
    await expect(playground.locator('.monaco-editor .squiggly-error')).toHaveCount(1);
    await expect(log).toContainText('반복 전');
    // Only the loop was stopped: the frame lives on, its timer fires, the watchdog had no reason to act.
    await expect(log).toContainText('타이머는 계속 돕니다');
    await expect(log).not.toContainText('응답하지 않아');
    await expect(playground.getByRole('button', { name: '정지' })).toBeEnabled();
  });

  test('code that hangs without a loop (a catastrophic regular expression) is stopped by the watchdog, and the page stays usable', async ({ page }) => {
    await page.goto(LESSON);
    const playground = await writeCode(page, '/^(a+)+$/.test("a".repeat(40) + "b");\n');
    await page.keyboard.press('ControlOrMeta+Enter');
    const log = playground.getByRole('log');
    await expect(log).toContainText('응답하지 않아 실행을 멈췄습니다', { timeout: 20_000 });
    // The page still answers: the other example runs.
    const other = page.locator('ws-playground').nth(1);
    await other.getByRole('button', { name: '실행' }).click();
    await expect(other.getByRole('log')).toContainText('open 이벤트');
  });

  test('Stop ends a run and closes its socket', async ({ page, app }) => {
    await page.goto(LESSON);
    const playground = firstPlayground(page);
    await playground.getByRole('button', { name: '실행' }).click();
    await expect(playground.getByRole('log')).toContainText('서버와 연결.');
    // The echo endpoint's own count: an earlier test's Socket.IO session may outlive its page until its ping timeout.
    const echoConnections = () => app.playground.connectionsByEndpoint()['echo'];
    await expect.poll(echoConnections).toBe(1);
    await playground.getByRole('button', { name: '정지' }).click();
    await expect(playground.getByRole('log')).toContainText('실행을 멈췄습니다');
    await expect.poll(echoConnections).toBe(0);
    await expect(playground.getByRole('button', { name: '정지' })).toBeDisabled();
  });

  test('runs from the keyboard alone: Tab to the code, Ctrl+Enter', async ({ page }) => {
    await page.goto(LESSON);
    const code = firstPlayground(page).locator('.pg-code');
    await code.focus();
    await expect(firstPlayground(page)).toHaveAttribute('data-editor', 'ready');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(firstPlayground(page).getByRole('log')).toContainText('서버에서 받은 메시지: 서버 하이.');
  });
});
