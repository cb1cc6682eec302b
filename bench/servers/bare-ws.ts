/** Baseline: a bare `ws` echo server, nothing else (same maxPayload as ours). */
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { serveBenchIpc } from './bench-ipc.ts';

const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', maxPayload: 64 * 1024, perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
await new Promise((resolve) => wss.once('listening', resolve));
serveBenchIpc((wss.address() as AddressInfo).port, () => new Promise((resolve) => wss.close(() => resolve())));
