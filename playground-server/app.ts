import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlaygroundConfig } from './config.ts';
import type { Logger } from './log.ts';
import { createPlayground, type Playground } from './playground.ts';
import { startSandboxes } from './sandbox-setup.ts';
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
  /** Graceful stop: no new connections, 1001 to every WebSocket, then every socket closed. */
  close(): Promise<void>;
}

/** Node's defaults let a slow client hold a socket for a minute before its headers arrive. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
/** How often Node checks those timeouts (its default, 30 s, would let a slow client linger long past them). */
const TIMEOUT_CHECK_MS = 1000;

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '127.0.0.1' || host === '::1') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** The whole playground on one port: the built site, the WebSocket endpoints, Socket.IO and learners' servers. */
export async function startApp(config: PlaygroundConfig, logger: Logger): Promise<RunningApp> {
  const sandboxes = await startSandboxes(config, logger);
  const playground = createPlayground({
    maxPayload: config.maxPayload,
    allowedOrigins: config.allowedOrigins,
    logger,
    sandboxes,
    mode: 'serve',
    localAddress: () => {
      const address = server.address();
      return address && typeof address === 'object' ? { host: config.host, port: address.port } : null;
    },
  });
  const handleStatic = createStaticSite(config.distDir);
  const server = createServer({
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: TIMEOUT_CHECK_MS,
  });

  server.on('request', (req, res) => {
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
    playground.handleUpgrade(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    server,
    playground,
    sandboxes,
    port,
    url: `http://${displayHost(config.host)}:${port}/`,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.all([playground.close(), sandboxes?.closeAll()]);
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
        await closed;
      })();
      return closing;
    },
  };
}
