import { CloseCode } from '../../../protocol/wire/constants.ts';
import { requestUrl } from '../../request-url.ts';
import type { ConnectionPolicy } from '../../limits/websocket-guard.ts';
import type { Endpoint } from '../endpoint.ts';
import { createWsEndpoint } from '../ws-endpoint.ts';
import type { DemoHub } from './demo-hub.ts';
import { parseEvery } from './demo-limits.ts';

export const DEMO_WS_PATH = '/demo/ws';

/** `/demo/ws?every=…`: each event of the stream as one text message (skipped for a client that does not read). */
export function createWsDemo(hub: DemoHub, maxPayload: number, policy: ConnectionPolicy | null): Endpoint {
  const { limits } = hub;
  return createWsEndpoint({
    name: 'demo',
    maxPayload,
    logger: hub.logger,
    policy,
    onConnection(ws, req) {
      const every = parseEvery(requestUrl(req)?.searchParams.getAll('every') ?? [], limits);
      // Close reasons must fit 123 bytes (RFC 6455 §5.5): short Korean, no detail.
      if (every === null) return ws.close(CloseCode.POLICY_VIOLATION, 'every가 올바르지 않습니다');
      const stream = hub.closing ? null : hub.streamFor(every);
      if (stream === null) return ws.close(1013, '잠시 뒤 다시 연결하세요');
      const unsubscribe = stream.subscribe((event) => {
        if (ws.readyState === ws.OPEN && ws.bufferedAmount <= limits.maxBacklogBytes) ws.send(JSON.stringify(event));
      });
      ws.once('close', unsubscribe);
    },
  });
}
