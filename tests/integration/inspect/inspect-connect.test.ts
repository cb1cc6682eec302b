import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketIoServer } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { decodeChunkBatch } from '../../../protocol/capture.ts';
import { createConnectionDecoder, type ConnectionDecoder, type ConnectionEvent } from '../../../protocol/wire/connection.ts';
import { openControl, type ControlPage } from '../../helpers/control.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { waitUntil } from '../../helpers/wait.ts';

/**
 * ‘내 서버 검사하기’ through the control channel, as the /inspector/ page drives it: the playground server connects to
 * a learner's own ws or Socket.IO server (here on ephemeral loopback ports), and the page's capture holds that real
 * connection, decoded by the same decoders as the course's own endpoints.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

function listening(http: HttpServer): Promise<number> {
  return new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve((http.address() as AddressInfo).port)));
}

/** Every capture the page received, decoded per connection (in the order they opened). */
function decodedCaptures(control: ControlPage): Array<{ target: string; events: ConnectionEvent[] }> {
  const decoders = new Map<string, { target: string; decoder: ConnectionDecoder; events: ConnectionEvent[] }>();
  for (const message of control.client.messages) {
    if (!message.isBinary) {
      const parsed = JSON.parse(message.data.toString()) as { type: string; id?: string; target?: string };
      if (parsed.type === 'capture-open') decoders.set(parsed.id!, { target: parsed.target!, decoder: createConnectionDecoder(), events: [] });
      continue;
    }
    for (const record of decodeChunkBatch(message.data)) {
      const entry = decoders.get(String(record.id));
      entry?.events.push(...entry.decoder.push(record.direction, record.bytes, record.t));
    }
  }
  return [...decoders.values()].map(({ target, events }) => ({ target, events }));
}

const texts = (events: ConnectionEvent[]) => events.flatMap((event) => (event.type === 'message' && event.text ? [`${event.direction}:${event.text.value}`] : []));

async function page(): Promise<ControlPage> {
  const control = await openControl(server.origin);
  control.send({ type: 'capture-watch' });
  return control;
}

describe('inspect a ws server', () => {
  for (const deflate of [false, true]) {
    it(`shows the handshake as sent and answered and every frame, masked (permessage-deflate ${deflate ? 'on' : 'off'})`, async () => {
      const http = createServer();
      const wss = new WebSocketServer({ server: http, perMessageDeflate: deflate, handleProtocols: (protocols) => (protocols.has('chat') ? 'chat' : false) });
      const seenHeaders: Array<string | undefined> = [];
      wss.on('connection', (socket, req) => {
        seenHeaders.push(String(req.headers['x-learner']));
        socket.on('message', (data, isBinary) => socket.send(isBinary ? data : `echo:${data.toString()}`, { binary: isBinary }));
      });
      const port = await listening(http);
      const control = await page();
      control.send({ type: 'inspect-connect', runId: 'c1', capture: 'mine', url: `ws://localhost:${port}/path?q=1`, mode: 'websocket', headers: [['X-Learner', 'hello; q=1']], protocols: ['chat'] });
      const open = await control.waitFor('inspect-open');
      expect(open).toMatchObject({ runId: 'c1', protocol: 'chat', extensions: deflate ? 'permessage-deflate' : '' });
      control.send({ type: 'inspect-send', runId: 'c1', message: { kind: 'text', text: '첫 메시지' } });
      control.send({ type: 'inspect-send', runId: 'c1', message: { kind: 'binary', hex: 'de ad be ef' } });
      control.send({ type: 'inspect-send', runId: 'c1', message: { kind: 'json', json: '{"a":[1,2]}' } });
      control.send({ type: 'inspect-send', runId: 'c1', message: { kind: 'ping', text: 'p' } });
      await waitUntil('the echoes in the capture', () => texts(decodedCaptures(control)[0]?.events ?? []).includes('server-to-client:echo:{"a":[1,2]}'));
      control.send({ type: 'inspect-send', runId: 'c1', message: { kind: 'close', code: 4001, reason: '수업 끝' } });
      const closed = await control.waitFor('inspect-closed');
      expect(closed).toMatchObject({ runId: 'c1', code: 4001, reason: '수업 끝', error: null });
      await control.waitFor('capture-end');

      expect(seenHeaders).toEqual(['hello; q=1']);
      const [capture] = decodedCaptures(control);
      expect(capture?.target).toBe(`내 서버 ws://localhost:${port}/path?q=1`);
      const events = capture!.events;
      const upgrade = events.find((event) => event.type === 'websocket-open');
      expect(upgrade?.type === 'websocket-open' && upgrade.response.status).toBe(101);
      expect(upgrade?.type === 'websocket-open' && upgrade.request?.target).toBe('/path?q=1');
      expect(upgrade?.type === 'websocket-open' && upgrade.deflate !== null).toBe(deflate);
      // Sent one after another without waiting: each direction in order, the two interleaved as they came.
      expect(texts(events).filter((text) => text.startsWith('client'))).toEqual(['client-to-server:첫 메시지', 'client-to-server:{"a":[1,2]}']);
      expect(texts(events).filter((text) => text.startsWith('server'))).toEqual(['server-to-client:echo:첫 메시지', 'server-to-client:echo:{"a":[1,2]}']);
      const frames = events.flatMap((event) => (event.type === 'frame' ? [event] : []));
      expect(frames.filter((event) => event.direction === 'client-to-server').every((event) => event.type === 'frame' && event.frame.masked)).toBe(true);
      expect(frames.filter((event) => event.direction === 'server-to-client').some((event) => event.type === 'frame' && event.frame.masked)).toBe(false);
      const opcodes = frames.map((event) => (event.type === 'frame' ? `${event.direction === 'client-to-server' ? '>' : '<'}${event.frame.opcodeName}` : ''));
      expect(opcodes).toEqual(expect.arrayContaining(['>binary', '<binary', '>ping', '<pong', '>close', '<close']));
      const close = frames.find((event) => event.type === 'frame' && event.frame.opcodeName === 'close' && event.direction === 'client-to-server');
      expect(close?.type === 'frame' && close.frame.close).toMatchObject({ code: 4001, reason: '수업 끝' });
      expect(events.filter((event) => event.type === 'problem')).toEqual([]);
      await control.close();
      wss.close();
      http.close();
    });
  }
});

