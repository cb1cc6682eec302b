import { createServer, type Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { createConnectionDecoder, type ConnectionEvent } from '../../../../protocol/wire/connection.ts';
import type { EngineIoPacket } from '../../../../protocol/wire/engine-io.ts';
import type { SocketIoPacket } from '../../../../protocol/wire/socket-io.ts';
import { startRelay, within, type RecordedConnection } from '../../../helpers/recording-relay.ts';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(cleanups.map((cleanup) => cleanup()));
});

interface Session {
  /** Every recorded TCP connection, decoded on its own. */
  decoded: Array<{ connection: RecordedConnection; events: ConnectionEvent[] }>;
  sid: string;
  ackReply: unknown;
}

/**
 * A Socket.IO server and client talking through the recording relay: the server greets, the client
 * emits with an acknowledgement, the server sends binary. `transports` is what the client may use.
 */
async function converse(transports: Array<'polling' | 'websocket'>): Promise<Session> {
  const http: HttpServer = createServer();
  const server = new Server(http);
  server.on('connection', (socket) => {
    socket.emit('welcome', '어서 오세요', { n: 1 });
    socket.on('chat', (message: string, ack: (reply: string) => void) => {
      ack(`받음: ${message}`);
      socket.emit('bin', Uint8Array.of(1, 2, 3), 'tail');
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const relay = await startRelay(address.port);
  let client: ClientSocket | null = null;
  cleanups.push(async () => {
    client?.disconnect();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await relay.close();
  });

  client = connectClient(`http://127.0.0.1:${relay.port}`, { transports, forceNew: true, reconnection: false });
  const socket = client;
  const welcomed = new Promise<void>((resolve) => socket.once('welcome', () => resolve()));
  const gotBinary = new Promise<void>((resolve) => socket.once('bin', () => resolve()));
  await within(new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  }), 5000, 'connect');
  if (transports.includes('polling')) {
    await within(new Promise<void>((resolve) => {
      if (socket.io.engine.transport.name === 'websocket') resolve();
      else socket.io.engine.once('upgrade', () => resolve());
    }), 5000, 'the upgrade to WebSocket');
  }
  await within(welcomed, 5000, 'welcome');
  const ackReply = await within(socket.timeout(5000).emitWithAck('chat', '안녕'), 5000, 'ack');
  await within(gotBinary, 5000, 'bin');
  const sid = socket.io.engine.id;
  socket.disconnect();
  const websocket = relay.connections.find((connection) => connection.chunks.some((chunk) => new TextDecoder().decode(chunk.bytes.subarray(0, 200)).includes('transport=websocket')));
  if (websocket !== undefined) await within(websocket.closed, 5000, 'the WebSocket connection to close');

  const decoded = relay.connections.map((connection) => {
    const decoder = createConnectionDecoder();
    const events = connection.chunks.flatMap((chunk) => decoder.push(chunk.direction, chunk.bytes, chunk.time));
    return { connection, events };
  });
  return { decoded, sid, ackReply };
}

const all = (session: Session): ConnectionEvent[] => session.decoded.flatMap(({ events }) => events);
const engineIo = (events: ConnectionEvent[]) => events.flatMap((event) => (event.type === 'engine.io' && event.packet.type !== 'error' ? [{ direction: event.direction, transport: event.transport, packet: event.packet }] : []));
const socketIoPackets = (events: ConnectionEvent[]): Array<{ direction: string; packet: SocketIoPacket }> =>
  events.flatMap((event) => (event.type === 'socket.io' && event.event.type === 'packet' ? [{ direction: event.direction, packet: event.event.packet }] : []));
const errorsIn = (events: ConnectionEvent[]) => events.flatMap((event) => {
  if (event.type === 'problem') return [event.problem.code];
  if (event.type === 'engine.io' && event.packet.type === 'error') return [event.packet.problem.code];
  if (event.type === 'socket.io' && event.event.type === 'error') return [event.event.problem.code];
  if (event.type === 'frame') return event.frame.problems.map((problem) => problem.code);
  return [];
});
const openPacket = (packets: Array<{ packet: EngineIoPacket }>): EngineIoPacket | undefined => packets.find(({ packet }) => packet.type === 'open')?.packet;

/** What every session shows, whatever the transport: the events, the ack, the binary attachment. */
function expectSocketIoConversation(session: Session): void {
  const events = all(session);
  expect(errorsIn(events)).toEqual([]);
  expect(session.ackReply).toBe('받음: 안녕');
  const packets = socketIoPackets(events);
  const summary = packets.map(({ direction, packet }) => `${direction === 'client-to-server' ? 'C' : 'S'} ${packet.typeName} ${JSON.stringify(packet.event)}`);
  expect(summary).toEqual(expect.arrayContaining(['C CONNECT null', 'S CONNECT null', 'S EVENT "welcome"', 'C EVENT "chat"', 'S ACK null', 'S BINARY_EVENT "bin"', 'C DISCONNECT null']));
  const byEvent = (name: string) => packets.find(({ packet }) => packet.event === name)?.packet;
  expect(byEvent('welcome')?.args).toEqual(['어서 오세요', { n: 1 }]);
  const chat = byEvent('chat');
  expect(chat).toMatchObject({ args: ['안녕'], nsp: '/' });
  expect(chat?.id).toEqual(expect.any(Number));
  expect(packets.find(({ packet }) => packet.typeName === 'ACK')?.packet).toMatchObject({ id: chat?.id, args: ['받음: 안녕'] });
  expect(byEvent('bin')).toMatchObject({ attachments: 1, args: [Uint8Array.of(1, 2, 3), 'tail'] });
  const header = events.find((event) => event.type === 'socket.io' && event.event.type === 'binary-header');
  expect(header).toMatchObject({ event: { packet: { event: 'bin', args: [{ _placeholder: true, num: 0 }, 'tail'] } } });
  expect(events.find((event) => event.type === 'socket.io' && event.event.type === 'attachment')).toMatchObject({ event: { index: 0, of: 1, bytes: Uint8Array.of(1, 2, 3) } });
  // The server's CONNECT answer carries the Socket.IO id (not the Engine.IO sid).
  expect(packets.find(({ direction, packet }) => direction === 'server-to-client' && packet.typeName === 'CONNECT')?.packet.data).toEqual({ sid: expect.any(String) });
}

describe('decoding real Socket.IO sessions recorded between the peers', () => {
  it('recovers the open packet, the events, the ack and the binary attachment over WebSocket only', async () => {
    const session = await converse(['websocket']);
    expect(session.decoded).toHaveLength(1);
    expectSocketIoConversation(session);
    const packets = engineIo(all(session));
    expect(packets.every(({ transport }) => transport === 'websocket')).toBe(true);
    expect(openPacket(packets)).toMatchObject({ open: { sid: session.sid, upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1_000_000 } });
    const [request] = all(session).flatMap((event) => (event.type === 'http' && event.head.kind === 'request' ? [event.head] : []));
    expect(request?.target).toMatch(/^\/socket\.io\/\?EIO=4&transport=websocket/);
  });

  it('recovers the polling handshake and the 2probe / 3probe / 5 upgrade sequence when polling upgrades to WebSocket', async () => {
    const session = await converse(['polling', 'websocket']);
    expectSocketIoConversation(session);
    const events = all(session);
    const polling = engineIo(events).filter(({ transport }) => transport === 'polling');
    expect(openPacket(polling)).toMatchObject({ open: { sid: session.sid, upgrades: ['websocket'] } });

    const websocket = session.decoded.find(({ events: decoded }) => decoded.some((event) => event.type === 'websocket-open'));
    expect(websocket).toBeDefined();
    const request = websocket?.events.find((event) => event.type === 'websocket-open');
    expect(request).toMatchObject({ request: { target: expect.stringContaining(`sid=${session.sid}`) } });
    const overWebSocket = engineIo(websocket?.events ?? []).map(({ direction, packet }) => `${direction === 'client-to-server' ? 'C' : 'S'} ${packet.type}${packet.probe ? ' probe' : ''}`);
    // The probe comes first on the new transport; after the upgrade packet the session continues there.
    expect(overWebSocket.slice(0, 3)).toEqual(['C ping probe', 'S pong probe', 'C upgrade']);
    expect(overWebSocket.slice(3)).toEqual(expect.arrayContaining(['C message', 'S message']));
  });
});
