import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../playground-server/log.ts';
import { openControl } from '../../helpers/control.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { waitUntil } from '../../helpers/wait.ts';
import { TestClient } from '../../helpers/ws.ts';

/**
 * What the server logs at info level while learners chat and run code: one JSON line per event,
 * the events an operator needs (connections opened and closed, limits hit), and never what anyone
 * wrote.
 */
const SECRET = `비밀-${randomUUID()}`;
const lines: string[] = [];
let app: TestServer;

beforeAll(async () => {
  app = await startTestServer(
    { logLevel: 'info', limits: { rateBurst: 5, ratePerSecond: 1 }, sandbox: { listenTimeoutMs: 5000 } },
    { logger: createLogger('info', (line) => lines.push(line)) },
  );
  const { wsUrl, origin } = app;

  // /ws/chat and /ws/echo, text and binary.
  const chat = await TestClient.open(`${wsUrl}/ws/chat`);
  chat.ws.send(`채팅 ${SECRET}`);
  chat.ws.send(Buffer.from(`바이너리 ${SECRET}`));
  await chat.waitFor(3);
  const echo = await TestClient.open(`${wsUrl}/ws/echo`);
  echo.ws.send(`에코 ${SECRET}`);
  await echo.waitFor(1);
  // Over the rate limit, and over the size limit, with the secret inside.
  for (let i = 0; i < 10; i++) echo.ws.send(`도배 ${SECRET}`);
  await echo.closed;
  const big = await TestClient.open(`${wsUrl}/ws/echo`);
  big.ws.send(`${SECRET}${'x'.repeat(70_000)}`);
  await big.closed;
  chat.ws.close();
  await chat.closed;

  // Socket.IO over polling and WebSocket.
  for (const transports of [['polling'], ['websocket']]) {
    const socket = io(origin, { transports, reconnection: false });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const back = new Promise<void>((resolve) => socket.on('message', (text: string) => text.includes(SECRET) && resolve()));
    socket.emit('message', `소켓 ${SECRET}`);
    await back;
    socket.close();
  }

  // A learner's server that prints the secret, then crashes with it in the error.
  const control = await openControl(origin);
  const code = `console.log(${JSON.stringify(SECRET)}); setTimeout(() => { throw new Error(${JSON.stringify(SECRET)}); }, 50); require("node:http").createServer().listen(8080);`;
  control.runServer({ 'server.js': code });
  control.client.ws.send(`{"type":"${SECRET}"}`);
  await control.waitFor('server-exit');
  expect(control.client.texts.some((text) => text.includes(SECRET))).toBe(true);
  await control.close();
  // Every connection's close is logged (the server may write it after the client saw the close).
  const closed = (endpoint: string) => events().filter((e) => e['event'] === 'connection_close' && e['endpoint'] === endpoint).length;
  await waitUntil('every close is logged', () => closed('control') === 1 && closed('socket.io') === 2 && closed('chat') === 1 && closed('echo') === 2, 10_000, () => JSON.stringify(['control', 'socket.io', 'chat', 'echo'].map(closed)));
}, 60_000);
afterAll(() => app.close());

const events = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('info-level logs', () => {
  it('never contain a message, learner code or its output', () => {
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter((line) => line.includes(SECRET) || line.includes(SECRET.slice(3)))).toEqual([]);
  });

  it('are one JSON object per line, with time, level and event', () => {
    for (const line of lines) {
      expect(line).not.toContain('\n');
      expect(JSON.parse(line)).toMatchObject({ time: expect.any(String), level: expect.stringMatching(/^(error|warn|info)$/), event: expect.any(String) });
    }
  });

  it('record each connection opened and closed, with its endpoint, the peer’s close code and the one the server sent', () => {
    const opened = events().filter((e) => e['event'] === 'connection_open').map((e) => e['endpoint']);
    expect(opened).toEqual(expect.arrayContaining(['chat', 'echo', 'socket.io', 'control']));
    expect(events()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ event: 'connection_close', endpoint: 'chat', code: 1005 }),
        expect.objectContaining({ event: 'connection_close', endpoint: 'echo', sent: 1008 }),
        expect.objectContaining({ event: 'connection_close', endpoint: 'echo', sent: 1009 }),
        expect.objectContaining({ event: 'connection_close', endpoint: 'socket.io', reason: expect.any(String) }),
      ]),
    );
  });

  it('record the limits that were hit, with their code', () => {
    expect(events()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ event: 'limit_hit', endpoint: 'echo', code: 'RATE_LIMITED', closeCode: 1008 }),
        expect.objectContaining({ event: 'ws_client_error', endpoint: 'echo', code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' }),
        expect.objectContaining({ event: 'sandbox_exit', reason: 'crashed' }),
      ]),
    );
  });
});
