import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { WEBSOCKET_WRAPPERS, wrapAll } from '../connection-wrappers.ts';
import type { ConnectionPolicy } from '../limits/websocket-guard.ts';
import { normaliseAddress } from '../limits/ip-connection-limiter.ts';
import type { Logger } from '../log.ts';
import { ClientRegistry } from './client-registry.ts';
import type { Endpoint } from './endpoint.ts';
import { guarded } from './guarded.ts';
import { CloseCode } from '../../protocol/wire/constants.ts';

/**
 * Fragments one message may arrive in. ws's default (16,384) lets a client hold about 2 MB of
 * Buffer objects with a 64 KiB message of 1-byte fragments; browsers never fragment what they
 * send. Over it, ws closes with 1008 (CVE-2026-48779, CVE-2026-62389).
 */
export const MAX_FRAGMENTS = 1024;

/**
 * Error listener and wrappers of one connection. Apart from the upgrade's scope on purpose:
 * closures made there would keep the request (its headers, ~4 KB) alive as long as the connection.
 */
function watch(ws: WebSocket, socket: Duplex, endpoint: string, logger: Logger, remote: string, policy: ConnectionPolicy | null): void {
  ws.on('error', (error: Error & { code?: string }) => {
    logger.info('ws_client_error', { endpoint, code: error.code ?? 'UNKNOWN' });
  });
  wrapAll(WEBSOCKET_WRAPPERS, { ws, socket, endpoint, logger, remote, policy });
}

export interface WsEndpointOptions {
  name: string;
  /** Largest message accepted; a bigger one closes that connection with 1009 (ws does this). */
  maxPayload: number;
  logger: Logger;
  /** What every connection of this endpoint is held to (rate, heartbeat, idle, back-pressure); null: nothing. */
  policy: ConnectionPolicy | null;
  onConnection(ws: WebSocket, req: IncomingMessage, registry: ClientRegistry): void;
}

/**
 * Listens to a connection's messages through `guarded`: whatever the handler throws closes that
 * connection with 1011 (RFC 6455 §7.4.1, an unexpected condition on the server), never the process.
 */
export function onMessage(ws: WebSocket, endpoint: string, logger: Logger, handler: (data: RawData, isBinary: boolean) => void): void {
  ws.on('message', guarded(logger, `${endpoint}:message`, handler, () => ws.close(CloseCode.INTERNAL_ERROR, '서버가 이 메시지를 처리하지 못했습니다')));
}

/**
 * A `ws` endpoint without its own HTTP server: the dispatcher hands it upgrades. Every socket gets
 * an `error` listener, since one unhandled error (a bad frame) would take the process down, and
 * the wrappers of connection-wrappers.ts (the policy the dispatcher gave this endpoint, the log).
 */
export function createWsEndpoint(options: WsEndpointOptions): Endpoint {
  const { name, logger } = options;
  const registry = new ClientRegistry();
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: options.maxPayload,
    maxFragments: MAX_FRAGMENTS,
    perMessageDeflate: false,
  });

  return {
    name,
    handleUpgrade(req, socket, head) {
      const remote = normaliseAddress(req.socket.remoteAddress);
      wss.handleUpgrade(req, socket, head, (ws) => {
        registry.add(ws);
        watch(ws, socket, name, logger, remote, options.policy);
        guarded(logger, `${name}:connection`, () => options.onConnection(ws, req, registry), () => ws.terminate())();
      });
    },
    connectionCount: () => registry.size,
    async close() {
      await registry.closeAll();
      wss.close();
    },
  };
}
