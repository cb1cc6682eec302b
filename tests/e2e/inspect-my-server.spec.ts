import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { selfSignedCertificate } from '../helpers/self-signed.ts';
import { expect, test } from './fixtures.ts';

/**
 * ‘내 서버 검사하기’ on /inspector/: the learner's own ws server (here one the test starts on an ephemeral loopback
 * port), connected to by the playground server; the frames the composer sends and the server's replies show in the
 * inspector below, decoded, with the masking of the client's frames.
 */

let http: Server;
let port = 0;
let https: HttpsServer;
let tlsPort = 0;
test.beforeAll(async () => {
  https = createHttpsServer(selfSignedCertificate());
  new WebSocketServer({ server: https }).on('connection', (socket) => socket.on('message', (data) => socket.send(`암호화된 답: ${data.toString()}`)));
  tlsPort = await new Promise<number>((resolve) => https.listen(0, '127.0.0.1', () => resolve((https.address() as AddressInfo).port)));
  http = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (socket) => socket.on('message', (data) => socket.send(`서버: ${data.toString()}`)));
  port = await new Promise<number>((resolve) => http.listen(0, '127.0.0.1', () => resolve((http.address() as AddressInfo).port)));
});
test.afterAll(() => {
  https.closeAllConnections();
  https.close();
  http.closeAllConnections();
  http.close();
});

