import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { io as ioClient } from 'socket.io-client';
import { Server as SocketIoServer } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type ServerOptions } from 'ws';
import { createFrameDecoder, encodeFrame, type DecodedFrame } from '../../protocol/wire/frame.ts';
import { waitUntil } from '../helpers/wait.ts';

/**
 * Facts the lessons teach, derived from the libraries the course runs (ws, socket.io) rather than
 * written down from memory: each test names the lesson whose sentence it protects.
 */

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function wsServer(options: ServerOptions): Promise<{ wss: WebSocketServer; port: number }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', ...options });
  await once(wss, 'listening');
  cleanups.push(() => {
    for (const client of wss.clients) client.terminate();
    return new Promise((resolve) => wss.close(resolve));
  });
  return { wss, port: (wss.address() as AddressInfo).port };
}

/**
 * A WebSocket client written by hand, so the test sees each frame the server sends as it was sent (RSV1,
 * payload size): it offers permessage-deflate and sends its own messages uncompressed (RSV1 0 is allowed).
 */
async function rawDeflateClient(port: number): Promise<{ response: string; frames: DecodedFrame[]; send: (text: string) => void; socket: Socket }> {
  const socket = connect(port, '127.0.0.1');
  cleanups.push(() => socket.destroy());
  await once(socket, 'connect');
  socket.write(
    [
      'GET / HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      // What Chromium offers (handshake lesson, ‘요청 읽기’).
      'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits',
      '',
      '',
    ].join('\r\n'),
  );
  const decoder = createFrameDecoder({ direction: 'server-to-client', perMessageDeflate: true });
  const frames: DecodedFrame[] = [];
  let head = Buffer.alloc(0);
  let response = '';
  socket.on('data', (chunk: Buffer) => {
    let bytes = chunk;
    if (response === '') {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      response = head.subarray(0, end).toString('latin1');
      bytes = head.subarray(end + 4);
    }
    for (const event of decoder.push(bytes)) if (event.type === 'frame') frames.push(event.frame);
  });
  await waitUntil('the server answers the upgrade', () => response !== '');
  const send = (text: string) => socket.write(encodeFrame({ opcode: 1, payload: text, maskingKey: new Uint8Array([1, 2, 3, 4]) }));
  return { response, frames, send, socket };
}

describe('핸드셰이크 › 확장: permessage-deflate — what ws compresses', () => {
  const LONG = '압축해 보세요. '.repeat(60); // 1,260 bytes: above ws's default threshold (1024)
  const SHORT = '안녕'; // 6 bytes

  async function echoes(options: ServerOptions['perMessageDeflate']): Promise<{ response: string; frames: DecodedFrame[] }> {
    const { wss, port } = await wsServer({ perMessageDeflate: options });
    wss.on('connection', (socket) => socket.on('message', (data) => socket.send(data.toString())));
    const client = await rawDeflateClient(port);
    for (const text of [LONG, LONG, SHORT]) client.send(text);
    await waitUntil('three echoes', () => client.frames.length >= 3);
    return { response: client.response, frames: client.frames };
  }

  it('with context takeover (the default negotiation) ws compresses every message, whatever its size: threshold is not consulted', async () => {
    const { response, frames } = await echoes({ threshold: 1024 });
    expect(response).toMatch(/^Sec-WebSocket-Extensions: permessage-deflate(?!.*server_no_context_takeover)/m);
    expect(frames.map((frame) => frame.rsv1)).toEqual([true, true, true]);
    const [first, second, short] = frames.map((frame) => frame.payloadLength);
    // The second copy of the same sentence is smaller: the compression context carries over.
    expect(second).toBeLessThan(first ?? 0);
    // Compressed, the 6-byte greeting is no smaller than it was.
    expect(short).toBeGreaterThanOrEqual(Buffer.byteLength(SHORT));
  });

  it('threshold: 0 changes nothing under context takeover (the first edition’s example set it for nothing)', async () => {
    const withZero = await echoes({ threshold: 0 });
    expect(withZero.frames.map((frame) => frame.rsv1)).toEqual([true, true, true]);
  });

  it('with server_no_context_takeover, ws sends messages below threshold uncompressed, and each message is compressed from scratch', async () => {
    const { response, frames } = await echoes({ serverNoContextTakeover: true, threshold: 1024 });
    expect(response).toMatch(/^Sec-WebSocket-Extensions: permessage-deflate;.*server_no_context_takeover/m);
    expect(frames.map((frame) => frame.rsv1)).toEqual([true, true, false]);
    const [first, second, short] = frames.map((frame) => frame.payloadLength);
    expect(second).toBe(first);
    expect(short).toBe(Buffer.byteLength(SHORT));
  });
});

describe('프레임 › 제어 프레임 — ws checks the 125-byte rule before sending', () => {
  async function openPair(): Promise<WebSocket> {
    const { wss, port } = await wsServer({});
    const accepted = once(wss, 'connection') as Promise<[WebSocket]>;
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    client.on('error', () => {});
    cleanups.push(() => client.terminate());
    await once(client, 'open');
    const [server] = await accepted;
    return server;
  }

  it('a close reason may be 123 bytes (125 minus the 2-byte code); 124 throws RangeError', async () => {
    const server = await openPair();
    expect(() => server.close(1000, 'a'.repeat(124))).toThrow(new RangeError('The message must not be greater than 123 bytes'));
    // 41 × 가 = 123 bytes of UTF-8: the longest reason there is room for.
    expect(Buffer.byteLength('가'.repeat(41))).toBe(123);
    expect(() => server.close(1000, '가'.repeat(41))).not.toThrow();
  });

  it('a ping may carry 125 bytes; 126 throws RangeError', async () => {
    const server = await openPair();
    expect(() => server.ping(Buffer.alloc(126))).toThrow(new RangeError('The data size must not be greater than 125 bytes'));
    expect(() => server.ping(Buffer.alloc(125))).not.toThrow();
  });
});

describe('Socket.IO 더 깊이 › Engine.IO 패킷 — who pings', () => {
  it('the server sends every ping (2) and the client answers each with a pong (3); the client never pings', async () => {
    const http: HttpServer = createServer();
    const io = new SocketIoServer(http, { pingInterval: 100, pingTimeout: 1000 });
    cleanups.push(() => io.close());
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const sent: string[] = [];
    const received: string[] = [];
    io.on('connection', (socket) => {
      socket.conn.on('packetCreate', ({ type }: { type: string }) => sent.push(type));
      socket.conn.on('packet', ({ type }: { type: string }) => received.push(type));
    });
    const client = ioClient(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'], reconnection: false });
    cleanups.push(() => client.close());
    const clientSent: string[] = [];
    client.io.on('open', () => client.io.engine.on('packetCreate', ({ type }: { type: string }) => clientSent.push(type)));
    await waitUntil('three heartbeats', () => received.filter((type) => type === 'pong').length >= 3);
    expect(sent.filter((type) => type === 'ping').length).toBeGreaterThanOrEqual(3);
    expect(received).not.toContain('ping');
    expect(clientSent).not.toContain('ping');
    expect(clientSent.filter((type) => type === 'pong').length).toBeGreaterThanOrEqual(3);
  });
});
