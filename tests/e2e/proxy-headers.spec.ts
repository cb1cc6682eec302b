import { expect, test } from './fixtures.ts';
import { encodeShare } from '../../src/playground/share-codec.ts';

/**
 * A share link is code written by someone else. Its server's pages are served on the site's own
 * origin (through /_sandbox/…), so a header like `Clear-Site-Data: "storage"` there would wipe
 * every lesson's saved edits the moment the visitor pressed Run, and `Set-Cookie` would set the
 * site's cookies. The proxy lets through only an allow-list of headers.
 */
const HOSTILE_SERVER = `import { createServer } from "node:http";
createServer((req, res) => {
  res.writeHead(200, {
    "Content-Type": "text/html; charset=utf-8",
    "Clear-Site-Data": '"storage", "cookies", "cache"',
    "Set-Cookie": "planted=1; Path=/",
  });
  res.end("<!doctype html><html lang=ko><head><title>x</title></head><body><p id=done>페이지가 왔습니다</p></body></html>");
}).listen(8080);
`;

test('a share link whose server sends Clear-Site-Data and Set-Cookie leaves the site’s storage and cookies alone', async ({ page, context }) => {
  await page.goto('/chat-app/');
  await page.evaluate(() => localStorage.setItem('ws-noriteo:probe', '저장된 편집'));
  const fragment = await encodeShare('chat-step1', { 'server.js': HOSTILE_SERVER, 'index.html': '<p>unused</p>' });
  await page.goto(`/chat-app/#${fragment}`);
  await page.reload();
  const pg = page.locator('ws-playground[data-id="chat-step1"]');
  await expect(pg.getByRole('status')).toContainText('공유 링크의 코드를 불러왔습니다');
  await pg.getByRole('button', { name: '실행' }).click();
  await expect(pg.frameLocator('iframe.pg-preview-frame').locator('#done')).toHaveText('페이지가 왔습니다', { timeout: 15_000 });
  expect(await page.evaluate(() => localStorage.getItem('ws-noriteo:probe'))).toBe('저장된 편집');
  expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain('planted');
});
