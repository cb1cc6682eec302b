import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type PerMessageDeflateOptions } from 'ws';
import { computeAccept } from '../../../../protocol/wire/accept.ts';
import { createConnectionDecoder, type ConnectionEvent } from '../../../../protocol/wire/connection.ts';
import type { Direction } from '../../../../protocol/wire/constants.ts';
import type { DecodedFrame } from '../../../../protocol/wire/frame.ts';
import { headerValue } from '../../../../protocol/wire/http-head.ts';
import { startRelay, within, type RecordedConnection, type Relay } from '../../../helpers/recording-relay.ts';
import { waitUntil } from '../../../helpers/wait.ts';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(cleanups.map((cleanup) => cleanup()));
});

interface Sent {
  data: string | Uint8Array;
  /** Sent as two frames: the first half with fin: false. */
  fragmented?: boolean;
}

interface Recording {
  connection: RecordedConnection;
  events: ConnectionEvent[];
  /** What each peer's library handed to the application. */
  serverGot: Array<{ data: Buffer; isBinary: boolean }>;
  clientGot: Array<{ data: Buffer; isBinary: boolean }>;
}

const CLOSE_REASON = '끝';

function send(socket: WebSocket, message: Sent): void {
  if (!message.fragmented) {
    socket.send(message.data);
    return;
  }
  const middle = Math.floor(message.data.length / 2);
  socket.send(message.data.slice(0, middle), { fin: false });
  socket.send(message.data.slice(middle), { fin: true });
}

/**
 * Runs one conversation between a real `ws` client and server through the recording relay:
 * messages both ways, a ping from each side (answered by the library), then a close with a code and
 * a reason. Returns the bytes as recorded and as decoded.
 */
