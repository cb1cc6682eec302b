import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { Server as SocketIoServer } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { CaptureHub } from '../../../playground-server/capture-hub.ts';
import { createInspections, type InspectLimits, type InspectReply } from '../../../playground-server/inspect/inspections.ts';
import { createTargetPolicy } from '../../../playground-server/inspect/target-policy.ts';
import { createLogger } from '../../../playground-server/log.ts';
import { openControl } from '../../helpers/control.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { waitUntil } from '../../helpers/wait.ts';
import { clientKey } from '../../../playground-server/limits/ip-connection-limiter.ts';

/**
 * What ends an inspect connection that the learner's server (or the learner) makes go wrong, and what the playground
 * server refuses to connect to at all: each with its code from inspect-errors.ts, and never more than that connection.
 */

type Listening = HttpServer | TcpServer;
const servers: Listening[] = [];
function listening<T extends Listening>(server: T): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}
afterAll(async () => {
  for (const server of servers) {
    (server as HttpServer).closeAllConnections?.();
    server.close();
  }
});

/** A page of the registry, with a real capture hub, its replies kept. */
function inspector(limits: Partial<InspectLimits> = {}, lookup?: (host: string) => Promise<Array<{ address: string; family: number }>>, client = '127.0.0.1') {
  const hub = new CaptureHub();
  const replies: InspectReply[] = [];
  const opened: string[] = [];
  hub.attach('page', { sendText: (json) => opened.push(json), sendBinary: () => {}, bufferedAmount: () => 0 });
  hub.watch('page');
  const inspections = createInspections({ hub, logger: createLogger('silent'), limits, policy: createTargetPolicy({ allowed: [], publicBind: false, ...(lookup ? { lookup } : {}) }) });
  const page = inspections.page({ captureTag: () => 'page', client: () => clientKey(client), send: (reply) => replies.push(reply) });
  const connect = (runId: string, url: string, mode: 'websocket' | 'socket.io' = 'websocket', extra: Record<string, unknown> = {}) => page.handle({ type: 'inspect-connect', runId, capture: 'c', url, mode, ...extra });
  const reply = async <T extends InspectReply['type']>(type: T, runId: string) => {
    let found: InspectReply | undefined;
    await waitUntil(`${type} for ${runId}`, () => (found = replies.find((r) => r.type === type && r.runId === runId)) !== undefined, 15_000, () => JSON.stringify(replies));
    return found as Extract<InspectReply, { type: T }>;
  };
  return { inspections, page, replies, opened, connect, reply };
}

