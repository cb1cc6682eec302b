import { connect, type Socket } from 'node:net';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_REASONS } from '../../../playground-server/errors.ts';
import { upgradeRequest } from '../../helpers/raw.ts';
import { startTestServer } from '../../helpers/server.ts';
import { waitUntil } from '../../helpers/wait.ts';
import { TestClient } from '../../helpers/ws.ts';

/**
 * A /ws/chat client that never reads: everything said in the chat piles up for it on the server.
 * Past WS_MAX_BUFFERED_BYTES unsent, the server closes it (1008) instead of holding more, so the
 * memory it costs is bounded, whatever the other senders' rate.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ limits: { maxBufferedBytes: 64 * 1024, rateBurst: 1000, ratePerSecond: 1000, addressMessagesPerSecond: 0, addressBytesPerSecond: 0 } });
});
afterAll(() => server.close());

describe('/ws/chat and a receiver that never reads', () => {
  it('closes that receiver with 1008 and a Korean reason; the others go on', async () => {
    // The sleeper: a real WebSocket handshake, then it never reads another byte.
    const sleeper = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => sleeper.once('connect', () => resolve()));
    sleeper.write(upgradeRequest('/ws/chat', server.port));
    await new Promise<void>((resolve) => sleeper.once('data', () => resolve()));
    sleeper.pause();
    let sleeperGone = false;
    sleeper.on('close', () => (sleeperGone = true));
    sleeper.on('error', () => {});

    const talker = await TestClient.open(`${server.wsUrl}/ws/chat`);
    const chunk = 'x'.repeat(60_000);
    // Enough for any loopback socket buffer to fill and the rest to pile up on the server.
    for (let i = 0; i < 400 && !sleeperGone; i++) {
      talker.ws.send(chunk);
      if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // The server closed the sleeper (a close frame queued behind what it never read, then the socket).
    sleeper.resume();
    const received: Buffer[] = [];
    sleeper.on('data', (data: Buffer) => received.push(data));
    await waitUntil('the sleeper’s connection ends', () => sleeperGone, 40_000);
    const all = Buffer.concat(received);
    const reason = Buffer.from(CLOSE_REASONS.SLOW_READER, 'utf8');
    const at = all.indexOf(reason);
    expect(at).toBeGreaterThan(4);
    expect(all.readUInt16BE(at - 2)).toBe(1008);
    // The talker is still in the chat.
    const before = talker.texts.length;
    talker.ws.send('아직 여기 있어요');
    await waitUntil('the talker hears its own message', () => talker.texts.slice(before).some((text) => text.endsWith(': 아직 여기 있어요')));
    talker.ws.close();
  }, 60_000);
});

/**
 * The same on Socket.IO (found by the hostile pass, issue 17): every `message` is re-emitted to all, and Engine.IO
 * queues packets for a socket that does not read without a bound until its heartbeat gives up (45 s). Five sockets
 * that never read and ten senders grew the server's RSS by 374 MB in 12 s.
 */
describe('Socket.IO and a receiver that never reads', () => {
  it('ends that receiver’s session (1008, Korean reason); the others go on', async () => {
    const open = () =>
      new Promise<ReturnType<typeof io>>((resolve) => {
        const socket = io(server.origin, { transports: ['websocket'], forceNew: true, reconnection: false });
        socket.once('connect', () => resolve(socket));
      });
    const sleeper = await open();
    const raw = (sleeper.io.engine.transport as unknown as { ws: { _socket: Socket } }).ws._socket;
    raw.pause();
    let closeCode = 0;
    let closeReason = '';
    (sleeper.io.engine.transport as unknown as { ws: { addEventListener(event: 'close', listener: (event: { code: number; reason: string }) => void): void } }).ws.addEventListener('close', (event) => {
      closeCode = event.code;
      closeReason = event.reason;
    });
    const talker = await open();
    const heard: string[] = [];
    talker.on('message', (text: string) => heard.push(text));
    const chunk = 'x'.repeat(60_000);
    const sessions = () => server.playground.socketIo.io.engine.clientsCount;
    // The talker reads: it says the next thing once it has heard the last (so only the sleeper falls behind).
    for (let i = 0; i < 400 && sessions() === 2; i++) {
      const before = heard.length;
      talker.emit('message', chunk);
      await waitUntil('the talker hears itself', () => heard.length > before || sessions() < 2);
    }
    // The server ended the sleeper's session and let go of what it held for it, long before the heartbeat would.
    await waitUntil('the sleeper’s session ends on the server', () => sessions() === 1, 20_000, () => `${sessions()} sessions`);
    raw.resume();
    await waitUntil('the sleeper’s connection closes', () => closeCode !== 0, 20_000);
    expect([closeCode, closeReason]).toEqual([1008, CLOSE_REASONS.SLOW_READER]);
    const before = heard.length;
    talker.emit('message', '아직 여기 있어요');
    await waitUntil('the talker hears its own message', () => heard.slice(before).some((text) => text.endsWith(': 아직 여기 있어요')));
    talker.close();
    sleeper.close();
  }, 60_000);
});
