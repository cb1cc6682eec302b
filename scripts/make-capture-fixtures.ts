/**
 * Records the example captures of the inspector (tests/fixtures/captures/*.json) from real
 * exchanges: every TCP connection goes through a small relay that writes down both directions'
 * bytes, cut where TCP cut them, with their times, in the CaptureFile format the tap exports.
 *
 *   node scripts/make-capture-fixtures.ts
 *   CAPTURE_FIXTURES_DIR=/tmp/captures node scripts/make-capture-fixtures.ts   # elsewhere
 *
 * (a) ws-echo-chromium.json: headless Chromium's `new WebSocket` talking to a `ws` echo server:
 *     text, binary, 200 bytes (16-bit length), 66000 bytes (64-bit length), a ping from the
 *     server, then close(1000, "수업 끝").
 * (b) ws-permessage-deflate.json: a `ws` client and server with permessage-deflate.
 * (c) socket-io-upgrade.json: Chromium's socket.io-client, long-polling then WebSocket: an event,
 *     an event with an acknowledgement, and a binary attachment.
 *
 * Regenerating changes keys, masks and times: the tests that quote exact lines
 * (tests/unit/inspector/text-log.test.ts, tests/e2e/inspector.spec.ts) must then be updated.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../tests/helpers/chromium.ts';
import { startRelay, within, type RecordedConnection } from '../tests/helpers/recording-relay.ts';
import { Server as SocketIoServer } from 'socket.io';
import { WebSocket, WebSocketServer } from 'ws';
import { CAPTURE_FORMAT, type CaptureFile } from '../protocol/capture.ts';
import { bytesToBase64 } from '../protocol/base64.ts';

/** CAPTURE_FIXTURES_DIR writes elsewhere, e.g. to compare a fresh recording without touching the committed files. */
const OUT_DIR = process.env['CAPTURE_FIXTURES_DIR'] ? `${process.env['CAPTURE_FIXTURES_DIR'].replace(/\/?$/, '/')}` : fileURLToPath(new URL('../tests/fixtures/captures/', import.meta.url));

/** The path of the first request line, as the tap names a connection ("/echo", "/socket.io/"). */
function targetOf(connection: RecordedConnection): string {
  const first = connection.chunks.find((chunk) => chunk.direction === 'client-to-server');
  const line = first === undefined ? '' : new TextDecoder().decode(first.bytes.subarray(0, 300)).split('\r\n')[0] ?? '';
  const target = line.split(' ')[1] ?? '/';
  return target.split('?')[0] ?? target;
}

/** Milliseconds since the connection opened, to the microsecond, as the tap writes them. */
const since = (connection: RecordedConnection, time: number) => Math.round((time - connection.opened) * 1000) / 1000;

function toFile(connections: RecordedConnection[]): CaptureFile {
  return {
    format: CAPTURE_FORMAT,
    version: 1,
    exportedAt: new Date().toISOString(),
    connections: connections.map((connection) => ({
      id: String(connection.id + 1),
      target: targetOf(connection),
      startedAt: connection.startedAt,
      endedAt: connection.ended === null ? null : since(connection, connection.ended),
      chunks: connection.chunks.map((chunk) => ({ direction: chunk.direction, t: since(connection, chunk.time), base64: bytesToBase64(chunk.bytes) })),
      truncated: false,
    })),
  };
}

/** JSON with one chunk per line: small diffs, and readable. */
function stringify(file: CaptureFile): string {
  const connections = file.connections.map((connection) => {
    const { chunks, ...rest } = connection;
    const head = JSON.stringify(rest).slice(0, -1);
    return `    ${head},"chunks":[\n${chunks.map((chunk) => `      ${JSON.stringify(chunk)}`).join(',\n')}\n    ]}`;
  });
  return `{\n  "format": ${JSON.stringify(file.format)},\n  "version": ${file.version},\n  "exportedAt": ${JSON.stringify(file.exportedAt)},\n  "connections": [\n${connections.join(',\n')}\n  ]\n}\n`;
}

async function save(name: string, connections: RecordedConnection[]): Promise<void> {
  await Promise.all(connections.map((connection) => within(connection.closed, 5000, `connection ${connection.id} of ${name} to close`)));
  const text = stringify(toFile(connections));
  await writeFile(`${OUT_DIR}${name}`, text);
  console.log(`${name}: ${connections.length} connection(s), ${(text.length / 1024).toFixed(1)} KiB`);
}


