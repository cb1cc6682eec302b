import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import { openControl } from '../helpers/control.ts';
import { TestClient } from '../helpers/ws.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** A lesson page's control channel, with its capture tag (what ?pg= carries). */
async function control() {
  const page = await openControl(server.origin);
  return Object.assign(page, { tag: page.welcome.captureTag });
}

async function roundTrip(echo: TestClient, text: string): Promise<number> {
  const started = performance.now();
  const before = echo.messages.length;
  echo.ws.send(text);
  await echo.waitFor(before + 1, 20_000);
  return performance.now() - started;
}

describe('network conditions on a playground’s own connections', () => {
  it('adds latency both ways to a tagged echo, and only to it', async () => {
    const page = await control();
    const tagged = await TestClient.open(`${server.wsUrl}/ws/echo?pg=${page.tag}.pg1`);
    const other = await TestClient.open(`${server.wsUrl}/ws/echo`);
    page.send({ type: 'set-conditions', capture: 'pg1', latencyMs: 1000, bytesPerSecond: 0 });
    expect(await page.waitFor('conditions')).toMatchObject({ latencyMs: 1000 });
    // The other connection is not held back: sent after the tagged one, its echo comes back first.
    const arrived: string[] = [];
    const delayed = roundTrip(tagged, 'a').then((ms) => (arrived.push('tagged'), ms));
    await roundTrip(other, 'b').then(() => arrived.push('other'));
    expect(await delayed).toBeGreaterThanOrEqual(2000 - 10);
    expect(arrived).toEqual(['other', 'tagged']);
    page.send({ type: 'set-conditions', capture: 'pg1', latencyMs: 0, bytesPerSecond: 0 });
    await page.waitFor('conditions', (m) => m.latencyMs === 0);
    // Without the latency the round trip is shorter than the latency alone would make it.
    expect(await roundTrip(tagged, 'c')).toBeLessThan(2000);
    for (const c of [tagged, other, page.client]) c.ws.close();
  });

  it('caps bandwidth: 64 KB at 32 KB/s each way takes seconds, not milliseconds', async () => {
    const page = await control();
    const tagged = await TestClient.open(`${server.wsUrl}/ws/echo?pg=${page.tag}.pg2`);
    page.send({ type: 'set-conditions', capture: 'pg2', latencyMs: 0, bytesPerSecond: 32 * 1024 });
    await page.waitFor('conditions');
    const elapsed = await roundTrip(tagged, 'x'.repeat(60 * 1024));
    expect(elapsed).toBeGreaterThan(2500);
    expect(tagged.texts.at(-1)).toBe('x'.repeat(60 * 1024));
    for (const c of [tagged, page.client]) c.ws.close();
  }, 40_000);

  it('cuts a playground’s connections without a close frame (the client sees 1006)', async () => {
    const page = await control();
    const tagged = await TestClient.open(`${server.wsUrl}/ws/echo?pg=${page.tag}.pg3`);
    page.send({ type: 'cut', capture: 'pg3' });
    expect(await page.waitFor('cut')).toMatchObject({ connections: 1 });
    expect((await tagged.closed).code).toBe(1006);
    page.client.ws.close();
  });

  it('silences a playground’s connections: they stay open, every byte either way is lost, and a new connection works', async () => {
    const page = await control();
    const silenced = await TestClient.open(`${server.wsUrl}/ws/chat?pg=${page.tag}.pg7`);
    await silenced.waitFor(1); // its own "joined" notice
    page.send({ type: 'cut', capture: 'pg7', silent: true });
    expect(await page.waitFor('cut')).toMatchObject({ connections: 1, silent: true });
    silenced.ws.send('from the silenced one');
    const heard = silenced.messages.length;
    // A connection made after the silence (a new NAT mapping) works, under the same tag.
    const fresh = await TestClient.open(`${server.wsUrl}/ws/chat?pg=${page.tag}.pg7`);
    await fresh.waitFor(1);
    fresh.ws.send('from the new one');
    await fresh.waitFor(2);
    expect(fresh.texts.at(-1)).toMatch(/from the new one$/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The server never got the silenced one's message, and the silenced one got nothing since.
    expect(fresh.texts.some((text) => text.endsWith('from the silenced one'))).toBe(false);
    expect(silenced.messages.length).toBe(heard);
    // Neither end was told: no close frame, no FIN.
    expect(silenced.ws.readyState).toBe(silenced.ws.OPEN);
    for (const c of [silenced, fresh, page.client]) c.ws.terminate();
  });

  it('pings a playground’s connections from the server; the client answers with a pong', async () => {
    const page = await control();
    const tagged = await TestClient.open(`${server.wsUrl}/ws/echo?pg=${page.tag}.pg4`);
    const pinged = new Promise<void>((resolve) => tagged.ws.once('ping', () => resolve()));
    page.send({ type: 'ping', capture: 'pg4' });
    expect(await page.waitFor('ping')).toMatchObject({ connections: 1 });
    await pinged;
    await roundTrip(tagged, 'still fine');
    expect(tagged.texts.at(-1)).toBe('still fine');
    for (const c of [tagged, page.client]) c.ws.close();
  });

  it('sends a learner’s hand-written handshake to the server and reports the answer', async () => {
    const page = await control();
    page.send({ type: 'raw-request', capture: 'pg5', text: 'GET /ws/echo HTTP/1.1\nHost: x\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Version: 8\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' });
    const reply = await page.waitFor('raw-response');
    expect(String(reply['text'])).toMatch(/^HTTP\/1\.1 426 Upgrade Required\r\n/);
    expect(String(reply['text'])).toContain('Sec-WebSocket-Version: 13');
    page.send({ type: 'raw-request', capture: 'pg6', text: 'GET /ws/echo HTTP/1.1\nHost: x\nUpgrade: websocket\nConnection: Upgrade\nSec-WebSocket-Version: 13\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\n\n' });
    const accepted = await page.waitFor('raw-response', (m) => m.capture === 'pg6');
    expect(accepted.text).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    page.client.ws.close();
  });
});