test('connects to my ws server, shows my masked frame and the reply, and a close with 4001', async ({ page }) => {
  await page.goto('/inspector/');
  const section = page.locator('inspect-my-server');
  await section.getByRole('textbox', { name: '주소', exact: true }).fill(`ws://localhost:${port}/chat`);
  await section.getByRole('button', { name: '연결', exact: true }).click();
  await expect(section.getByRole('status').first()).toContainText('연결했습니다');

  const composer = section.getByRole('group', { name: '보내기' });
  await composer.getByRole('textbox', { name: '내용' }).fill('안녕, 서버');
  await composer.getByRole('button', { name: '보내기', exact: true }).click();

  const inspector = section.locator('ws-inspector');
  await expect(inspector.getByRole('combobox', { name: '연결' })).toContainText(`내 서버 ws://localhost:${port}/chat`);
  await inspector.getByRole('tab', { name: '프레임' }).click();
  const rows = inspector.getByRole('row');
  await expect(rows.filter({ hasText: '안녕, 서버' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: '서버: 안녕, 서버' }).first()).toBeVisible();

  // The client's frame (ours, through the playground server) is masked, and its detail unmasks it.
  await rows.filter({ hasText: '안녕, 서버' }).first().click();
  const unmasking = inspector.getByRole('region', { name: '마스킹 풀기' });
  await expect(unmasking).toBeVisible();
  // '안' is EC 95 88 in UTF-8: the table shows each masked byte XOR the key giving it back.
  await expect(unmasking.getByRole('row').nth(1)).toContainText('ec');
  // The server's reply is not masked.
  await rows.filter({ hasText: '서버: 안녕, 서버' }).first().click();
  await expect(unmasking).toHaveCount(0);

  // A file goes as one binary message, its bytes as they are.
  await composer.getByLabel('파일을 바이너리 메시지로 보내기').setInputFiles({ name: 'bytes.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0xca, 0xfe, 0xba, 0xbe]) });
  await expect(section.getByRole('status').first()).toContainText('‘bytes.bin’ 4바이트를 바이너리 메시지로 보냈습니다');
  await expect(rows.filter({ hasText: /binary|바이너리/ }).first()).toBeVisible();

  await composer.getByRole('combobox', { name: '종류' }).selectOption('close');
  await composer.getByRole('spinbutton', { name: '닫힘 코드' }).fill('4001');
  await composer.getByRole('textbox', { name: '이유' }).fill('bye');
  await composer.getByRole('button', { name: '보내기', exact: true }).click();
  await expect(section.getByRole('status').first()).toContainText('코드 4001');
  await expect(rows.filter({ hasText: '4001' }).first()).toBeVisible();
  await rows.filter({ hasText: '4001' }).first().click();
  await expect(inspector.getByRole('region', { name: '닫기' })).toContainText('4001');
  await expect(inspector.getByRole('region', { name: '닫기' })).toContainText('bye');

  // Export works for these captures as for the others: the file holds this connection, byte for byte, and opens again.
  const [download] = await Promise.all([page.waitForEvent('download'), inspector.getByRole('button', { name: 'JSON 내보내기' }).click()]);
  const file = JSON.parse(await readFile((await download.path())!, 'utf8')) as { format: string; connections: Array<{ target: string }> };
  expect(file.format).toBe('ws-noriteo-capture');
  expect(file.connections.map((connection) => connection.target)).toEqual([`내 서버 ws://localhost:${port}/chat`]);
  const other = page.locator('ws-inspector:not(inspect-my-server ws-inspector)');
  await other.locator('input[type=file]').setInputFiles((await download.path())!);
  await expect(other.getByRole('status')).toContainText('연결 1개');
  await other.getByRole('tab', { name: '프레임' }).click();
  await expect(other.getByRole('row').filter({ hasText: '서버: 안녕, 서버' }).first()).toBeVisible();
});

test('a wss:// server with a self-signed certificate: refused in Korean, then allowed for that address, with the TLS facts', async ({ page }) => {
  await page.goto('/inspector/');
  const section = page.locator('inspect-my-server');
  await section.getByRole('textbox', { name: '주소', exact: true }).fill(`wss://localhost:${tlsPort}/`);
  const trust = section.getByRole('checkbox', { name: /이 주소의 인증서를 이번만 믿기/ });
  await expect(trust).toBeVisible();
  await expect(trust).not.toBeChecked();
  await section.getByRole('button', { name: '연결', exact: true }).click();
  const status = section.getByRole('status').first();
  await expect(status).toContainText('인증서를 믿을 수 없습니다');
  await expect(status).toContainText('INSPECT_TLS_UNTRUSTED');
  await expect(section.getByText('DEPTH_ZERO_SELF_SIGNED_CERT')).toBeVisible();

  await trust.check();
  await section.getByRole('button', { name: '연결', exact: true }).click();
  await expect(status).toContainText('연결했습니다');
  const composer = section.getByRole('group', { name: '보내기' });
  await composer.getByRole('textbox', { name: '내용' }).fill('안녕');
  await composer.getByRole('button', { name: '보내기', exact: true }).click();
  const inspector = section.locator('ws-inspector');
  await inspector.getByRole('tab', { name: '프레임' }).click();
  await expect(inspector.getByRole('row').filter({ hasText: '암호화된 답: 안녕' }).first()).toBeVisible();

  // The TLS facts sit beside the handshake, in the inspector's ‘핸드셰이크’ tab (the refusal's panel is gone).
  await expect(section.getByText('거부한 인증서의 TLS 정보')).toBeHidden();
  const showsTls = async () => {
    await inspector.getByRole('tab', { name: '핸드셰이크' }).click();
    const facts = inspector.getByRole('region', { name: 'TLS 연결' });
    await expect(facts.getByRole('definition')).toHaveText([
      'TLSv1.3',
      /^TLS_/,
      'http/1.1',
      /CN=localhost/,
      /CN=localhost/,
      /^\w{3} +\d+ [\d:]+ \d{4} GMT – \w{3} +\d+ [\d:]+ \d{4} GMT$/,
      /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/,
      '✗ 믿을 수 없는 인증서입니다 (DEPTH_ZERO_SELF_SIGNED_CERT)',
    ]);
    await expect(inspector.getByRole('region', { name: 'Sec-WebSocket-Accept 계산' }).locator('.wsi-verdict')).toHaveText(/^✓ 일치/);
  };
  await showsTls();

  // Exported and opened again, the capture still carries them.
  const downloading = page.waitForEvent('download');
  await inspector.getByRole('button', { name: 'JSON 내보내기' }).click();
  const exported = await (await downloading).path();
  const file = JSON.parse(await readFile(exported, 'utf8')) as { connections: Array<{ tls?: { protocol: string } }> };
  expect(file.connections.map((connection) => connection.tls?.protocol)).toEqual(['TLSv1.3']);
  await section.getByRole('button', { name: '연결 끊기' }).click();
  await expect(status).toContainText('연결이 닫혔습니다');
  await inspector.getByRole('button', { name: '지우기' }).click();
  await inspector.getByLabel('캡처 파일 열기').setInputFiles(exported);
  await expect(inspector.getByRole('status')).toHaveText(/을\(를\) 열었습니다: 연결 1개\.$/);
  await showsTls();

  // Remembered for this tab: a reload finds the box checked for that address.
  await page.reload();
  await section.getByRole('textbox', { name: '주소', exact: true }).fill(`wss://localhost:${tlsPort}/`);
  await expect(section.getByRole('checkbox', { name: /이 주소의 인증서를 이번만 믿기/ })).toBeChecked();
  // For this tab's session only: another tab starts without it.
  const other = await page.context().newPage();
  await other.goto('/inspector/');
  await other.locator('inspect-my-server').getByRole('textbox', { name: '주소', exact: true }).fill(`wss://localhost:${tlsPort}/`);
  await expect(other.locator('inspect-my-server').getByRole('checkbox', { name: /이 주소의 인증서를 이번만 믿기/ })).not.toBeChecked();
});

test('npm run inspect: my app opened through the proxy works as without it, and /inspector/ shows its WebSocket live', async ({ page, context, app }) => {
  const { startReverseProxy } = await import('../../playground-server/inspect/reverse-proxy.ts');
  const { createTargetPolicy } = await import('../../playground-server/inspect/target-policy.ts');
  const { createLogger } = await import('../../playground-server/log.ts');
  // The learner's app: a page whose script talks to its own server over a WebSocket on the same origin.
  const learnerApp = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      '<!doctype html><meta charset="utf-8"><title>내 채팅</title><p id="out">…</p><script>const ws = new WebSocket(`ws://${location.host}/chat`); ws.onopen = () => ws.send("프록시 시험"); ws.onmessage = (e) => { document.getElementById("out").textContent = e.data; };</script>',
    ),
  );
  new WebSocketServer({ server: learnerApp }).on('connection', (socket) => socket.on('message', (data) => socket.send(`앱의 답: ${data.toString()}`)));
  const appPort = await new Promise<number>((resolve) => learnerApp.listen(0, '127.0.0.1', () => resolve((learnerApp.address() as AddressInfo).port)));
  const checked = await createTargetPolicy({ allowed: [], publicBind: false })(`http://localhost:${appPort}`);
  if ('code' in checked) throw new Error(checked.code);
  const proxy = await startReverseProxy({ target: checked.target, trustCertificate: false, host: '127.0.0.1', port: 0, inspections: app.playground.inspections, logger: createLogger('silent') });
  try {
    await page.goto('/inspector/');
    const section = page.locator('inspect-my-server');
    await section.getByRole('button', { name: '프록시 기록 보기' }).click();
    await expect(section.getByRole('status').first()).toContainText(`프록시 http://127.0.0.1:${proxy.port}`);

    // The app in a tab of its own, directly and through the proxy: the same answer.
    const direct = await context.newPage();
    await direct.goto(`http://127.0.0.1:${appPort}/`);
    await expect(direct.locator('#out')).toHaveText('앱의 답: 프록시 시험');
    const proxied = await context.newPage();
    await proxied.goto(`http://127.0.0.1:${proxy.port}/`);
    await expect(proxied.locator('#out')).toHaveText('앱의 답: 프록시 시험');

    const inspector = section.locator('ws-inspector');
    await expect(inspector.getByRole('combobox', { name: '연결' })).toContainText('WebSocket');
    await inspector.getByRole('combobox', { name: '연결' }).selectOption({ label: (await inspector.getByRole('option').filter({ hasText: 'WebSocket' }).first().textContent()) ?? '' });
    await inspector.getByRole('tab', { name: '프레임' }).click();
    await expect(inspector.getByRole('row').filter({ hasText: '앱의 답: 프록시 시험' }).first()).toBeVisible();
    await inspector.getByRole('tab', { name: '핸드셰이크' }).click();
    await expect(inspector.getByRole('list', { name: '클라이언트의 업그레이드 요청' })).toContainText('GET /chat HTTP/1.1');
  } finally {
    await proxy.close();
    learnerApp.closeAllConnections();
    learnerApp.close();
  }
});

