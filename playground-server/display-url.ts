/** Where a browser on this machine reaches a server bound to `host`: http://localhost:4321/ for loopback and wildcard binds. */
export function displayUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' || host === '127.0.0.1' || host === '::1' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/`;
}
