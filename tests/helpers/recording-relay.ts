import { connect, createServer, type Socket } from 'node:net';
import type { Direction } from '../../protocol/wire/constants.ts';

export interface RecordedChunk {
  direction: Direction;
  bytes: Uint8Array;
  time: number;
}

export interface RecordedConnection {
  id: number;
  /** Wall-clock time it was accepted (Date.now()), and the same moment on performance.now()'s clock. */
  startedAt: number;
  opened: number;
  /** performance.now() when both sockets had closed, else null. */
  ended: number | null;
  /** Both directions, in the order the relay saw them. */
  chunks: RecordedChunk[];
  /** Resolves once both sockets have closed. */
  closed: Promise<void>;
}

export interface Relay {
  port: number;
  connections: RecordedConnection[];
  close(): Promise<void>;
}

/**
 * A TCP relay on 127.0.0.1 that forwards every connection to `targetPort` and records the bytes of
 * both directions as they pass, cut wherever TCP cut them: what the recording proxy will hand the
 * decoders. The peer tests decode what it saw; scripts/make-capture-fixtures.ts saves it as capture files.
 */
export async function startRelay(targetPort: number): Promise<Relay> {
  const connections: RecordedConnection[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((inbound) => {
    const outbound = connect(targetPort, '127.0.0.1');
    const chunks: RecordedChunk[] = [];
    let open = 2;
    let done: () => void = () => {};
    const closed = new Promise<void>((resolve) => {
      done = resolve;
    });
    const connection: RecordedConnection = { id: connections.length, startedAt: Date.now(), opened: performance.now(), ended: null, chunks, closed };
    connections.push(connection);
    const pipe = (from: Socket, to: Socket, direction: Direction): void => {
      sockets.add(from);
      from.on('data', (data: Buffer) => {
        // Copy: Node may reuse the memory behind `data`.
        chunks.push({ direction, bytes: new Uint8Array(data), time: performance.now() });
        to.write(data);
      });
      from.on('end', () => to.end());
      from.on('error', () => to.destroy());
      from.on('close', () => {
        sockets.delete(from);
        to.destroy();
        if (--open === 0) {
          connection.ended = performance.now();
          done();
        }
      });
    };
    pipe(inbound, outbound, 'client-to-server');
    pipe(outbound, inbound, 'server-to-client');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('relay did not get a port');
  return {
    port: address.port,
    connections,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Rejects after `ms` so a stuck peer fails the test instead of hanging it. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    }),
  ]);
}
