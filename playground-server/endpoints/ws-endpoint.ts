import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { WEBSOCKET_WRAPPERS, wrapAll } from '../connection-wrappers.ts';
import type { ConnectionPolicy } from '../limits/websocket-guard.ts';
import { normaliseAddress } from '../limits/ip-connection-limiter.ts';
import type { Logger } from '../log.ts';
import { ClientRegistry } from './client-registry.ts';
import type { Endpoint } from './endpoint.ts';
import { LoggedWebSocket } from './connection-log.ts';
import { guarded, reportThrow } from './guarded.ts';
import { CloseCode } from '../../protocol/wire/constants.ts';
import { destroyOnError } from '../abort-handshake.ts';

/**
 * Fragments one message may arrive in. ws's default (16,384) lets a client hold about 2 MB of
 * Buffer objects with a 64 KiB message of 1-byte fragments; browsers never fragment what they
 * send. Over it, ws closes with 1008 (CVE-2026-48779, CVE-2026-62389).
 */
export const MAX_FRAGMENTS = 1024;

/** The close reason when a handler threw (≤ 123 bytes). */
const HANDLER_FAILED = '서버가 이 메시지를 처리하지 못했습니다';

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
  ws.on('message', guarded(logger, `${endpoint}:message`, handler, () => ws.close(CloseCode.INTERNAL_ERROR, HANDLER_FAILED)));
}

/**
 * The same as `onMessage`, as one listener an endpoint makes once and adds to every connection
 * (`ws.on('message', listener)`): the handler gets the connection as an argument, so a connection
 * holds no closure of its own (an echo needs nothing else).
 */
export function messageListener(endpoint: string, logger: Logger, handler: (ws: WebSocket, data: RawData, isBinary: boolean) => void): (this: WebSocket, data: RawData, isBinary: boolean) => void {
  const where = `${endpoint}:message`;
  return function (this: WebSocket, data: RawData, isBinary: boolean) {
    try {
      handler(this, data, isBinary);
    } catch (error) {
      reportThrow(logger, where, error, () => this.close(CloseCode.INTERNAL_ERROR, HANDLER_FAILED));
    }
  };
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
    // Its connections are made of this class: the guard and the log are its methods (connection-wrappers.ts).
    WebSocket: LoggedWebSocket,
  });

  // Shared by every connection of the endpoint (a closure per connection would cost memory ×10,000).
  const onError = function (this: WebSocket, error: Error & { code?: string }) {
    logger.info('ws_client_error', { endpoint: name, code: error.code ?? 'UNKNOWN' });
  };

  return {
    name,
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (opened) => {
        const ws = opened as LoggedWebSocket;
        // ws listens for the socket's errors now; the dispatcher's listener would only cost memory.
        socket.off('error', destroyOnError);
        registry.add(ws);
        ws.on('error', onError);
        wrapAll(WEBSOCKET_WRAPPERS, { ws, socket, endpoint: name, logger, remote: normaliseAddress(req.socket.remoteAddress), policy: options.policy });
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
