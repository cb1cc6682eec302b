import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestServer } from '../../helpers/server.ts';
import { socketIoClient } from '../../helpers/socket-io-client.ts';
import { waitUntil } from '../../helpers/wait.ts';

/**
 * One Socket.IO message used to end the whole process: the seed chat handler turned the payload
 * into a string with nothing to catch a throw (`String({ toString: 1 })` is a TypeError). Any page
 * can send it, from `Origin: null` too, which the endpoint must keep accepting for the lessons'
 * sandboxed frames.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const connect = () => socketIoClient(server.origin, { transports: ['websocket'] });

/** The chat still works for someone else: a fresh client's message comes back to it. */
async function chatStillAnswers(): Promise<void> {
  const witness = await connect();
  witness.socket.emit('message', '아직 살아 있나요?');
  await waitUntil('the witness’s own message', () => witness.messages.includes(`${witness.socket.id}: 아직 살아 있나요?`));
  witness.socket.disconnect();
}

/** Payloads that cannot be turned into a string the plain way, or are built to hurt. */
const hostile: Array<[string, unknown[]]> = [
  ['toString that is not a function', [{ toString: 1 }]],
  ['toString and valueOf that are not functions', [{ toString: 1, valueOf: 1 }]],
  ['Symbol.toPrimitive-like keys and __proto__', [JSON.parse('{"__proto__":{"toString":1},"valueOf":[]}')]],
  ['an array holding such an object', [[{ toString: 'x' }]]],
  ['deep nesting', [JSON.parse('['.repeat(2000) + ']'.repeat(2000))]],
  ['a binary attachment', [new Uint8Array([1, 2, 3])]],
  ['several arguments and a callback-looking object', [{ toString: 1 }, { toJSON: 1 }, null]],
];

describe('Socket.IO chat: hostile payloads never take the server down', () => {
  it.each(hostile)('through socket.io-client: %s', async (_name, args) => {
    const attacker = await connect();
    attacker.socket.emit('message', ...args);
    await chatStillAnswers();
    attacker.socket.disconnect();
  });

  it('through a raw Engine.IO WebSocket from Origin: null', async () => {
    const ws = new WebSocket(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket`, { headers: { Origin: 'null' } });
    const received: string[] = [];
    ws.on('message', (data) => received.push(String(data)));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await waitUntil('the Engine.IO open packet', () => received.some((packet) => packet.startsWith('0{')));
    ws.send('40');
    await waitUntil('the Socket.IO CONNECT answer', () => received.some((packet) => packet.startsWith('40')));
    for (const payload of ['{"toString":1}', '{"toString":{},"valueOf":{}}', '[{"toString":"x"}]']) ws.send(`42["message",${payload}]`);
    await chatStillAnswers();
    ws.close();
  });

  it('an ordinary object still reads as the seed server would print it', async () => {
    const sender = await connect();
    sender.socket.emit('message', { text: '안녕' });
    await waitUntil('the seed’s own rendering of an object', () => sender.messages.includes(`${sender.socket.id}: [object Object]`));
    expect(sender.messages).toContain(`${sender.socket.id}: [object Object]`);
    sender.socket.disconnect();
  });
});
