import { readFileSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { replaceCode } from './editor-input.ts';
import { expect, test } from './fixtures.ts';
import { challengeBothWays, consoleLines, runUntil } from './lesson-page.ts';

/**
 * ‘HTTP/2·HTTP/3 위의 WebSocket과 WebSocketStream’: the Node http2 example runs in the sandbox as a
 * program; what the lesson says Chromium does (RFC 8441 on the page's own HTTP/2 connection when
 * the server allows it, a separate HTTP/1.1 Upgrade otherwise) is measured on this Chromium.
 */
const LESSON = '/websocket-over-http2/';
const tls = (name: string) => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url));

test.describe('the HTTP/2 lesson', () => {
  test('the Node example opens two WebSockets as two streams of one HTTP/2 connection: CONNECT + :protocol, 200, no key, masked frames', async ({ page }) => {
    await page.goto(LESSON);
    const pg = page.locator('ws-playground[data-id="h2-websocket"]');
    await runUntil(pg, '프로그램이 끝났습니다 (종료 코드 0).');
    const lines = await consoleLines(pg);
    expect(lines.filter((line) => line.includes('HTTP/2 연결') && line.includes('번째가 열렸습니다'))).toEqual(['[서버] HTTP/2 연결 1번째가 열렸습니다.']);
    expect(lines).toEqual(
      expect.arrayContaining([
        '[클라이언트] 서버의 SETTINGS: enableConnectProtocol = true',
        '[서버] 스트림 1: CONNECT /chat, :protocol websocket, sec-websocket-version 13, sec-websocket-key (없음)',
        '[서버] 스트림 3: CONNECT /news, :protocol websocket, sec-websocket-version 13, sec-websocket-key (없음)',
        '[클라이언트] /chat → :status 200 (스트림 1)',
        '[서버] 스트림 1에서 받은 텍스트 프레임(마스크 true): 안녕하세요',
        '[클라이언트] /news에서 받은 프레임: 에코: 두 번째 WebSocket',
        '[클라이언트] 끝: WebSocket 2개가 HTTP/2 연결 1개를 함께 썼습니다.',
      ]),
    );
    expect(await pg.locator('.pg-line-error').allInnerTexts()).toEqual([]);
    // Without the setting, the extended CONNECT is a malformed request: a stream error.
    await pg.getByRole('tab', { name: /^server\.js/ }).click();
    const code = (await pg.locator('[data-file="server.js"] code').textContent()) ?? '';
    await replaceCode(page, pg, code.replace('http2.createServer({ settings: { enableConnectProtocol: true } })', 'http2.createServer()'));
    await runUntil(pg, 'NGHTTP2_PROTOCOL_ERROR');
    expect(await consoleLines(pg)).toContain('[클라이언트] 서버의 SETTINGS: enableConnectProtocol = false');
  });

  test('WebSocketStream where Chromium has it, and the same conversation through WebSocket when it is switched off; both recorded by the inspector', async ({ page }) => {
    await page.goto(LESSON);
    const pg = page.locator('ws-playground[data-id="websocketstream"]');
    await runUntil(pg, '[WebSocketStream] 닫힘: 1000');
    expect(await consoleLines(pg)).toEqual(
      expect.arrayContaining(['이 브라우저에는 WebSocketStream이 있습니다.', '[WebSocketStream] 받음: 하나', '[WebSocketStream] 받음: 둘', '[WebSocketStream] 받음: 셋']),
    );
    // The bridge tags WebSocketStream like WebSocket, so the tap records it for this playground.
    await pg.getByRole('button', { name: '검사기' }).click();
    await pg.locator('ws-inspector').getByRole('tab', { name: '프레임' }).click();
    await expect(pg.locator('ws-inspector')).toContainText('셋');
    await pg.getByRole('button', { name: '검사기' }).click();
    const code = (await pg.locator('[data-file="websocketstream.js"] code').textContent()) ?? '';
    await replaceCode(page, pg, code.replace('const useStream = hasStream && true;', 'const useStream = hasStream && false;'));
    await runUntil(pg, '[WebSocket] 닫힘: 1000');
    expect(await consoleLines(pg)).toEqual(expect.arrayContaining(['[WebSocket] 받음: 하나', '[WebSocket] 받음: 셋']));
    expect(await pg.locator('.pg-line-error').allInnerTexts()).toEqual([]);
  });

  test('HTTP/2로 WebSocket 받기: the check’s own HTTP/2 client passes the solution and fails the starting server', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(LESSON);
    await challengeBothWays(page.locator('ws-playground[data-id="challenge-extended-connect"]'));
  });
});

