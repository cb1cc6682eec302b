import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHttpDemos, parseEvery, parseId, type DemoAnswer, type DemoEvent, type DemoLimits, type HttpDemos } from '../../playground-server/endpoints/http-demos.ts';
import { ERRORS } from '../../playground-server/errors.ts';
import { createLogger } from '../../playground-server/log.ts';
import { startTestServer } from '../helpers/server.ts';
import { waitUntil } from '../helpers/wait.ts';
import { TestClient } from '../helpers/ws.ts';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** From sending the request to the end of the answer. */
  ms: number;
}

interface Pending {
  reply: Promise<Reply>;
  /** Resolves once the answer's head has arrived (for streams). */
  head: Promise<Reply>;
  /** What has arrived of the body so far. */
  received(): string;
  abort(): void;
}

/** One GET on its own connection (no pooling: a held request must not block the next). */
function send(base: string, path: string, options: { headers?: Record<string, string>; localAddress?: string; method?: string } = {}): Pending {
  const url = new URL(path, base);
  const started = performance.now();
  let body = '';
  let onHead: (reply: Reply) => void = () => {};
  const head = new Promise<Reply>((resolve) => (onHead = resolve));
  const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  const reply = new Promise<Reply>((resolve, reject) => {
    req.on('response', (res) => {
      res.setEncoding('utf8');
      const snapshot = (): Reply => ({ status: res.statusCode ?? 0, headers: res.headers, body, ms: performance.now() - started });
      onHead(snapshot());
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(snapshot()));
      res.on('error', reject);
      res.on('aborted', () => resolve(snapshot()));
    });
    req.on('error', reject);
  });
  // A request we abort on purpose rejects; nobody waits on it then.
  reply.catch(() => {});
  req.end();
  return { reply, head, received: () => body, abort: () => req.destroy() };
}

const fetchReply = (base: string, path: string, options: Parameters<typeof send>[2] = {}) => send(base, path, options).reply;
const answerOf = (reply: Reply) => JSON.parse(reply.body) as DemoAnswer;

/** Polls the demo until `check(answer)` holds: time passes on the server's clock, however slow this machine is. */
async function pollUntil(base: string, path: string, check: (answer: DemoAnswer) => boolean): Promise<DemoAnswer> {
  let answer: DemoAnswer | undefined;
  await waitUntil(`${path} answers as expected`, async () => check((answer = answerOf(await fetchReply(base, path)))), 15_000, () => JSON.stringify(answer));
  return answer!;
}

/** The `id:` / `data:` events of a text/event-stream body, in order (HTML Standard §9.2.6). */
function parseEventStream(text: string): Array<{ id: string | undefined; data: DemoEvent }> {
  return text
    .split('\n\n')
    .map((block) => block.split('\n').filter((line) => line !== '' && !line.startsWith(':')))
    .filter((lines) => lines.some((line) => line.startsWith('data: ')))
    .map((lines) => ({
      id: lines.find((line) => line.startsWith('id: '))?.slice(4),
      data: JSON.parse(lines.find((line) => line.startsWith('data: '))?.slice(6) ?? 'null') as DemoEvent,
    }));
}

