import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { composeApp, type ComposedApp } from '../app.ts';
import { createLogger } from '../log.ts';
import { exitStartFailed, loadConfigOrExit } from './startup-errors.ts';

/** What of Vite's dev server the app needs (`server` in Astro's `astro:server:setup`). */
export interface DevServer {
  /** Null in Vite's middleware mode, where there is no server to attach to. */
  httpServer: Server | null;
  middlewares: { use(handler: (req: IncomingMessage, res: ServerResponse, next: () => void) => void): unknown };
  /** Vite's resolved `server.host`: undefined or false for localhost, true (`astro dev --host`) for every address, or a name. */
  host: string | boolean | undefined;
}

/** The address to judge the bind by (loopback or public), as `npm start` judges HOST. */
function boundHost(host: DevServer['host']): string {
  if (host === undefined || host === false) return 'localhost';
  return host === true || host === '' ? '0.0.0.0' : host;
}

/**
 * `npm run dev`: the app on `astro dev`'s own HTTP server, so the site and every endpoint share
 * one port as under `npm start`. It is the same app (app.ts, the one composition root) from the
 * same config: `WS_*`, `ALLOWED_ORIGINS`, `SANDBOX_*`, the limits, `REDIS_URL`, `METRICS_TOKEN`
 * are read alike, and a bad one ends `astro dev` with the same Korean message and exit code 2.
 * Only the address is astro's (`astro dev --host/--port`), and the log says warnings and errors
 * unless LOG_LEVEL asks for more (astro's own output stays readable). Vite's upgrades (its HMR
 * socket) are left to Vite.
 */
export async function attachToDevServer(server: DevServer, env: NodeJS.ProcessEnv = process.env): Promise<ComposedApp | null> {
  const { httpServer } = server;
  if (!httpServer) return null;
  const config = loadConfigOrExit([], { LOG_LEVEL: 'warn', ...env, HOST: boundHost(server.host), PORT: '0' });
  const logger = createLogger(config.logLevel);
  let app: ComposedApp;
  try {
    app = await composeApp(config, logger, {
      mode: 'dev',
      // As bound; sendRawRequest (raw-request.ts) reaches a wildcard bind on loopback, as for npm start.
      localAddress: () => {
        const address = httpServer.address();
        return address && typeof address === 'object' ? { host: address.address, port: address.port } : null;
      },
    });
  } catch (error) {
    exitStartFailed(error);
  }
  server.middlewares.use((req, res, next) => {
    if (!app.handleRequest(req, res)) next();
  });
  app.serve(httpServer);
  if (httpServer.listening) app.health.listening();
  else httpServer.once('listening', () => app.health.listening());
  httpServer.once('close', () => void app.close());
  return app;
}
