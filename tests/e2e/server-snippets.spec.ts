import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { replaceFile } from './editor-input.ts';
import { consoleLines } from './lesson-page.ts';
import { SESSION_KEY } from '../../src/playground/control-client.ts';

const playground = (page: Page, id: string) => page.locator(`ws-playground[data-id="${id}"]`);

const lines = consoleLines;


test.describe('learners’ Node servers, run from the lesson page', () => {
  test('the seed’s ws server runs as written and its browser client reaches ws://localhost:8080', async ({ page, app }) => {
    await page.goto('/node-ws-server/');
    const pg = playground(page, 'seed-ws-server');
    await expect(pg.getByRole('tab', { name: /server\.js/ })).toContainText('Node 서버');
    await pg.getByRole('button', { name: '실행' }).click();
    await expect(pg.getByRole('log')).toContainText('클라이언트가 접속을 끊었습니다.', { timeout: 15_000 });
    const seen = await lines(pg);
    const at = (pattern: RegExp) => seen.findIndex((line) => pattern.test(line));
    // Lines of both sides interleave in the order things happened (what one side caused comes after).
    const connected = at(/^\[서버\] 클라이언트가 접속하였습니다\.$/);
    const opened = at(/^\[클라이언트\] 서버와 연결\.$/);
    const serverGot = at(/^\[서버\] 받은 메세지: <Buffer ec 84 9c/);
    const clientGot = at(/^\[클라이언트\] 서버에서 받은 메시지: 메세지 수신완료\.$/);
    const left = at(/^\[서버\] 클라이언트가 접속을 끊었습니다\.$/);
    expect([connected, opened, serverGot, clientGot, left].every((index) => index >= 0)).toBe(true);
    expect(opened).toBeLessThan(serverGot);
    expect(serverGot).toBeLessThan(clientGot);
    expect(clientGot).toBeLessThan(left);
    expect(connected).toBeLessThan(serverGot);
    // Earlier tests' pages may still have servers in their grace period; this page's own must be gone.
    const owner = await page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY);
    expect(owner).not.toBeNull();
    expect(app.sandboxes?.count(owner!)).toBe(1);
    await pg.getByRole('button', { name: '정지' }).click();
    await expect.poll(() => app.sandboxes?.count(owner!)).toBe(0);
  });

  test('broadcast reaches both clients', async ({ page }) => {
    await page.goto('/node-ws-server/');
    const pg = playground(page, 'broadcast');
    await pg.getByRole('button', { name: '실행' }).click();
    const log = pg.getByRole('log');
    for (const line of ['[앨리스] 받음: 안녕하세요, 앨리스입니다', '[밥] 받음: 안녕하세요, 앨리스입니다', '[앨리스] 받음: 반가워요, 밥이에요', '[밥] 받음: 반가워요, 밥이에요']) {
      await expect(log).toContainText(line, { timeout: 15_000 });
    }
  });

  test('the upgrade event refuses the sandbox’s Origin "null" with 403 (the browser sees 1006); allowing it, maxPayload closes with 1009', async ({ page }) => {
    await page.goto('/node-ws-server/');
    const pg = playground(page, 'origin-check');
    await pg.getByRole('button', { name: '실행' }).click();
    await expect(pg.getByRole('log')).toContainText('close 이벤트: 코드 1006, 깨끗하게 닫힘: false', { timeout: 15_000 });
    await expect(pg.getByRole('log')).toContainText('Origin: null');
    await expect(pg.getByRole('log')).toContainText('허용하지 않은 출처라서 403으로 거절합니다.');

    const server = await pg.locator('.pg-panel[data-file="server.js"] code').textContent();
    await replaceFile(page, pg, 'server.js', (server ?? '').replace('"https://my-chat.example"', '"null"'));
    await pg.getByRole('button', { name: '실행' }).click();
    await expect(pg.getByRole('log')).toContainText('close 이벤트: 코드 1009', { timeout: 15_000 });
  });

  test('the seed’s Socket.IO server serves its page through the proxy, and the page chats with it', async ({ page }) => {
    await page.goto('/socket-io/');
    const pg = playground(page, 'seed-sio-server');
    await pg.getByRole('button', { name: '실행' }).click();
    await expect(pg.getByRole('log')).toContainText('http://localhost:3000 에서 서버 구동 중...', { timeout: 15_000 });
    const preview = pg.frameLocator('iframe.pg-preview-frame');
    await expect(preview.locator('li').first()).toContainText('님이 연결되었습니다.');
    await preview.getByRole('textbox', { name: '메시지' }).fill('내 서버에게 인사');
    await preview.getByRole('button', { name: '보내기' }).click();
    await expect(preview.locator('li').last()).toContainText(': 내 서버에게 인사');
  });

  test('a syntax error in the server is shown with its line and marked in server.js', async ({ page }) => {
    await page.goto('/node-ws-server/');
    const pg = playground(page, 'seed-ws-server');
    await replaceFile(page, pg, 'server.js', 'const WebSocket = require("ws");\nconst wss = new WebSocket.Server({ port: 8080 };\n');
    await pg.getByRole('button', { name: '실행' }).click();
    await expect(pg.getByRole('log').locator('.pg-line-error').filter({ hasText: 'server.js 2번째 줄' })).toHaveCount(1, { timeout: 15_000 });
    await expect(pg.locator('.monaco-editor .squiggly-error')).toHaveCount(1);
  });

  test('reading files outside its folder is refused with a Korean explanation, and the page goes on', async ({ page }) => {
    await page.goto('/node-ws-server/');
    const pg = playground(page, 'seed-ws-server');
    await replaceFile(page, pg, 'server.js', 'const fs = require("fs");\nconsole.log(fs.readFileSync("/etc/passwd", "utf8"));\n');
    await pg.getByRole('button', { name: '실행' }).click();
    const log = pg.getByRole('log');
    await expect(log.locator('.pg-line-error').last()).toContainText(/server\.js 2번째 줄|폴더 밖|읽을 수 없습니다/, { timeout: 15_000 });
    await expect(log).not.toContainText('root:x:0:0');
  });

  test('a port the server opens after the run began is reachable from the running browser code', async ({ page }) => {
    await page.goto('/node-ws-server/');
    const pg = playground(page, 'seed-ws-server');
    await replaceFile(
      page,
      pg,
      'server.js',
      'const { WebSocketServer } = require("ws");\nnew WebSocketServer({ port: 8080 });\nsetTimeout(() => {\n  const late = new WebSocketServer({ port: 8081 });\n  late.on("connection", (s) => s.send("8081에서 인사"));\n}, 300);\n',
    );
    await replaceFile(page, pg, 'client.js', 'setTimeout(() => {\n  const s = new WebSocket("ws://localhost:8081");\n  s.onmessage = (e) => console.log("받음:", e.data);\n}, 1500);\n');
    await pg.getByRole('button', { name: '실행' }).click();
    await expect(pg.getByRole('log')).toContainText('서버가 8081번 포트에서 기다립니다', { timeout: 15_000 });
    await expect(pg.getByRole('log')).toContainText('받음: 8081에서 인사', { timeout: 15_000 });
  });
});
