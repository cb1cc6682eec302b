import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeChunkBatch } from '../../protocol/capture.ts';
import { createConnectionDecoder, type ConnectionEvent } from '../../protocol/wire/connection.ts';
import { openControl, type ControlPage } from '../helpers/control.ts';
import { startTestServer } from '../helpers/server.ts';
import { waitUntil } from '../helpers/wait.ts';
import { TestClient } from '../helpers/ws.ts';

/**
 * The proxy reads the learner's server into a buffer it reuses (sandbox-proxy.ts, upstreamReader): these flood a
 * browser that is not reading, so the proxy's writes back up, and check that every byte still arrives as it was sent
 * — a reused buffer overwritten under a pending write would garble the messages that waited.
 */
const FLOOD_SERVER = `const WebSocket = require("ws");
const wss = new WebSocket.Server({ port: 8080 });
wss.on("connection", (socket) => {
  socket.on("message", (message) => {
    // [count, size, spaced]: \`count\` messages of \`size\` bytes, at once or one per turn of the event loop.
    const [count, size, spaced] = JSON.parse(String(message));
    const send = (i) => {
      const bytes = Buffer.alloc(size, i % 251);
      bytes.writeUInt32BE(i, 0);
      socket.send(bytes);
    };
    if (!spaced) for (let i = 0; i < count; i++) send(i);
    else {
      let i = 0;
      const next = () => { if (i < count) { send(i++); setImmediate(next); } };
      next();
    }
  });
});
`;
// Big messages fill every buffer between us and the browser; then small ones, one by one, arrive in small reads
// while the proxy's writes to the browser wait under the socket's high-water mark (write() still returns true).
const FLOODS: Array<[count: number, size: number, spaced: boolean]> = [
  [100, 65536, false],
  [2000, 4096, false],
  [500, 100, true],
];

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function flood(page: ControlPage, capture?: string): Promise<void> {
  const runId = page.runServer({ 'server.js': FLOOD_SERVER }, capture ? { capture } : {});
  const listening = await page.waitFor('server-listening', (m) => m['runId'] === runId);
  const client = await TestClient.open(`${server.wsUrl}${String(listening['base'])}/8080/`, { headers: { Origin: 'null' } });
  // Not reading for a while: the learner's server keeps sending, the proxy's writes to us queue up.
  // The floods follow one another without reading between them, so the small ones meet the backed-up writes.
  client.ws.pause();
  for (const flood of FLOODS) client.ws.send(JSON.stringify(flood));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  // Then reading in fits and starts, as over a slow link: the proxy's writes keep finding the socket full.
  const total = FLOODS.reduce((sum, [count]) => sum + count, 0);
  const stutter = setInterval(() => (client.ws.isPaused ? client.ws.resume() : client.ws.pause()), 5);
  await client.waitFor(total, 60_000).finally(() => clearInterval(stutter));
  client.ws.resume();
  let at = 0;
  for (const [count, size] of FLOODS) {
    const garbled = client.messages.slice(at, at + count).flatMap(({ data }, i) => {
      const whole = data.length === size && data.readUInt32BE(0) === i && data.subarray(4).every((byte) => byte === i % 251);
      return whole ? [] : [i];
    });
    expect(garbled, `${count} messages of ${size} bytes`).toEqual([]);
    at += count;
  }
  client.ws.close();
  await client.closed;
}

/**
 * A learner's server whose first connection stops reading (ws.pause()) until a second connection says "go", then
 * checks every message the first one was sent ([count, size]: message i is `size` bytes of i % 251 after i as 4
 * bytes) and answers how many came and how many were not as sent.
 */
const STALLED_SERVER = `const WebSocket = require("ws");
const wss = new WebSocket.Server({ port: 8080 });
let held = null;
wss.on("connection", (socket) => {
  if (held) {
    socket.on("message", () => held.resume());
    return;
  }
  held = socket;
  socket.pause();
  let count = 0, size = 0, n = 0, bad = 0;
  socket.on("message", (message) => {
    if (count === 0) {
      [count, size] = JSON.parse(String(message));
      return;
    }
    const whole = message.length === size && message.readUInt32BE(0) === n && message.subarray(4).equals(Buffer.alloc(size - 4, n % 251));
    if (!whole) bad++;
    if (++n === count) socket.send(JSON.stringify({ n, bad }));
  });
});
`;

