import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import type { CaptureFile } from '../../protocol/capture.ts';
import { expect, test } from './fixtures.ts';

const ECHO = 'ws 에코 (Chromium)';
const DEFLATE = 'permessage-deflate';
const SOCKET_IO = 'Socket.IO 업그레이드';

/** The page's capture-file inspector (not the one of ‘내 서버 검사하기’, which has its own). */
const inspector = (page: Page): Locator => page.locator('ws-inspector:not(inspect-my-server ws-inspector)');

/** Opens the page and loads one example capture with its button. */
async function openExample(page: Page, name: string): Promise<Locator> {
  await page.goto('/inspector/');
  const root = inspector(page);
  await root.getByRole('group', { name: '예제 캡처' }).getByRole('button', { name }).click();
  await expect(root.getByRole('status')).toHaveText(`예제 ‘${name}’을(를) 열었습니다: 연결 ${name === SOCKET_IO ? 2 : 1}개.`);
  return root;
}

async function fixture(name: string): Promise<CaptureFile> {
  return JSON.parse(await readFile(new URL(`../fixtures/captures/${name}`, import.meta.url), 'utf8')) as CaptureFile;
}

test.describe('the inspector page', () => {
  test('shows the handshake Chromium sent, its Sec-WebSocket-Key, and the accept recomputed with ✓ 일치', async ({ page }) => {
    const root = await openExample(page, ECHO);
    await expect(root.getByRole('tab', { name: '핸드셰이크' })).toHaveAttribute('aria-selected', 'true');
    const request = root.getByRole('list', { name: '클라이언트의 업그레이드 요청' });
    await expect(request.getByRole('listitem')).toHaveText([
      'GET /echo HTTP/1.1',
      'Host: 127.0.0.1:33047',
      'Connection: Upgrade',
      'Pragma: no-cache',
      'Cache-Control: no-cache',
      'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
      'Upgrade: websocket',
      'Origin: http://127.0.0.1:36151',
      'Sec-WebSocket-Version: 13',
      'Accept-Encoding: gzip, deflate, br, zstd',
      'Accept-Language: en-US,en;q=0.9',
      'Sec-WebSocket-Key: ugiDRTdGM+7Z/oQK59XqEg==',
      'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits',
      '(빈 줄: 헤더 끝)',
    ], { useInnerText: true });
    const response = root.getByRole('list', { name: '서버의 101 응답' });
    await expect(response).toContainText('Sec-WebSocket-Accept: WJ0EM+dwr1rjpWZmLmOqzL5Pa6I=', { useInnerText: true });

    const accept = root.getByRole('region', { name: 'Sec-WebSocket-Accept 계산' });
    await expect(accept).toContainText('ugiDRTdGM+7Z/oQK59XqEg==258EAFA5-E914-47DA-95CA-C5AB0DC85B11');
    await expect(accept).toContainText('589d0433e770af5ae3a566662e63aaccbe4f6ba2');
    await expect(accept.locator('.wsi-verdict')).toHaveText('✓ 일치: 서버가 보낸 값과 계산한 값이 같습니다 (WJ0EM+dwr1rjpWZmLmOqzL5Pa6I=). 브라우저는 이 값을 확인한 뒤에야 연결을 엽니다.');
  });

  test('explains each header on keyboard focus and on hover, and Escape hides the explanation', async ({ page }) => {
    const root = await openExample(page, ECHO);
    const request = root.getByRole('list', { name: '클라이언트의 업그레이드 요청' });
    const key = request.getByText('Sec-WebSocket-Key', { exact: true });
    await expect(key).toHaveAccessibleDescription(/16바이트 난수의 base64/);
    await root.getByRole('tab', { name: '핸드셰이크' }).focus();
    for (let i = 0; i < 30 && !(await key.evaluate((element) => element === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(key).toBeFocused();
    const tip = root.getByRole('tooltip').filter({ hasText: '16바이트 난수' });
    await expect(tip).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(tip).toBeHidden();
    const origin = request.getByText('Origin', { exact: true });
    await origin.hover();
    await expect(root.getByRole('tooltip').filter({ hasText: '연결을 연 페이지의 출처' })).toBeVisible();
  });

  test('computes the accept of a key the learner types, step by step', async ({ page }) => {
    const root = await openExample(page, ECHO);
    const calculator = root.getByRole('region', { name: '직접 계산해 보기' });
    const input = calculator.getByRole('textbox', { name: '내 Sec-WebSocket-Key' });
    await expect(calculator).toContainText('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    await input.fill('x3JJHMbDL1EzLkh9GBhXDw==');
    await expect(calculator.locator('code').last()).toHaveText('HSmrc0sMlYUkAGmm5OPpG2HaGWk=');
  });

  test('lists the frames, selects a masked client frame with the keyboard and takes it apart bit by bit', async ({ page }) => {
    const root = await openExample(page, ECHO);
    await root.getByRole('tab', { name: '프레임' }).click();
    const grid = root.getByRole('grid', { name: '프레임 목록' });
    const rows = grid.locator('tbody').getByRole('row');
    await expect(rows).toHaveCount(14);
    await expect(rows.first()).toContainText('클라이언트 → 서버');
    await expect(rows.first()).toContainText('"Hello"');

    await page.keyboard.press('Tab');
    await expect(rows.first()).toBeFocused();
    await expect(rows.first()).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(rows.nth(3)).toBeFocused();
    await expect(rows.nth(3)).toHaveAttribute('aria-selected', 'true');
    await expect(rows.first()).toHaveAttribute('aria-selected', 'false');
    await page.keyboard.press('Home');
    await expect(rows.first()).toHaveAttribute('aria-selected', 'true');

    const detail = root.locator('wsi-frame-detail');
    await expect(detail.getByRole('heading', { level: 3 })).toHaveText(/^프레임 #1 · 클라이언트 → 서버 · 텍스트 프레임 · \+8\.7ms$/);
    const diagram = detail.getByRole('img', { name: /^프레임 비트 배치도 \(RFC 6455 §5\.2\): FIN 1, RSV1 0, RSV2 0, RSV3 0, opcode 0001, MASK 1, Payload len 0000101, Masking-key 32비트/ });
    await expect(diagram).toBeVisible();
    const fields = detail.getByRole('table', { name: '헤더 필드와 뜻' });
    const keyRow = fields.getByRole('row', { name: /^Masking-key/ });
    await expect(keyRow).toBeVisible();
    const key = (await keyRow.getByRole('cell').nth(1).textContent()) ?? '';
    expect(key).toMatch(/^[0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2}$/);

    const xor = detail.getByRole('table', { name: '마스킹된 바이트 XOR 키 바이트 = 원래 바이트' });
    const xorRows = xor.locator('tbody').getByRole('row');
    await expect(xorRows).toHaveCount(5);
    // Each row: masked byte XOR key[i mod 4] = the byte of "Hello".
    const keyBytes = key.split(' ').map((byte) => parseInt(byte, 16));
    for (const [i, char] of [...'Hello'].entries()) {
      const cells = xorRows.nth(i).getByRole('cell');
      const masked = parseInt(((await cells.nth(0).textContent()) ?? '').slice(0, 2), 16);
      await expect(cells.nth(1)).toHaveText(new RegExp(`^key\\[${i % 4}\\] = ${(keyBytes[i % 4] ?? 0).toString(16).padStart(2, '0')}`));
      await expect(cells.nth(2)).toHaveText(new RegExp(`^${char.charCodeAt(0).toString(16)} `));
      expect(masked ^ (keyBytes[i % 4] ?? 0)).toBe(char.charCodeAt(0));
      await expect(cells.nth(3)).toHaveText(char);
    }
    await expect(detail.getByRole('region', { name: '페이로드' })).toContainText('Hello');
  });

  test('shows the 64-bit length of the 66000-byte frame and the close frame’s code and reason', async ({ page }) => {
    const root = await openExample(page, ECHO);
    await root.getByRole('tab', { name: '프레임' }).click();
    const rows = root.getByRole('grid', { name: '프레임 목록' }).locator('tbody').getByRole('row');
    await rows.filter({ hasText: '66,000바이트' }).first().click();
    const detail = root.locator('wsi-frame-detail');
    const fields = detail.getByRole('table', { name: '헤더 필드와 뜻' });
    await expect(fields.getByRole('row', { name: /^Payload len/ })).toContainText('127 → 길이는 다음 8바이트에');
    await expect(fields.getByRole('row', { name: /^Extended payload length/ })).toContainText('66,000 = 페이로드 66,000바이트');

    await rows.last().focus();
    await page.keyboard.press('End');
    await expect(detail.getByRole('heading', { level: 3 })).toHaveText(/^프레임 #14 · 서버 → 클라이언트 · 닫기 프레임/);
    const close = detail.getByRole('region', { name: '닫기' });
    await expect(close).toContainText('1000 Normal Closure');
    await expect(close).toContainText('수업 끝');
    await expect(detail.getByRole('table', { name: '마스킹된 바이트 XOR 키 바이트 = 원래 바이트' })).toHaveCount(0);
    await page.keyboard.press('ArrowUp');
    await expect(detail.getByRole('heading', { level: 3 })).toHaveText(/^프레임 #13 · 클라이언트 → 서버 · 닫기 프레임/);
    await expect(detail.getByRole('table', { name: '마스킹된 바이트 XOR 키 바이트 = 원래 바이트' })).toBeVisible();
  });

  test('shows a compressed frame beside the message it inflates to', async ({ page }) => {
    const root = await openExample(page, DEFLATE);
    await expect(root.getByRole('list', { name: '서버의 101 응답' })).toContainText('Sec-WebSocket-Extensions: permessage-deflate', { useInnerText: true });
    await root.getByRole('tab', { name: '프레임' }).click();
    const rows = root.getByRole('grid', { name: '프레임 목록' }).locator('tbody').getByRole('row');
    await rows.nth(2).click();
    const detail = root.locator('wsi-frame-detail');
    await expect(detail.getByRole('table', { name: '헤더 필드와 뜻' }).getByRole('row', { name: /^RSV1/ })).toContainText('1 = 이 메시지는 압축됨 (permessage-deflate)');
    await expect(detail.getByRole('region', { name: '페이로드' })).toContainText('메시지를 풀면 62바이트');
    await expect(detail.getByRole('region', { name: '페이로드' })).toContainText('압축해 보세요. 압축해 보세요. 압축해 보세요.');
  });

  test('groups the Socket.IO connections by sid and lays out the upgrade from polling to WebSocket', async ({ page }) => {
    const root = await openExample(page, SOCKET_IO);
    await root.getByRole('tab', { name: 'Socket.IO' }).click();
    const view = root.locator('wsi-socket-io');
    await expect(view.getByRole('heading', { level: 3 })).toHaveText('Engine.IO 세션 9cf7SeaG3dlF9PdpAAAA');
    const facts = view.getByRole('definition');
    await expect(facts.first()).toContainText('9cf7SeaG3dlF9PdpAAAA');
    await expect(view).toContainText('pingInterval');
    await expect(view).toContainText('400ms');
    await expect(view).toContainText('1,000,000바이트');
    const steps = view.getByRole('list', { name: '전송 업그레이드 타임라인' }).getByRole('listitem');
    await expect(steps).toHaveCount(8);
    await expect(steps.nth(0)).toContainText('폴링 핸드셰이크');
    await expect(steps.nth(2)).toContainText('GET /socket.io/?EIO=4&transport=websocket&sid=9cf7SeaG3dlF9PdpAAAA HTTP/1.1');
    await expect(steps.nth(4)).toContainText('2probe');
    await expect(steps.nth(5)).toContainText('3probe');
    await expect(steps.nth(6)).toContainText('noop');
    await expect(steps.nth(7)).toContainText('5 upgrade');
    const packets = view.getByRole('table', { name: /Engine.IO 패킷과 그 안의 Socket.IO 패킷/ });
    await expect(packets.getByRole('row').filter({ hasText: '420["chat","안녕하세요"]' })).toContainText('Socket.IO EVENT(2) "chat" ["안녕하세요"] ack 0');
    await expect(packets.getByRole('row').filter({ hasText: '430[' })).toContainText('Socket.IO ACK(3)');
    await expect(packets).toContainText('BINARY_EVENT(5) "image" [<바이너리 8바이트: 89 50 4e 47 0d 0a 1a 0a>, "logo.png"] (첨부 1개를 합친 결과)');
    // Both TCP connections are listed, the polling one too.
    await expect(root.getByRole('combobox', { name: '연결' }).getByRole('option')).toHaveText([/^#1 \/socket\.io\/ · HTTP 롱 폴링/, /^#2 \/socket\.io\/ · WebSocket · 프레임 \d+개/]);
  });

  test('exports the capture as JSON and opens the exported file again (round trip through the page)', async ({ page }) => {
    const root = await openExample(page, ECHO);
    const downloading = page.waitForEvent('download');
    await root.getByRole('button', { name: 'JSON 내보내기' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^ws-capture-\d{8}-\d{6}\.json$/);
    const path = await download.path();
    const exported = JSON.parse(await readFile(path, 'utf8')) as CaptureFile;
    const original = await fixture('ws-echo-chromium.json');
    expect({ ...exported, exportedAt: original.exportedAt }).toEqual(original);

    await root.getByRole('button', { name: '지우기' }).click();
    await expect(root.getByText('아직 기록된 연결이 없습니다.', { exact: false })).toBeVisible();
    await expect(root.getByRole('button', { name: 'JSON 내보내기' })).toBeDisabled();

    await root.getByLabel('캡처 파일 열기').setInputFiles(path);
    await expect(root.getByRole('status')).toHaveText(/을\(를\) 열었습니다: 연결 1개\.$/);
    await expect(root.getByRole('region', { name: 'Sec-WebSocket-Accept 계산' }).locator('.wsi-verdict')).toHaveText(/^✓ 일치/);

    const logging = page.waitForEvent('download');
    await root.getByRole('button', { name: '텍스트 로그 내려받기' }).click();
    const log = await readFile(await (await logging).path(), 'utf8');
    expect(log.split('\n').slice(0, 2)).toEqual(['=== 연결 1 /echo · 2026-11-25T03:40:50.175Z 시작 · +65.2ms에 끝남 ===', '+1.3ms  클라이언트 → 서버  HTTP 요청 GET /echo HTTP/1.1']);
    expect(log).toContain('+8.7ms  클라이언트 → 서버  텍스트 프레임 FIN 마스킹 5바이트 "Hello"');
  });

  test('copies the text log to the clipboard', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const root = await openExample(page, SOCKET_IO);
    await root.getByRole('button', { name: '텍스트 로그 복사' }).click();
    await expect(root.getByRole('status')).toHaveText('텍스트 로그를 클립보드에 복사했습니다. 질문 글에 붙여 넣으세요.');
    const text = await page.evaluate(() => navigator.clipboard.readText());
    expect(text).toContain('+120.0ms  클라이언트 → 서버  Socket.IO EVENT(2) "chat" ["안녕하세요"] ack 0');
  });

  test('a malformed file shows a Korean error and keeps what was shown', async ({ page }) => {
    const root = await openExample(page, ECHO);
    const input = root.getByLabel('캡처 파일 열기');
    await input.setInputFiles({ name: 'har.json', mimeType: 'application/json', buffer: Buffer.from('{"log":{"entries":[]}}') });
    await expect(root.getByRole('alert')).toHaveText('캡처 파일을 열 수 없습니다. WebSocket 놀이터의 캡처 파일이 아닙니다(format이 "ws-noriteo-capture"여야 합니다).');
    await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"ws-noriteo-capture","version":1,"exportedAt":"x","connections":[{"id":"1","target":"/","startedAt":0,"endedAt":null,"truncated":false,"chunks":[{"direction":"client-to-server","t":0,"base64":"***"}]}]}') });
    await expect(root.getByRole('alert')).toHaveText('캡처 파일을 열 수 없습니다. connections[0].chunks[0].base64: 올바른 base64 문자열이 아닙니다.');
    await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('안녕하세요') });
    await expect(root.getByRole('alert')).toHaveText(/^캡처 파일을 열 수 없습니다\. JSON 형식이 아닙니다\./);
    await expect(root.getByRole('combobox', { name: '연결' })).toHaveValue('1');
    await expect(root.getByRole('region', { name: 'Sec-WebSocket-Accept 계산' })).toContainText('✓ 일치');
  });

  test('flags a wrong accept with ✗ 불일치 and a rule-breaking frame with the close code the RFC prescribes', async ({ page }) => {
    const ascii = (text: string) => Buffer.from(text, 'latin1').toString('base64');
    const file: CaptureFile = {
      format: 'ws-noriteo-capture',
      version: 1,
      exportedAt: '2026-11-25T00:00:00.000Z',
      connections: [{
        id: '1',
        target: '/ws/echo',
        startedAt: Date.UTC(2026, 10, 25),
        endedAt: 5,
        truncated: false,
        chunks: [
          { direction: 'client-to-server', t: 0, base64: ascii('GET /ws/echo HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n') },
          { direction: 'server-to-client', t: 1, base64: ascii('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n') },
          // An unmasked text frame "Hi" from the client (RFC 6455 §5.1 forbids it).
          { direction: 'client-to-server', t: 2, base64: Buffer.from('81024869', 'hex').toString('base64') },
        ],
      }],
    };
    await page.goto('/inspector/');
    const root = inspector(page);
    await root.getByLabel('캡처 파일 열기').setInputFiles({ name: 'bad-server.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await expect(root.getByRole('region', { name: 'Sec-WebSocket-Accept 계산' }).locator('.wsi-verdict')).toHaveText('✗ 불일치: 서버가 보낸 값이 계산한 값과 다릅니다 (AAAAAAAAAAAAAAAAAAAAAAAAAAA=). 브라우저라면 연결을 실패시킵니다 (RFC 6455 §4.1).');
    await root.getByRole('tab', { name: '프레임' }).click();
    const row = root.getByRole('grid', { name: '프레임 목록' }).locator('tbody').getByRole('row').first();
    await expect(row).toContainText('⚠ 1002');
    await row.click();
    const problems = root.locator('wsi-frame-detail').getByRole('region', { name: '문제' });
    await expect(problems).toContainText('UNMASKED_CLIENT_FRAME 닫힘 코드 1002: 클라이언트가 보낸 프레임이 마스킹되지 않았습니다.');
  });

  test('follows a live capture fed through its store: rows appear as chunks arrive and the selection stays', async ({ page }) => {
    await page.goto('/inspector/');
    const root = inspector(page);
    await expect(root.getByText('아직 기록된 연결이 없습니다.', { exact: false })).toBeVisible();
    const [connection] = (await fixture('ws-echo-chromium.json')).connections;
    if (connection === undefined) throw new Error('no connection');
    // Live updates as the control channel hands them over (protocol/capture.ts); bytes cross into the page as base64.
    const feed = (events: unknown[]) =>
      root.evaluate((element, list) => {
        const store = (element as unknown as { store: { apply(update: unknown): void } }).store;
        const bytes = (base64: string) => Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
        for (const event of list as Array<{ type: string; base64?: string; id: string }>) {
          if (event.base64 === undefined) store.apply(event);
          else store.apply({ type: 'capture-chunks', records: [{ ...event, id: Number(event.id), bytes: bytes(event.base64) }] });
        }
      }, events);
    const chunk = (index: number) => ({ type: 'chunk', id: connection.id, ...connection.chunks[index] });
    // The request, the 101, then the client's first frame and the server's echo of it.
    await feed([{ type: 'capture-open', id: connection.id, tag: 'page', target: connection.target, startedAt: connection.startedAt }, chunk(0), chunk(1), chunk(2), chunk(3)]);
    await expect(root.getByRole('combobox', { name: '연결' })).toHaveValue(connection.id);
    await expect(root.getByRole('combobox', { name: '연결' }).getByRole('option')).toHaveText([/열려 있음$/]);
    await expect(root.getByRole('region', { name: 'Sec-WebSocket-Accept 계산' }).locator('.wsi-verdict')).toHaveText(/^✓ 일치/);
    await root.getByRole('tab', { name: '프레임' }).click();
    const rows = root.getByRole('grid', { name: '프레임 목록' }).locator('tbody').getByRole('row');
    const before = await rows.count();
    expect(before).toBeGreaterThan(0);
    await rows.first().click();
    await feed(connection.chunks.slice(4).map((_, index) => chunk(index + 4)));
    await feed([{ type: 'capture-end', id: connection.id, t: connection.endedAt, truncated: false }]);
    await expect(rows).toHaveCount(14);
    await expect(rows.first()).toHaveAttribute('aria-selected', 'true');
    await expect(root.locator('wsi-frame-detail').getByRole('heading', { level: 3 })).toHaveText(/^프레임 #1 · 클라이언트 → 서버/);
    await expect(root.getByRole('combobox', { name: '연결' }).getByRole('option')).toHaveText(['#1 /echo · WebSocket · 프레임 14개']);
  });

  test('has no horizontal overflow at 360 px, whatever view is open', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.goto('/inspector/');
    expect(await overflow()).toBe(0);
    for (const name of [ECHO, DEFLATE, SOCKET_IO]) {
      const root = await openExample(page, name);
      expect(await overflow(), `${name}: 핸드셰이크`).toBe(0);
      await root.getByRole('tab', { name: '프레임' }).click();
      await root.getByRole('grid', { name: '프레임 목록' }).locator('tbody').getByRole('row').first().click();
      expect(await overflow(), `${name}: 프레임`).toBe(0);
      const socketTab = root.getByRole('tab', { name: 'Socket.IO' });
      if (await socketTab.isVisible()) {
        await socketTab.click();
        expect(await overflow(), `${name}: Socket.IO`).toBe(0);
      }
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`reads well in the ${theme} theme (screenshots for review)`, async ({ page }, testInfo) => {
      await page.emulateMedia({ colorScheme: theme });
      const root = await openExample(page, ECHO);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await page.screenshot({ path: testInfo.outputPath(`inspector-${theme}-handshake.png`), fullPage: true });
      await root.getByRole('tab', { name: '프레임' }).click();
      await root.getByRole('grid', { name: '프레임 목록' }).locator('tbody').getByRole('row').first().click();
      await root.locator('wsi-frame-detail').scrollIntoViewIfNeeded();
      await page.screenshot({ path: testInfo.outputPath(`inspector-${theme}-frame.png`), fullPage: true });
      // The diagram's field colours are tints: the text on them keeps the theme's text colour.
      const colors = await root.locator('.wsi-field-opcode').first().evaluate((element) => {
        const style = getComputedStyle(element);
        return { color: style.color, background: style.backgroundColor };
      });
      expect(colors.background).not.toBe('rgba(0, 0, 0, 0)');
      expect(colors.color).toBe(await root.evaluate((element) => getComputedStyle(element).color));
      await page.setViewportSize({ width: 360, height: 800 });
      await page.screenshot({ path: testInfo.outputPath(`inspector-${theme}-frame-360.png`), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 800 });
      await openExample(page, SOCKET_IO);
      await root.getByRole('tab', { name: 'Socket.IO' }).click();
      await page.screenshot({ path: testInfo.outputPath(`inspector-${theme}-socket-io.png`), fullPage: true });
    });
  }
});
