import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SHAPED_QUEUE } from '../../../playground-server/net-conditions.ts';
import { openControl } from '../../helpers/control.ts';
import { upgradeRequest } from '../../helpers/raw.ts';
import { startTestServer } from '../../helpers/server.ts';
import { waitUntil } from '../../helpers/wait.ts';
import { TestClient } from '../../helpers/ws.ts';

/**
 * A page's network conditions delay or slow its own connections by holding their bytes in the server (found by the
 * hostile pass, issue 17). Nothing bounded what was held: a /ws/chat listener slowed to 1,000 bytes/s was written
 * everything the chat said (held for hours, out of sight of the slow-reader check), and with latency alone the server
 * read whatever a client sent as fast as it came and held it for the delay. Now reading stops past MAX_SHAPED_QUEUE
 * waiting to be let in (the sender's buffers fill, as on a slow link), and a connection that would have more than that
 * waiting to go out is dropped.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ limits: { rateBurst: 1000, ratePerSecond: 1000, addressMessagesPerSecond: 0, addressBytesPerSecond: 0 } });
});
afterAll(() => server.close());

describe('what network conditions hold in the server', () => {
  it('a slowed chat listener is dropped once more than the limit waits for it; the chat goes on', async () => {
    const page = await openControl(server.origin);
    page.send({ type: 'set-conditions', capture: 'slow', latencyMs: 0, bytesPerSecond: 1000 });
    await page.waitFor('conditions');
    const listener = await TestClient.open(`${server.wsUrl}/ws/chat?pg=${page.welcome.captureTag}.slow`);
    const talker = await TestClient.open(`${server.wsUrl}/ws/chat`);
    // Each message new, as an attacker's would be: 60 KB, twice the limit in all (two hours at 1,000 bytes/s).
    for (let i = 0; i * 60_000 < 2 * MAX_SHAPED_QUEUE; i += 1) {
      const before = talker.messages.length;
      talker.ws.send(`${i} ${'x'.repeat(60_000)}`);
      await talker.waitFor(before + 1);
    }
    let closed: number | undefined;
    void listener.closed.then(({ code }) => (closed = code));
    await waitUntil('the slowed listener is dropped', () => closed !== undefined, 20_000);
    expect(closed).toBe(1006);
    const before = talker.texts.length;
    talker.ws.send('아직 여기 있어요');
    await waitUntil('the talker hears its own message', () => talker.texts.slice(before).some((text) => text.endsWith(': 아직 여기 있어요')));
    talker.ws.close();
    await page.close();
  }, 60_000);

  it('with latency, the server stops reading past the limit instead of holding all a client sends', async () => {
    const page = await openControl(server.origin);
    page.send({ type: 'set-conditions', capture: 'far', latencyMs: 10_000, bytesPerSecond: 0 });
    await page.waitFor('conditions');
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.on('error', () => {});
    socket.write(upgradeRequest(`/ws/echo?pg=${page.welcome.captureTag}.far`, server.port));
    // Frames whose bytes the server will only look at in 10 s: 32 MiB, far past what the kernel's buffers take.
    const junk = Buffer.alloc(1024 * 1024, 0x82);
    for (let i = 0; i < 32; i += 1) socket.write(junk);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(socket.writableLength).toBeGreaterThan(16 * 1024 * 1024);
    socket.destroy();
    await page.close();
  }, 30_000);
});