describe('a target that misbehaves ends only its own connection', () => {
  it('never answering the handshake: INSPECT_TIMEOUT', async () => {
    const silent = createTcpServer(() => {});
    const port = await listening(silent);
    const { connect, reply, inspections } = inspector({ handshakeTimeoutMs: 300 });
    await connect('t', `ws://127.0.0.1:${port}/`);
    expect(await reply('inspect-closed', 't')).toMatchObject({ error: { code: 'INSPECT_TIMEOUT' } });
    expect(inspections.count()).toBe(0);
  });

  it('answering garbage instead of HTTP: INSPECT_HANDSHAKE_FAILED', async () => {
    const garbage = createTcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n\x00\x01\x02'));
    const port = await listening(garbage);
    const { connect, reply } = inspector();
    await connect('g', `ws://127.0.0.1:${port}/`);
    expect(await reply('inspect-closed', 'g')).toMatchObject({ error: { code: 'INSPECT_HANDSHAKE_FAILED' } });
  });

  it('answering a bad frame after the 101: INSPECT_PROTOCOL_ERROR', async () => {
    const http = createHttpServer();
    const wss = new WebSocketServer({ server: http });
    // An opcode no one defined (0x3): RFC 6455 §5.2 says fail the connection.
    wss.on('connection', (socket) => (socket as unknown as { _socket: Socket })._socket.write(Buffer.from([0x83, 0x00])));
    const port = await listening(http);
    const { connect, reply } = inspector();
    await connect('p', `ws://127.0.0.1:${port}/`);
    expect(await reply('inspect-closed', 'p')).toMatchObject({ error: { code: 'INSPECT_PROTOCOL_ERROR' } });
  });

  it('one message over the limit: INSPECT_MESSAGE_TOO_BIG', async () => {
    const http = createHttpServer();
    const wss = new WebSocketServer({ server: http });
    wss.on('connection', (socket) => socket.send(Buffer.alloc(64 * 1024)));
    const port = await listening(http);
    const { connect, reply } = inspector({ maxMessageBytes: 16 * 1024 });
    await connect('m', `ws://127.0.0.1:${port}/`);
    expect(await reply('inspect-closed', 'm')).toMatchObject({ error: { code: 'INSPECT_MESSAGE_TOO_BIG' } });
  });

  it('sending without end (small messages, many): INSPECT_TOO_MUCH once the total passes the limit', async () => {
    const http = createHttpServer();
    const wss = new WebSocketServer({ server: http });
    wss.on('connection', (socket) => {
      const timer = setInterval(() => {
        if (socket.readyState !== socket.OPEN) return clearInterval(timer);
        for (let i = 0; i < 16; i++) socket.send(Buffer.alloc(8 * 1024));
      }, 1);
    });
    const port = await listening(http);
    const { connect, reply } = inspector({ maxTotalBytes: 512 * 1024 });
    await connect('b', `ws://127.0.0.1:${port}/`);
    expect(await reply('inspect-closed', 'b')).toMatchObject({ error: { code: 'INSPECT_TOO_MUCH' } });
    wss.clients.forEach((socket) => socket.terminate());
  });

  it('nothing either way for the idle time: INSPECT_IDLE', async () => {
    const http = createHttpServer();
    new WebSocketServer({ server: http });
    const port = await listening(http);
    const { connect, reply } = inspector({ idleMs: 300 });
    await connect('i', `ws://127.0.0.1:${port}/`);
    await reply('inspect-open', 'i');
    expect(await reply('inspect-closed', 'i')).toMatchObject({ error: { code: 'INSPECT_IDLE' } });
  });

  it('nobody listening on the port: INSPECT_UNREACHABLE', async () => {
    const probe = createTcpServer();
    const port = await listening(probe);
    probe.close();
    servers.pop();
    const { connect, reply } = inspector();
    await connect('u', `ws://127.0.0.1:${port}/`);
    expect(await reply('inspect-closed', 'u')).toMatchObject({ error: { code: 'INSPECT_UNREACHABLE' } });
  });
});

