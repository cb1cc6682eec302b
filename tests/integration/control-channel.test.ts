import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_FULL_BURST } from '../../playground-server/live-trim.ts';
import { decodeChunkBatch, LIVE_FULL_RATE, LIVE_PAYLOAD_PREFIX } from '../../protocol/capture.ts';
import { createConnectionDecoder, type ConnectionEvent } from '../../protocol/wire/connection.ts';
import { rawRequest, upgradeRequest } from '../helpers/raw.ts';
import { startTestServer } from '../helpers/server.ts';
import { openControl as openPage } from '../helpers/control.ts';
import { waitUntil } from '../helpers/wait.ts';
import { TestClient } from '../helpers/ws.ts';

const WS_SEED = `const WebSocket = require("ws");

const wss = new WebSocket.Server({ port: 8080 });

wss.on("connection", (socket) => {
  console.log("클라이언트가 접속하였습니다.");

  socket.on("message", (message) => {
    console.log("받은 메세지:", message);
    socket.send("메세지 수신완료.");
  });

  socket.on("close", () => {
    console.log("클라이언트가 접속을 끊었습니다.");
  });
});
`;

const SIO_SEED = `import { createServer } from "node:http";
import { readFile } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { Server } from "socket.io";
const __dirname = dirname(fileURLToPath(import.meta.url));
const server = createServer((req, res) => {
  readFile(join(__dirname, "index.html"), (err, data) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(data);
  });
});
const io = new Server(server);
io.on("connection", (socket) => {
  io.emit("message", \`\${socket.id} 님이 연결되었습니다.\`);
  socket.on("message", (msg) => { io.emit("message", \`\${socket.id}: \${msg}\`); });
});
server.listen(3000, () => { console.log("http://localhost:3000 에서 서버 구동 중..."); });
`;

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ sandbox: { ownerGraceMs: 300, listenTimeoutMs: 5000 } });
});
afterAll(() => server.close());

/** A lesson page's control channel on this file's server (tests/helpers/control.ts). */
const openControl = (options: { origin?: string | null; session?: string } = {}) => openPage(server.origin, options);

describe('control channel (/_playground)', () => {
  it('welcomes a page of the site with its session, capture tag and the sandbox mode', async () => {
    const control = await openControl();
    expect(control.welcome).toMatchObject({ session: control.session, sandbox: expect.stringMatching(/bwrap|permission/) });
    expect(control.welcome.captureTag).toMatch(/^[0-9a-f-]{36}$/);
    control.client.ws.close();
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['a sandboxed frame (Origin: null), e.g. learner code', 'null'],
  ])('refuses %s with 403', async (_case, origin) => {
    const response = await rawRequest(server.port, upgradeRequest(`/_playground?session=${randomUUID()}`, server.port, { Origin: origin }));
    expect(response.status).toBe(403);
    expect(response.headers.get('x-playground-error')).toBe('CONTROL_ORIGIN_REJECTED');
  });

  it('refuses a client without Origin', async () => {
    const response = await rawRequest(server.port, upgradeRequest(`/_playground?session=${randomUUID()}`, server.port));
    expect(response.status).toBe(403);
  });

  it('closes with 1008 when the session id is missing or guessable', async () => {
    const client = await TestClient.open(`${server.wsUrl}/_playground?session=1234`, { headers: { Origin: server.origin } });
    expect((await client.closed).code).toBe(1008);
  });

  it('answers malformed and unknown messages with an error and stays open', async () => {
    const control = await openControl();
    control.client.ws.send('not json');
    control.send({ type: 'format-disk' });
    control.send({ type: 'run-server', runId: 'x', entry: '../../etc/passwd', files: {} });
    await control.waitFor('error', () => control.messages().filter((m) => m.type === 'error').length >= 3);
    expect(control.messages().filter((m) => m.type === 'error').every((m) => m['code'] === 'CONTROL_BAD_MESSAGE')).toBe(true);
    expect(control.client.ws.readyState).toBe(control.client.ws.OPEN);
    control.client.ws.close();
  });
});

