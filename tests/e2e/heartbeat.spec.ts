import { openControl } from '../helpers/control.ts';
import { builtSite, startTestServer } from '../helpers/server.ts';
import { expect, test } from './fixtures.ts';
import { challengeBothWays, consoleLines, pressNetworkButton, runUntil, stopRun } from './lesson-page.ts';

/**
 * ‘브라우저에서 끊김 알아채기’: each example runs against the real server and the network panel's
 * 조용히 끊기 silences its connections for real; what the lesson says the learner will see is
 * what Chromium does.
 */
test.describe('the heartbeat lesson', () => {
  test('a silenced connection stays OPEN: sends go on without error, no answer comes, no close event', async ({ page }) => {
    await page.goto('/heartbeat/');
    const pg = page.locator('ws-playground[data-id="silent"]');
    await runUntil(pg, '받음: 메시지 1');
    expect(await pressNetworkButton(pg, '조용히 끊기')).toContain('연결 1개를 조용히 끊었습니다');
    const answered = (await consoleLines(pg)).filter((line) => line.startsWith('받음')).length;
    const sentBefore = (await consoleLines(pg)).filter((line) => line.startsWith('보냄')).length;
    // Two more sends after the silence, each still with readyState 1 (OPEN).
    await expect.poll(async () => (await consoleLines(pg)).filter((line) => line.startsWith('보냄')).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(sentBefore + 2);
    const lines = await consoleLines(pg);
    expect(lines.filter((line) => line.startsWith('받음')).length).toBe(answered);
    expect(lines.at(-1)).toMatch(/^보냄: 메시지 \d+ \(readyState 1,/);
    expect(lines.some((line) => line.startsWith('close 이벤트') || line === 'error 이벤트')).toBe(false);
    await stopRun(pg);
  });

  test('the heartbeat example notices the silence, reconnects, and its server drops the dead socket on its own', async ({ page }) => {
    test.setTimeout(60_000);
    await page.goto('/heartbeat/');
    const pg = page.locator('ws-playground[data-id="heartbeat"]');
    await runUntil(pg, /pong 2: \d+ ms 만에 답/);
    await expect(pg.frameLocator('iframe.pg-preview-frame').getByRole('status')).toHaveText('연결됨');
    await pressNetworkButton(pg, '조용히 끊기');
    await expect(pg.getByRole('log')).toContainText('끊김 감지: ping을 보낸 지', { timeout: 10_000 });
    // A new connection, and pongs on it again.
    await expect
      .poll(async () => {
        const lines = await consoleLines(pg);
        const detected = lines.findIndex((line) => line.includes('끊김 감지'));
        const again = lines.findIndex((line, i) => i > detected && line === '[클라이언트] 연결됨');
        return again > detected && lines.slice(again).some((line) => /pong \d+:/.test(line));
      }, { timeout: 15_000 })
      .toBe(true);
    // The server's own heartbeat (ping frames every 10 s) finds the silenced socket dead as well.
    await expect(pg.getByRole('log')).toContainText('ping 프레임에 답이 없어 연결을 끊습니다', { timeout: 25_000 });
    expect(await pg.locator('.pg-line-error').allInnerTexts()).toEqual([]);
    await stopRun(pg);
  });

  test('반쯤 열린 연결 알아채기: the solution notices a real silence and reconnects; the starting code does not', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto('/heartbeat/');
    await challengeBothWays(page.locator('ws-playground[data-id="challenge-half-open"]'));
  });
});

test.describe('what Chromium does with a half-open connection', () => {
  test('close() on a connection nobody answers stays CLOSING for 60 s, then reports 1006 (not clean)', async ({ page }) => {
    test.setTimeout(120_000);
    // A server of its own with no heartbeat and no idle timeout: only the browser's own timer can end the wait.
    const app = await startTestServer({ distDir: builtSite(), limits: { pingIntervalMs: 0, idleTimeoutMs: 0 } });
    const origin = `http://localhost:${app.port}`;
    const control = await openControl(origin);
    try {
      const tag = control.welcome.captureTag;
      await page.goto(`${origin}/heartbeat/`);
      await page.evaluate(
        (url) =>
          new Promise<void>((resolve) => {
            const socket = new WebSocket(url);
            Object.assign(globalThis, { halfOpen: socket });
            socket.onopen = () => resolve();
          }),
        `ws://localhost:${app.port}/ws/echo?pg=${tag}.probe`,
      );
      control.send({ type: 'cut', capture: 'probe', silent: true });
      await control.waitFor('cut');
      const outcome = await page.evaluate(
        () =>
          new Promise<{ stateAfterClose: number; code: number; wasClean: boolean; seconds: number }>((resolve) => {
            const socket = (globalThis as unknown as { halfOpen: WebSocket }).halfOpen;
            const started = performance.now();
            socket.onclose = (event) => resolve({ stateAfterClose, code: event.code, wasClean: event.wasClean, seconds: (performance.now() - started) / 1000 });
            socket.close(4000, 'no heartbeat');
            const stateAfterClose = socket.readyState;
          }),
      );
      expect(outcome.stateAfterClose).toBe(2); // CLOSING
      expect(outcome.code).toBe(1006);
      expect(outcome.wasClean).toBe(false);
      // Chromium's own 60 s closing-handshake timer; the upper bound only says the wait ends (slack for a loaded machine).
      expect(outcome.seconds).toBeGreaterThan(58);
      expect(outcome.seconds).toBeLessThan(90);
    } finally {
      await control.close();
      await app.close();
    }
  });
});
