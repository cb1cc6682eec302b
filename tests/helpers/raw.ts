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

/** A complete 101 head: nothing more comes after it unless someone sends a frame. */
const SWITCHED = /HTTP\/1\.1 101 [^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n/;

/**
 * Sends raw bytes over TCP and collects the answer until the server closes, a 101 head has come in full (an upgrade
 * stays open), or `timeoutMs` passes. The timeout only bounds an answer that never ends: keep it generous.
 */
export function rawRequest(port: number, request: string | Buffer, timeoutMs = 5000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closedByServer = false;
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      if (SWITCHED.test(Buffer.concat(chunks).toString('latin1'))) socket.destroy();
    });
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

export interface HeldConnection {
  /** Milliseconds from the connection until it closed. */
  closedAfter: number;
  /** The server ended it (rather than this side giving up after `giveUpMs`). */
  byServer: boolean;
  /** Everything the server sent. */
  received: Buffer;
}

/**
 * A client that stalls: it connects, writes `first`, then `drip` bytes every `everyMs` (a slowloris, a frame that never
 * completes), and waits for the server to end the connection. Gives up after `giveUpMs` (generous: a loaded machine
 * runs the server's timers late), so a test asserts that the server cut it, and no sooner than it should, never how
 * quickly it did.
 */
export function holdConnection(
  port: number,
  options: { first: string | Buffer; drip?: () => string | Buffer | null; everyMs?: number; localAddress?: string; giveUpMs?: number },
): Promise<HeldConnection> {
  return new Promise((resolve) => {
    const started = Date.now();
    const chunks: Buffer[] = [];
    let gaveUp = false;
    const socket = connect({ port, host: '127.0.0.1', ...(options.localAddress ? { localAddress: options.localAddress } : {}) }, () => socket.write(options.first));
    const drip = options.drip;
    const dripping = drip ? setInterval(() => {
      const bytes = drip();
      if (bytes !== null && socket.writable) socket.write(bytes);
    }, options.everyMs ?? 1000) : undefined;
    const giveUp = setTimeout(() => {
      gaveUp = true;
      socket.destroy();
    }, options.giveUpMs ?? 40_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(dripping);
      clearTimeout(giveUp);
      resolve({ closedAfter: Date.now() - started, byServer: !gaveUp, received: Buffer.concat(chunks) });
    });
  });
}
