import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { Recorder } from '../capture-hub.ts';
import type { Logger } from '../log.ts';
import { observeIncoming } from '../tap.ts';
import type { Inspections } from './inspections.ts';
import { listen } from '../listen.ts';
import { tlsFacts } from './pinned-agent.ts';
import type { InspectTarget } from './target-policy.ts';

/** Connections the proxy carries at once, over all its addresses; one more is closed as it arrives. */
export const MAX_PROXIED_CONNECTIONS = 256;

export interface ReverseProxy {
  port: number;
  /** The one address to print and show (the banner, /inspector/): the origin the learner's browser sends. */
  origin: string;
  close(): Promise<void>;
}

/**
 * The loopback addresses a name stands for. `localhost` is both 127.0.0.1 and ::1: a browser may try
 * either first, so the proxy listens on both and `http://localhost:<port>` reaches it whichever it picks.
 */
function addressesOf(host: string): string[] {
  return host === 'localhost' ? ['127.0.0.1', '::1'] : [host];
}

/** The errors that mean this machine has no such address (no IPv6 loopback), not that the port is taken. */
const NO_SUCH_ADDRESS = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT']);

/**
 * `npm run inspect`'s reverse proxy: the learner's browser app connects to `listen` instead of their
 * server, and every TCP connection is passed through to the target byte for byte (HTTP, Engine.IO
 * polling, WebSocket upgrades: the proxy does not parse, so the app works as without it), to the
 * address the target policy checked (TLS to the target for https://, plain towards the browser).
 * Every byte both ways is recorded for the pages that watch (inspect-proxy-watch), live.
 */
export async function startReverseProxy(options: { target: InspectTarget; trustCertificate: boolean; host: string; port: number; inspections: Inspections; logger: Logger }): Promise<ReverseProxy> {
  const { target, inspections, logger } = options;
  const label = `프록시 → ${target.url.origin}`;
  const open = new Set<Socket>();
  const carry = (client: Socket) => {
    if (open.size >= MAX_PROXIED_CONNECTIONS) {
      client.destroy();
      return;
    }
    open.add(client);
    const upstream: Socket = target.tls
      ? tlsConnect({ host: target.address, port: target.port, ...(target.servername === '' ? {} : { servername: target.servername }), rejectUnauthorized: !options.trustCertificate, ALPNProtocols: ['http/1.1'] })
      : netConnect({ host: target.address, port: target.port });
    // Over TLS, the capture opens once the upstream's handshake is done, with its facts; until then the browser's
    // bytes wait in its socket (nothing reads it before the pipe below), so none is missed.
    let recorders: Recorder[] = target.tls ? [] : inspections.recordProxied(label);
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
    if (target.tls) {
      upstream.once('secureConnect', () => {
        recorders = inspections.recordProxied(label, tlsFacts(upstream as TLSSocket));
        client.pipe(upstream);
      });
    } else client.pipe(upstream);
    upstream.pipe(client);
  };
  const servers: Server[] = [];
  const closeAll = () => {
    for (const server of servers) server.close();
  };
  // The first address picks the port (0: any free one); the others take the same port, so one origin names them all.
  let port = options.port;
  for (const [index, address] of addressesOf(options.host).entries()) {
    const server = createServer(carry);
    try {
      port = await listen(server, port, address);
      servers.push(server);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (index > 0 && NO_SUCH_ADDRESS.has(code)) {
        logger.info('inspect_proxy_address_missing', { address, code });
        continue;
      }
      closeAll();
      throw error;
    }
  }
  const origin = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  inspections.setProxy({ listen: origin, target: target.url.origin });
  return {
    port,
    origin,
    close: async () => {
      inspections.setProxy(null);
      const closed = Promise.all(servers.map((server) => new Promise<void>((done) => server.close(() => done()))));
      for (const socket of open) socket.destroy();
      await closed;
    },
  };
}