test('Socket.IO mode: polling then the upgrade, an emit with its acknowledgement, and the Socket.IO tab', async ({ page }) => {
  const { Server: SocketIoServer } = await import('socket.io');
  const ioHttp = createServer();
  const io = new SocketIoServer(ioHttp);
  io.on('connection', (socket) => socket.on('hello', (name: string, ack: (reply: string) => void) => ack(`안녕, ${name}`)));
  const ioPort = await new Promise<number>((resolve) => ioHttp.listen(0, '127.0.0.1', () => resolve((ioHttp.address() as AddressInfo).port)));
  try {
    await page.goto('/inspector/');
    const section = page.locator('inspect-my-server');
    await section.getByRole('radio', { name: 'Socket.IO' }).check();
    await section.getByRole('textbox', { name: '주소', exact: true }).fill(`http://localhost:${ioPort}`);
    await section.getByRole('button', { name: '연결', exact: true }).click();
    await expect(section.getByRole('status').first()).toContainText(/Socket\.IO 서버에 연결했습니다|업그레이드했습니다/);

    const composer = section.getByRole('group', { name: '보내기' });
    await composer.getByRole('textbox', { name: '이벤트 이름' }).fill('hello');
    await composer.getByRole('textbox', { name: '인자 (JSON 배열)' }).fill('["민지"]');
    await composer.getByRole('checkbox', { name: /응답 확인/ }).check();
    await composer.getByRole('button', { name: 'emit' }).click();
    await expect(section.getByRole('list', { name: '서버의 응답 확인' })).toContainText('‘hello’의 응답 확인: ["안녕, 민지"]');

    const inspector = section.locator('ws-inspector');
    await inspector.getByRole('tab', { name: 'Socket.IO' }).click();
    await expect(inspector.getByRole('tabpanel').filter({ visible: true })).toContainText('hello');
    await expect(inspector.getByRole('combobox', { name: '연결' })).toContainText('HTTP 롱 폴링');
  } finally {
    await io.close();
  }
});