describe('learners’ servers through the control channel and the proxy', () => {
  it('runs the seed’s ws server as written; a browser-side client reaches ws://localhost:8080 through /_sandbox/…/8080', async () => {
    const control = await openControl();
    control.send({ type: 'run-server', runId: 'r1', entry: 'server.js', files: { 'server.js': WS_SEED } });
    const listening = await control.waitFor('server-listening');
    expect(listening).toMatchObject({ runId: 'r1', port: 8080, base: expect.stringMatching(/^\/_sandbox\/[0-9a-f-]{36}$/) });

    const client = await TestClient.open(`${server.wsUrl}${listening.base}/8080/`, { headers: { Origin: 'null' } });
    client.ws.send('서버 하이.');
    await client.waitFor(1);
    expect(client.texts).toEqual(['메세지 수신완료.']);
    await control.waitFor('server-output', (m) => String(m['text']).startsWith('받은 메세지:'));
    const output = control.messages().filter((m) => m.type === 'server-output').map((m) => m['text']);
    expect(output[0]).toBe('클라이언트가 접속하였습니다.');
    // ws 8 hands the handler a Buffer: the seed logs it as bytes, which the lesson explains.
    expect(output[1]).toMatch(/^받은 메세지: <Buffer ec 84 9c eb b2 84/);

    client.ws.close();
    await control.waitFor('server-output', (m) => m['text'] === '클라이언트가 접속을 끊었습니다.');
    control.send({ type: 'stop-server', runId: 'r1' });
    expect(await control.waitFor('server-exit')).toMatchObject({ runId: 'r1', reason: 'stopped' });
    control.client.ws.close();
  });

  it('runs the seed’s Socket.IO server: its page loads through the proxy, sandboxed, with the bridge injected, and socket.io-client chats with it', async () => {
    const control = await openControl();
    const page = '<!DOCTYPE html>\n<html>\n<head>\n<title>채팅</title>\n</head>\n<body><ul></ul><script>while (true) {}</script></body>\n</html>\n';
    control.send({ type: 'run-server', runId: 'chat', entry: 'server.js', files: { 'server.js': SIO_SEED, 'index.html': page }, inject: '<script>/*bridge*/</script>' });
    const { base } = await control.waitFor('server-listening');
    await control.waitFor('server-output', (m) => m['text'] === 'http://localhost:3000 에서 서버 구동 중...');

    const response = await fetch(`${server.origin}${base}/3000/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe('sandbox allow-scripts allow-forms');
    // The bridge and the snippet's address right after <head>; the page's inline loop guarded (no line added).
    expect(await response.text()).toBe(
      page
        .replace('<head>', `<head><script>globalThis.__pgSnippet={"base":"${base}","ports":[3000]}</script><script>/*bridge*/</script>`)
        .replace('while (true) {}', 'while (true) {__pgLoop();}'),
    );

    const socket = io(server.origin, { path: `${base}/3000/socket.io`, transports: ['polling', 'websocket'], reconnection: false, forceNew: true });
    const received: string[] = [];
    socket.on('message', (msg: string) => received.push(msg));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    socket.emit('message', '안녕하세요');
    await expect.poll(() => received).toContain(`${socket.id}: 안녕하세요`);
    socket.disconnect();
    control.client.ws.close();
  });

  it('two pages running the same server on port 8080 do not collide', async () => {
    const [a, b] = await Promise.all([openControl(), openControl()]);
    a.send({ type: 'run-server', runId: 'same', entry: 'server.js', files: { 'server.js': WS_SEED.replace('메세지 수신완료.', 'A') } });
    b.send({ type: 'run-server', runId: 'same', entry: 'server.js', files: { 'server.js': WS_SEED.replace('메세지 수신완료.', 'B') } });
    const [la, lb] = await Promise.all([a.waitFor('server-listening'), b.waitFor('server-listening')]);
    expect(la.base).not.toBe(lb.base);
    for (const [listening, expected] of [[la, 'A'], [lb, 'B']] as const) {
      const client = await TestClient.open(`${server.wsUrl}${listening.base}/8080/`);
      client.ws.send('?');
      await client.waitFor(1);
      expect(client.texts).toEqual([expected]);
      client.ws.close();
    }
    a.client.ws.close();
    b.client.ws.close();
  });

  it('reports a syntax error with its file and line', async () => {
    const control = await openControl();
    control.send({ type: 'run-server', runId: 'bad', entry: 'server.js', files: { 'server.js': 'const a = 1;\nconst = 2;\n' } });
    const exit = await control.waitFor('server-exit', (m) => m['runId'] === 'bad');
    expect(exit.reason).toBe('crashed');
    expect(exit.error).toMatchObject({ file: 'server.js', line: 2, message: "SyntaxError: Unexpected token '='" });
    expect(exit.message).toContain('server.js 2번째 줄');
    control.client.ws.close();
  });

  it('reports how a program that ends by itself ended: its exit code with the reason (a test file is such a program)', async () => {
    const control = await openControl();
    control.send({ type: 'run-server', runId: 'pass', entry: 'main.js', files: { 'main.js': 'console.log("끝");\n' } });
    expect(await control.waitFor('server-exit', (m) => m['runId'] === 'pass')).toMatchObject({ reason: 'exited', code: 0 });
    control.send({ type: 'run-server', runId: 'fail', entry: 'main.js', files: { 'main.js': 'process.exitCode = 3;\n' } });
    expect(await control.waitFor('server-exit', (m) => m['runId'] === 'fail')).toMatchObject({ reason: 'crashed', code: 3 });
    control.client.ws.close();
  });

  it('refuses a run whose files cannot be run, with the sandbox’s Korean reason', async () => {
    const control = await openControl();
    control.send({ type: 'run-server', runId: 'nofile', entry: 'server.js', files: { 'client.js': '1' } });
    const failure = await control.waitFor('error', (m) => m['runId'] === 'nofile');
    expect(failure.code).toBe('SANDBOX_BAD_FILES');
    expect(failure.message).toMatch(/[가-힣]/);
    control.client.ws.close();
  });

  it('stops a page’s servers shortly after the page goes away', async () => {
    const control = await openControl();
    control.send({ type: 'run-server', runId: 'r', entry: 'server.js', files: { 'server.js': WS_SEED } });
    await control.waitFor('server-listening');
    expect(server.sandboxes?.count(control.session)).toBe(1);
    control.client.ws.close();
    await expect.poll(() => server.sandboxes?.count(control.session), { timeout: 20_000 }).toBe(0);
  });

  it('stops the servers a tab left when it connects again (a reload), so its slots are free at once', async () => {
    const first = await openControl();
    first.runServer({ 'server.js': WS_SEED }, { runId: 'old-a' });
    first.runServer({ 'server.js': WS_SEED }, { runId: 'old-b' });
    await waitUntil('both listen', () => first.all('server-listening').length === 2, 20_000);
    expect(server.sandboxes?.count(first.session)).toBe(2);
    await first.close();
    // The reloaded page: same tab, same session id, a new connection that knows nothing of those two.
    const reloaded = await openControl({ session: first.session });
    reloaded.runServer({ 'server.js': WS_SEED }, { runId: 'new' });
    await reloaded.waitFor('server-listening', (m) => m.runId === 'new');
    expect(reloaded.all('error')).toEqual([]);
    expect(server.sandboxes?.count(first.session)).toBe(1);
    await reloaded.close();
  });

  it('gives a proxy path that no server answers a Korean 502', async () => {
    const response = await fetch(`${server.origin}/_sandbox/${randomUUID()}/8080/`);
    expect(response.status).toBe(502);
    expect(await response.text()).toContain('다시 실행하세요');
  });
});

describe('the tap', () => {
  it('records a tagged connection to /ws/echo for its page, byte for byte, and holds it until the page watches', async () => {
    const control = await openControl();
    const echo = await TestClient.open(`${server.wsUrl}/ws/echo?pg=${String(control.welcome.captureTag)}`);
    echo.ws.send('Hello');
    await echo.waitFor(1);
    echo.ws.close();
    await echo.closed;
    await new Promise((resolve) => setTimeout(resolve, 100));
    // No inspector open yet: nothing was sent to the page.
    expect(control.messages().some((m) => m.type === 'capture-open')).toBe(false);
    expect(control.client.messages.some((m) => m.isBinary)).toBe(false);
    control.send({ type: 'capture-watch' });
    await control.waitFor('capture-end');
    // In order: open, the bytes, end.
    const kinds = control.client.messages.map((m) => (m.isBinary ? 'bytes' : (JSON.parse(m.data.toString()) as { type: string }).type)).filter((kind) => kind !== 'welcome');
    expect(kinds[0], kinds.join()).toBe('capture-open');
    expect(kinds.at(-1)).toBe('capture-end');
    expect(kinds.slice(1, -1).every((kind) => kind === 'bytes'), kinds.join()).toBe(true);


    const open = control.messages().find((m) => m.type === 'capture-open');
    expect(open).toMatchObject({ target: '/ws/echo' });
    const decoder = createConnectionDecoder();
    const events: ConnectionEvent[] = [];
    for (const batch of control.client.messages.filter((m) => m.isBinary)) {
      for (const record of decodeChunkBatch(batch.data)) events.push(...decoder.push(record.direction, record.bytes, record.t));
    }
    const opened = events.find((event) => event.type === 'websocket-open');
    expect(opened?.type === 'websocket-open' && opened.response.status).toBe(101);
    const texts = events.flatMap((event) => (event.type === 'message' && event.text ? [`${event.direction}:${event.text.value}`] : []));
    expect(texts).toEqual(['client-to-server:Hello', 'server-to-client:Hello']);
    const clientFrames = events.filter((event) => event.type === 'frame' && event.direction === 'client-to-server');
    expect(clientFrames.every((event) => event.type === 'frame' && event.frame.masked)).toBe(true);

    // Watching, a new connection arrives live.
    const firstId = open?.['id'];
    const live = await TestClient.open(`${server.wsUrl}/ws/echo?pg=${String(control.welcome.captureTag)}`);
    await control.waitFor('capture-open', (m) => m['id'] !== firstId);
    live.ws.close();
    control.client.ws.close();
  });

  it('under a flood keeps every frame, whole while under the rate, then its header and a prefix (the rest counted)', async () => {
    const control = await openControl();
    control.send({ type: 'capture-watch' });
    const echo = await TestClient.open(`${server.wsUrl}/ws/echo?pg=${String(control.welcome.captureTag)}`);
    // 150 messages of 16 KiB, both ways: 4.9 MB of payload. The tap sends LIVE_FULL_BURST whole at once, then
    // LIVE_FULL_RATE a second: only a flood spread over 15 s of the server's clock would go through whole.
    const messages = Array.from({ length: 150 }, (_, i) => `${String(i).padStart(4, '0')}:${'가나다라'.repeat(1365)}`);
    for (const message of messages) echo.ws.send(message);
    await echo.waitFor(messages.length, 30_000);
    echo.ws.close();
    await echo.closed;
    await control.waitFor('capture-end');
    const decoder = createConnectionDecoder();
    const events: ConnectionEvent[] = [];
    /** When the tap saw the connection's last bytes, on its own clock (ms from the connection's start). */
    let lastSeen = 0;
    for (const batch of control.client.messages.filter((m) => m.isBinary)) {
      for (const record of decodeChunkBatch(batch.data)) {
        lastSeen = Math.max(lastSeen, record.t);
        events.push(...(record.elided ? decoder.skip(record.direction, record.elided, record.t) : decoder.push(record.direction, record.bytes, record.t)));
      }
    }
    expect(events.filter((event) => event.type === 'problem' || event.type === 'skipped')).toEqual([]);
    /** Payload bytes past the prefix: what the tap's bucket decides on, per frame. */
    let whole = 0;
    let elided = 0;
    for (const direction of ['client-to-server', 'server-to-client'] as const) {
      const frames = events.flatMap((event) => (event.type === 'frame' && event.direction === direction && event.frame.opcodeName === 'text' ? [event.frame] : []));
      expect(frames).toHaveLength(messages.length);
      // Every frame is there with its real length and the start of its text; a trimmed one keeps exactly the
      // prefix, and the rest is counted.
      frames.forEach((frame, i) => {
        expect(frame.payloadLength).toBe(Buffer.byteLength(messages[i]!));
        expect(frame.text?.value.startsWith(String(i).padStart(4, '0'))).toBe(true);
        if (frame.elided === 0) {
          expect(frame.payload.length).toBe(frame.payloadLength);
          whole += frame.payloadLength - LIVE_PAYLOAD_PREFIX;
        } else {
          expect(frame.payload.length).toBe(LIVE_PAYLOAD_PREFIX);
          expect(frame.elided).toBe(frame.payloadLength - LIVE_PAYLOAD_PREFIX);
          elided += frame.elided;
        }
      });
      expect(frames[0]?.elided).toBe(0);
      expect(frames[0]?.text?.value).toBe(messages[0]);
    }
    // Whole while under the rate: nothing is trimmed before the burst is (all but one frame) spent. Past it: no more
    // went whole than the burst and the rate over the time the connection took, however long the machine made that.
    const frameBeyondPrefix = Buffer.byteLength(messages[0]!) - LIVE_PAYLOAD_PREFIX;
    expect(elided).toBeGreaterThan(0);
    expect(whole).toBeGreaterThanOrEqual(LIVE_FULL_BURST - frameBeyondPrefix);
    expect(whole).toBeLessThanOrEqual(LIVE_FULL_BURST + (LIVE_FULL_RATE * lastSeen) / 1000);
    control.client.ws.close();
  });

  it('does not record untagged connections or tags nobody listens for', async () => {
    const control = await openControl();
    control.send({ type: 'capture-watch' });
    for (const url of [`${server.wsUrl}/ws/echo`, `${server.wsUrl}/ws/echo?pg=${randomUUID()}`]) {
      const echo = await TestClient.open(url);
      echo.ws.send('x');
      await echo.waitFor(1);
      echo.ws.close();
      await echo.closed;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(control.messages().some((m) => m.type === 'capture-open')).toBe(false);
    control.client.ws.close();
  });
});
