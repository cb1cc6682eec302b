import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../../playground-server/app.ts';
import { parseConfig } from '../../../playground-server/config.ts';
import { createLogger } from '../../../playground-server/log.ts';
import { makeFixtureSite } from '../../helpers/server.ts';
import { TestClient } from '../../helpers/ws.ts';

/**
 * What the server logs at info level while learners chat and run code: one JSON line per event,
 * the events an operator needs (connections opened and closed, limits hit), and never what anyone
 * wrote.
 */
const SECRET = `비밀-${randomUUID()}`;
const lines: string[] = [];
let app: RunningApp;
let wsUrl: string;
let origin: string;

beforeAll(async () => {
  const config = parseConfig({
    port: 0,
    logLevel: 'info',
    buildIfStale: false,
    distDir: await makeFixtureSite(),
    limits: { rateBurst: 5, ratePerSecond: 1 },
    sandbox: { listenTimeoutMs: 5000 },
  });
  app = await startApp(config, createLogger('info', (line) => lines.push(line)));
  wsUrl = `ws://127.0.0.1:${app.port}`;
  origin = `http://127.0.0.1:${app.port}`;

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
  const control = await TestClient.open(`${wsUrl}/_playground?session=${randomUUID()}`, { headers: { Origin: origin } });
  const code = `console.log(${JSON.stringify(SECRET)}); setTimeout(() => { throw new Error(${JSON.stringify(SECRET)}); }, 50); require("node:http").createServer().listen(8080);`;
  control.ws.send(JSON.stringify({ type: 'run-server', runId: 'r', entry: 'server.js', files: { 'server.js': code } }));
  control.ws.send(`{"type":"${SECRET}"}`);
  const deadline = Date.now() + 8000;
  while (!control.texts.some((text) => text.includes('"server-exit"')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(control.texts.some((text) => text.includes(SECRET))).toBe(true);
  control.ws.close();
  await control.closed;
  await new Promise((resolve) => setTimeout(resolve, 100));
});
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
