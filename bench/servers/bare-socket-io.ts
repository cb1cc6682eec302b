/** Baseline: a bare socket.io server with the seed's chat semantics, nothing else. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { serveBenchIpc } from './bench-ipc.ts';

const http = createServer();
const io = new Server(http, { maxHttpBufferSize: 64 * 1024, perMessageDeflate: false });
io.on('connection', (socket) => {
  io.emit('message', `${socket.id} 님이 연결되었습니다.`);
  socket.on('message', (msg: unknown) => io.emit('message', `${socket.id}: ${String(msg)}`));
  socket.on('disconnect', () => socket.broadcast.emit('message', `${socket.id} 님의 연결이 끊어졌습니다.`));
});
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
serveBenchIpc((http.address() as AddressInfo).port, async () => {
  await io.close();
});
