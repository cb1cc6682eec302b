import type { IncomingMessage, ServerResponse } from 'node:http';
import { reject, type DemoHub, type Waiter } from './demo-hub.ts';
import { answerEvents } from './poll.ts';
import type { TickStream } from './tick-stream.ts';

/**
 * `GET /demo/long-poll?every=…&after=…`: answers at once when events after `after` exist; otherwise
 * holds the request until one does, or `holdMs` passes (then no events).
 */
export function longPoll(hub: DemoHub, req: IncomingMessage, res: ServerResponse, stream: TickStream, after: number | undefined): void {
  const ready = after === undefined ? [] : stream.after(after);
  if (ready.length > 0) return answerEvents(req, res, stream, ready);
  const cursor = after ?? stream.lastId;
  const waiter: Waiter = {
    end: () => {
      if (finish()) reject(res, 'DEMO_SHUTTING_DOWN', undefined, { Connection: 'close' });
    },
  };
  const release = hub.admitWaiting(req, res, '/demo/long-poll', waiter);
  if (release === null) return;
  let done = false;
  /** Leaves the waiting state once; true for the caller that should answer. */
  const finish = (): boolean => {
    if (done) return false;
    done = true;
    clearTimeout(timer);
    unsubscribe();
    release();
    return true;
  };
  const unsubscribe = stream.subscribe(() => {
    if (finish()) answerEvents(req, res, stream, stream.after(cursor));
  });
  const timer = setTimeout(() => {
    if (finish()) answerEvents(req, res, stream, []);
  }, hub.limits.holdMs);
  // The client gave up (closed the tab, aborted the fetch): nothing to answer.
  res.once('close', finish);
}
