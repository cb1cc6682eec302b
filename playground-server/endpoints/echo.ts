import type { ConnectionPolicy } from '../limits/websocket-guard.ts';
import type { Logger } from '../log.ts';
import type { Endpoint } from './endpoint.ts';
import { createWsEndpoint, messageListener } from './ws-endpoint.ts';

/** `/ws/echo`: sends every text and binary message back unchanged, as the same type. */
export function createEchoEndpoint(maxPayload: number, logger: Logger, policy: ConnectionPolicy | null): Endpoint {
  const echo = messageListener('echo', logger, (ws, data, isBinary) => ws.send(data, { binary: isBinary }));
  return createWsEndpoint({
    name: 'echo',
    maxPayload,
    logger,
    policy,
    onConnection(ws) {
      ws.on('message', echo);
    },
  });
}