describe('inspect a Socket.IO server', () => {
  it('shows the polling requests, the upgrade, acks, a binary attachment and a namespace', async () => {
    const http = createServer();
    const io = new SocketIoServer(http);
    io.on('connection', (socket) => {
      socket.on('hello', (name: string, ack?: (reply: unknown) => void) => ack?.({ greeting: `안녕, ${name}` }));
      socket.on('file', (bytes: Buffer) => socket.emit('file-size', bytes.length, Buffer.from([1, 2, 3])));
    });
    io.of('/admin').on('connection', (socket) => socket.emit('welcome', 'admin'));
    const port = await listening(http);
    const control = await page();
    control.send({ type: 'inspect-connect', runId: 's1', capture: 'mine', url: `http://localhost:${port}`, mode: 'socket.io' });
    expect(await control.waitFor('inspect-open')).toMatchObject({ mode: 'socket.io', transport: 'polling' });
    await control.waitFor('inspect-transport', (m) => m.transport === 'websocket');
    control.send({ type: 'inspect-send', runId: 's1', message: { kind: 'emit', event: 'hello', args: '["민지"]', ack: true, timeoutMs: 5000 } });
    expect(await control.waitFor('inspect-ack')).toMatchObject({ event: 'hello', args: '[{"greeting":"안녕, 민지"}]', timedOut: false });
    control.send({ type: 'inspect-send', runId: 's1', message: { kind: 'emit', event: 'no-answer', args: '[]', ack: true, timeoutMs: 200 } });
    expect(await control.waitFor('inspect-ack', (m) => m.event === 'no-answer')).toMatchObject({ args: null, timedOut: true });
    control.send({ type: 'inspect-send', runId: 's1', message: { kind: 'emit', event: 'file', args: '[{"$hex":"00ff00ff"}]' } });
    control.send({ type: 'inspect-send', runId: 's1', message: { kind: 'join', namespace: '/admin' } });
    await control.waitFor('inspect-namespace', (m) => m.namespace === '/admin' && m.connected);

    const packets = () =>
      decodedCaptures(control).flatMap(({ events }) => events.flatMap((event) => (event.type === 'socket.io' && event.event.type === 'packet' ? [{ direction: event.direction, packet: event.event.packet }] : [])));
    await waitUntil('the admin welcome and the file size in the capture', () => packets().some(({ packet }) => packet.event === 'welcome') && packets().some(({ packet }) => packet.event === 'file-size'));
    control.send({ type: 'inspect-disconnect', runId: 's1' });
    expect(await control.waitFor('inspect-closed')).toMatchObject({ error: null });

    const captures = decodedCaptures(control);
    // Polling first: HTTP exchanges carrying Engine.IO (the open packet), then one WebSocket.
    const polls = captures.filter(({ events }) => events.some((event) => event.type === 'http') && !events.some((event) => event.type === 'websocket-open'));
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(captures.some(({ events }) => events.some((event) => event.type === 'engine.io' && event.transport === 'polling' && event.packet.type === 'open'))).toBe(true);
    const upgraded = captures.filter(({ events }) => events.some((event) => event.type === 'websocket-open'));
    expect(upgraded).toHaveLength(1);
    expect(upgraded[0]!.events.some((event) => event.type === 'engine.io' && event.packet.type === 'upgrade')).toBe(true);
    const seen = packets();
    expect(seen.find(({ packet }) => packet.event === 'hello')).toMatchObject({ direction: 'client-to-server', packet: { args: ['민지'] } });
    expect(seen.find(({ packet }) => packet.typeName === 'ACK' && packet.id === seen.find(({ packet: p }) => p.event === 'hello')?.packet.id)?.packet.args).toEqual([{ greeting: '안녕, 민지' }]);
    expect(seen.find(({ packet }) => packet.event === 'file')?.packet.args).toEqual([new Uint8Array([0, 255, 0, 255])]);
    expect(seen.find(({ packet }) => packet.event === 'file-size')?.packet.args).toEqual([4, new Uint8Array([1, 2, 3])]);
    expect(seen.find(({ packet }) => packet.event === 'welcome')).toMatchObject({ direction: 'server-to-client', packet: { nsp: '/admin', args: ['admin'] } });
    await control.close();
    await io.close();
  });
});