describe('limits of the page and of the composer', () => {
  it('connections per page and per client address', async () => {
    const http = createHttpServer();
    new WebSocketServer({ server: http });
    const port = await listening(http);
    const { connect, reply, page, inspections, replies } = inspector({ perPage: 1, perClient: 2 });
    await connect('a', `ws://127.0.0.1:${port}/`);
    await reply('inspect-open', 'a');
    await connect('b', `ws://127.0.0.1:${port}/`);
    expect(await reply('error', 'b')).toMatchObject({ code: 'INSPECT_LIMIT_PAGE' });
    // A second and a third page of the same client: the client's limit (2) is reached by the second.
    const second = inspections.page({ captureTag: () => 'page', client: () => clientKey('127.0.0.1'), send: (r) => replies.push(r) });
    await second.handle({ type: 'inspect-connect', runId: 'c', capture: 'c', url: `ws://127.0.0.1:${port}/`, mode: 'websocket' });
    await reply('inspect-open', 'c');
    const third = inspections.page({ captureTag: () => 'page', client: () => clientKey('127.0.0.1'), send: (r) => replies.push(r) });
    await third.handle({ type: 'inspect-connect', runId: 'd', capture: 'c', url: `ws://127.0.0.1:${port}/`, mode: 'websocket' });
    expect(await reply('error', 'd')).toMatchObject({ code: 'INSPECT_LIMIT_CLIENT' });
    // Closing frees the slots.
    page.closeAll();
    second.closeAll();
    await waitUntil('slots given back', () => inspections.count() === 0);
    await third.handle({ type: 'inspect-connect', runId: 'e', capture: 'c', url: `ws://127.0.0.1:${port}/`, mode: 'websocket' });
    await reply('inspect-open', 'e');
    third.closeAll();
  });

  it('the composer: a rate, bad hex, a close code nobody may send, headers the inspector writes itself', async () => {
    const http = createHttpServer();
    new WebSocketServer({ server: http });
    const port = await listening(http);
    const { connect, reply, page, replies } = inspector({ rateBurst: 3, ratePerSecond: 0.01 });
    await connect('bad', `ws://127.0.0.1:${port}/`, 'websocket', { headers: [['Sec-WebSocket-Key', 'x']] });
    expect(await reply('error', 'bad')).toMatchObject({ code: 'INSPECT_BAD_HEADER' });
    await connect('r', `ws://127.0.0.1:${port}/`);
    await reply('inspect-open', 'r');
    await page.handle({ type: 'inspect-send', runId: 'r', message: { kind: 'binary', hex: 'abc' } });
    await page.handle({ type: 'inspect-send', runId: 'r', message: { kind: 'close', code: 1006 } });
    await page.handle({ type: 'inspect-send', runId: 'r', message: { kind: 'text', text: 'ok' } });
    await page.handle({ type: 'inspect-send', runId: 'r', message: { kind: 'text', text: 'too fast' } });
    expect(replies.filter((r) => r.type === 'error' && r.runId === 'r').map((r) => (r as { code: string }).code)).toEqual(['INSPECT_BAD_MESSAGE', 'INSPECT_BAD_MESSAGE', 'INSPECT_RATE']);
    page.closeAll();
  });
});

describe('where the inspector never connects', () => {
  it('a name is resolved once and the checked address is what it connects to (no second lookup to rebind)', async () => {
    const http = createHttpServer();
    new WebSocketServer({ server: http });
    const port = await listening(http);
    let lookups = 0;
    // The system resolver does not know this name: only the policy's one answer can have been used.
    const { connect, reply } = inspector({}, async () => (lookups++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '169.254.169.254', family: 4 }]));
    await connect('n', `ws://learner-app.test:${port}/`);
    await reply('inspect-open', 'n');
    expect(lookups).toBe(1);
  });

  it('a name resolving to the metadata address is refused before any connection', async () => {
    const { connect, reply } = inspector({}, async () => [{ address: '169.254.169.254', family: 4 }]);
    await connect('meta', 'ws://metadata.test/');
    expect(await reply('error', 'meta')).toMatchObject({ code: 'INSPECT_TARGET_FORBIDDEN' });
  });

  it('a redirect is not followed, for a WebSocket nor for Socket.IO polling', async () => {
    const elsewhere = createTcpServer();
    let reached = 0;
    elsewhere.on('connection', (socket) => {
      reached++;
      socket.destroy();
    });
    const elsewherePort = await listening(elsewhere);
    const redirecting = createHttpServer((req, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${elsewherePort}${req.url ?? '/'}` }).end();
    });
    const port = await listening(redirecting);
    const { connect, reply } = inspector();
    await connect('w', `ws://127.0.0.1:${port}/`);
    expect(await reply('inspect-closed', 'w')).toMatchObject({ error: { code: 'INSPECT_REDIRECT' } });
    await connect('s', `http://127.0.0.1:${port}/`, 'socket.io');
    expect(await reply('inspect-closed', 's')).toMatchObject({ error: { code: 'INSPECT_REDIRECT' } });
    expect(reached).toBe(0);
  });

  it('a Socket.IO server is inspected through the same policy (polling requests go to the checked address)', async () => {
    const http = createHttpServer();
    new SocketIoServer(http);
    const port = await listening(http);
    const { connect, reply, page } = inspector({}, async () => [{ address: '127.0.0.1', family: 4 }]);
    await connect('sio', `http://my-app.test:${port}/`, 'socket.io');
    expect(await reply('inspect-open', 'sio')).toMatchObject({ mode: 'socket.io' });
    page.closeAll();
  });
});

