import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { abortHandshake } from './abort-handshake.ts';
import { createChatEndpoint } from './endpoints/chat.ts';
import { createEchoEndpoint } from './endpoints/echo.ts';
import type { Endpoint } from './endpoints/endpoint.ts';
import { socketIoClientFile } from './endpoints/socket-io-client-files.ts';
import { createSocketIoEndpoint, SOCKET_IO_PATH, type SocketIoEndpoint } from './endpoints/socket-io.ts';
import type { Logger } from './log.ts';
import { isOriginAllowed } from './origin-policy.ts';
import { sendError, serveFile } from './static-files.ts';
import { validateUpgradeRequest } from './wire/handshake.ts';

export interface PlaygroundOptions {
  maxPayload: number;
  allowedOrigins: readonly string[];
  logger: Logger;
  /**
   * `serve`: we own the port, so an upgrade to a path we do not know gets 404.
   * `dev`: under `astro dev`, unknown upgrades (Vite's HMR socket) are left to others.
   */
  mode: 'serve' | 'dev';
}

export interface Playground {
  /** Answers the request if it is ours; returns false to let the site handle it. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Takes an upgrade if it is ours (or, in `serve` mode, rejects it); false leaves it to others. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  connectionCount(): number;
  readonly socketIo: SocketIoEndpoint;
  /** Closes every client with 1001 and releases the endpoints. */
  close(): Promise<void>;
}

function pathnameOf(req: IncomingMessage): string | undefined {
  const raw = req.url ?? '/';
  return URL.canParse(raw, 'http://localhost') ? new URL(raw, 'http://localhost').pathname : undefined;
}

/**
 * One dispatcher owns every playground path on the shared HTTP server: `/ws/echo`, `/ws/chat`
 * and Socket.IO under `/socket.io/`. Each upgrade passes the RFC 6455 checks and the origin
 * policy before an endpoint sees it, and every rejection leaves through `abortHandshake`.
 */
export function createPlayground(options: PlaygroundOptions): Playground {
  const { logger } = options;
  const allowed = (req: IncomingMessage) => isOriginAllowed(req.headers.origin, req.headers.host, options.allowedOrigins);
  const socketIo = createSocketIoEndpoint({ maxPayload: options.maxPayload, logger, isAllowed: allowed });
  const wsRoutes = new Map<string, Endpoint>([
    ['/ws/echo', createEchoEndpoint(options.maxPayload, logger)],
    ['/ws/chat', createChatEndpoint(options.maxPayload, logger)],
  ]);
  const endpoints: Endpoint[] = [...wsRoutes.values(), socketIo];

  return {
    socketIo,
    handleRequest(req, res) {
      const pathname = pathnameOf(req);
      if (pathname === undefined) return false;
      if (pathname.startsWith(SOCKET_IO_PATH)) {
        const clientFile = socketIoClientFile(pathname);
        if (clientFile !== undefined) {
          serveFile(req, res, clientFile, { cors: true }).catch((error: unknown) => {
            logger.error('socket_io_client_file_failed', { message: String(error) });
            if (!res.headersSent) sendError(res, 'NOT_FOUND');
          });
        } else {
          socketIo.handleRequest?.(req, res);
        }
        return true;
      }
      if (wsRoutes.has(pathname)) {
        sendError(res, 'NOT_A_WEBSOCKET_REQUEST', { Upgrade: 'websocket' });
        return true;
      }
      return false;
    },

    handleUpgrade(req, socket, head) {
      const pathname = pathnameOf(req);
      const endpoint = pathname === undefined ? undefined : pathname.startsWith(SOCKET_IO_PATH) ? socketIo : wsRoutes.get(pathname);
      if (endpoint === undefined) {
        if (options.mode === 'dev') return false;
        socket.on('error', () => socket.destroy());
        logger.info('upgrade_rejected', { code: 'UNKNOWN_PATH' });
        abortHandshake(socket, 'UNKNOWN_PATH');
        return true;
      }
      // Until an endpoint takes the socket, a reset from the peer must not become an uncaught error.
      socket.on('error', () => socket.destroy());
      const problem = validateUpgradeRequest(req) ?? (allowed(req) ? null : 'ORIGIN_REJECTED');
      if (problem !== null) {
        logger.info('upgrade_rejected', { code: problem, endpoint: endpoint.name });
        abortHandshake(socket, problem);
        return true;
      }
      endpoint.handleUpgrade(req, socket, head);
      return true;
    },

    connectionCount: () => endpoints.reduce((sum, endpoint) => sum + endpoint.connectionCount(), 0),

    async close() {
      await Promise.all(endpoints.map((endpoint) => endpoint.close()));
    },
  };
}
