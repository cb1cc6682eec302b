import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CLOSE_REASONS, ERRORS } from '../../../playground-server/errors.ts';
import { LIMIT_EVENT } from '../../../playground-server/limits/socket-io-guard.ts';
import { rawRequest, upgradeRequest } from '../../helpers/raw.ts';
import { openControl } from '../../helpers/control.ts';
import { startTestServer } from '../../helpers/server.ts';
import { sleep, waitUntil } from '../../helpers/wait.ts';
import { TestClient } from '../../helpers/ws.ts';
import { clientFrame, RawWsClient } from './raw-ws.ts';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

function sioClient(server: TestServer, options: Parameters<typeof io>[1] = {}): Promise<Socket> {
  const socket = io(server.origin, { reconnection: false, transports: ['websocket'], ...options });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

describe('message rate per connection (token bucket: burst 10, then 5 a second)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ limits: { rateBurst: 10, ratePerSecond: 5 } });
  });
  afterAll(() => server.close());

  it('echoes the burst, then closes the flooder with 1008 and a Korean reason; the others carry on', async () => {
    const bystander = await TestClient.open(`${server.wsUrl}/ws/echo`);
    const flooder = await TestClient.open(`${server.wsUrl}/ws/echo`);
    for (let i = 0; i < 30; i++) flooder.ws.send(`메시지 ${i}`);
    expect(await flooder.closed).toEqual({ code: 1008, reason: CLOSE_REASONS.RATE_LIMITED });
    expect(flooder.texts).toEqual(Array.from({ length: 10 }, (_, i) => `메시지 ${i}`));

    await bystander.expectEcho('저는 괜찮습니다');
    bystander.ws.close();
  });

  it('does not pass a flooder’s extra chat messages on to the room', async () => {
    const listener = await TestClient.open(`${server.wsUrl}/ws/chat`);
    const flooder = await TestClient.open(`${server.wsUrl}/ws/chat`);
    await listener.waitFor(2);
    for (let i = 0; i < 30; i++) flooder.ws.send(`도배 ${i}`);
    expect((await flooder.closed).code).toBe(1008);
    // The room hears in the order the server relays: once the listener's own marker is back, every relayed flood is in.
    listener.ws.send('표시');
    await waitUntil('the marker comes back', () => listener.texts.some((text) => text.endsWith(': 표시')));
    const relayed = listener.texts.filter((text) => text.includes('도배'));
    expect(relayed).toHaveLength(10);
    expect(relayed.at(-1)).toMatch(/도배 9$/);
    listener.ws.close();
  });

  it('lets a sender through for as long as it keeps under the sustained rate', async () => {
    const server2 = await startTestServer({ limits: { rateBurst: 5, ratePerSecond: 100 } });
    const client = await TestClient.open(`${server2.wsUrl}/ws/echo`);
    for (let i = 0; i < 20; i++) {
      client.ws.send(String(i));
      await sleep(20);
    }
    await client.waitFor(20);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
    await server2.close();
  });

  it('counts pings too: a ping flood is closed with 1008', async () => {
    const client = await RawWsClient.open(server.port, '/ws/echo');
    for (let i = 0; i < 20; i++) client.write(clientFrame({ opcode: 0x9, payload: String(i) }));
    expect(await client.closeCode()).toBe(1008);
    expect(client.frames.filter((frame) => frame.opcode === 0xa).length).toBeGreaterThanOrEqual(10);
  });

  it('holds Socket.IO over WebSocket to the same rate: a notice event, then close 1008 with the reason', async () => {
    const client = await RawWsClient.open(server.port, '/socket.io/?EIO=4&transport=websocket');
    await client.waitForFrame((frame) => frame.text?.value.startsWith('0{') === true);
    client.write(clientFrame({ opcode: 0x1, payload: '40' }));
    await client.waitForFrame((frame) => frame.text?.value.startsWith('40{') === true);
    for (let i = 0; i < 20; i++) client.write(clientFrame({ opcode: 0x1, payload: `42["message","도배 ${i}"]` }));
    const close = await client.waitForFrame((frame) => frame.opcode === 0x8);
    expect(close?.close).toMatchObject({ code: 1008, reason: CLOSE_REASONS.RATE_LIMITED });
    const texts = client.frames.map((frame) => frame.text?.value ?? '');
    // "40" took the first token, so nine messages went round the room.
    expect(texts.filter((text) => text.includes('도배'))).toHaveLength(9);
    expect(texts).toContain(`42["${LIMIT_EVENT}",{"code":"RATE_LIMITED","message":"${CLOSE_REASONS.RATE_LIMITED}"}]`);
  });

  it('holds Socket.IO over long polling to the same rate: the notice event, then the session ends', async () => {
    const other = await sioClient(server);
    const flooder = await sioClient(server, { transports: ['polling'] });
    const notice = new Promise<unknown>((resolve) => flooder.once(LIMIT_EVENT, resolve));
    const gone = new Promise<string>((resolve) => flooder.once('disconnect', resolve));
    for (let i = 0; i < 30; i++) flooder.emit('message', `도배 ${i}`);
    expect(await notice).toEqual({ code: 'RATE_LIMITED', message: CLOSE_REASONS.RATE_LIMITED });
    expect(await gone).toMatch(/transport close|io server disconnect/);
    const echoed = new Promise<string>((resolve) => other.on('message', (text: string) => text.endsWith('아직 여기 있어요') && resolve(text)));
    other.emit('message', '아직 여기 있어요');
    expect(await echoed).toMatch(/아직 여기 있어요$/);
    other.close();
  });
});

