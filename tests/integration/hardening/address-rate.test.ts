import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_REASONS, ERRORS } from '../../../playground-server/errors.ts';
import { LIMIT_EVENT } from '../../../playground-server/limits/socket-io-guard.ts';
import { CONTROL_PATH } from '../../../playground-server/control-channel.ts';
import { DEMO_WS_PATH } from '../../../playground-server/endpoints/demos/ws-demo.ts';
import { SANDBOX_PREFIX } from '../../../playground-server/sandbox-proxy.ts';
import { rawRequest, upgradeRequest } from '../../helpers/raw.ts';
import { startTestServer } from '../../helpers/server.ts';
import { waitUntil } from '../../helpers/wait.ts';
import { TestClient } from '../../helpers/ws.ts';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** Another loopback address: Linux answers the whole 127.0.0.0/8, so a client bound here is a second visitor. */
const OTHER_ADDRESS = '127.0.0.2';
const BIG = 'x'.repeat(45_000);

function sioClient(server: TestServer): Promise<Socket> {
  const socket = io(server.origin, { reconnection: false, transports: ['websocket'] });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const byAddressLimit = (close: { code: number; reason: string } | undefined) =>
  close?.code === 1008 && close.reason === CLOSE_REASONS.ADDRESS_RATE_LIMITED;

/** Each client's close, once it has one. */
function watchCloses(clients: TestClient[]): ({ code: number; reason: string } | undefined)[] {
  const closes: ({ code: number; reason: string } | undefined)[] = clients.map(() => undefined);
  clients.forEach((client, i) => void client.closed.then((close) => (closes[i] = close)));
  return closes;
}

// The per-connection rate is set high enough that no single connection here ever reaches it:
// whatever is refused is refused for the address as a whole.
describe('message rate per address, across all its connections (issue 17: chat fan-out from one address)', () => {
  let server: TestServer;
  beforeAll(async () => {
    // 16 KiB a second, 64 KiB at once: a 45 KB message refills in about 3 s.
    server = await startTestServer({ limits: { rateBurst: 1000, ratePerSecond: 1000, addressMessagesPerSecond: 1000, addressBytesPerSecond: 16 * 1024 } });
  });
  afterAll(() => server.close());

  it('closes chat senders of one address that together go over its byte rate, while another address’s echo goes on', async () => {
    const senders = await Promise.all(Array.from({ length: 8 }, () => TestClient.open(`${server.wsUrl}/ws/chat`)));
    const closes = watchCloses(senders);
    const bystander = await TestClient.open(`${server.wsUrl}/ws/echo`, { localAddress: OTHER_ADDRESS });

    // 8 connections × 5 messages of 45 KB = 1.8 MB from one address: far under each connection's
    // own rate, but more than twenty-five times the address's burst.
    for (let i = 0; i < 5; i++) for (const sender of senders) sender.ws.send(BIG);
    await waitUntil('a sender is closed for its address', () => closes.some(byAddressLimit));
    // Whoever was closed lost the rest of what it sent: the room never heard all 40.
    await waitUntil('every sender has sent or been closed', () => senders.every((s, i) => byAddressLimit(closes[i]) || s.ws.bufferedAmount === 0));
    for (const sender of senders) sender.ws.send('표시');
    const open = senders.filter((_, i) => closes[i] === undefined);
    for (const listener of open) await waitUntil('the marker comes back', () => listener.texts.some((text) => text.endsWith(': 표시')) || closes[senders.indexOf(listener)] !== undefined);
    const heard = Math.max(0, ...open.map((listener) => listener.texts.filter((text) => text.endsWith(BIG)).length));
    expect(heard).toBeLessThan(40);

    // The other address has its own budget: its 45 KB echoes come back and it stays open.
    for (let i = 0; i < 3; i++) await bystander.expectEcho(`${i}${BIG}`);
    expect(bystander.ws.readyState).toBe(bystander.ws.OPEN);
    bystander.ws.close();
    for (const sender of senders) sender.ws.close();
  });

  it('counts Socket.IO and WebSocket together: Socket.IO spends the budget, a WebSocket of the same address is then closed', async () => {
    // One message a second, four at once: what is spent stays spent for as many seconds as messages.
    const server2 = await startTestServer({ limits: { rateBurst: 1000, ratePerSecond: 1000, addressMessagesPerSecond: 1, addressBytesPerSecond: 0 } });
    const sockets = await Promise.all(Array.from({ length: 2 }, () => sioClient(server2)));
    const notices: { code: string; message: string }[] = [];
    for (const socket of sockets) socket.on(LIMIT_EVENT, (notice: { code: string; message: string }) => notices.push(notice));
    for (let i = 0; i < 5; i++) for (const socket of sockets) socket.emit('message', String(i));
    await waitUntil('a Socket.IO sender is told', () => notices.length > 0);
    expect(notices[0]).toEqual({ code: 'ADDRESS_RATE_LIMITED', message: CLOSE_REASONS.ADDRESS_RATE_LIMITED });

    // Four chat messages would fit in a fresh budget; this one is what Socket.IO left (unless 4 s went by).
    const late = await TestClient.open(`${server2.wsUrl}/ws/chat`);
    for (let i = 0; i < 4; i++) late.ws.send(`늦게 ${i}`);
    expect(await late.closed).toEqual({ code: 1008, reason: CLOSE_REASONS.ADDRESS_RATE_LIMITED });
    expect(late.texts.filter((text) => text.includes('늦게')).length).toBeLessThan(4);
    for (const socket of sockets) socket.close();
    await server2.close();
  });

  it('counts messages too: four chat connections under their own rate, together over the address’s, lose what goes over; echo is not counted', async () => {
    const server2 = await startTestServer({ limits: { rateBurst: 1000, ratePerSecond: 1000, addressMessagesPerSecond: 10, addressBytesPerSecond: 0 } });
    const clients = await Promise.all(Array.from({ length: 4 }, () => TestClient.open(`${server2.wsUrl}/ws/chat`)));
    const closes = watchCloses(clients);
    // 4 × 40 = 160 messages: the address may send 40 at once (four seconds' worth).
    for (let i = 0; i < 40; i++) for (const client of clients) client.ws.send(String(i));
    await waitUntil('a client is closed for its address', () => closes.some(byAddressLimit));
    // An echo connection of the same address costs no one else: it is not held to the address's rate.
    const echo = await TestClient.open(`${server2.wsUrl}/ws/echo`);
    for (let i = 0; i < 100; i++) await echo.expectEcho(`에코 ${i}`);
    echo.ws.close();
    // A second address starts with its own budget.
    const other = await TestClient.open(`${server2.wsUrl}/ws/echo`, { localAddress: OTHER_ADDRESS });
    await other.expectEcho('다른 주소');
    other.ws.close();
    for (const client of clients) client.ws.close();
    await server2.close();
  });
});

describe('joins of the chat rooms per address (issue 17: one address opening and closing connections in a loop)', () => {
  it('refuses an address that joins /ws/chat or Socket.IO too often with 429 and a Korean reason; others and echo go on', async () => {
    // One join a second, four at once: twelve joins in a row cannot all get in unless they take 8 s.
    const server = await startTestServer({ limits: { addressJoinsPerSecond: 1 } });
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const client = await TestClient.open(`${server.wsUrl}/ws/chat`).catch(() => null);
      outcomes.push(client === null ? 'refused' : 'joined');
      client?.ws.close();
    }
    for (let i = 0; i < 6; i++) {
      const socket = await sioClient(server).catch(() => null);
      outcomes.push(socket === null ? 'refused' : 'joined');
      socket?.close();
    }
    expect(outcomes.filter((outcome) => outcome === 'refused').length).toBeGreaterThanOrEqual(4);
    const response = await rawRequest(server.port, upgradeRequest('/ws/chat', server.port));
    expect(response.status).toBe(429);
    expect(response.headers.get('x-playground-error')).toBe('TOO_MANY_JOINS');
    expect(response.body.trim()).toBe(ERRORS.TOO_MANY_JOINS.message);
    const polling = await fetch(`${server.origin}/socket.io/?EIO=4&transport=polling`);
    expect(polling.status).toBe(429);
    expect(polling.headers.get('x-playground-error')).toBe('TOO_MANY_JOINS');

    // Another address joins; an echo connection of this one is not a join.
    const other = await TestClient.open(`${server.wsUrl}/ws/chat`, { localAddress: OTHER_ADDRESS });
    other.ws.close();
    const echo = await TestClient.open(`${server.wsUrl}/ws/echo`);
    await echo.expectEcho('에코');
    echo.ws.close();
    await server.close();
  });
});

