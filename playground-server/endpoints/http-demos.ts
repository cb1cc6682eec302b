import type { IncomingMessage, ServerResponse } from 'node:http';
import { CloseCode } from '../constants.ts';
import { CLOSE_REASONS, ERRORS, type ErrorCode } from '../errors.ts';
import { clientKey, IpConnectionLimiter } from '../limits/ip-connection-limiter.ts';
import type { Logger } from '../log.ts';
import { sendError } from '../static-files.ts';
import { requestHeadBytes } from '../tap.ts';
import type { Endpoint } from './endpoint.ts';
import { createWsEndpoint } from './ws-endpoint.ts';
import { requestUrl } from '../request-url.ts';

/**
 * The ‘HTTP와 WebSocket’ lesson's live comparison: one server-side event stream (an event every
 * `every` ms) reached four ways, so the page can measure how late each way learns of an event and
 * how many bytes it costs.
 *
 *   GET /demo/poll?every=500&after=12       answers at once: the events after 12 (maybe none)
 *   GET /demo/long-poll?every=500&after=12  held until an event after 12 exists, or `holdMs`
 *   GET /demo/sse?every=500                  text/event-stream, honours Last-Event-ID
 *   /demo/ws?every=500                       WebSocket: each event as a text message
 *
 * Every answer carries `Access-Control-Allow-Origin: *` (lesson code runs in a sandboxed iframe,
 * whose origin is "null") and `Cache-Control: no-store`.
 */

export const DEMO_PREFIX = '/demo/';
export const DEMO_WS_PATH = '/demo/ws';

/** One event of a stream: its number and the server's clock when it happened (ms since 1970, in 0.1 ms steps). */
export interface DemoEvent {
  id: number;
  at: number;
}

/** What a poll or long-poll answers: the events after `after`, the newest id so far, and the server's clock as it answered. */
export interface DemoAnswer {
  events: DemoEvent[];
  last: number;
  now: number;
}

export interface DemoLimits {
  /** Shortest and longest time between events a request may ask for (`every`, ms). Default 100 and 10,000. */
  minEveryMs: number;
  maxEveryMs: number;
  /** `every` when a request does not give one. Default 1000. */
  defaultEveryMs: number;
  /** Events each stream keeps for `after` and Last-Event-ID (a ring buffer). Default 64. */
  recentEvents: number;
  /** How long a long-poll is held before it is answered with no events. Default 25 s: under the 30 s RFC 6202 §5.5 finds safe with most intermediaries. */
  holdMs: number;
  /** Held long-polls plus open SSE streams from one address. Default 32. */
  waitingPerIp: number;
  /** Held long-polls plus open SSE streams from everyone. Default 256. */
  waitingTotal: number;
  /** Streams (distinct `every` values) ticking at once. Default 16. */
  maxStreams: number;
  /** A stream that nobody listens to and nobody asked about for this long stops. Default 60 s. */
  streamIdleMs: number;
  /** An SSE stream gets a comment line this often, so that proxies do not drop it as idle. Default 15 s. */
  keepAliveMs: number;
  /** An SSE response ends after this long; EventSource reconnects with Last-Event-ID and resumes. Default 5 min. */
  sseMaxMs: number;
  /** The SSE `retry:` field: how long EventSource waits before it reconnects. Default 1000 ms. */
  sseRetryMs: number;
  /** Unsent bytes an SSE stream or a WebSocket may queue; past it the stream ends (SSE) or events are skipped (WebSocket). Default 64 KiB. */
  maxBacklogBytes: number;
}

const DEFAULT_DEMO_LIMITS: Readonly<DemoLimits> = {
  minEveryMs: 100,
  maxEveryMs: 10_000,
  defaultEveryMs: 1000,
  recentEvents: 64,
  holdMs: 25_000,
  waitingPerIp: 32,
  waitingTotal: 256,
  maxStreams: 16,
  streamIdleMs: 60_000,
  keepAliveMs: 15_000,
  sseMaxMs: 5 * 60_000,
  sseRetryMs: 1000,
  maxBacklogBytes: 64 * 1024,
};

export interface HttpDemos {
  /** Answers any request under `/demo/` (an unknown path gets 404). */
  handleRequest(req: IncomingMessage, res: ServerResponse, url: URL): void;
  /** `/demo/ws`: route it like the other WebSocket endpoints (it closes with them). */
  readonly webSocket: Endpoint;
  /** Held long-polls and open SSE streams. */
  waitingCount(): number;
  /** Streams ticking now. */
  streamCount(): number;
  /** Answers every held long-poll (503) and ends every SSE stream, stops the streams; later requests get 503. */
  close(): Promise<void>;
}

