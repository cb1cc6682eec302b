import type { Server as NetServer } from 'node:net';

/**
 * `server.listen(port, host)` as a promise of the port it got (`port` 0: a free one). A failure to
 * bind (EADDRINUSE, EADDRNOTAVAIL…) rejects instead of reaching the server's 'error' listeners.
 */
export function listen(server: NetServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = server.address();
      resolve(typeof bound === 'object' && bound !== null ? bound.port : port);
    });
  });
}