describe('the demo endpoints on the real server', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('GET /demo/poll answers at once, with CORS for the sandbox ("null" origin), no caching and the request head size', async () => {
    const sentAt = performance.timeOrigin + performance.now();
    const reply = await fetchReply(server.origin, '/demo/poll?every=200', { headers: { Origin: 'null' } });
    const receivedAt = performance.timeOrigin + performance.now();
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBe('*');
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(reply.headers['access-control-expose-headers']).toContain('X-Request-Head-Bytes');
    // The request line and the headers this client sent: "GET /demo/poll?every=200 HTTP/1.1" and three header lines.
    expect(Number(reply.headers['x-request-head-bytes'])).toBeGreaterThan(60);
    const answer = answerOf(reply);
    expect(answer.events).toEqual([]);
    expect(Number.isInteger(answer.last)).toBe(true);
    // `now` is the server's clock when it answered (same machine, same clock).
    expect(answer.now).toBeGreaterThanOrEqual(sentAt - 1);
    expect(answer.now).toBeLessThanOrEqual(receivedAt + 1);
  });

  it('GET /demo/poll?after=<id> returns the events after id, oldest first, each with the server time it happened', async () => {
    const first = answerOf(await fetchReply(server.origin, '/demo/poll?every=100'));
    const answer = await pollUntil(server.origin, `/demo/poll?every=100&after=${first.last}`, (a) => a.events.length >= 2);
    expect(answer.events.map((event) => event.id)).toEqual(answer.events.map((_, i) => first.last + 1 + i));
    expect(answer.last).toBe(answer.events.at(-1)?.id);
    for (const [i, event] of answer.events.entries()) {
      expect(event.at).toBeLessThanOrEqual(answer.now);
      // In the order they happened. (Not a minimum gap: ticks keep their schedule, so a tick a loaded machine fired
      // late is followed by one on time, sooner than `every` — 40.8 ms of 100 was seen.)
      if (i > 0) expect(event.at).toBeGreaterThan(answer.events[i - 1]?.at ?? 0);
    }
    // Asking again with the new cursor: nothing new yet, or only what happened since.
    const again = answerOf(await fetchReply(server.origin, `/demo/poll?every=100&after=${answer.last}`));
    expect(again.events.every((event) => event.id > answer.last)).toBe(true);
  });

  it('rejects a bad after with 400, a stable code and a Korean message the sandbox can read', async () => {
    const { last } = answerOf(await fetchReply(server.origin, '/demo/poll?every=1000'));
    for (const after of ['abc', '-1', '1e3', '01', '1.5', '', `${last + 1000}`, '9999999999999999']) {
      for (const path of ['/demo/poll', '/demo/long-poll']) {
        const reply = await fetchReply(server.origin, `${path}?every=1000&after=${encodeURIComponent(after)}`);
        expect(reply.status, `${path} after=${after}`).toBe(400);
        expect(reply.headers['x-playground-error']).toBe('DEMO_BAD_AFTER');
        expect(reply.headers['access-control-allow-origin']).toBe('*');
        expect(reply.body).toBe(`${ERRORS.DEMO_BAD_AFTER.message}\n`);
      }
    }
    const twice = await fetchReply(server.origin, `/demo/poll?every=1000&after=${last}&after=${last}`);
    expect(twice.headers['x-playground-error']).toBe('DEMO_BAD_AFTER');
  });

  it('rejects every outside 100–10000 ms with 400 DEMO_BAD_EVERY', async () => {
    for (const every of ['99', '10001', 'abc', '500.5', '-500', '']) {
      const reply = await fetchReply(server.origin, `/demo/poll?every=${every}`);
      expect(reply.status, every).toBe(400);
      expect(reply.headers['x-playground-error']).toBe('DEMO_BAD_EVERY');
      expect(reply.body).toContain('100 이상 10000 이하의 정수');
    }
  });

  it('answers an unknown demo path with 404, other methods with 405, and a preflight with 204', async () => {
    const missing = await fetchReply(server.origin, '/demo/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers['access-control-allow-origin']).toBe('*');
    const post = await fetchReply(server.origin, '/demo/poll', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, OPTIONS');
    const preflight = await fetchReply(server.origin, '/demo/sse', { method: 'OPTIONS', headers: { Origin: 'null', 'Access-Control-Request-Headers': 'last-event-id' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-headers']).toContain('Last-Event-ID');
  });

  it('GET /demo/long-poll holds the request until the next event, then answers with it', async () => {
    // A stream of its own (every=1900, started by this poll): its first event is 1.9 s away.
    const { last, now } = answerOf(await fetchReply(server.origin, '/demo/poll?every=1900'));
    const sentAt = performance.timeOrigin + performance.now(); // the clock the demo stamps its events with (tick-stream.ts)
    const reply = await fetchReply(server.origin, `/demo/long-poll?every=1900&after=${last}`);
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBe('*');
    expect(reply.headers['cache-control']).toBe('no-store');
    const answer = answerOf(reply);
    // Answered with the next event alone: held until it happened, and not until the one after.
    expect(answer.events.map((event) => event.id)).toEqual([last + 1]);
    expect(answer.events[0]!.at).toBeGreaterThan(now);
    expect(answer.now).toBeGreaterThanOrEqual(answer.events[0]!.at);
    // The event it answered with happened after the request was sent (same machine, same clock): the server held it.
    // (Not a duration: on a loaded machine the 1.9 s may be mostly gone before the request arrives.)
    expect(answer.events[0]!.at).toBeGreaterThanOrEqual(sentAt);
  });

  it('GET /demo/long-poll answers at once when an event after `after` exists already', async () => {
    const { last } = answerOf(await fetchReply(server.origin, '/demo/poll?every=3000'));
    // Wait (by polling) until event last + 1 has happened; the next one is about three seconds away then.
    await pollUntil(server.origin, `/demo/poll?every=3000&after=${last}`, (seen) => seen.events.length > 0);
    const reply = await fetchReply(server.origin, `/demo/long-poll?every=3000&after=${last}`);
    // Held, it would have answered at the next event, with two events.
    expect(answerOf(reply).events.map((event) => event.id)).toEqual([last + 1]);
  });

  it('holds at most 32 requests per address: the next gets 429, other addresses do not notice, and a slot frees when a client gives up', async () => {
    // SSE streams are admitted when their head arrives, so the test knows when all 32 are held.
    const held = Array.from({ length: 32 }, () => send(server.origin, '/demo/sse?every=10000'));
    for (const pending of held) expect((await pending.head).status).toBe(200);
    const over = await fetchReply(server.origin, '/demo/long-poll?every=10000');
    expect(over.status).toBe(429);
    expect(over.headers['x-playground-error']).toBe('DEMO_TOO_MANY_WAITING');
    expect(over.body).toContain('롱 폴링, SSE');
    expect((await fetchReply(server.origin, '/demo/sse?every=10000')).status).toBe(429);
    const other = send(server.origin, '/demo/sse?every=10000', { localAddress: '127.0.0.2' });
    expect((await other.head).status).toBe(200);
    held[0]?.abort();
    let next: Pending | undefined;
    await waitUntil('a slot is free again', async () => {
      const attempt = send(server.origin, '/demo/sse?every=10000');
      if ((await attempt.head).status === 200) next = attempt;
      return next !== undefined;
    });
    for (const pending of [...held, other, next]) pending?.abort();
  });

  it('GET /demo/sse streams events with id lines, a retry field and CORS, and resumes after Last-Event-ID', async () => {
    const stream = send(server.origin, '/demo/sse?every=100', { headers: { Origin: 'null', Accept: 'text/event-stream' } });
    const head = await stream.head;
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(head.headers['access-control-allow-origin']).toBe('*');
    expect(head.headers['cache-control']).toBe('no-store');
    await waitUntil('three events', () => parseEventStream(stream.received()).length >= 3);
    stream.abort();
    const text = stream.received();
    expect(text.startsWith('retry: 1000\n\n')).toBe(true);
    const events = parseEventStream(text);
    for (const [i, { id, data }] of events.entries()) {
      expect(id).toBe(String(data.id));
      if (i > 0) expect(data.id).toBe((events[i - 1]?.data.id ?? 0) + 1);
    }
    // Reconnecting as EventSource does: the events missed since the last id come first, without a gap.
    const lastSeen = events[0]?.data.id ?? 0;
    const resumed = send(server.origin, '/demo/sse?every=100', { headers: { 'Last-Event-ID': String(lastSeen) } });
    await waitUntil('four events', () => parseEventStream(resumed.received()).length >= 4);
    resumed.abort();
    const ids = parseEventStream(resumed.received()).map(({ data }) => data.id);
    expect(ids.slice(0, 4)).toEqual([lastSeen + 1, lastSeen + 2, lastSeen + 3, lastSeen + 4]);
  });

  it('rejects a malformed Last-Event-ID with 400, and starts afresh from one that names no event here', async () => {
    const bad = await fetchReply(server.origin, '/demo/sse?every=100', { headers: { 'Last-Event-ID': 'zwölf' } });
    expect(bad.status).toBe(400);
    expect(bad.headers['x-playground-error']).toBe('DEMO_BAD_AFTER');
    expect(bad.body).toContain('Last-Event-ID');
    const future = send(server.origin, '/demo/sse?every=100', { headers: { 'Last-Event-ID': '999999999999' } });
    await waitUntil('an event', () => parseEventStream(future.received()).length >= 1);
    future.abort();
    expect(parseEventStream(future.received())[0]?.data.id).toBeLessThan(999_999_999_999);
  });

  it('/demo/ws sends the same events as WebSocket text messages, to the sandbox\'s "null" origin too', async () => {
    const client = await TestClient.open(`${server.wsUrl}/demo/ws?every=100`, { headers: { Origin: 'null' } });
    await client.waitFor(3);
    client.ws.close();
    const events = client.texts.map((text) => JSON.parse(text) as DemoEvent);
    expect(events.map((event) => event.id)).toEqual(events.map((_, i) => (events[0]?.id ?? 0) + i));
    expect(client.messages.every((message) => !message.isBinary)).toBe(true);
  });

  it('/demo/ws closes with 1008 when every is out of bounds', async () => {
    const client = await TestClient.open(`${server.wsUrl}/demo/ws?every=5`);
    const closed = await client.closed;
    expect(closed.code).toBe(1008);
    expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123);
    expect(closed.reason).toContain('every');
  });
});

describe('shutdown', () => {
  it('answers held long-polls with 503, ends SSE streams and closes /demo/ws with 1001, without waiting for them', async () => {
    const server = await startTestServer();
    // The server's own 'request' listeners run in order: this one runs once the demo has taken the request.
    const taken = new Promise<void>((resolve) => server.server.on('request', (req) => req.url?.startsWith('/demo/long-poll') && resolve()));
    const held = send(server.origin, '/demo/long-poll?every=10000');
    const stream = send(server.origin, '/demo/sse?every=10000');
    const ws = await TestClient.open(`${server.wsUrl}/demo/ws?every=10000`);
    await Promise.all([stream.head, taken]);
    // Waiting for the held requests would take 25 s (the hold) or forever (the stream): past the test's timeout.
    await server.close();
    const answer = await held.reply;
    expect(answer.status).toBe(503);
    expect(answer.headers['x-playground-error']).toBe('DEMO_SHUTTING_DOWN');
    const ended = await stream.reply;
    expect(ended.body).toContain(': 서버가 종료됩니다\n\n');
    expect((await ws.closed).code).toBe(1001);
  });
});

describe('the demos with small limits (one module, a bare HTTP server)', () => {
  let demos: HttpDemos;
  let http: Server;
  let base = '';

  async function start(limits: Partial<DemoLimits>): Promise<void> {
    demos = createHttpDemos({ maxPayload: 1024, logger: createLogger('silent'), limits });
    http = createServer((req, res) => demos.handleRequest(req, res, new URL(req.url ?? '/', 'http://localhost')));
    http.on('upgrade', (req, socket, head) => demos.webSocket.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }

  afterEach(async () => {
    await demos.close();
    await demos.webSocket.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });

  it('answers a long-poll with no events after holdMs', async () => {
    await start({ holdMs: 300 });
    const reply = await fetchReply(base, '/demo/long-poll?every=10000');
    expect(reply.status).toBe(200);
    expect(answerOf(reply).events).toEqual([]);
    expect(reply.ms).toBeGreaterThanOrEqual(290);
    expect(demos.waitingCount()).toBe(0);
  });

  it('bounds held requests per address (429) and in total (503)', async () => {
    await start({ waitingPerIp: 2, waitingTotal: 3 });
    const held = [send(base, '/demo/long-poll?every=10000'), send(base, '/demo/sse?every=10000')];
    await waitUntil('two held', () => demos.waitingCount() === 2);
    const perIp = await fetchReply(base, '/demo/long-poll?every=10000');
    expect(perIp.status).toBe(429);
    expect(perIp.headers['x-playground-error']).toBe('DEMO_TOO_MANY_WAITING');
    held.push(send(base, '/demo/sse?every=10000', { localAddress: '127.0.0.2' }));
    await waitUntil('three held', () => demos.waitingCount() === 3);
    const total = await fetchReply(base, '/demo/long-poll?every=10000', { localAddress: '127.0.0.3' });
    expect(total.status).toBe(503);
    expect(total.headers['x-playground-error']).toBe('DEMO_BUSY');
    // Polling never waits, so it is never refused for that.
    expect((await fetchReply(base, '/demo/poll?every=10000')).status).toBe(200);
    for (const pending of held) pending.abort();
    await waitUntil('none held', () => demos.waitingCount() === 0);
  });

  it('keeps only the most recent events (a ring buffer)', async () => {
    await start({ recentEvents: 4 });
    const { last } = answerOf(await fetchReply(base, '/demo/poll?every=100'));
    // Six events or more since `last`: only the last four are kept.
    const answer = await pollUntil(base, `/demo/poll?every=100&after=${last}`, (a) => a.last >= last + 6);
    expect(answer.events).toHaveLength(4);
    expect(answer.events.map((event) => event.id)).toEqual([answer.last - 3, answer.last - 2, answer.last - 1, answer.last]);
  });

  it('numbers events without gaps, and does not bunch them up, when the event loop stalls', async () => {
    await start({});
    const first = answerOf(await fetchReply(base, '/demo/poll?every=100'));
    await new Promise((resolve) => setTimeout(resolve, 150));
    // The server runs in this process: a busy loop stalls its timers for more than three periods.
    const until = performance.now() + 350;
    while (performance.now() < until);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const answer = answerOf(await fetchReply(base, `/demo/poll?every=100&after=${first.last}`));
    expect(answer.events.map((event) => event.id)).toEqual(answer.events.map((_, i) => first.last + 1 + i));
    // The periods swallowed by the stall are not made up for afterwards in a burst (a busier machine only makes fewer events).
    const periods = Math.floor((answer.now - first.now) / 100);
    expect(answer.events.length).toBeLessThanOrEqual(periods - 2);
  });

  it('runs at most maxStreams streams, and stops one nobody uses', async () => {
    await start({ maxStreams: 2, streamIdleMs: 300 });
    expect((await fetchReply(base, '/demo/poll?every=100')).status).toBe(200);
    expect((await fetchReply(base, '/demo/poll?every=200')).status).toBe(200);
    const third = await fetchReply(base, '/demo/poll?every=300');
    expect(third.status).toBe(503);
    expect(third.headers['x-playground-error']).toBe('DEMO_BUSY');
    expect(third.body).toContain('2개까지만');
    // A listener keeps its stream; the unused one goes after streamIdleMs (checked every second).
    const ws = await TestClient.open(`${base.replace('http', 'ws')}/demo/ws?every=100`);
    await waitUntil('the unused stream stops', () => demos.streamCount() === 1);
    expect((await fetchReply(base, '/demo/poll?every=300')).status).toBe(200);
    await ws.waitFor(1);
    ws.ws.close();
  });

  it('sends keep-alive comments on a quiet SSE stream and ends it after sseMaxMs', async () => {
    await start({ keepAliveMs: 100, sseMaxMs: 1000 });
    const reply = await fetchReply(base, '/demo/sse?every=10000');
    expect(reply.ms).toBeGreaterThanOrEqual(990);
    expect(reply.body.match(/^: keep-alive$/gm)?.length).toBeGreaterThanOrEqual(3);
    expect(reply.body).toContain('Last-Event-ID');
    expect(demos.waitingCount()).toBe(0);
  });

  it('refuses new requests with 503 once closing', async () => {
    await start({});
    await demos.close();
    const reply = await fetchReply(base, '/demo/poll');
    expect(reply.status).toBe(503);
    expect(reply.headers['x-playground-error']).toBe('DEMO_SHUTTING_DOWN');
  });
});

describe('query parsing', () => {
  const limits = { minEveryMs: 100, maxEveryMs: 10_000, defaultEveryMs: 1000 };

  it('takes every as one integer within the bounds, 1000 when absent', () => {
    expect(parseEvery([], limits)).toBe(1000);
    expect(parseEvery(['100'], limits)).toBe(100);
    expect(parseEvery(['10000'], limits)).toBe(10_000);
    for (const bad of [['99'], ['10001'], ['1e3'], [' 500'], ['500', '500'], ['']]) expect(parseEvery(bad, limits), bad.join()).toBeNull();
  });

  it('takes an id as one plain decimal integer', () => {
    expect(parseId([])).toBeUndefined();
    expect(parseId(['0'])).toBe(0);
    expect(parseId(['123456789012345'])).toBe(123_456_789_012_345);
    for (const bad of [['-1'], ['01'], ['1.0'], ['0x10'], ['1234567890123456'], ['1', '2'], ['']]) expect(parseId(bad), bad.join()).toBeNull();
  });
});