/** The server's clock in ms since 1970, finer than Date.now(); the lesson's page reads the same kind of clock. */
const clock = (): number => Math.round((performance.timeOrigin + performance.now()) * 10) / 10;

/**
 * An event stream: ticks on the multiples of `every` since the demos started and keeps the recent
 * events. Ids follow each other without gaps; a stalled event loop delays the next event rather
 * than bunching up the ones it missed.
 */
class TickStream {
  readonly every: number;
  readonly #epoch: number;
  readonly #ring: DemoEvent[] = [];
  readonly #size: number;
  /** Where the next event goes in the ring. */
  #next = 0;
  readonly #listeners = new Set<(event: DemoEvent) => void>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastId: number;
  /** When the next event is due (the server clock). */
  #nextAt: number;
  lastUsed = clock();

  constructor(every: number, epoch: number, size: number) {
    this.every = every;
    this.#epoch = epoch;
    this.#size = size;
    // Ids start from the periods since the demos started, so a stream that stopped and started
    // again keeps them growing; the ids of periods nobody was listening to simply never happened.
    this.#lastId = this.nominalId();
    this.#nextAt = epoch + (this.#lastId + 1) * every;
    this.#schedule();
  }

  /** Periods of `every` since the demos started. */
  nominalId(now = clock()): number {
    return Math.floor((now - this.#epoch) / this.every);
  }

  /** The newest id so far (the cursor to ask `after` with). */
  get lastId(): number {
    return this.#lastId;
  }

  get listeners(): number {
    return this.#listeners.size;
  }

  /** The kept events with an id greater than `after`, oldest first. */
  after(after: number): DemoEvent[] {
    const kept = this.#ring.length < this.#size ? this.#ring : [...this.#ring.slice(this.#next), ...this.#ring.slice(0, this.#next)];
    return kept.filter((event) => event.id > after);
  }

  subscribe(listener: (event: DemoEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#listeners.clear();
  }

  #schedule(): void {
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, Math.ceil(this.#nextAt - clock())));
    this.#timer.unref();
  }

  #tick(): void {
    const at = clock();
    const event = { id: this.#lastId + 1, at };
    this.#nextAt += this.every;
    // Stalled past the next one too: wait for the next boundary instead of catching up in a burst.
    if (this.#nextAt <= at) this.#nextAt = this.#epoch + (this.nominalId(at) + 1) * this.every;
    this.#ring[this.#next] = event;
    this.#next = (this.#next + 1) % this.#size;
    this.#lastId = event.id;
    for (const listener of [...this.#listeners]) listener(event);
    this.#schedule();
  }
}

/** A request that waits (a held long-poll, an SSE stream): `end` finishes it for shutdown. */
interface Waiter {
  end(): void;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'X-Playground-Error, X-Request-Head-Bytes',
};
const NO_STORE = { 'Cache-Control': 'no-store' };
const DEMO_PATHS = ['/demo/poll', '/demo/long-poll', '/demo/sse'] as const;
type DemoPath = (typeof DEMO_PATHS)[number];
const isDemoPath = (path: string): path is DemoPath => (DEMO_PATHS as readonly string[]).includes(path);
/** A decimal id: no sign, no exponent, no leading zeros, at most 15 digits (exact as a double). */
const ID_PATTERN = /^(?:0|[1-9]\d{0,14})$/;

function reject(res: ServerResponse, code: ErrorCode, detail?: string, extra: Record<string, string> = {}): void {
  sendError(res, code, { ...CORS_HEADERS, ...NO_STORE, ...extra }, detail);
}

/** `every` from the query: one integer within the limits; null when it is anything else. */
export function parseEvery(values: readonly string[], limits: Pick<DemoLimits, 'minEveryMs' | 'maxEveryMs' | 'defaultEveryMs'>): number | null {
  if (values.length === 0) return limits.defaultEveryMs;
  const [raw] = values;
  if (values.length > 1 || raw === undefined || !/^\d{1,6}$/.test(raw)) return null;
  const every = Number(raw);
  return every >= limits.minEveryMs && every <= limits.maxEveryMs ? every : null;
}

/** An event id from the client (`after`, Last-Event-ID): absent → undefined; null when malformed. */
export function parseId(values: readonly string[]): number | undefined | null {
  if (values.length === 0) return undefined;
  const [raw] = values;
  return values.length === 1 && raw !== undefined && ID_PATTERN.test(raw) ? Number(raw) : null;
}

interface HttpDemosOptions {
  maxPayload: number;
  logger: Logger;
  limits?: Partial<DemoLimits>;
}

/** The demo endpoints with their streams; `close()` ends what waits. */
export function createHttpDemos(options: HttpDemosOptions): HttpDemos {
  const { logger } = options;
  const limits: DemoLimits = { ...DEFAULT_DEMO_LIMITS, ...options.limits };
  const epoch = clock();
  const streams = new Map<number, TickStream>();
  const waiting = new Set<Waiter>();
  const perIp = new IpConnectionLimiter(limits.waitingPerIp);
  let closing = false;

  const everyDetail = `every는 이벤트 사이의 간격(ms)으로, ${limits.minEveryMs} 이상 ${limits.maxEveryMs} 이하의 정수여야 합니다.`;

  // Streams nobody uses stop, so their timers and rings go.
  const sweeper = setInterval(
    () => {
      const now = clock();
      for (const [every, stream] of streams) {
        if (stream.listeners === 0 && now - stream.lastUsed > limits.streamIdleMs) {
          stream.stop();
          streams.delete(every);
        }
      }
    },
    Math.max(1000, limits.streamIdleMs / 2),
  );
  sweeper.unref();

  /** The stream for `every`, started if need be; null when `maxStreams` are ticking already. */
  function streamFor(every: number): TickStream | null {
    let stream = streams.get(every);
    if (stream === undefined) {
      if (streams.size >= limits.maxStreams) return null;
      stream = new TickStream(every, epoch, limits.recentEvents);
      streams.set(every, stream);
    }
    stream.lastUsed = clock();
    return stream;
  }

  /** A slot for a request that will wait; when there is none, the refusal has been sent and null is returned. */
  function admitWaiting(req: IncomingMessage, res: ServerResponse, path: DemoPath): (() => void) | null {
    const address = clientKey(req.socket.remoteAddress);
    if (waiting.size >= limits.waitingTotal) {
      logger.info('limit_hit', { endpoint: path, code: 'DEMO_BUSY', status: ERRORS.DEMO_BUSY.status });
      reject(res, 'DEMO_BUSY');
      return null;
    }
    const release = perIp.tryAcquire(address);
    if (release === null) {
      logger.info('limit_hit', { endpoint: path, code: 'DEMO_TOO_MANY_WAITING', status: ERRORS.DEMO_TOO_MANY_WAITING.status });
      reject(res, 'DEMO_TOO_MANY_WAITING');
      return null;
    }
    return release;
  }

  function answer(req: IncomingMessage, res: ServerResponse, stream: TickStream, events: DemoEvent[]): void {
    const body = JSON.stringify({ events, last: stream.lastId, now: clock() } satisfies DemoAnswer);
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      // What this request cost on the way in, which the page cannot see (the browser adds most of it).
      'X-Request-Head-Bytes': String(requestHeadBytes(req).length),
      ...CORS_HEADERS,
      ...NO_STORE,
    });
    res.end(body);
  }

  function longPoll(req: IncomingMessage, res: ServerResponse, stream: TickStream, after: number | undefined): void {
    const ready = after === undefined ? [] : stream.after(after);
    if (ready.length > 0) return answer(req, res, stream, ready);
    const release = admitWaiting(req, res, '/demo/long-poll');
    if (release === null) return;
    const cursor = after ?? stream.lastId;
    const waiter: Waiter = {
      end: () => {
        if (finish()) reject(res, 'DEMO_SHUTTING_DOWN', undefined, { Connection: 'close' });
      },
    };
    let done = false;
    /** Leaves the waiting state once; true for the caller that should answer. */
    const finish = (): boolean => {
      if (done) return false;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      release();
      waiting.delete(waiter);
      return true;
    };
    const unsubscribe = stream.subscribe(() => {
      if (finish()) answer(req, res, stream, stream.after(cursor));
    });
    const timer = setTimeout(() => {
      if (finish()) answer(req, res, stream, []);
    }, limits.holdMs);
    waiting.add(waiter);
    // The client gave up (closed the tab, aborted the fetch): nothing to answer.
    res.once('close', finish);
  }

  function eventStream(req: IncomingMessage, res: ServerResponse, stream: TickStream, lastEventId: number | undefined): void {
    const release = admitWaiting(req, res, '/demo/sse');
    if (release === null) return;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // Proxies that buffer responses (nginx) would hold the events back.
      'X-Accel-Buffering': 'no',
      ...CORS_HEADERS,
      ...NO_STORE,
    });
    const waiter: Waiter = { end: () => end(CLOSE_REASONS.SHUTDOWN) };
    waiting.add(waiter);
    let done = false;
    let unsubscribe = (): void => {};
    let keepAlive: ReturnType<typeof setInterval> | undefined;
    let maxAge: ReturnType<typeof setTimeout> | undefined;
    const finish = (): boolean => {
      if (done) return false;
      done = true;
      unsubscribe();
      clearInterval(keepAlive);
      clearTimeout(maxAge);
      release();
      waiting.delete(waiter);
      return true;
    };
    const end = (comment: string) => {
      if (finish()) res.end(`: ${comment}\n\n`);
    };
    const send = (event: DemoEvent) => {
      if (done) return;
      // A client that does not read: stop instead of queueing without end.
      if (res.writableLength > limits.maxBacklogBytes) return end('너무 느리게 읽어서 끊습니다');
      res.write(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    // The first bytes go out now, so that EventSource's open event fires before the first event.
    res.write(`retry: ${limits.sseRetryMs}\n\n`);
    // A Last-Event-ID from before a restart (or from another `every`) names no event here: start afresh.
    if (lastEventId !== undefined && lastEventId <= stream.lastId) for (const event of stream.after(lastEventId)) send(event);
    if (done) return;
    unsubscribe = stream.subscribe(send);
    keepAlive = setInterval(() => res.write(': keep-alive\n\n'), limits.keepAliveMs);
    maxAge = setTimeout(() => end('오래 열려 있었으니 다시 연결하세요. EventSource는 Last-Event-ID로 이어 받습니다'), limits.sseMaxMs);
    res.once('close', finish);
  }

  const webSocket = createWsEndpoint({
    name: 'demo',
    maxPayload: options.maxPayload,
    logger,
    onConnection(ws, req) {
      const every = parseEvery(requestUrl(req)?.searchParams.getAll('every') ?? [], limits);
      // Close reasons must fit 123 bytes (RFC 6455 §5.5): short Korean, no detail.
      if (every === null) return ws.close(CloseCode.POLICY_VIOLATION, 'every가 올바르지 않습니다');
      const stream = closing ? null : streamFor(every);
      if (stream === null) return ws.close(1013, '잠시 뒤 다시 연결하세요');
      const unsubscribe = stream.subscribe((event) => {
        if (ws.readyState === ws.OPEN && ws.bufferedAmount <= limits.maxBacklogBytes) ws.send(JSON.stringify(event));
      });
      ws.once('close', unsubscribe);
    },
  });

  return {
    webSocket,
    handleRequest(req, res, url) {
      if (closing) return reject(res, 'DEMO_SHUTTING_DOWN', undefined, { Connection: 'close' });
      const path = url.pathname;
      if (!isDemoPath(path)) return reject(res, 'NOT_FOUND', '데모 주소는 /demo/poll, /demo/long-poll, /demo/sse, /demo/ws 입니다.');
      if (req.method === 'OPTIONS') {
        // A preflight (a fetch with its own headers, EventSource's Last-Event-ID in some browsers).
        res.writeHead(204, {
          ...CORS_HEADERS,
          'Access-Control-Allow-Methods': 'GET',
          'Access-Control-Allow-Headers': 'Last-Event-ID, Content-Type, Cache-Control',
          'Access-Control-Max-Age': '600',
        });
        return void res.end();
      }
      if (req.method !== 'GET') return reject(res, 'METHOD_NOT_ALLOWED', '데모 주소는 GET으로만 받습니다.', { Allow: 'GET, OPTIONS' });
      const every = parseEvery(url.searchParams.getAll('every'), limits);
      if (every === null) return reject(res, 'DEMO_BAD_EVERY', everyDetail);
      const stream = streamFor(every);
      if (stream === null) return reject(res, 'DEMO_BUSY', `지금은 서로 다른 every 값의 이벤트 흐름을 ${limits.maxStreams}개까지만 만듭니다. 다른 예제와 같은 간격(예: ${limits.defaultEveryMs})을 쓰거나 잠시 뒤 다시 시도하세요.`);

      if (path === '/demo/sse') {
        const lastEventId = parseId((req.headersDistinct['last-event-id'] ?? []).map((value) => value.trim()));
        if (lastEventId === null) return reject(res, 'DEMO_BAD_AFTER', 'Last-Event-ID는 이 서버가 보낸 이벤트 id(0 이상의 정수)여야 합니다.');
        return eventStream(req, res, stream, lastEventId);
      }
      const after = parseId(url.searchParams.getAll('after'));
      // An id from the future (another `every`, or before the server restarted) names no event.
      if (after === null || (after !== undefined && after > stream.lastId)) return reject(res, 'DEMO_BAD_AFTER');
      if (path === '/demo/poll') return answer(req, res, stream, after === undefined ? [] : stream.after(after));
      return longPoll(req, res, stream, after);
    },
    waitingCount: () => waiting.size,
    streamCount: () => streams.size,
    async close() {
      closing = true;
      clearInterval(sweeper);
      for (const waiter of [...waiting]) waiter.end();
      for (const stream of streams.values()) stream.stop();
      streams.clear();
    },
  };
}
