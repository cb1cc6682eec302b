import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlaygroundConfig } from './config.ts';
import { displayUrl } from './display-url.ts';
import type { Logger } from './log.ts';
import { createPlayground, type Playground } from './playground.ts';
import { startSandboxes } from './sandbox-setup.ts';
import type { ClusterChannel } from './scale/cluster-messages.ts';
import { createScale, type Scale } from './scale/setup.ts';
import type { SandboxWatcher } from './sandbox/manager.ts';
import type { SandboxManager } from './sandbox/sandbox-types.ts';
import { createStaticSite } from './static-files.ts';

export interface RunningApp {
  server: Server;
  playground: Playground;
  /** Learners' Node servers; null where the sandbox cannot run. */
  sandboxes: SandboxManager | null;
  /** Where a browser on this machine reaches the site, e.g. http://localhost:4321/ */
  url: string;
  port: number;
  /** How broadcasts reach other instances (REDIS_URL, cluster), health and metrics (scale/). */
  scale: Scale;
  /** Graceful stop: no new connections, 1001 to every WebSocket, then every socket closed. */
  close(): Promise<void>;
}

/** Node's defaults let a slow client hold a socket for a minute before its headers arrive. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
/** How often Node checks those timeouts (its default, 30 s, would let a slow client linger long past them). */
const TIMEOUT_CHECK_MS = 1000;

export interface StartOptions {
  /** In a `--workers N` worker: the primary owns the port and hands over connections (scale/cluster-worker.ts). */
  cluster?: ClusterChannel;
  /** Under a supervisor: told of every learner's server, so it can reap them should this process die. */
  sandboxWatcher?: SandboxWatcher;
}

/** The whole playground on one port: the built site, the WebSocket endpoints, Socket.IO and learners' servers. */
export async function startApp(config: PlaygroundConfig, logger: Logger, options: StartOptions = {}): Promise<RunningApp> {
  const sandboxes = await startSandboxes(config, logger, options.sandboxWatcher);
  const scale = createScale(config, logger, { cluster: options.cluster });
  const playground = createPlayground({
    maxPayload: config.maxPayload,
    allowedOrigins: config.allowedOrigins,
    publicHosts: config.publicHosts,
    limits: config.limits,
    logger,
    sandboxes,
    mode: 'serve',
    chatRelay: scale.chatRelay,
    localAddress: () => {
      if (options.cluster) return { host: config.host, port: config.port };
      const address = server.address();
      return address && typeof address === 'object' ? { host: config.host, port: address.port } : null;
    },
  });
  scale.attach(playground, sandboxes);
  const handleStatic = createStaticSite(config.distDir);
  const server = createServer({
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: TIMEOUT_CHECK_MS,
  });

  // A client may pipeline an upgrade right behind a keep-alive request on the same socket; the
  // upgrade is answered only once that response is finished, so the two never interleave.
  // The last response begun on each socket (a WeakMap entry, no listener: this runs on every request).
  const answering = new WeakMap<import('node:stream').Duplex, ServerResponse>();
  server.on('request', (req, res) => {
    answering.set(req.socket, res);
    if (scale.handleRequest(req, res)) return;
    if (playground.handleRequest(req, res)) return;
    handleStatic(req, res).catch((error: unknown) => {
      logger.error('static_failed', { path: req.url, message: String(error) });
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  // Upgraded sockets leave the HTTP server's bookkeeping (closeAllConnections does not see them);
  // whatever an endpoint has not closed by the end of shutdown is destroyed here.
  const upgraded = new Set<import('node:stream').Duplex>();
  server.on('upgrade', (_req, socket) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => {
    const pending = answering.get(socket);
    if (pending && !pending.closed) {
      pending.once('close', () => {
        if (!socket.destroyed) playground.handleUpgrade(req, socket, head);
      });
      return;
    }
    playground.handleUpgrade(req, socket, head);
  });

  if (!options.cluster) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }
  const port = options.cluster ? config.port : (server.address() as AddressInfo).port;
  scale.listening();

  let closing: Promise<void> | undefined;
  return {
    server,
    playground,
    sandboxes,
    port,
    scale,
    url: displayUrl(config.host, port),
    close() {
      closing ??= (async () => {
        scale.draining();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.all([playground.close(), sandboxes?.closeAll()]);
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
        scale.close();
        await closed;
      })();
      return closing;
    },
  };
}
