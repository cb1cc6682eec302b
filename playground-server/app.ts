/**
 * The one composition root: from a config to everything that serves — learners' sandboxes, the
 * sharing between instances (scale/), health and metrics (health/), the playground's endpoints —
 * and the guards every HTTP server it runs on gets. `npm start` (entry/worker.ts), each worker of
 * `--workers N` (entry/cluster-worker.ts) and `npm run dev` (entry/dev.ts) all build it here, from
 * the same config, so they behave alike.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { isLoopbackHost, type PlaygroundConfig } from './config.ts';
import { displayUrl } from './display-url.ts';
import { createHealth, type Health } from './health/health.ts';
import { createHostPolicy } from './host-policy.ts';
import type { Logger } from './log.ts';
import { createPlayground, type Playground } from './playground.ts';
import { startSandboxes } from './sandbox-setup.ts';
import type { ClusterChannel } from './scale/cluster-messages.ts';
import { createScale, type Scale } from './scale/setup.ts';
import type { SandboxWatcher } from './sandbox/manager.ts';
import type { SandboxManager } from './sandbox/sandbox-types.ts';
import { listen } from './listen.ts';
import { createStaticSite } from './static-files.ts';

/** Node's defaults let a slow client hold a socket for a minute before its headers arrive. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
/** How often Node checks those timeouts (its default, 30 s, would let a slow client linger long past them). */
const TIMEOUT_CHECK_MS = 1000;

export interface ComposeOptions {
  /**
   * `serve`: the app owns the port (`npm start`, `--workers`), so an upgrade to a path it does not
   * know gets 404. `dev`: it shares `astro dev`'s server and leaves other upgrades (Vite's HMR) alone.
   */
  mode: 'serve' | 'dev';
  /** In a `--workers N` worker: the primary owns the port and hands over connections (entry/cluster-worker.ts). */
  cluster?: ClusterChannel | undefined;
  /** Under a supervisor: told of every learner's server, so it can reap them should this process die. */
  sandboxWatcher?: SandboxWatcher | undefined;
  /** Where the server listens (for learners' raw-request experiments); null before it listens. */
  localAddress: () => { host: string; port: number } | null;
}

/** Everything that serves, without an HTTP server of its own. */
export interface ComposedApp {
  playground: Playground;
  /** Learners' Node servers; null where the sandbox cannot run. */
  sandboxes: SandboxManager | null;
  /** How broadcasts reach other instances (REDIS_URL, cluster). */
  scale: Scale;
  /** `/healthz`, `/readyz`, `/metrics`. */
  health: Health;
  /** Health routes, then the playground's paths; false leaves the request to the site. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /**
   * Puts the app on an HTTP server: its header and request timeouts, and its upgrades, each
   * answered only once a response pipelined before it on the same socket is finished.
   */
  serve(server: Server): void;
  /** Stops: /readyz says 503 at once, then 1001 to every WebSocket, the sandboxes stopped, Redis closed. The HTTP server is the caller's. */
  close(): Promise<void>;
}

