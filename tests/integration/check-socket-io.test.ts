import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { probeSocketIo, type TextSocket } from '../../src/playground/check-socket-io.ts';

/** The checks' own Socket.IO client, against a real socket.io server (the seed's kind, with an /admin namespace). */
let http: HttpServer;
let io: Server;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  http = createServer();
  io = new Server(http, { pingInterval: 100, pingTimeout: 200 });
  io.on('connection', (socket) => {
    socket.emit('message', `환영합니다, ${String(socket.handshake.auth['nickname'] ?? '손님')}`);
    socket.on('join', (room: string, callback: (room: string) => void) => {
      void socket.join(room);
      callback(room);
    });
    socket.on('say', (text: string) => io.emit('said', { from: socket.id, text }));
  });
  const admin = io.of('/admin');
  admin.use((socket, next) => (socket.handshake.auth['token'] === 'admin-secret' ? next() : next(new Error('관리자만 들어올 수 있습니다'))));
  admin.on('connection', (socket) => socket.emit('message', '관리자 화면입니다.'));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  await io.close();
});

const open = (onText: (text: string) => void): Promise<TextSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/socket.io/?EIO=4&transport=websocket`);
    sockets.push(ws);
    ws.on('message', (data, isBinary) => {
      if (!isBinary) onText(data.toString());
    });
    ws.once('open', () => resolve({ send: (text) => ws.send(text), close: () => ws.close() }));
    ws.once('error', reject);
  });

describe('probeSocketIo', () => {
  it('connects to "/" with auth, receives events, and gets acknowledgements', async () => {
    const probe = await probeSocketIo(open, { auth: { nickname: '앨리스' } });
    expect(probe.connectError).toBeNull();
    expect(probe.id).toMatch(/\S+/);
    expect(await probe.waitForEvent('message')).toEqual(['환영합니다, 앨리스']);
    expect(await probe.emitWithAck('join', '로비')).toEqual(['로비']);
    probe.emit('say', '안녕하세요');
    expect(await probe.waitForEvent('said', ([said]) => (said as { text: string }).text === '안녕하세요')).toEqual([{ from: probe.id, text: '안녕하세요' }]);
    expect(probe.received('said')).toHaveLength(1);
    probe.close();
  });

  it('reports a namespace middleware’s refusal as connectError, and lets the right token in', async () => {
    const guest = await probeSocketIo(open, { namespace: '/admin', auth: {} });
    expect(guest.id).toBeNull();
    expect(guest.connectError).toEqual({ message: '관리자만 들어올 수 있습니다' });
    const admin = await probeSocketIo(open, { namespace: '/admin', auth: { token: 'admin-secret' } });
    expect(admin.connectError).toBeNull();
    expect(await admin.waitForEvent('message')).toEqual(['관리자 화면입니다.']);
    guest.close();
    admin.close();
  });

  it('answers the server’s pings, so a session outlives several ping intervals', async () => {
    const probe = await probeSocketIo(open);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await probe.emitWithAck('join', '아직 있나요')).toEqual(['아직 있나요']);
    probe.close();
  });

  it('gives up on an acknowledgement the server never sends (null); an unknown namespace is a connectError', async () => {
    const probe = await probeSocketIo(open);
    expect(await probe.emitWithAck('no-such-event')).toBeNull();
    probe.close();
    const nowhere = await probeSocketIo(open, { namespace: '/nowhere' });
    expect(nowhere.connectError).toEqual({ message: 'Invalid namespace' });
    nowhere.close();
  });
});
