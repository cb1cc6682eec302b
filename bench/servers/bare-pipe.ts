/**
 * The floor of any proxy in a process of its own: accepts TCP and pipes each connection, both ways, to the port in
 * BENCH_PIPE_TO (net.Socket pipe(), nothing read, recorded or filtered).
 */
import { connect, createServer, type AddressInfo } from 'node:net';
import { serveBenchIpc } from './bench-ipc.ts';

const target = Number(process.env['BENCH_PIPE_TO']);
const server = createServer((socket) => {
  const upstream = connect(target, '127.0.0.1');
  socket.pipe(upstream);
  upstream.pipe(socket);
  socket.on('error', () => upstream.destroy());
  upstream.on('error', () => socket.destroy());
  socket.once('close', () => upstream.destroy());
  upstream.once('close', () => socket.destroy());
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
serveBenchIpc((server.address() as AddressInfo).port, () => new Promise((resolve) => server.close(() => resolve())));
