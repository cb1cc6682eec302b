import { connect } from 'node:net';

export interface RawResponse {
  /** Everything the server sent, as latin1 text. */
  text: string;
  status: number | undefined;
  headers: Map<string, string>;
  body: string;
  /** The server closed the connection (rather than our timeout ending the wait). */
  closedByServer: boolean;
}

/** Sends raw bytes over TCP and collects the answer until the server closes or `timeoutMs` passes. */
export function rawRequest(port: number, request: string | Buffer, timeoutMs = 3000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closedByServer = false;
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => {
      closedByServer = true;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const text = all.toString('latin1');
      const split = all.indexOf('\r\n\r\n');
      const head = split === -1 ? text : all.subarray(0, split).toString('latin1');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers = new Map<string, string>();
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
      resolve({
        text,
        status: status === undefined ? undefined : Number(status),
        headers,
        body: split === -1 ? '' : all.subarray(split + 4).toString('utf8'),
        closedByServer,
      });
    });
    socket.write(request);
  });
}

/** An upgrade request head; pass `null` for a header to leave it out. */
export function upgradeRequest(path: string, port: number, overrides: Record<string, string | null> = {}, firstLine = `GET ${path} HTTP/1.1`): string {
  const headers: Record<string, string | null> = {
    Host: `127.0.0.1:${port}`,
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    ...overrides,
  };
  const lines = Object.entries(headers)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([name, value]) => `${name}: ${value}`);
  return `${firstLine}\r\n${lines.join('\r\n')}\r\n\r\n`;
}
