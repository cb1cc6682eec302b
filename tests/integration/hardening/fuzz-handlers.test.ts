import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestServer } from '../../helpers/server.ts';
import { socketIoClient } from '../../helpers/socket-io-client.ts';
import { waitUntil } from '../../helpers/wait.ts';
import { openControl } from '../../helpers/control.ts';
import { TestClient } from '../../helpers/ws.ts';

/**
 * Every handler a visitor's bytes reach, driven with arbitrary values: JSON-like data with the
 * keys that trip conversions (toString, valueOf, toJSON, __proto__, constructor), deep nesting,
 * long arrays, binary; raw Engine.IO and Socket.IO packets; arbitrary control messages; arbitrary
 * query strings. After each batch a fresh client must still get its echo: no handler may end the
 * process (an uncaught exception would also fail the test run itself).
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  // Generous rate limits: the fuzzer sends fast on purpose, and a rate-limit close is not a crash.
  server = await startTestServer({ limits: { rateBurst: 100_000, ratePerSecond: 100_000, addressMessagesPerSecond: 0, addressBytesPerSecond: 0, addressJoinsPerSecond: 0 } });
});
afterAll(() => server.close());

async function echoStillAnswers(): Promise<void> {
  const client = await TestClient.open(`${server.wsUrl}/ws/echo`);
  await client.expectEcho('살아 있나요?');
  client.ws.close();
}

const trickyKey = fc.constantFrom('toString', 'valueOf', 'toJSON', '__proto__', 'constructor', 'then', 'length', 'message', '');
const leaf = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(1, 'x', {}, []));
const { value: hostileValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(trickyKey, fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 5 }),
  ),
}));
/** Objects nested far deeper than any handler walks. */
const deep = fc.integer({ min: 100, max: 3000 }).map((depth) => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) as unknown);
const longArray = fc.integer({ min: 1000, max: 5000 }).map((length) => Array.from({ length }, (_, i) => i));
const binary = fc.uint8Array({ maxLength: 2048 });
const anyArg = fc.oneof(hostileValue, deep, longArray, binary);

const connectSocketIo = async (): Promise<Socket> => (await socketIoClient(server.origin, { transports: ['websocket'] })).socket;

describe('fuzzing every handler with hostile values', () => {
  it('Socket.IO: any event name, any arguments, with and without an ack', async () => {
    let socket = await connectSocketIo();
    let heard: string[] = [];
    const listen = (s: Socket) => s.on('message', (text: string) => heard.push(text));
    listen(socket);
    let marker = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant('message'), fc.string({ maxLength: 20 })), fc.array(anyArg, { maxLength: 4 }), fc.boolean(), async (event, args, withAck) => {
        if (['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'].includes(event)) return;
        if (!socket.connected) {
          socket = await connectSocketIo();
          heard = [];
          listen(socket);
        }
        if (withAck) socket.timeout(200).emit(event, ...args, () => {});
        else socket.emit(event, ...args);
        // The server handles one connection's packets in order: once our marker comes back, it has
        // handled the fuzzed packet too (or dropped the connection for it).
        const expected = `${socket.id}: 표시 ${++marker}`;
        socket.emit('message', `표시 ${marker}`);
        await waitUntil('the marker comes back, or the connection is dropped', () => heard.includes(expected) || !socket.connected, 15_000);
      }),
      { numRuns: 200 },
    );
    socket.disconnect();
    await echoStillAnswers();
  }, 120_000);

  it('Engine.IO / Socket.IO raw packets from Origin: null', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 200 }),
            fc.constantFrom('42', '42[', '42["message"', '42["message",{"toString":1}]', '451-["message",{"_placeholder":true,"num":0}]', '45999999-["x"]', '43', '40/nope,', '41', '2', '3', '5', '6', '4', '0', '1'),
            hostileValue.map((value) => `42${JSON.stringify(['message', value])}`),
            fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        async (packets) => {
          const ws = new WebSocket(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket`, { headers: { Origin: 'null' } });
          ws.on('error', () => {});
          const opened = await new Promise<boolean>((resolve) => {
            ws.once('open', () => resolve(true));
            ws.once('close', () => resolve(false));
          });
          if (!opened) return;
          ws.send('40');
          for (const packet of packets) if (ws.readyState === ws.OPEN) ws.send(packet);
          await new Promise((resolve) => setTimeout(resolve, 5));
          ws.terminate();
        },
      ),
      { numRuns: 80 },
    );
    await echoStillAnswers();
  }, 90_000);

  it('/ws/echo and /ws/chat: any text and binary', async () => {
    const echo = await TestClient.open(`${server.wsUrl}/ws/echo`);
    const chat = await TestClient.open(`${server.wsUrl}/ws/chat`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 500 }), fc.uint8Array({ maxLength: 500 }).map((bytes) => Buffer.from(bytes))), async (data) => {
        for (const client of [echo, chat]) if (client.ws.readyState === client.ws.OPEN) client.ws.send(data);
      }),
      { numRuns: 300 },
    );
    echo.ws.close();
    chat.ws.close();
    await echoStillAnswers();
  }, 60_000);

  it('the control channel: any JSON message, and what is not JSON', async () => {
    const { client: control } = await openControl(server.origin);
    const messageTypes = fc.constantFrom('run-server', 'stop-server', 'capture-watch', 'set-conditions', 'cut', 'ping', 'raw-request', 'nope');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ type: messageTypes }, { requiredKeys: [] }).chain((base) => fc.dictionary(fc.oneof(trickyKey, fc.string({ maxLength: 10 })), hostileValue, { maxKeys: 6 }).map((rest) => ({ ...rest, ...base }))),
          hostileValue,
          deep,
        ).map((value) => JSON.stringify(value) ?? 'null'),
        async (text) => {
          if (control.ws.readyState === control.ws.OPEN) control.ws.send(text);
        },
      ),
      { numRuns: 300 },
    );
    control.ws.send('{"type":');
    control.ws.send(Buffer.from([0xff, 0x00]));
    await waitUntil('the control channel has answered the garbage', () => control.texts.some((text) => text.includes('CONTROL_BAD_MESSAGE')));
    control.ws.close();
    await echoStillAnswers();
  }, 60_000);

  it('the HTTP and WebSocket demos: any query string and Last-Event-ID', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ maxLength: 20 }), fc.constantFrom('/demo/poll', '/demo/long-poll', '/demo/sse', '/demo/ws'), async (query, lastEventId, path) => {
        const url = `${server.origin}${path}?${encodeURIComponent(query).replace(/%3D/g, '=').replace(/%26/g, '&')}`;
        if (path === '/demo/ws') {
          const ws = new WebSocket(url.replace('http', 'ws'));
          ws.on('error', () => {});
          await new Promise((resolve) => {
            ws.once('open', resolve);
            ws.once('close', resolve);
          });
          ws.terminate();
          return;
        }
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 50);
        await fetch(url, { headers: /^[\x20-\x7e]*$/.test(lastEventId) ? { 'Last-Event-ID': lastEventId } : {}, signal: controller.signal }).then((response) => response.body?.cancel(), () => {});
        clearTimeout(timer);
      }),
      { numRuns: 150 },
    );
    await echoStillAnswers();
  }, 60_000);
});
