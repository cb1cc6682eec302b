import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Server as SocketIoServer } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { decodeChunkBatch } from '../../../protocol/capture.ts';
import { createConnectionDecoder, type ConnectionEvent } from '../../../protocol/wire/connection.ts';
import { inspectBanner, parseInspectArgs } from '../../../playground-server/entry/inspect.ts';
import { startReverseProxy } from '../../../playground-server/inspect/reverse-proxy.ts';
import { createTargetPolicy } from '../../../playground-server/inspect/target-policy.ts';
import { createLogger } from '../../../playground-server/log.ts';
import { openControl } from '../../helpers/control.ts';
import { selfSignedCertificate } from '../../helpers/self-signed.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { waitUntil } from '../../helpers/wait.ts';

/**
 * `npm run inspect`: a reverse proxy in front of the learner's own app. The app answers through it exactly as
 * directly (a page, a WebSocket, Socket.IO polling then upgrade), and a page that watches sees every connection live.
 */

const PAGE = '<!doctype html><title>내 앱</title><p>채팅</p>';
let app: Server;
let appPort = 0;
let server: TestServer;
let proxy: Awaited<ReturnType<typeof startReverseProxy>>;

beforeAll(async () => {
  app = createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
  });
  const wss = new WebSocketServer({ noServer: true });
  const io = new SocketIoServer(app);
  io.on('connection', (socket) => socket.on('hello', (name: string, ack: (reply: string) => void) => ack(`안녕, ${name}`)));
  app.on('upgrade', (req, socket, head) => {
    if (req.url === '/ws') wss.handleUpgrade(req, socket, head, (ws) => ws.on('message', (data) => ws.send(`echo:${data.toString()}`)));
  });
  appPort = await new Promise<number>((resolve) => app.listen(0, '127.0.0.1', () => resolve((app.address() as AddressInfo).port)));
  server = await startTestServer();
  const checked = await createTargetPolicy({ allowed: [], publicBind: false })(`http://localhost:${appPort}`);
  if ('code' in checked) throw new Error(checked.code);
  proxy = await startReverseProxy({ target: checked.target, trustCertificate: false, host: '127.0.0.1', port: 0, inspections: server.playground.inspections, logger: createLogger('silent') });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
  app.closeAllConnections();
  app.close();
});

describe('npm run inspect: the reverse proxy', () => {
  it('passes a page, a WebSocket and Socket.IO through unchanged, and shows them live to the page that watches', async () => {
    const control = await openControl(server.origin);
    control.send({ type: 'capture-watch' });
    control.send({ type: 'inspect-proxy-watch', runId: 'px', capture: 'mine' });
    expect(await control.waitFor('inspect-proxy')).toMatchObject({ listen: `http://127.0.0.1:${proxy.port}`, target: `http://localhost:${appPort}` });

    const through = `http://127.0.0.1:${proxy.port}`;
    const [direct, proxied] = await Promise.all([fetch(`http://127.0.0.1:${appPort}/`), fetch(`${through}/`)]);
    expect(await proxied.text()).toBe(await direct.text());
    expect(proxied.headers.get('content-type')).toBe('text/html; charset=utf-8');

    const ws = new WebSocket(`ws://127.0.0.1:${proxy.port}/ws`);
    const echoed = new Promise<string>((resolve) => ws.once('message', (data) => resolve(data.toString())));
    ws.once('open', () => ws.send('프록시 너머로'));
    expect(await echoed).toBe('echo:프록시 너머로');
    ws.close();

    const socket = ioClient(through, { transports: ['polling', 'websocket'] });
    expect(await socket.timeout(10_000).emitWithAck('hello', '민지')).toBe('안녕, 민지');
    await waitUntil('the upgrade to WebSocket', () => socket.io.engine.transport.name === 'websocket');
    socket.disconnect();

    const events = new Map<string, { target: string; list: ConnectionEvent[]; decoder: ReturnType<typeof createConnectionDecoder> }>();
    const decodeAll = () => {
      events.clear();
      for (const message of control.client.messages) {
        if (!message.isBinary) {
          const parsed = JSON.parse(message.data.toString()) as { type: string; id?: string; target?: string };
          if (parsed.type === 'capture-open') events.set(parsed.id!, { target: parsed.target!, list: [], decoder: createConnectionDecoder() });
          continue;
        }
        for (const record of decodeChunkBatch(message.data)) {
          const entry = events.get(String(record.id));
          entry?.list.push(...entry.decoder.push(record.direction, record.bytes, record.t));
        }
      }
      return [...events.values()];
    };
    await waitUntil('the Socket.IO ack and the upgrade in the capture', () => {
      const list = decodeAll().flatMap((capture) => capture.list);
      return (
        list.some((event) => event.type === 'socket.io' && event.event.type === 'packet' && event.event.packet.typeName === 'ACK') &&
        list.some((event) => event.type === 'engine.io' && event.transport === 'websocket' && event.packet.type === 'upgrade')
      );
    });
    const captures = decodeAll();
    expect(captures.every(({ target }) => target === `프록시 → http://localhost:${appPort}`)).toBe(true);
    const all = captures.flatMap(({ list }) => list);
    expect(all.some((event) => event.type === 'message' && event.text?.value === 'echo:프록시 너머로' && event.direction === 'server-to-client')).toBe(true);
    expect(all.some((event) => event.type === 'http' && event.head.kind === 'request' && event.head.target === '/')).toBe(true);
    expect(all.some((event) => event.type === 'engine.io' && event.transport === 'polling' && event.packet.type === 'open')).toBe(true);
    expect(all.some((event) => event.type === 'engine.io' && event.transport === 'websocket' && event.packet.type === 'upgrade')).toBe(true);
    await control.close();
  });

  it('records nothing when no page watches', async () => {
    const control = await openControl(server.origin);
    control.send({ type: 'capture-watch' });
    const response = await fetch(`http://127.0.0.1:${proxy.port}/`);
    await response.text();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(control.all('capture-open')).toEqual([]);
    await control.close();
  });
});

