import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** A playground endpoint: takes upgrades (and, for Socket.IO's polling, plain requests) for its path. */
export interface Endpoint {
  readonly name: string;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  handleRequest?(req: IncomingMessage, res: ServerResponse): void;
  /** Number of open client connections. */
  connectionCount(): number;
  /** Closes every client with 1001 (going away) and releases the endpoint. */
  close(): Promise<void>;
}
