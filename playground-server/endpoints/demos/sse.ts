import type { IncomingMessage, ServerResponse } from 'node:http';
import { CLOSE_REASONS } from '../../errors.ts';
import { CORS_HEADERS, NO_STORE, type DemoHub, type Waiter } from './demo-hub.ts';
import type { DemoEvent, TickStream } from './tick-stream.ts';

/**
 * `GET /demo/sse?every=…`: text/event-stream, an `id:` and `data:` per event, resuming after
 * Last-Event-ID; a keep-alive comment every `keepAliveMs`; ended after `sseMaxMs` (EventSource
 * reconnects and resumes), or when the client reads too slowly.
 */
export function eventStream(hub: DemoHub, req: IncomingMessage, res: ServerResponse, stream: TickStream, lastEventId: number | undefined): void {
  const { limits } = hub;
  const waiter: Waiter = { end: () => end(CLOSE_REASONS.SHUTDOWN) };
  const release = hub.admitWaiting(req, res, '/demo/sse', waiter);
  if (release === null) return;
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    // Proxies that buffer responses (nginx) would hold the events back.
    'X-Accel-Buffering': 'no',
    ...CORS_HEADERS,
    ...NO_STORE,
  });
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
