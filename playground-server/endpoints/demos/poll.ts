import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestHeadBytes } from '../../tap.ts';
import { CORS_HEADERS, NO_STORE } from './demo-hub.ts';
import type { DemoEvent, TickStream } from './tick-stream.ts';
import { clock } from './tick-stream.ts';

/** What a poll or long-poll answers: the events after `after`, the newest id so far, and the server's clock as it answered. */
export interface DemoAnswer {
  events: DemoEvent[];
  last: number;
  now: number;
}

/** Answers a poll (or a long-poll whose wait is over) with `events`, as JSON. */
export function answerEvents(req: IncomingMessage, res: ServerResponse, stream: TickStream, events: DemoEvent[]): void {
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

/** `GET /demo/poll?every=…&after=…`: the events after `after`, at once (maybe none; none without `after`). */
export function poll(req: IncomingMessage, res: ServerResponse, stream: TickStream, after: number | undefined): void {
  answerEvents(req, res, stream, after === undefined ? [] : stream.after(after));
}