describe('new connections per address to every endpoint (issue 17: a flood of handshakes from one address)', () => {
  it('refuses handshakes and /_sandbox/ requests opened too often with a short 429 TOO_MANY_OPENS; another address still echoes', async () => {
    // One a second, four at once: of 40 opened together at most 4 get in, plus one for each second they took.
    const server = await startTestServer({ limits: { addressOpensPerSecond: 1 } });
    const upgrades = ['/ws/echo', '/ws/chat', CONTROL_PATH, DEMO_WS_PATH, `${SANDBOX_PREFIX}0/`];
    const requests = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0 ? upgradeRequest(upgrades[(i / 2) % upgrades.length] ?? '/ws/echo', server.port) : `GET ${SANDBOX_PREFIX}0/ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`,
    );
    const started = performance.now();
    const responses = await Promise.all(requests.map((request) => rawRequest(server.port, request)));
    const seconds = (performance.now() - started) / 1000;
    const refused = responses.filter((response) => response.status === 429 && response.headers.get('x-playground-error') === 'TOO_MANY_OPENS');
    expect(responses.length - refused.length).toBeLessThanOrEqual(4 + Math.ceil(seconds));
    for (const response of refused) {
      expect(response.body.trim()).toBe(ERRORS.TOO_MANY_OPENS.message);
      expect(response.closedByServer).toBe(true);
    }
    // Both kinds are counted: 20 of each cannot all get in unless the flood took 16 s.
    const isUpgrade = (i: number) => i % 2 === 0;
    expect(refused.some((response) => isUpgrade(responses.indexOf(response)))).toBe(true);
    expect(refused.some((response) => !isUpgrade(responses.indexOf(response)))).toBe(true);

    const other = await TestClient.open(`${server.wsUrl}/ws/echo`, { localAddress: OTHER_ADDRESS });
    await other.expectEcho('다른 주소');
    other.ws.close();
    // Socket.IO's new sessions are counted as joins, not here.
    const socket = await sioClient(server);
    socket.close();
    await server.close();
  });
});
