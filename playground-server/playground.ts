import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { abortHandshake, destroyOnError, refuseQuickly } from './abort-handshake.ts';
import { CaptureHub } from './capture-hub.ts';
import { CONTROL_PATH, createControlChannel } from './control-channel.ts';
import { createChatEndpoint, type ChatRelay } from './endpoints/chat.ts';
import { createEchoEndpoint } from './endpoints/echo.ts';
import { createHttpDemos, DEMO_PREFIX, DEMO_WS_PATH } from './endpoints/http-demos.ts';
import type { Endpoint } from './endpoints/endpoint.ts';
import { socketIoClientFile } from './endpoints/socket-io-client-files.ts';
import { createSocketIoEndpoint, SOCKET_IO_PATH, type SocketIoEndpoint } from './endpoints/socket-io-endpoint.ts';
import type { ErrorCode } from './errors.ts';
import { connectionLimitsSchema, type ConnectionLimits } from './limits/limit-settings.ts';
import { createAdmission } from './limits/admission.ts';
import type { Logger } from './log.ts';
import { NetConditions } from './net-conditions.ts';
import { createHostPolicy } from './host-policy.ts';
import { isOriginAllowed, isSameOrigin } from './origin-policy.ts';
import { createSandboxProxy, parseSandboxPath, SANDBOX_PREFIX } from './sandbox-proxy.ts';
import type { SandboxManager } from './sandbox/sandbox-types.ts';
import { sendError, serveFile } from './static-files.ts';
import { tapExchange } from './tap.ts';
import { SOCKET_WRAPPERS, wrapAll } from './connection-wrappers.ts';
import { validateUpgradeRequest } from '../protocol/wire/handshake.ts';
import { CAPTURE_PARAM } from '../protocol/page-tag.ts';
import { requestUrl } from './request-url.ts';
import { createInspections, type Inspections } from './inspect/inspections.ts';
import { createTargetPolicy } from './inspect/target-policy.ts';

export interface PlaygroundOptions {
  maxPayload: number;
  allowedOrigins: readonly string[];
  /** Host names served besides IP literals and loopback names (PUBLIC_HOST): see host-policy.ts. */
  publicHosts?: readonly string[];
  logger: Logger;
  /** Runs learners' Node servers; null where the sandbox cannot work (not Linux). */
  sandboxes: SandboxManager | null;
  /** Rate, connections per address, idle timeout, heartbeat; default: the schema's defaults. */
  limits?: ConnectionLimits;
  /** Where the server listens (for learners' raw-request experiments); null before it listens. */
  localAddress?: () => { host: string; port: number } | null;
  /** Carries `/ws/chat` to other instances (scale/); absent on a single instance. */
  chatRelay?: ChatRelay;
  /**
   * `serve`: we own the port, so an upgrade to a path we do not know gets 404.
   * `dev`: under `astro dev`, unknown upgrades (Vite's HMR socket) are left to others.
   */
  mode: 'serve' | 'dev';
  /** INSPECT_TARGETS (inspect/target-policy.ts); and whether the server is bound to a public address (the feature is then off without them). */
  inspect?: { allowed: readonly string[]; publicBind: boolean };
}

export interface Playground {
  /** Answers the request if it is ours; returns false to let the site handle it. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Takes an upgrade if it is ours (or, in `serve` mode, rejects it); false leaves it to others. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Open connections to the lesson endpoints (echo, chat, the /demo/ws of ‘HTTP와 WebSocket’, Socket.IO), not counting control channels. */
  connectionCount(): number;
  /** Open connections per endpoint name (echo, chat, demo, control, socket.io), for /metrics. */
  connectionsByEndpoint(): Record<string, number>;
  readonly socketIo: SocketIoEndpoint;
  readonly hub: CaptureHub;
  /** ‘내 서버 검사하기’: connections to learners' own servers, and the pages watching `npm run inspect`'s proxy. */
  readonly inspections: Inspections;
  /** Closes every client with 1001 and releases the endpoints (sandboxes are the app's to close). */
  close(): Promise<void>;
}