/** Builds the app from the config: the same parts and guards for every way it runs. */
export async function composeApp(config: PlaygroundConfig, logger: Logger, options: ComposeOptions): Promise<ComposedApp> {
  const { cluster } = options;
  const sandboxes = await startSandboxes(config, logger, options.sandboxWatcher);
  const scale = await createScale(config, logger, { cluster });
  const playground = createPlayground({
    maxPayload: config.maxPayload,
    allowedOrigins: config.allowedOrigins,
    publicHosts: config.publicHosts,
    limits: config.limits,
    logger,
    sandboxes,
    mode: options.mode,
    chatRelay: scale.chatRelay,
    localAddress: options.localAddress,
    inspect: { allowed: config.inspectTargets, publicBind: !isLoopbackHost(config.host) },
  });
  scale.attach(playground.socketIo.io);
  const health = createHealth({
    host: config.host,
    servedHost: createHostPolicy(config),
    token: config.metricsToken,
    logger,
    identity: { pid: process.pid, ...(cluster ? { worker: cluster.slot } : {}) },
    dependencies: scale.readiness,
    families: () => [
      {
        name: 'playground_connections',
        help: 'Open client connections, by endpoint (echo, chat, control, socket.io).',
        type: 'gauge',
        samples: Object.entries(playground.connectionsByEndpoint()).map(([endpoint, value]) => ({ labels: { endpoint }, value })),
      },
      { name: 'playground_sandboxes_running', help: "Learners' Node servers running in this process's sandbox.", type: 'gauge', samples: [{ value: sandboxes?.count() ?? 0 }] },
      ...scale.families(),
    ],
    gather: scale.gather,
  });
  scale.answerMetricRequests(health.metrics);

  // Upgraded sockets leave the HTTP server's bookkeeping (closeAllConnections does not see them);
  // whatever an endpoint has not closed by the end of shutdown is destroyed here.
  const upgraded = new Set<Duplex>();
  // One listener for every upgraded socket, and nothing made in the upgrade's scope outlives it: a
  // closure kept until the socket closes would keep the request (its headers) and the head buffer
  // alive as long as the connection (issue 14: 10,000 idle connections).
  const forgetUpgraded = function (this: Duplex) {
    upgraded.delete(this);
  };
  const take = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (socket.destroyed || !playground.handleUpgrade(req, socket, head)) return;
    upgraded.add(socket);
    socket.on('close', forgetUpgraded);
  };
  let closing: Promise<void> | undefined;

  return {
    playground,
    sandboxes,
    scale,
    health,
    handleRequest: (req, res) => health.handleRequest(req, res) || playground.handleRequest(req, res),
    serve(server) {
      server.headersTimeout = HEADERS_TIMEOUT_MS;
      server.requestTimeout = REQUEST_TIMEOUT_MS;
      // A createServer option that Node reads again when the server starts listening
      // (setupConnectionsTracking in _http_server.js); @types/node does not declare the property.
      if (!server.listening) (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = TIMEOUT_CHECK_MS;
      // A client may pipeline an upgrade right behind a keep-alive request on the same socket; the
      // upgrade is answered only once that response is finished, so the two never interleave.
      // The last response begun on each socket (a WeakMap entry, no listener: this runs on every request).
      const answering = new WeakMap<Duplex, ServerResponse>();
      server.on('request', (req: IncomingMessage, res: ServerResponse) => void answering.set(req.socket, res));
      server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        const pending = answering.get(socket);
        if (pending && !pending.closed) pending.once('close', () => take(req, socket, head));
        else take(req, socket, head);
      });
    },
    close() {
      closing ??= (async () => {
        health.draining();
        await Promise.all([playground.close(), sandboxes?.closeAll()]);
        for (const socket of upgraded) socket.destroy();
        scale.close();
        health.close();
      })();
      return closing;
    },
  };
}

export interface RunningApp extends ComposedApp {
  server: Server;
  /** Where a browser on this machine reaches the site, e.g. http://localhost:4321/ */
  url: string;
  port: number;
  /** Graceful stop: no new connections, 1001 to every WebSocket, then every socket closed. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** In a `--workers N` worker: the primary owns the port and hands over connections (entry/cluster-worker.ts). */
  cluster?: ClusterChannel;
  /** Under a supervisor: told of every learner's server, so it can reap them should this process die. */
  sandboxWatcher?: SandboxWatcher;
}

/** The whole playground on one port of its own: the built site, the WebSocket endpoints, Socket.IO and learners' servers. */
export async function startApp(config: PlaygroundConfig, logger: Logger, options: StartOptions = {}): Promise<RunningApp> {
  const server = createServer();
  const app = await composeApp(config, logger, {
    mode: 'serve',
    cluster: options.cluster,
    sandboxWatcher: options.sandboxWatcher,
    localAddress: () => {
      if (options.cluster) return { host: config.host, port: config.port };
      const address = server.address();
      return address && typeof address === 'object' ? { host: config.host, port: address.port } : null;
    },
  });
  const handleStatic = createStaticSite(config.distDir);
  server.on('request', (req, res) => {
    if (app.handleRequest(req, res)) return;
    handleStatic(req, res).catch((error: unknown) => {
      logger.error('static_failed', { path: req.url, message: String(error) });
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  app.serve(server);

  if (options.cluster) {
    // The primary owns the port and hands connections over, so this server never listens; Node
    // starts checking the header and request timeouts on 'listening', so it is told it listens.
    server.emit('listening');
  }
  const port = options.cluster ? config.port : await listen(server, config.port, config.host);
  app.health.listening();

  let closing: Promise<void> | undefined;
  return {
    ...app,
    server,
    port,
    url: displayUrl(config.host, port),
    close() {
      closing ??= (async () => {
        const released = app.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await released;
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}