test.describe('what Chromium does with WebSockets when the page came over HTTP/2', () => {
  for (const allowed of [true, false]) {
    test(`server ${allowed ? 'sends' : 'does not send'} SETTINGS_ENABLE_CONNECT_PROTOCOL: ${allowed ? 'an extended CONNECT stream on the page’s own connection' : 'a separate HTTP/1.1 Upgrade'}`, async ({ browser }) => {
      const server = http2.createSecureServer({ key: tls('localhost-key.pem'), cert: tls('localhost-cert.pem'), allowHTTP1: true, settings: { enableConnectProtocol: allowed } });
      const sessions = new Map<http2.ServerHttp2Session, number>();
      server.on('session', (session) => sessions.set(session, sessions.size + 1));
      const streams: Array<{ session: number; headers: http2.IncomingHttpHeaders; firstData?: Buffer }> = [];
      server.on('stream', (stream, headers) => {
        const seen: (typeof streams)[number] = { session: sessions.get(stream.session as http2.ServerHttp2Session) ?? 0, headers };
        streams.push(seen);
        if (headers[':method'] === 'CONNECT') {
          stream.respond({ ':status': 200 });
          stream.on('data', (bytes: Buffer) => {
            seen.firstData ??= bytes;
            stream.write(Buffer.from([0x81, 0x02, 0x6f, 0x6b])); // an unmasked text frame "ok"
          });
          return;
        }
        stream.respond({ ':status': 200, 'content-type': 'text/html; charset=utf-8' });
        stream.end('<!doctype html><html lang="ko"><title>h2</title></html>');
      });
      // The HTTP/1.1 way (allowHTTP1): ws takes the Upgrade, as it would behind such a server.
      const upgrades: string[] = [];
      const wss = new WebSocketServer({ noServer: true });
      server.on('upgrade', (req, socket, head) => {
        upgrades.push(`HTTP/${req.httpVersion} ${req.method} ${req.url}`);
        wss.handleUpgrade(req, socket, head, (ws) => ws.on('message', () => ws.send('ok')));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      try {
        const page = await context.newPage();
        await page.goto(`https://localhost:${port}/`);
        const answer = await page.evaluate(
          (url) =>
            new Promise<string>((resolve) => {
              const socket = new WebSocket(url);
              socket.onopen = () => socket.send('hi');
              socket.onmessage = (event) => resolve(String(event.data));
              socket.onclose = (event) => resolve(`closed ${event.code}`);
            }),
          `wss://localhost:${port}/ws`,
        );
        expect(answer).toBe('ok');
        const pageSession = streams.find((stream) => stream.headers[':path'] === '/')?.session;
        const connect = streams.find((stream) => stream.headers[':method'] === 'CONNECT');
        if (allowed) {
          expect(upgrades).toEqual([]);
          expect(connect?.session).toBe(pageSession);
          expect(connect?.headers).toMatchObject({ ':protocol': 'websocket', ':path': '/ws', ':scheme': 'https', 'sec-websocket-version': '13', origin: `https://localhost:${port}` });
          expect(String(connect?.headers['sec-websocket-extensions'])).toContain('permessage-deflate');
          expect(connect?.headers['sec-websocket-key']).toBeUndefined();
          // A masked text frame (FIN + opcode 1, mask bit set) carried in the stream's DATA.
          expect(connect?.firstData?.[0]).toBe(0x81);
          expect((connect?.firstData?.[1] ?? 0) & 0x80).toBe(0x80);
        } else {
          expect(connect).toBeUndefined();
          expect(upgrades).toEqual(['HTTP/1.1 GET /ws']);
        }
      } finally {
        await context.close();
        wss.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  }
});
