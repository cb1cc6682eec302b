import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionPolicy } from '../limits/websocket-guard.ts';
import type { Logger } from '../log.ts';
import { DemoHub, CORS_HEADERS, reject } from './demos/demo-hub.ts';
import { DEFAULT_DEMO_LIMITS, parseEvery, parseId, type DemoLimits } from './demos/demo-limits.ts';
import { longPoll } from './demos/long-poll.ts';
import { poll } from './demos/poll.ts';
import { eventStream } from './demos/sse.ts';
import { createWsDemo, DEMO_WS_PATH } from './demos/ws-demo.ts';
import type { Endpoint } from './endpoint.ts';

/**
 * The ‘HTTP와 WebSocket’ lesson's live comparison: one server-side event stream (an event every
 * `every` ms) reached four ways, so the page can measure how late each way learns of an event and
 * how many bytes it costs. One file per way under demos/; this one routes to them.
 *
 *   GET /demo/poll?every=500&after=12       answers at once: the events after 12 (maybe none)   demos/poll.ts
 *   GET /demo/long-poll?every=500&after=12  held until an event after 12 exists, or `holdMs`     demos/long-poll.ts
 *   GET /demo/sse?every=500                  text/event-stream, honours Last-Event-ID            demos/sse.ts
 *   /demo/ws?every=500                       WebSocket: each event as a text message             demos/ws-demo.ts
 *
 * Every answer carries `Access-Control-Allow-Origin: *` (lesson code runs in a sandboxed iframe,
 * whose origin is "null") and `Cache-Control: no-store`.
 */
export { DEMO_WS_PATH, parseEvery, parseId, type DemoLimits };
export type { DemoEvent } from './demos/tick-stream.ts';
export type { DemoAnswer } from './demos/poll.ts';

export const DEMO_PREFIX = '/demo/';

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

const HTTP_DEMO_PATHS = ['/demo/poll', '/demo/long-poll', '/demo/sse'] as const;
const isHttpDemoPath = (path: string): path is (typeof HTTP_DEMO_PATHS)[number] => (HTTP_DEMO_PATHS as readonly string[]).includes(path);

/** The demo endpoints with their streams; `close()` ends what waits. */
export function createHttpDemos(options: { maxPayload: number; logger: Logger; limits?: Partial<DemoLimits>; policy?: ConnectionPolicy | null }): HttpDemos {
  const hub = new DemoHub({ ...DEFAULT_DEMO_LIMITS, ...options.limits }, options.logger);
  const { limits } = hub;
  const everyDetail = `every는 이벤트 사이의 간격(ms)으로, ${limits.minEveryMs} 이상 ${limits.maxEveryMs} 이하의 정수여야 합니다.`;

  return {
    webSocket: createWsDemo(hub, options.maxPayload, options.policy ?? null),
    handleRequest(req, res, url) {
      if (hub.closing) return reject(res, 'DEMO_SHUTTING_DOWN', undefined, { Connection: 'close' });
      const path = url.pathname;
      if (!isHttpDemoPath(path)) return reject(res, 'NOT_FOUND', '데모 주소는 /demo/poll, /demo/long-poll, /demo/sse, /demo/ws 입니다.');
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
      const stream = hub.streamFor(every);
      if (stream === null) return reject(res, 'DEMO_BUSY', `지금은 서로 다른 every 값의 이벤트 흐름을 ${limits.maxStreams}개까지만 만듭니다. 다른 예제와 같은 간격(예: ${limits.defaultEveryMs})을 쓰거나 잠시 뒤 다시 시도하세요.`);

      if (path === '/demo/sse') {
        const lastEventId = parseId((req.headersDistinct['last-event-id'] ?? []).map((value) => value.trim()));
        if (lastEventId === null) return reject(res, 'DEMO_BAD_AFTER', 'Last-Event-ID는 이 서버가 보낸 이벤트 id(0 이상의 정수)여야 합니다.');
        return eventStream(hub, req, res, stream, lastEventId);
      }
      const after = parseId(url.searchParams.getAll('after'));
      // An id from the future (another `every`, or before the server restarted) names no event.
      if (after === null || (after !== undefined && after > stream.lastId)) return reject(res, 'DEMO_BAD_AFTER');
      if (path === '/demo/poll') return poll(req, res, stream, after);
      return longPoll(hub, req, res, stream, after);
    },
    waitingCount: () => hub.waitingCount,
    streamCount: () => hub.streamCount,
    async close() {
      hub.close();
    },
  };
}
