import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { Server as SocketIoServer } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { decodeChunkBatch } from '../../../protocol/capture.ts';
import { createConnectionDecoder, type ConnectionEvent } from '../../../protocol/wire/connection.ts';
import { openControl, type ControlPage } from '../../helpers/control.ts';
import { selfSignedCertificate } from '../../helpers/self-signed.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { waitUntil } from '../../helpers/wait.ts';

/**
 * wss:// and https:// targets: the playground server speaks TLS to the learner's server, shows the TLS facts and
 * records the bytes after decryption. A self-signed certificate is refused before a byte of the request is sent,
 * unless the learner allows it for that address.
 */

let server: TestServer;
let tls: HttpsServer;
let port = 0;
/** Upgrade requests and plain requests the TLS server received (the refused connection must add none). */
let requestsSeen = 0;
const listening = (s: HttpsServer | TcpServer) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

beforeAll(async () => {
  server = await startTestServer();
  tls = createHttpsServer({ ...selfSignedCertificate(), ALPNProtocols: ['http/1.1'] });
  tls.on('request', () => requestsSeen++);
  tls.on('upgrade', () => requestsSeen++);
  const wss = new WebSocketServer({ noServer: true });
  const io = new SocketIoServer(tls);
  io.on('connection', (socket) => socket.on('ping-me', (ack: (reply: string) => void) => ack('pong over TLS')));
  // Socket.IO takes /socket.io/; the rest is a plain echo WebSocket.
  tls.on('upgrade', (req, socket, head) => {
    if (req.url?.startsWith('/socket.io/')) return;
    wss.handleUpgrade(req, socket, head, (ws) => ws.on('message', (data) => ws.send(`secure echo: ${data.toString()}`)));
  });
  port = await listening(tls);
});
afterAll(async () => {
  tls.closeAllConnections();
  tls.close();
  await server.close();
});

async function page(): Promise<ControlPage> {
  const control = await openControl(server.origin);
  control.send({ type: 'capture-watch' });
  return control;
}

function decoded(control: ControlPage): ConnectionEvent[][] {
  const decoders = new Map<string, { decoder: ReturnType<typeof createConnectionDecoder>; events: ConnectionEvent[] }>();
  for (const message of control.client.messages) {
    if (!message.isBinary) {
      const parsed = JSON.parse(message.data.toString()) as { type: string; id?: string };
      if (parsed.type === 'capture-open') decoders.set(parsed.id!, { decoder: createConnectionDecoder(), events: [] });
      continue;
    }
    for (const record of decodeChunkBatch(message.data)) {
      const entry = decoders.get(String(record.id));
      entry?.events.push(...entry.decoder.push(record.direction, record.bytes, record.t));
    }
  }
  return [...decoders.values()].map(({ events }) => events);
}

describe('a wss:// target with a self-signed certificate', () => {
  it('is refused with INSPECT_TLS_UNTRUSTED and the certificate facts, before any byte of the request', async () => {
    const control = await page();
    const before = requestsSeen;
    control.send({ type: 'inspect-connect', runId: 'u', capture: 'c', url: `wss://localhost:${port}/`, mode: 'websocket', headers: [['Authorization', 'Bearer secret']] });
    const facts = await control.waitFor('inspect-tls');
    expect(facts.tls).toMatchObject({ trusted: false, untrustedReason: 'DEPTH_ZERO_SELF_SIGNED_CERT', subject: expect.stringContaining('CN=localhost'), issuer: expect.stringContaining('CN=localhost') });
    expect(await control.waitFor('inspect-closed', (m) => m.runId === 'u')).toMatchObject({ error: { code: 'INSPECT_TLS_UNTRUSTED' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requestsSeen).toBe(before);
    await control.close();
  });

  it('allowed for that address: connects, shows protocol, cipher and ALPN, and records the frames after decryption', async () => {
    const control = await page();
    control.send({ type: 'inspect-connect', runId: 't', capture: 'c', url: `wss://localhost:${port}/secure`, mode: 'websocket', trustCertificate: true });
    const facts = await control.waitFor('inspect-tls');
    expect(facts.tls).toMatchObject({ protocol: 'TLSv1.3', alpn: 'http/1.1', trusted: false, cipher: expect.stringMatching(/^TLS_/) });
    expect(facts.tls.validTo).not.toBe('');
    expect(facts.tls.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    await control.waitFor('inspect-open');
    control.send({ type: 'inspect-send', runId: 't', message: { kind: 'text', text: '비밀 아닌 말' } });
    await waitUntil('the decrypted echo in the capture', () =>
      decoded(control).some((events) => events.some((event) => event.type === 'message' && event.text?.value === 'secure echo: 비밀 아닌 말')),
    );
    const events = decoded(control).find((list) => list.some((event) => event.type === 'websocket-open'))!;
    const open = events.find((event) => event.type === 'websocket-open');
    expect(open?.type === 'websocket-open' && open.request?.target).toBe('/secure');
    // The capture carries the same facts (shown in the ‘핸드셰이크’ tab, kept in an exported file).
    expect(control.all('capture-open').map((message) => message.tls)).toEqual([facts.tls]);
    control.send({ type: 'inspect-disconnect', runId: 't' });
    await control.waitFor('inspect-closed');
    await control.close();
  });

  it('an https:// Socket.IO server, allowed: polling then the upgrade, and an acknowledgement, all over TLS', async () => {
    const control = await page();
    control.send({ type: 'inspect-connect', runId: 's', capture: 'c', url: `https://localhost:${port}`, mode: 'socket.io', trustCertificate: true });
    await control.waitFor('inspect-open');
    await control.waitFor('inspect-transport', (m) => m.transport === 'websocket');
    control.send({ type: 'inspect-send', runId: 's', message: { kind: 'emit', event: 'ping-me', args: '[]', ack: true } });
    expect(await control.waitFor('inspect-ack')).toMatchObject({ args: '["pong over TLS"]', timedOut: false });
    const all = decoded(control).flat();
    expect(all.some((event) => event.type === 'engine.io' && event.transport === 'polling' && event.packet.type === 'open')).toBe(true);
    control.send({ type: 'inspect-disconnect', runId: 's' });
    await control.waitFor('inspect-closed');
    await control.close();
  });

  it('a port that does not speak TLS: INSPECT_TLS_FAILED', async () => {
    const plain = createTcpServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const plainPort = await listening(plain);
    const control = await page();
    control.send({ type: 'inspect-connect', runId: 'p', capture: 'c', url: `wss://127.0.0.1:${plainPort}/`, mode: 'websocket' });
    expect(await control.waitFor('inspect-closed', (m) => m.runId === 'p')).toMatchObject({ error: { code: 'INSPECT_TLS_FAILED' } });
    await control.close();
    plain.close();
  });
});