async function listen(server: HttpServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const close = (server: HttpServer) => new Promise<void>((resolve) => server.close(() => resolve()));

/** (a) Chromium ↔ ws echo. The page is served directly; only the WebSocket goes through the relay. */
async function recordChromiumEcho(browser: Browser): Promise<void> {
  const http = createHttpServer((_, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>echo</title>'));
  const wss = new WebSocketServer({ server: http, path: '/echo', perMessageDeflate: false });
  wss.on('connection', (socket) => {
    socket.on('error', () => {});
    let first = true;
    socket.on('message', (data, isBinary) => {
      socket.send(data, { binary: isBinary });
      if (first) socket.ping('안녕?');
      first = false;
    });
  });
  const port = await listen(http);
  const relay = await startRelay(port);
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  const result = await page.evaluate(async (url) => {
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    const replies: Array<string | number> = [];
    const next = () => new Promise<string | number>((resolve) => {
      socket.addEventListener('message', (event) => {
        const data = (event as { data: string | ArrayBuffer }).data;
        resolve(typeof data === 'string' ? data : data.byteLength);
      }, { once: true });
    });
    await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
    const large = new Uint8Array(66_000);
    for (let i = 0; i < large.length; i++) large[i] = i & 0xff;
    const messages: Array<string | Uint8Array> = ['Hello', '안녕하세요, WebSocket!', Uint8Array.of(0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3), '가'.repeat(70), large];
    for (const message of messages) {
      const reply = next();
      socket.send(message);
      replies.push(await reply);
    }
    const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.addEventListener('close', (event) => resolve({ code: event.code, reason: event.reason }), { once: true }));
    socket.close(1000, '수업 끝');
    return { replies, closed: await closed };
  }, `ws://127.0.0.1:${relay.port}/echo`);
  if (result.closed.code !== 1000 || result.replies.length !== 5) throw new Error(`unexpected echo result ${JSON.stringify(result)}`);
  await page.close();
  await save('ws-echo-chromium.json', relay.connections);
  await relay.close();
  wss.close();
  await close(http);
}

/** (b) ws client ↔ ws server, permessage-deflate on everything (threshold 0). */
async function recordDeflate(): Promise<void> {
  const http = createHttpServer();
  const wss = new WebSocketServer({ server: http, path: '/chat', perMessageDeflate: { threshold: 0 } });
  wss.on('connection', (socket) => {
    socket.on('error', () => {});
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? null : String(data);
      socket.send(isBinary ? data : `서버가 받았습니다: ${text}`, { binary: isBinary });
    });
  });
  const port = await listen(http);
  const relay = await startRelay(port);
  const client = new WebSocket(`ws://127.0.0.1:${relay.port}/chat`, { perMessageDeflate: { threshold: 0 } });
  client.on('error', () => {});
  await within(new Promise((resolve) => client.once('open', resolve)), 5000, 'open');
  const messages: Array<string | Uint8Array> = [
    '압축해 보세요. 압축해 보세요. 압축해 보세요.',
    '압축해 보세요. 압축해 보세요. 압축해 보세요.',
    JSON.stringify({ type: 'chat', text: '같은 말을 되풀이하면 두 번째부터는 훨씬 작아집니다.' }),
    new Uint8Array(64).fill(7),
  ];
  for (const message of messages) {
    const reply = new Promise((resolve) => client.once('message', resolve));
    client.send(message);
    await within(reply, 5000, 'reply');
  }
  client.close(1000, '잘 가요');
  await save('ws-permessage-deflate.json', relay.connections);
  await relay.close();
  wss.close();
  await close(http);
}

/**
 * (c) Chromium's socket.io-client: polling first, then the upgrade to WebSocket. The page comes
 * from the server's own port (with the client bundle); Socket.IO goes through the relay, so it is
 * cross-origin and the polling responses carry CORS headers.
 */
async function recordSocketIo(browser: Browser): Promise<void> {
  const http = createHttpServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>socket.io</title><script src="/socket.io/socket.io.min.js"></script>');
    else res.writeHead(404).end();
  });
  const port = await listen(http);
  const io = new SocketIoServer(http, { pingInterval: 400, pingTimeout: 2000, cors: { origin: `http://127.0.0.1:${port}` } });
  io.on('connection', (socket) => {
    socket.emit('welcome', '어서 오세요', { room: '로비' });
    socket.on('chat', (text: string, ack: (reply: string) => void) => ack(`받았습니다: ${text}`));
    socket.on('image', (bytes: Buffer, name: string) => socket.emit('image-size', name, bytes.length));
  });
  const relay = await startRelay(port);
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  const result = await page.evaluate(async (url) => {
    type ClientSocket = {
      id: string;
      io: { engine: { id: string; transport: { name: string }; once(event: string, listener: () => void): void } };
      once(event: string, listener: (...args: unknown[]) => void): void;
      emit(event: string, ...args: unknown[]): void;
      emitWithAck(event: string, ...args: unknown[]): Promise<unknown>;
      disconnect(): void;
    };
    const io = (globalThis as unknown as { io: (url: string, options: object) => ClientSocket }).io;
    const socket = io(url, { transports: ['polling', 'websocket'], reconnection: false });
    const welcome = new Promise<unknown[]>((resolve) => socket.once('welcome', (...args) => resolve(args)));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    await welcome;
    await new Promise<void>((resolve) => {
      if (socket.io.engine.transport.name === 'websocket') resolve();
      else socket.io.engine.once('upgrade', () => resolve());
    });
    const ack = await socket.emitWithAck('chat', '안녕하세요');
    const size = new Promise<unknown[]>((resolve) => socket.once('image-size', (...args) => resolve(args)));
    socket.emit('image', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'logo.png');
    const sizeReply = await size;
    // Let one heartbeat (pingInterval 400 ms) cross the WebSocket.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sid = socket.io.engine.id;
    socket.disconnect();
    return { ack, sizeReply, sid };
  }, `http://127.0.0.1:${relay.port}`);
  if (result.ack !== '받았습니다: 안녕하세요') throw new Error(`unexpected ack ${JSON.stringify(result)}`);
  await page.close();
  // The browser may keep idle polling connections alive: close them so every recording ends.
  await new Promise((resolve) => setTimeout(resolve, 200));
  io.disconnectSockets(true);
  http.closeAllConnections();
  await save('socket-io-upgrade.json', relay.connections);
  console.log(`  sid ${result.sid}`);
  await relay.close();
  io.close();
}

await mkdir(OUT_DIR, { recursive: true });
const browser = await launchChromium();
try {
  await recordChromiumEcho(browser);
  await recordDeflate();
  await recordSocketIo(browser);
} finally {
  await browser.close();
}
