import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../log.ts';
import { ClientRegistry } from './client-registry.ts';
import type { Endpoint } from './endpoint.ts';

export interface WsEndpointOptions {
  name: string;
  /** Largest message accepted; a bigger one closes that connection with 1009 (ws does this). */
  maxPayload: number;
  logger: Logger;
  onConnection(ws: WebSocket, req: IncomingMessage, registry: ClientRegistry): void;
}

/**
 * A `ws` endpoint without its own HTTP server: the dispatcher hands it upgrades. Every socket gets
 * an `error` listener, since one unhandled error (a bad frame) would take the process down.
 */
export function createWsEndpoint(options: WsEndpointOptions): Endpoint {
  const { name, logger } = options;
  const registry = new ClientRegistry();
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: options.maxPayload,
    perMessageDeflate: false,
  });

  return {
    name,
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        registry.add(ws);
        ws.on('error', (error: Error & { code?: string }) => {
          logger.info('ws_client_error', { endpoint: name, code: error.code ?? 'UNKNOWN' });
        });
        ws.once('close', (code) => logger.debug('ws_close', { endpoint: name, code }));
        logger.debug('ws_open', { endpoint: name });
        options.onConnection(ws, req, registry);
      });
    },
    connectionCount: () => registry.size,
    async close() {
      await registry.closeAll();
      wss.close();
    },
  };
}