describe('bytes through the sandbox proxy', () => {
  it('arrive whole and in order when the browser reads slower than the learner’s server sends', async () => {
    const page = await openControl(server.origin);
    await flood(page);
    await page.close();
  }, 90_000);

  it('arrive whole and in order on a playground’s connection slowed by network conditions (its writes are held, then let out)', async () => {
    const page = await openControl(server.origin);
    page.send({ type: 'set-conditions', capture: 'slow', latencyMs: 30, bytesPerSecond: 0 });
    await page.waitFor('conditions');
    await flood(page, 'slow');
    await page.close();
  }, 90_000);

  it.each([
    { capture: '', what: 'no network conditions' },
    { capture: 'slow', what: 'a playground slowed by network conditions (its delayed reads used to resume the socket)' },
  ])('wait on the browser\'s side while the learner\'s server does not read (the proxy stops reading too), then arrive whole: $what', async ({ capture }) => {
    const page = await openControl(server.origin);
    if (capture) {
      page.send({ type: 'set-conditions', capture, latencyMs: 30, bytesPerSecond: 0 });
      await page.waitFor('conditions');
    }
    const runId = page.runServer({ 'server.js': STALLED_SERVER }, capture ? { capture } : {});
    const listening = await page.waitFor('server-listening', (m) => m['runId'] === runId);
    const url = `${server.wsUrl}${String(listening['base'])}/8080/`;
    const client = await TestClient.open(url, { headers: { Origin: 'null' } });
    const [count, size] = [64, 1024 * 1024];
    client.ws.send(JSON.stringify([count, size]));
    for (let i = 0; i < count; i++) {
      const message = Buffer.alloc(size, i % 251);
      message.writeUInt32BE(i, 0);
      client.ws.send(message);
    }
    // Until sending stalls: the kernel's buffers and one read of ours hold a few MiB; a proxy that read on regardless
    // would take all 64 MiB off the browser and hold them.
    let last = -1;
    let since = Date.now();
    await waitUntil('the browser\'s sending stalls', () => {
      const now = client.ws.bufferedAmount;
      if (now !== last) [last, since] = [now, Date.now()];
      return Date.now() - since > 1000;
    }, 60_000);
    expect(client.ws.bufferedAmount).toBeGreaterThan((count * size) / 4);
    const other = await TestClient.open(url, { headers: { Origin: 'null' } });
    other.ws.send('go');
    await client.waitFor(1, 60_000);
    expect(JSON.parse(client.texts[0] ?? '')).toEqual({ n: count, bad: 0 });
    client.ws.close();
    other.ws.close();
    await Promise.all([client.closed, other.closed]);
    // Stopped before the next test: a visitor's address may run 4 servers at once.
    page.send({ type: 'stop-server', runId });
    await page.waitFor('server-exit', (m) => m['runId'] === runId);
    await page.close();
  }, 120_000);

  it('are recorded for the page both ways: the learner’s server’s 101 and its frames, which no longer pass as \'data\' events', async () => {
    const page = await openControl(server.origin);
    page.send({ type: 'capture-watch' });
    const runId = page.runServer({ 'server.js': FLOOD_SERVER });
    const listening = await page.waitFor('server-listening', (m) => m['runId'] === runId);
    const client = await TestClient.open(`${server.wsUrl}${String(listening['base'])}/8080/`, { headers: { Origin: 'null' } });
    client.ws.send(JSON.stringify([2, 8, false]));
    await client.waitFor(2);
    client.ws.close();
    await client.closed;
    const open = await page.waitFor('capture-open', (m) => String(m['target']).includes(':8080'));
    await page.waitFor('capture-end', (m) => m['id'] === open['id']);
    const decoder = createConnectionDecoder();
    const events: ConnectionEvent[] = [];
    for (const batch of page.client.messages.filter((m) => m.isBinary)) {
      for (const record of decodeChunkBatch(batch.data)) if (String(record.id) === open['id']) events.push(...decoder.push(record.direction, record.bytes, record.t));
    }
    const opened = events.find((event) => event.type === 'websocket-open');
    expect(opened?.type === 'websocket-open' && opened.response.status).toBe(101);
    const frames = events.flatMap((event) => (event.type === 'frame' ? [`${event.direction}:${event.frame.opcode}:${event.frame.payloadLength}`] : []));
    expect(frames).toEqual(expect.arrayContaining(['client-to-server:1:11', 'server-to-client:2:8', 'server-to-client:2:8']));
    await page.close();
  });
});