/** The decoded events with their times left out (the two ends read the same bytes at different moments). */
const timeless = (events: ConnectionEvent[]) => JSON.parse(JSON.stringify(events, (key, value: unknown) => (key === 't' || /time$/i.test(key) ? undefined : value))) as unknown;

describe('the same connection seen from both ends', () => {
  it('inspecting the course’s own /ws/echo decodes to exactly the events its endpoint recorded', async () => {
    const control = await page();
    const tag = String(control.welcome.captureTag);
    // The address carries the page's tag (?pg=), so the course's endpoint records this connection too: one TCP
    // connection, recorded by the inspector's tap at the client end and by the course's tap at the server end.
    control.send({ type: 'inspect-connect', runId: 'both', capture: 'mine', url: `${server.wsUrl}/ws/echo?pg=${tag}`, mode: 'websocket' });
    await control.waitFor('inspect-open');
    control.send({ type: 'inspect-send', runId: 'both', message: { kind: 'text', text: '양쪽에서 본 말' } });
    control.send({ type: 'inspect-send', runId: 'both', message: { kind: 'binary', hex: '00 01 fe ff' } });
    control.send({ type: 'inspect-send', runId: 'both', message: { kind: 'ping', text: '핑' } });
    control.send({ type: 'inspect-send', runId: 'both', message: { kind: 'close', code: 4001, reason: '끝' } });
    await control.waitFor('inspect-closed');
    await waitUntil('both captures ended', () => control.all('capture-end').length >= 2);
    const captures = decodedCaptures(control);
    const mine = captures.find(({ target }) => target.startsWith('내 서버 '));
    const course = captures.find(({ target }) => target === '/ws/echo');
    expect(mine, JSON.stringify(captures.map(({ target }) => target))).toBeDefined();
    expect(course).toBeDefined();
    expect(texts(course!.events)).toEqual(['client-to-server:양쪽에서 본 말', 'server-to-client:양쪽에서 본 말']);
    expect(timeless(mine!.events)).toEqual(timeless(course!.events));
    await control.close();
  });

  it('inspecting the course’s own Socket.IO endpoint (the address’s query goes along): the same Engine.IO and Socket.IO packets its endpoint recorded', async () => {
    const control = await page();
    const tag = String(control.welcome.captureTag);
    control.send({ type: 'inspect-connect', runId: 'sio', capture: 'mine', url: `${server.origin}/?pg=${tag}`, mode: 'socket.io' });
    await control.waitFor('inspect-open');
    await control.waitFor('inspect-transport', (m) => m.transport === 'websocket');
    control.send({ type: 'inspect-send', runId: 'sio', message: { kind: 'emit', event: 'chat', args: '["양쪽", {"$hex":"0102"}]' } });
    const packets = (mine: boolean) =>
      decodedCaptures(control)
        .filter(({ target }) => target.startsWith('내 서버 ') === mine)
        .flatMap(({ events }) => events.flatMap((event) => (event.type === 'engine.io' || event.type === 'socket.io' ? [JSON.stringify(timeless([event]))] : [])))
        .sort();
    await waitUntil('the chat event recorded at both ends', () => [true, false].every((mine) => packets(mine).some((packet) => packet.includes('"chat"'))));
    control.send({ type: 'inspect-disconnect', runId: 'sio' });
    await control.waitFor('inspect-closed');
    await waitUntil('every capture ended', () => control.all('capture-end').length === control.all('capture-open').length);
    expect(packets(false).length).toBeGreaterThan(5);
    expect(packets(true)).toEqual(packets(false));
    await control.close();
  });
});