/**
 * One dispatcher owns every playground path on the shared HTTP server: `/ws/echo`, `/ws/chat`,
 * Socket.IO under `/socket.io/`, the control channel `/_playground` and the proxy to learners'
 * servers `/_sandbox/…`. Each upgrade passes the RFC 6455 checks and the origin policy before an
 * endpoint sees it (the control channel accepts only the site's own pages), and every rejection
 * leaves through `abortHandshake`. Connections tagged with a page's capture tag are recorded.
 */
export function createPlayground(options: PlaygroundOptions): Playground {
  const { logger } = options;
  const hub = new CaptureHub();
  const conditions = new NetConditions();
  const lenient = (req: IncomingMessage) => isOriginAllowed(req.headers.origin, req.headers.host, options.allowedOrigins);
  const strict = (req: IncomingMessage) => isSameOrigin(req.headers.origin, req.headers.host, options.allowedOrigins);
  // What runs code on this machine (the control channel, the proxy to learners' servers) answers
  // only the names the site is served as: a DNS-rebinding page sends its own name as Host.
  const servedHost = createHostPolicy({ publicHosts: options.publicHosts ?? [], allowedOrigins: options.allowedOrigins });
  const hostProblem = (req: IncomingMessage): ErrorCode | null => (servedHost(req.headers.host) ? null : 'HOST_REJECTED');
  const limits = options.limits ?? connectionLimitsSchema.parse({});
  const socketIo = createSocketIoEndpoint({ maxPayload: options.maxPayload, logger, isAllowed: lenient, maxBufferedBytes: limits.maxBufferedBytes });
  const guard = createAdmission({ limits, logger, io: socketIo.io });
  // Each endpoint is given the policy its connections run under when it is made.
  const { lesson, fanOut, control: controlPolicy } = guard.policies;
  const inspections = createInspections({ hub, logger, policy: createTargetPolicy(options.inspect ?? { allowed: [], publicBind: false }) });
  const control = createControlChannel({ sandboxes: options.sandboxes, hub, conditions, inspections, localAddress: options.localAddress ?? (() => null), logger, policy: controlPolicy });
  const proxy = createSandboxProxy({ hub, conditions, logger, run: control.run });
  const demos = createHttpDemos({ maxPayload: options.maxPayload, logger, policy: lesson });
  // `room`: every connection is announced to everyone there (limits/admission.ts counts how often an address joins).
  const wsRoutes = new Map<string, { endpoint: Endpoint; allowed: (req: IncomingMessage) => boolean; room?: boolean }>([
    ['/ws/echo', { endpoint: createEchoEndpoint(options.maxPayload, logger, lesson), allowed: lenient }],
    ['/ws/chat', { endpoint: createChatEndpoint(options.maxPayload, logger, fanOut, options.chatRelay, limits.maxBufferedBytes), allowed: lenient, room: true }],
    [CONTROL_PATH, { endpoint: control.endpoint, allowed: strict }],
    [DEMO_WS_PATH, { endpoint: demos.webSocket, allowed: lenient }],
  ]);
  const endpoints: Endpoint[] = [...[...wsRoutes.values()].map((route) => route.endpoint), socketIo];
  const lessonEndpoints = endpoints.filter((endpoint) => endpoint !== control.endpoint);

  const reject = (socket: Duplex, code: ErrorCode, endpoint: string) => {
    logger.info('upgrade_rejected', { code, endpoint });
    abortHandshake(socket, code);
  };

  return {
    socketIo,
    hub,
    inspections,
    handleRequest(req, res) {
      const url = requestUrl(req);
      if (url === undefined) return false;
      const { pathname } = url;
      if (pathname.startsWith(SANDBOX_PREFIX)) {
        // Counted before anything else is done for it (limits/admission.ts admitOpen).
        if (!guard.admitOpen(req, 'sandbox')) {
          sendError(res, 'TOO_MANY_OPENS', { Connection: 'close' });
          return true;
        }
        const route = parseSandboxPath(req.url ?? '');
        const problem = route === null ? 'NOT_FOUND' : (hostProblem(req) ?? (lenient(req) ? null : 'ORIGIN_REJECTED') ?? guard.admitRequestUntilDone(req, res, 'sandbox'));
        if (problem !== null || route === null) sendError(res, problem ?? 'NOT_FOUND');
        else proxy.handleRequest(req, res, route);
        return true;
      }
      if (pathname.startsWith(SOCKET_IO_PATH)) {
        const clientFile = socketIoClientFile(pathname);
        if (clientFile !== undefined) {
          serveFile(req, res, clientFile, { cors: true }).catch((error: unknown) => {
            logger.error('socket_io_client_file_failed', { message: String(error) });
            if (!res.headersSent) sendError(res, 'NOT_FOUND');
          });
        } else {
          const refused = guard.admitRequest(req);
          if (refused !== null) {
            sendError(res, refused);
            return true;
          }
          const recorder = hub.open(url.searchParams.get(CAPTURE_PARAM), `${SOCKET_IO_PATH} (폴링)`);
          if (recorder) tapExchange(req, res, recorder);
          socketIo.handleRequest?.(req, res);
        }
        return true;
      }
      if (wsRoutes.has(pathname)) {
        sendError(res, 'NOT_A_WEBSOCKET_REQUEST', { Upgrade: 'websocket' });
        return true;
      }
      // The lesson's polling, long-polling and SSE demos (CORS for the sandbox's "null" origin).
      if (pathname.startsWith(DEMO_PREFIX)) {
        demos.handleRequest(req, res, url);
        return true;
      }
      return false;
    },

    handleUpgrade(req, socket, head) {
      const url = requestUrl(req);
      const pathname = url?.pathname;
      // Until an endpoint takes the socket, a reset from the peer must not become an uncaught error.
      socket.on('error', destroyOnError);
      if (pathname?.startsWith(SANDBOX_PREFIX)) {
        // Counted before anything else is done for it (limits/admission.ts admitOpen).
        if (!guard.admitOpen(req, 'sandbox')) {
          refuseQuickly(socket, 'TOO_MANY_OPENS');
          return true;
        }
        const route = parseSandboxPath(req.url ?? '');
        const problem = route === null ? 'UNKNOWN_PATH' : (validateUpgradeRequest(req) ?? hostProblem(req) ?? (lenient(req) ? null : 'ORIGIN_REJECTED') ?? guard.admitUpgrade(req, socket, 'sandbox'));
        if (problem !== null || route === null) reject(socket, problem ?? 'UNKNOWN_PATH', 'sandbox');
        else proxy.handleUpgrade(req, socket, head, route);
        return true;
      }
      const isSocketIo = pathname?.startsWith(SOCKET_IO_PATH) === true;
      const route = isSocketIo ? { endpoint: socketIo, allowed: lenient } : pathname === undefined ? undefined : wsRoutes.get(pathname);
      if (route === undefined) {
        if (options.mode === 'dev') return false;
        reject(socket, 'UNKNOWN_PATH', 'none');
        return true;
      }
      // Socket.IO's new sessions are counted as joins (admitUpgrade); every other handshake is counted first.
      if (!isSocketIo && !guard.admitOpen(req, route.endpoint.name)) {
        refuseQuickly(socket, 'TOO_MANY_OPENS');
        return true;
      }
      const isControl = route.endpoint === control.endpoint;
      const problem = validateUpgradeRequest(req) ?? (isControl ? hostProblem(req) : null) ?? (route.allowed(req) ? null : isControl ? 'CONTROL_ORIGIN_REJECTED' : 'ORIGIN_REJECTED')
        ?? guard.admitUpgrade(req, socket, isSocketIo ? 'socket.io' : isControl ? 'control' : route.room === true ? 'room' : 'lesson');
      if (problem !== null) {
        reject(socket, problem, route.endpoint.name);
        return true;
      }
      const tag = route.endpoint === control.endpoint ? null : (url?.searchParams.get(CAPTURE_PARAM) ?? null);
      // The socket's wrappers, in their one order (connection-wrappers.ts): the tap, then network conditions.
      wrapAll(SOCKET_WRAPPERS, { req, socket, head, recorder: hub.open(tag, pathname ?? ''), tag, conditions });
      route.endpoint.handleUpgrade(req, socket, head);
      return true;
    },

    connectionCount: () => lessonEndpoints.reduce((sum, endpoint) => sum + endpoint.connectionCount(), 0),

    connectionsByEndpoint: () => Object.fromEntries(endpoints.map((endpoint) => [endpoint.name, endpoint.connectionCount()])),

    async close() {
      guard.close();
      await Promise.all([...endpoints.map((endpoint) => endpoint.close()), demos.close()]);
    },
  };
}