describe('SSRF refusals through the control channel (default policy: loopback only)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses each forbidden target with its code, and keeps serving the page', async () => {
    const control = await openControl(server.origin);
    const cases: Array<[string, string]> = [
      ['ws://10.0.0.5:3000/', 'INSPECT_TARGET_FORBIDDEN'],
      ['ws://192.168.0.10/', 'INSPECT_TARGET_FORBIDDEN'],
      ['ws://8.8.8.8/', 'INSPECT_TARGET_FORBIDDEN'],
      ['http://169.254.169.254/latest/meta-data/', 'INSPECT_TARGET_FORBIDDEN'],
      ['ws://[fd00:ec2::254]/', 'INSPECT_TARGET_FORBIDDEN'],
      ['ws://[fe80::1]/', 'INSPECT_TARGET_FORBIDDEN'],
      ['ws://[::ffff:169.254.169.254]/', 'INSPECT_TARGET_FORBIDDEN'],
      ['ws://2852039166/', 'INSPECT_TARGET_FORBIDDEN'],
      ['ws://0251.0376.0251.0376/', 'INSPECT_TARGET_FORBIDDEN'],
      ['ws://0.0.0.0:3000/', 'INSPECT_TARGET_FORBIDDEN'],
      ['ftp://127.0.0.1/', 'INSPECT_BAD_TARGET'],
      ['ws://user:pw@127.0.0.1/', 'INSPECT_BAD_TARGET'],
      ['ws://name-that-does-not-exist.invalid/', 'INSPECT_TARGET_UNRESOLVED'],
    ];
    for (const [i, [url, code]] of cases.entries()) {
      control.send({ type: 'inspect-connect', runId: `x${i}`, capture: 'c', url, mode: 'websocket' });
      expect(await control.waitFor('error', (m) => m.runId === `x${i}`), url).toMatchObject({ code });
    }
    // The loopback forms are allowed: IPv4-mapped, decimal and octal 127.0.0.1 reach a local server.
    const http = createHttpServer();
    new WebSocketServer({ server: http });
    const port = await listening(http);
    for (const [i, url] of [`ws://[::ffff:127.0.0.1]:${port}/`, `ws://2130706433:${port}/`, `ws://0177.0.0.1:${port}/`].entries()) {
      control.send({ type: 'inspect-connect', runId: `ok${i}`, capture: 'c', url, mode: 'websocket' });
      await control.waitFor('inspect-open', (m) => m.runId === `ok${i}`);
      control.send({ type: 'inspect-disconnect', runId: `ok${i}` });
      await control.waitFor('inspect-closed', (m) => m.runId === `ok${i}`);
    }
    // A malformed request (a header with a newline) is refused at the boundary.
    control.send({ type: 'inspect-connect', runId: 'h', capture: 'c', url: `ws://127.0.0.1:${port}/`, mode: 'websocket', headers: [['X-A', 'b\r\nHost: evil']] });
    expect(await control.waitFor('error', (m) => m.code === 'CONTROL_BAD_MESSAGE')).toBeTruthy();
    await control.close();
  });

  it('is off on a public bind without INSPECT_TARGETS', async () => {
    const exposed = await startTestServer({ host: '0.0.0.0' });
    try {
      const control = await openControl(exposed.origin);
      control.send({ type: 'inspect-connect', runId: 'p', capture: 'c', url: 'ws://127.0.0.1:1/', mode: 'websocket' });
      expect(await control.waitFor('error', (m) => m.runId === 'p')).toMatchObject({ code: 'INSPECT_DISABLED' });
      await control.close();
    } finally {
      await exposed.close();
    }
  });
});
