import { replaceCode } from './editor-input.ts';
import { expect, test } from './fixtures.ts';
import { challengeBothWays, consoleLines, pressNetworkButton, runUntil, stopRun } from './lesson-page.ts';

/**
 * ‘Socket.IO 실전’ in Chromium: the examples' servers run in the real sandbox, the network panel's
 * 연결 끊기 drops their WebSocket for real, and each example shows what the lesson says it shows.
 */
const LESSON = '/socket-io-production/';

test.describe('the Socket.IO production lesson', () => {
  test('without recovery the ticks sent while away are missed and the socket is new; with it, the same socket gets them all', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(LESSON);
    for (const [id, recovered] of [
      ['sio-lost', false],
      ['sio-recovery', true],
    ] as const) {
      const pg = page.locator(`ws-playground[data-id="${id}"]`);
      await runUntil(pg, 'tick 10까지 받았습니다.');
      // Upgraded to WebSocket by now: that is the connection the panel cuts.
      expect(await pressNetworkButton(pg, '연결 끊기')).toMatch(/연결 \d+개를 닫기 프레임 없이 끊었습니다/);
      await expect(pg.getByRole('log')).toContainText('끊김: transport close', { timeout: 10_000 });
      await expect.poll(async () => (await consoleLines(pg)).filter((line) => line.includes('연결됨: id')).length, { timeout: 15_000 }).toBe(2);
      await expect(pg.getByRole('log')).toContainText('tick 20까지 받았습니다.', { timeout: 15_000 });
      const lines = await consoleLines(pg);
      const connects = lines.filter((line) => line.includes('연결됨: id'));
      const ids = connects.map((line) => /id (\S+),/.exec(line)?.[1]);
      const second = connects[1] ?? '';
      if (recovered) {
        expect(ids[1]).toBe(ids[0]);
        expect(second).toContain('recovered true');
        expect(lines.some((line) => line.includes('놓친 tick'))).toBe(false);
        expect(lines.some((line) => line.includes('복구: '))).toBe(true);
      } else {
        expect(ids[1]).not.toBe(ids[0]);
        expect(second).toContain('recovered undefined');
        expect(lines.some((line) => line.includes('놓친 tick'))).toBe(true);
      }
      expect(await pg.locator('.pg-line-error').allInnerTexts()).toEqual([]);
      await stopRun(pg);
    }
  });

  test('the server replays from the client’s offset after a cut: no news is missed though the socket is new', async ({ page }) => {
    test.setTimeout(60_000);
    await page.goto(LESSON);
    const pg = page.locator('ws-playground[data-id="sio-server-offset"]');
    await runUntil(pg, '소식 10번까지 받았습니다');
    await pressNetworkButton(pg, '연결 끊기');
    await expect(pg.getByRole('log')).toContainText(/연결됨: \d+번까지 받았다고 알립니다/, { timeout: 10_000 });
    await expect(pg.getByRole('log')).toContainText('소식 20번까지 받았습니다', { timeout: 15_000 });
    const lines = await consoleLines(pg);
    expect(lines.some((line) => line.includes('빠진 소식'))).toBe(false);
    const replayed = lines.map((line) => /놓친 (\d+)개를 다시 보냅니다/.exec(line)?.[1]).filter((n) => n !== undefined).map(Number);
    expect(replayed.length).toBe(2);
    expect(replayed[1]).toBeGreaterThan(0);
    await stopRun(pg);
  });

  test('retries: the slow first answer makes the client send each order again, and it ends acknowledged', async ({ page }) => {
    await page.goto(LESSON);
    const pg = page.locator('ws-playground[data-id="sio-retries"]');
    await runUntil(pg, '떡볶이: 서버가 받았다고 답했습니다');
    const lines = await consoleLines(pg);
    for (const item of ['김밥', '떡볶이']) {
      expect(lines.some((line) => line.includes(`주문 ${item} 받음 (1번째`))).toBe(true);
      expect(lines.some((line) => line.includes(`주문 ${item} 받음 (2번째`))).toBe(true);
    }
    expect(await pg.locator('.pg-line-error').allInnerTexts()).toEqual([]);
    await stopRun(pg);
  });

  test('cors does not stop the WebSocket transport; allowRequest refuses both until "null" is allowed', async ({ page }) => {
    test.setTimeout(60_000);
    await page.goto(LESSON);
    const cors = page.locator('ws-playground[data-id="sio-cors"]');
    await runUntil(cors, 'WebSocket만: ');
    expect(await consoleLines(cors)).toEqual(expect.arrayContaining(['[클라이언트] 폴링으로 시작: connect_error (xhr poll error)', '[클라이언트] WebSocket만: 연결됨']));
    await stopRun(cors);

    const allow = page.locator('ws-playground[data-id="sio-allow-request"]');
    await runUntil(allow, 'WebSocket만: ');
    const refused = await consoleLines(allow);
    expect(refused.filter((line) => line.includes('거절: Origin null')).length).toBe(2);
    expect(refused.some((line) => line.includes('연결됨'))).toBe(false);
    await stopRun(allow);
    await allow.getByRole('tab', { name: /^server\.js/ }).click();
    const code = await allow.locator('[data-file="server.js"] code').textContent();
    await replaceCode(page, allow, (code ?? '').replace('const ALLOWED_ORIGINS = ["https://my-chat.example"];', 'const ALLOWED_ORIGINS = ["https://my-chat.example", "null"];'));
    await runUntil(allow, 'WebSocket만: ');
    expect(await consoleLines(allow)).toEqual(expect.arrayContaining(['[클라이언트] 폴링으로 시작: 연결됨', '[클라이언트] WebSocket만: 연결됨']));
    await stopRun(allow);
  });

  test('주문은 한 번만: the idempotent server passes, the starting one (counting a retried order twice) does not', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(LESSON);
    await challengeBothWays(page.locator('ws-playground[data-id="challenge-order-once"]'));
  });
});