describe('npm run inspect: the name it prints', () => {
  it('is http://localhost:<port>, and both loopbacks a browser may pick for localhost reach the app', async () => {
    const checked = await createTargetPolicy({ allowed: [], publicBind: false })(`http://localhost:${appPort}`);
    if ('code' in checked) throw new Error(checked.code);
    const named = await startReverseProxy({ target: checked.target, trustCertificate: false, host: 'localhost', port: 0, inspections: server.playground.inspections, logger: createLogger('silent') });
    try {
      expect(named.origin).toBe(`http://localhost:${named.port}`);
      for (const address of ['127.0.0.1', '[::1]']) expect(await (await fetch(`http://${address}:${named.port}/`)).text()).toBe(PAGE);
      const control = await openControl(server.origin);
      control.send({ type: 'inspect-proxy-watch', runId: 'name', capture: 'mine' });
      expect(await control.waitFor('inspect-proxy')).toMatchObject({ listen: named.origin });
      await control.close();
    } finally {
      await named.close();
    }
  });
});

describe('npm run inspect with an https:// app', () => {
  it('refuses its self-signed certificate unless --insecure, and then records the decrypted bytes with the TLS facts', async () => {
    const secure = createHttpsServer(selfSignedCertificate(), (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
    const securePort = await new Promise<number>((resolve) => secure.listen(0, '127.0.0.1', () => resolve((secure.address() as AddressInfo).port)));
    const checked = await createTargetPolicy({ allowed: [], publicBind: false })(`https://localhost:${securePort}`);
    if ('code' in checked) throw new Error(checked.code);
    const control = await openControl(server.origin);
    control.send({ type: 'capture-watch' });
    control.send({ type: 'inspect-proxy-watch', runId: 'tls', capture: 'mine' });
    try {
      const strict = await startReverseProxy({ target: checked.target, trustCertificate: false, host: '127.0.0.1', port: 0, inspections: server.playground.inspections, logger: createLogger('silent') });
      await expect(fetch(`http://127.0.0.1:${strict.port}/`)).rejects.toThrow();
      await strict.close();
      expect(control.all('capture-open')).toEqual([]);

      const insecure = await startReverseProxy({ target: checked.target, trustCertificate: true, host: '127.0.0.1', port: 0, inspections: server.playground.inspections, logger: createLogger('silent') });
      try {
        expect(await (await fetch(`http://127.0.0.1:${insecure.port}/`)).text()).toBe(PAGE);
        const [opened] = await (async () => (await control.waitFor('capture-open'), control.all('capture-open')))();
        expect(opened?.tls).toMatchObject({ protocol: 'TLSv1.3', alpn: 'http/1.1', trusted: false, untrustedReason: 'DEPTH_ZERO_SELF_SIGNED_CERT', subject: expect.stringContaining('CN=localhost') });
        await waitUntil('the decrypted answer in the capture', () =>
          control.client.messages.some((message) => message.isBinary && decodeChunkBatch(message.data).some((record) => Buffer.from(record.bytes).toString().includes('HTTP/1.1 200 OK'))),
        );
      } finally {
        await insecure.close();
      }
    } finally {
      await control.close();
      secure.closeAllConnections();
      secure.close();
    }
  });
});

describe('npm run inspect: its arguments and what it prints', () => {
  it('takes --target, --listen and --insecure and leaves the rest to npm start', () => {
    expect(parseInspectArgs(['--target', 'http://localhost:3000', '--listen=3005', '--port', '0', '--insecure'])).toEqual({ target: 'http://localhost:3000', listen: 3005, insecure: true, rest: ['--port', '0'] });
    expect(parseInspectArgs(['--target=https://localhost:8443'])).toMatchObject({ target: 'https://localhost:8443', listen: 3001, insecure: false });
    expect(parseInspectArgs([])).toMatchObject({ error: expect.stringContaining('--target') });
    expect(parseInspectArgs(['--target', 'ws://localhost:3000'])).toMatchObject({ error: expect.stringContaining('http://') });
    expect(parseInspectArgs(['--target', 'http://x', '--listen', '70000'])).toMatchObject({ error: expect.stringContaining('포트') });
  });

  it('says where to open the app, what to change and where to look, in Korean', () => {
    const text = inspectBanner('http://localhost:3000', 'http://localhost:3001', 'http://localhost:4321/inspector/#내-서버-검사하기');
    expect(text).toContain('브라우저에서 이 주소로 앱을 여세요');
    expect(text).toContain("io('http://localhost:3000')");
    expect(text).toContain('http://localhost:3001로 바꾸세요');
    expect(text).toContain('/inspector/#내-서버-검사하기');
  });
});