async function converse(fromClient: Sent[], fromServer: Sent[], deflate: PerMessageDeflateOptions | false): Promise<Recording> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: deflate });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const relay: Relay = await startRelay(address.port);
  cleanups.push(async () => {
    await relay.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const serverGot: Recording['serverGot'] = [];
  const clientGot: Recording['clientGot'] = [];
  let pongs = 0;
  server.on('connection', (socket) => {
    socket.on('error', () => {});
    socket.on('message', (data, isBinary) => serverGot.push({ data: Buffer.concat([data].flat() as Buffer[]), isBinary }));
    socket.on('pong', () => pongs++);
    for (const message of fromServer) send(socket, message);
    socket.ping('sp');
  });
  const client = new WebSocket(`ws://127.0.0.1:${relay.port}/chat`, { perMessageDeflate: deflate === false ? false : { threshold: 0 } });
  client.on('error', () => {});
  client.on('message', (data, isBinary) => clientGot.push({ data: Buffer.concat([data].flat() as Buffer[]), isBinary }));
  client.on('pong', () => pongs++);
  await within(new Promise((resolve) => client.once('open', resolve)), 5000, 'open');
  for (const message of fromClient) send(client, message);
  client.ping('p');
  await waitUntil('every message and both pongs arrived', () => serverGot.length === fromClient.length && clientGot.length === fromServer.length && pongs === 2, 5000);
  client.close(4000, CLOSE_REASON);
  const connection = relay.connections[0];
  if (connection === undefined) throw new Error('the relay saw no connection');
  await within(connection.closed, 5000, 'the connection to close');

  const decoder = createConnectionDecoder();
  const events = connection.chunks.flatMap((chunk) => decoder.push(chunk.direction, chunk.bytes, chunk.time));
  events.push(...decoder.end('client-to-server'), ...decoder.end('server-to-client'));
  return { connection, events, serverGot, clientGot };
}

const framesOf = (events: ConnectionEvent[], direction: Direction): DecodedFrame[] =>
  events.flatMap((event) => (event.type === 'frame' && event.direction === direction ? [event.frame] : []));
const messagesOf = (events: ConnectionEvent[], direction: Direction) =>
  events.flatMap((event) => (event.type === 'message' && event.direction === direction ? [event] : []));
const asText = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
/** What the application received, as the decoder should report it. */
const expected = (sent: Sent[]) => sent.map((message) => (typeof message.data === 'string' ? message.data : [...message.data]));
const decoded = (messages: ReturnType<typeof messagesOf>) => messages.map((event) => (event.message.opcodeName === 'text' ? event.text?.value : [...event.data]));
const problemsIn = (events: ConnectionEvent[]) => events.flatMap((event) => {
  if (event.type === 'problem') return [event.problem.code];
  if (event.type === 'frame') return event.frame.problems.map((problem) => problem.code);
  if (event.type === 'message') return event.problems.map((problem) => problem.code);
  return [];
});

/** Checks what every conversation must show, compressed or not. */
async function expectConversation(recording: Recording, fromClient: Sent[], fromServer: Sent[]): Promise<void> {
  const { events } = recording;
  expect(problemsIn(events)).toEqual([]);
  const [request, response] = events.flatMap((event) => (event.type === 'http' ? [event.head] : []));
  expect(request).toMatchObject({ kind: 'request', method: 'GET', target: '/chat' });
  expect(response).toMatchObject({ kind: 'response', status: 101 });
  if (request === undefined || response === undefined) return;
  expect(headerValue(response, 'sec-websocket-accept')).toBe(await computeAccept(headerValue(request, 'sec-websocket-key') ?? ''));

  const clientFrames = framesOf(events, 'client-to-server');
  const serverFrames = framesOf(events, 'server-to-client');
  expect(clientFrames.every((frame) => frame.masked && frame.maskingKey?.length === 4)).toBe(true);
  expect(serverFrames.every((frame) => !frame.masked)).toBe(true);

  expect(decoded(messagesOf(events, 'client-to-server'))).toEqual(expected(fromClient));
  expect(decoded(messagesOf(events, 'server-to-client'))).toEqual(expected(fromServer));
  // The decoder agrees with what ws itself delivered.
  expect(messagesOf(events, 'client-to-server').map((event) => [...event.data])).toEqual(recording.serverGot.map((got) => [...got.data]));
  expect(messagesOf(events, 'server-to-client').map((event) => [...event.data])).toEqual(recording.clientGot.map((got) => [...got.data]));
  expect(messagesOf(events, 'client-to-server').map((event) => event.message.frameCount)).toEqual(fromClient.map((message) => (message.fragmented ? 2 : 1)));

  // Each side pings once and answers the other's ping; which goes first depends on timing. The close comes last.
  const control = (frames: DecodedFrame[]) => frames.filter((frame) => frame.opcode >= 0x8).map((frame) => [frame.opcodeName, frame.opcodeName === 'close' ? frame.close : asText(frame.payload)]);
  const pingPong = (frames: DecodedFrame[]) => control(frames).slice(0, -1).sort((x, y) => String(x[0]).localeCompare(String(y[0])));
  expect(pingPong(clientFrames)).toEqual([['ping', 'p'], ['pong', 'sp']]);
  expect(pingPong(serverFrames)).toEqual([['ping', 'sp'], ['pong', 'p']]);
  // ws answers a close by echoing its code and reason (RFC 6455 §5.5.1).
  const close = ['close', { code: 4000, codeValid: true, reason: CLOSE_REASON, reasonValid: true }];
  expect(control(clientFrames).at(-1)).toEqual(close);
  expect(control(serverFrames).at(-1)).toEqual(close);
}

describe('decoding a real ws conversation recorded between the peers', () => {
  const fromClient: Sent[] = [{ data: 'hello' }, { data: Uint8Array.of(1, 2, 3) }, { data: 'frag-ment', fragmented: true }];
  const fromServer: Sent[] = [{ data: 'welcome' }, { data: Uint8Array.of(9, 8, 7) }, { data: '서버에서 온 조각', fragmented: true }];

  it('recovers the handshake, every frame and message, the pings and pongs, and the close code and reason', async () => {
    const recording = await converse(fromClient, fromServer, false);
    await expectConversation(recording, fromClient, fromServer);
    expect(recording.events.some((event) => event.type === 'websocket-open' && event.deflate === null)).toBe(true);
  });

  const repetitive = 'WebSocket 놀이터에서 같은 말을 되풀이합니다. '.repeat(20);
  const compressible: Sent[] = [{ data: repetitive }, { data: repetitive }, { data: new Uint8Array(2000).fill(7) }, { data: repetitive, fragmented: true }];

  it.each([
    ['with context takeover', { threshold: 0 }, false],
    ['without context takeover', { threshold: 0, serverNoContextTakeover: true, clientNoContextTakeover: true }, true],
  ] as const)('inflates permessage-deflate messages %s back to what was sent', async (_case, options, noTakeover) => {
    const recording = await converse(compressible, compressible, options);
    await expectConversation(recording, compressible, compressible);
    const open = recording.events.find((event) => event.type === 'websocket-open');
    expect(open).toMatchObject({ deflate: { serverNoContextTakeover: noTakeover, clientNoContextTakeover: noTakeover } });
    for (const direction of ['client-to-server', 'server-to-client'] as const) {
      const messages = messagesOf(recording.events, direction);
      expect(messages.every((event) => event.message.compressed && event.inflated)).toBe(true);
      expect(messages[0]?.message.size).toBeLessThan(repetitive.length / 4);
      const first = messages[0]?.message.size ?? 0;
      const second = messages[1]?.message.size ?? 0;
      // The same text again: with the window kept it is mostly a back-reference; from a fresh window it compresses the same.
      if (noTakeover) expect(second).toBe(first);
      else expect(second).toBeLessThan(first / 2);
      const frames = framesOf(recording.events, direction).filter((frame) => frame.opcode < 0x8);
      expect(frames.map((frame) => frame.rsv1)).toEqual([true, true, true, true, false]);
    }
  });
});
