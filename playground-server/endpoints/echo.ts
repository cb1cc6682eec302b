import type { Logger } from '../log.ts';
import type { Endpoint } from './endpoint.ts';
import { createWsEndpoint } from './ws-endpoint.ts';

/** `/ws/echo`: sends every text and binary message back unchanged, as the same type. */
export function createEchoEndpoint(maxPayload: number, logger: Logger): Endpoint {
  return createWsEndpoint({
    name: 'echo',
    maxPayload,
    logger,
    onConnection(ws) {
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    },
  });
}
