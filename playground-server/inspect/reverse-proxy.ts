import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Logger } from '../log.ts';
import { observeIncoming } from '../tap.ts';
import type { Inspections } from './inspections.ts';
import type { InspectTarget } from './target-policy.ts';

/** Connections the proxy carries at once; more wait in the kernel's backlog until one ends. */
export const MAX_PROXIED_CONNECTIONS = 256;

/**
 * `npm run inspect`'s reverse proxy: the learner's browser app connects to `listen` instead of their
 * server, and every TCP connection is passed through to the target byte for byte (HTTP, Engine.IO
 * polling, WebSocket upgrades: the proxy does not parse, so the app works as without it), to the
 * address the target policy checked (TLS to the target for https://, plain towards the browser).
 * Every byte both ways is recorded for the pages that watch (inspect-proxy-watch), live.
 */
export function startReverseProxy(options: { target: InspectTarget; trustCertificate: boolean; host: string; port: number; inspections: Inspections; logger: Logger }): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const { target, inspections, logger } = options;
  const label = `프록시 → ${target.url.origin}`;
  const open = new Set<Socket>();
  const server = createServer((client: Socket) => {
    open.add(client);
    const upstream: Socket = target.tls
      ? tlsConnect({ host: target.address, port: target.port, ...(target.servername === '' ? {} : { servername: target.servername }), rejectUnauthorized: !options.trustCertificate, ALPNProtocols: ['http/1.1'] })
      : netConnect({ host: target.address, port: target.port });
    const recorders = inspections.recordProxied(label);
    observeIncoming(client, (bytes) => {
      for (const recorder of recorders) recorder.chunk('client-to-server', bytes);
    });
    observeIncoming(upstream, (bytes) => {
      for (const recorder of recorders) recorder.chunk('server-to-client', bytes);
    });
    const end = () => {
      open.delete(client);
      client.destroy();
      upstream.destroy();
      for (const recorder of recorders) recorder.end();
    };
    client.once('close', end);
    upstream.once('close', end);
    client.on('error', end);
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      logger.info('inspect_proxy_upstream_error', { code: error.code ?? error.message });
      end();
    });
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.maxConnections = MAX_PROXIED_CONNECTIONS;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      inspections.setProxy({ listen: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`, target: target.url.origin });
      resolve({
        server,
        port,
        close: () =>
          new Promise<void>((done) => {
            inspections.setProxy(null);
            server.close(() => done());
            for (const socket of open) socket.destroy();
          }),
      });
    });
  });
}