test('npm run inspect with a Socket.IO app: the page through the printed address polls, upgrades and gets its ack; /inspector/ shows the Engine.IO and Socket.IO packets live', async ({ page, context }) => {
  const { Server: SocketIoServer } = await import('socket.io');
  const { startInspect } = await import('../helpers/main-process.ts');
  const { builtSite } = await import('../helpers/server.ts');
  // The learner's app: socket.io-client from its own server (no CDN), io() on the page's origin (the transport it
  // starts with, as soon as io() returns), an emit with an ack once the transport has upgraded. Its server lets in only the origins it knows: its own and the proxy's as printed.
  const learnerApp = createServer((req, res) => {
    if (req.url !== '/') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      '<!doctype html><meta charset="utf-8"><title>내 Socket.IO 앱</title><p id="out">…</p><script src="/socket.io/socket.io.js"></script><script>const socket = io(); const steps = [socket.io.engine.transport.name]; socket.io.engine.on("upgrade", (transport) => { steps.push(transport.name); socket.emit("hello", "민지", (reply) => { document.getElementById("out").textContent = `${steps.join(" → ")} · ${reply}`; }); });</script>',
    );
  });
  const io = new SocketIoServer(learnerApp);
  // Its WebSocket upgrades are let in only from the origins it knows (as a learner checks Origin): its own and the
  // proxy's as printed. A browser that sent any other origin through the proxy would never get past polling.
  const origins = new Set<string>();
  const seenOrigins: string[] = [];
  learnerApp.prependListener('upgrade', (req, socket) => {
    const origin = req.headers.origin ?? '';
    seenOrigins.push(origin);
    if (!origins.has(origin)) socket.destroy();
  });
  io.on('connection', (socket) => socket.on('hello', (name: string, ack: (reply: string) => void) => ack(`안녕, ${name}`)));
  const appPort = await new Promise<number>((resolve) => learnerApp.listen(0, '127.0.0.1', () => resolve((learnerApp.address() as AddressInfo).port)));
  origins.add(`http://localhost:${appPort}`);
  const inspect = await startInspect({ target: `http://localhost:${appPort}`, distDir: builtSite() });
  try {
    expect(inspect.proxy).toMatch(/^http:\/\/localhost:\d+$/);
    origins.add(inspect.proxy);

    // The inspector at the printed address names the proxy exactly as the banner did.
    await page.goto(inspect.inspector);
    const section = page.locator('inspect-my-server');
    await section.getByRole('button', { name: '프록시 기록 보기' }).click();
    await expect(section.getByRole('status').first()).toContainText(`프록시 ${inspect.proxy} → http://localhost:${appPort}`);

    // The app, directly and through the printed address: the same steps and the same answer.
    const direct = await context.newPage();
    await direct.goto(`http://localhost:${appPort}/`);
    await expect(direct.locator('#out')).toHaveText('polling → websocket · 안녕, 민지');
    const before = seenOrigins.length;
    const proxied = await context.newPage();
    await proxied.goto(`${inspect.proxy}/`);
    await expect(proxied.locator('#out')).toHaveText('polling → websocket · 안녕, 민지');
    // What the browser sent as its origin through the proxy is the printed address (the WebSocket upgrade always carries it).
    expect(new Set(seenOrigins.slice(before))).toEqual(new Set([inspect.proxy]));

    const inspector = section.locator('ws-inspector');
    const options = inspector.getByRole('combobox', { name: '연결' }).getByRole('option');
    await expect(options.filter({ hasText: 'HTTP 롱 폴링' }).first()).toBeAttached();
    await expect(options.filter({ hasText: 'WebSocket' }).first()).toBeAttached();
    await inspector.getByRole('tab', { name: 'Socket.IO' }).click();
    const view = inspector.locator('wsi-socket-io');
    await expect(view.getByRole('heading', { level: 3 }).first()).toContainText('Engine.IO 세션');
    const steps = view.getByRole('list', { name: '전송 업그레이드 타임라인' }).first().getByRole('listitem');
    await expect(steps.first()).toContainText('폴링 핸드셰이크');
    await expect(steps.filter({ hasText: '2probe' }).first()).toBeAttached();
    await expect(steps.filter({ hasText: '5 upgrade' }).first()).toBeAttached();
    const packets = view.getByRole('table', { name: /Engine.IO 패킷과 그 안의 Socket.IO 패킷/ }).first();
    await expect(packets.getByRole('row').filter({ hasText: '420["hello","민지"]' })).toContainText('Socket.IO EVENT(2) "hello" ["민지"] ack 0');
    await expect(packets.getByRole('row').filter({ hasText: '430["안녕, 민지"]' })).toContainText('Socket.IO ACK(3)');
  } finally {
    // The app's own pages first: their Socket.IO clients reconnect when the app closes their sockets, and the app's
    // server.close() waits for every connection still in use (in CI the test once hung here with every assertion passed).
    for (const other of context.pages()) if (other !== page) await other.close();
    inspect.child.kill('SIGTERM');
    await inspect.exited;
    const closed = io.close();
    learnerApp.closeAllConnections();
    await closed;
  }
});