describe('connections per remote address (cap 3)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ limits: { maxConnectionsPerIp: 3 } });
  });
  afterAll(() => server.close());

  it('refuses a fourth connection from one address with 429 and a Korean body, on every endpoint; other addresses are unaffected', async () => {
    const echo = await TestClient.open(`${server.wsUrl}/ws/echo`);
    const chat = await TestClient.open(`${server.wsUrl}/ws/chat`);
    const sio = await sioClient(server);

    const refused = [
      upgradeRequest('/ws/echo', server.port),
      upgradeRequest('/ws/chat', server.port),
      upgradeRequest('/socket.io/?EIO=4&transport=websocket', server.port),
      upgradeRequest(`/_playground?session=${randomUUID()}`, server.port, { Origin: server.origin }),
      upgradeRequest(`/_sandbox/${randomUUID()}/8080/`, server.port, { Origin: 'null' }),
    ];
    for (const request of refused) {
      const response = await rawRequest(server.port, request);
      expect(response.status, request.split('\r\n')[0]).toBe(429);
      expect(response.headers.get('x-playground-error')).toBe('TOO_MANY_CONNECTIONS');
      expect(response.body.trim()).toBe(ERRORS.TOO_MANY_CONNECTIONS.message);
    }
    const polling = await fetch(`${server.origin}/socket.io/?EIO=4&transport=polling`);
    expect(polling.status).toBe(429);
    expect(await polling.text()).toContain('연결이 너무 많습니다');

    // Another machine (another loopback address) is not affected.
    const elsewhere = await TestClient.open(`${server.wsUrl}/ws/echo`, { localAddress: '127.0.0.2' });
    elsewhere.ws.send('다른 컴퓨터');
    await elsewhere.waitFor(1);
    expect(elsewhere.texts).toEqual(['다른 컴퓨터']);

    // Those already open are unaffected, and a closed one frees its slot.
    echo.ws.send('그대로');
    await echo.waitFor(1);
    echo.ws.close();
    await echo.closed;
    await waitUntil('the server counts the closed one out', () => server.playground.connectionCount() === 3);
    const again = await TestClient.open(`${server.wsUrl}/ws/echo`);
    again.ws.close();
    for (const client of [chat, elsewhere]) client.ws.close();
    sio.close();
  });

  it('lets a Socket.IO session upgrade from polling to WebSocket at the cap: it is one connection', async () => {
    await waitUntil('no connection left', () => server.playground.connectionCount() === 0);
    const a = await TestClient.open(`${server.wsUrl}/ws/echo`);
    const b = await TestClient.open(`${server.wsUrl}/ws/echo`);
    const sio = await sioClient(server, { transports: ['polling', 'websocket'] });
    await waitUntil('the websocket upgrade', () => sio.io.engine.transport.name === 'websocket');
    const echoed = new Promise<string>((resolve) => sio.on('message', (text: string) => text.endsWith('업그레이드') && resolve(text)));
    sio.emit('message', '업그레이드');
    expect(await echoed).toMatch(/업그레이드$/);
    sio.close();
    a.ws.close();
    b.ws.close();
  });
});

// Long enough that a loaded machine, whose timers run late in this one process (server and clients), does not make a
// busy client look idle or a polite one look mute; the tests assert what is closed, and never before its time.
const IDLE_MS = 3000;
const PING_MS = 1000;

describe('idle timeout and heartbeat', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ limits: { idleTimeoutMs: IDLE_MS, pingIntervalMs: PING_MS } });
  });
  afterAll(() => server.close());

  it('closes a silent connection with 1001 and a Korean reason, and keeps the busy ones', async () => {
    // Before the silent one opens: its idle time starts when the server takes it, and the four connections after it
    // take a while on a loaded machine, so a clock started after them measured less than the server waited.
    const started = Date.now();
    const silent = await TestClient.open(`${server.wsUrl}/ws/echo`);
    const chatty = await TestClient.open(`${server.wsUrl}/ws/echo`);
    const reader = await TestClient.open(`${server.wsUrl}/ws/chat`);
    const talker = await TestClient.open(`${server.wsUrl}/ws/chat`);
    const control = (await openControl(server.origin)).client;
    const talk = setInterval(() => {
      chatty.ws.send('아직 있어요');
      talker.ws.send('안녕');
    }, 100);
    expect(await silent.closed).toEqual({ code: 1001, reason: CLOSE_REASONS.IDLE });
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_MS - 20);
    await sleep(600);
    clearInterval(talk);
    // The reader only receives, which counts as activity; an open lesson page's control channel is never idle.
    for (const client of [chatty, reader, talker, control]) expect(client.ws.readyState).toBe(WebSocket.OPEN);
    for (const client of [chatty, reader, talker, control]) client.ws.close();
  });

  it('ends a silent Socket.IO session the same way', async () => {
    const sio = await sioClient(server);
    const started = Date.now();
    const reason = await new Promise<string>((resolve) => sio.once('disconnect', resolve));
    expect(reason).toBe('transport close');
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_MS - 20);
  });

  it('drops a client that stops answering pings (no close frame can reach a vanished peer)', async () => {
    const mute = new TestClient(`${server.wsUrl}/ws/echo`, { autoPong: false });
    const polite = await TestClient.open(`${server.wsUrl}/ws/echo`);
    const keepBusy = setInterval(() => {
      mute.ws.readyState === WebSocket.OPEN && mute.ws.send('x');
      polite.ws.send('x');
    }, 50);
    expect((await mute.closed).code).toBe(1006);
    clearInterval(keepBusy);
    expect(polite.ws.readyState).toBe(WebSocket.OPEN);
    polite.ws.close();
  });
});

describe('back-pressure (stop reading past 256 KiB unsent)', () => {
  /**
   * Sends 40 MB to /ws/echo without reading the echoes; returns what is still stuck in the client once `settled` says
   * so, and how long that took.
   */
  async function floodWithoutReading(maxBufferedBytes: number, settled: (buffered: number, ms: number) => boolean) {
    const server = await startTestServer({ limits: { rateBurst: 100_000, ratePerSecond: 100_000, addressMessagesPerSecond: 0, addressBytesPerSecond: 0, maxBufferedBytes } });
    const client = await TestClient.open(`${server.wsUrl}/ws/echo`);
    client.ws.pause();
    const chunk = Buffer.alloc(64_000, 7);
    const started = Date.now();
    for (let i = 0; i < 640; i++) client.ws.send(chunk);
    await waitUntil('the flood settles', () => settled(client.ws.bufferedAmount, Date.now() - started), 60_000);
    const stuck = client.ws.bufferedAmount;
    const ms = Date.now() - started;
    client.ws.resume();
    await client.waitFor(640, 20_000);
    client.ws.close();
    await server.close();
    return { stuck, ms, echoed: client.messages.length };
  }

  it('stops reading from a client that does not read its echoes, and loses nothing when it reads again', async () => {
    // Without the limit the server swallows everything into its own memory: this run measures how long that takes here.
    const unguarded = await floodWithoutReading(0, (buffered) => buffered < 4 * 1024 * 1024);
    // With it, given twice that time (and at least 1.5 s), the rest still waits in the client.
    const guarded = await floodWithoutReading(256 * 1024, (_, ms) => ms >= Math.max(1500, 2 * unguarded.ms));
    expect(guarded.stuck).toBeGreaterThan(10 * 1024 * 1024);
    expect(guarded.echoed).toBe(640);
  }, 180_000);
});

describe('what the cap counts', () => {
  it('does not count a TCP connection that has not asked for an upgrade (the headers timeout handles those)', async () => {
    const server = await startTestServer({ limits: { maxConnectionsPerIp: 1 } });
    const idle = connect(server.port, '127.0.0.1');
    idle.on('error', () => {});
    await new Promise((resolve) => idle.once('connect', resolve));
    const client = await TestClient.open(`${server.wsUrl}/ws/echo`);
    client.ws.close();
    idle.destroy();
    await server.close();
  });
});
