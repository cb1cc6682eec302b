import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Server as EngineServer } from 'engine.io';
import { Server } from 'socket.io';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import { CloseCode } from '../../protocol/wire/constants.ts';
import type { LimitCode } from '../../protocol/error-codes.ts';
import { CLOSE_REASONS } from '../errors.ts';
import type { Logger } from '../log.ts';
import { SLOW_READER_GRACE_MS } from './chat.ts';
import { ClientRegistry } from './client-registry.ts';
import type { Endpoint } from './endpoint.ts';
import { guarded, seedText } from './guarded.ts';
import { MAX_FRAGMENTS } from './ws-endpoint.ts';

export const SOCKET_IO_PATH = '/socket.io/';

export interface SocketIoEndpointOptions {
  maxPayload: number;
  logger: Logger;
  /** Same policy as the ws endpoints: decides from the request's Origin and Host. */
  isAllowed(req: IncomingMessage): boolean;
  /** Unsent bytes past which a session that does not read is ended (WS_MAX_BUFFERED_BYTES; 0: never). */
  maxBufferedBytes?: number;
}

/** What of Engine.IO's socket the slow-reader check reads (its type is not exported by socket.io). */
interface EngineConnection {
  transport: { name: string; socket?: WebSocket };
  on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): unknown;
  on(event: 'flush', listener: () => void): unknown;
  close(discard?: boolean): void;
}

function packetBytes(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/**
 * Ends a session whose unsent packets pass `maxBuffered`, like /ws/chat's slow reader: every \`message\` goes to every
 * socket, and Engine.IO queues packets for one that does not read, without a bound, until its heartbeat gives up
 * (45 s): five such sockets and ten senders grew the server by 374 MB in 12 s. Checked as each packet is queued, so
 * it holds whatever sends (a broadcast, the adapter of another instance): Engine.IO's queue since its last flush,
 * plus what the WebSocket has not written yet.
 */
function dropSlowReaders(engine: EngineServer, maxBuffered: number, logger: Logger): void {
  engine.on('connection', (conn: EngineConnection) => {
    let queued = 0;
    let dropped = false;
    conn.on('flush', () => {
      queued = 0;
    });
    conn.on('packetCreate', (packet) => {
      const ws = conn.transport.name === 'websocket' ? conn.transport.socket : undefined;
      // What waited before this packet, as /ws/chat counts: one message up to the payload limit always goes.
      const waiting = queued + (ws?.bufferedAmount ?? 0);
      queued += packetBytes(packet.data);
      if (dropped || waiting <= maxBuffered) return;
      dropped = true;
      logger.info('limit_hit', { endpoint: 'socket.io', code: 'SLOW_READER' satisfies LimitCode, closeCode: CloseCode.POLICY_VIOLATION });
      // Its close frame waits behind what it has not read: a client that reads it gets it, the rest are cut soon.
      ws?.close(CloseCode.POLICY_VIOLATION, CLOSE_REASONS.SLOW_READER);
      if (ws) setTimeout(() => ws.terminate(), SLOW_READER_GRACE_MS).unref();
      conn.close(true);
    });
  });
}

export interface SocketIoEndpoint extends Endpoint {
  readonly io: Server;
}

/**
 * Engine.IO's `wsEngine` option lets us hand it the project's own `ws` (one version, with our
 * limits) and keep every WebSocket it opens in a registry, so shutdown can send 1001 to each.
 */
function trackedWsEngine(registry: ClientRegistry) {
  return class TrackedWebSocketServer extends WebSocketServer {
    constructor(options: ServerOptions) {
      super({ ...options, clientTracking: false, maxFragments: MAX_FRAGMENTS });
    }
    override handleUpgrade(
      req: IncomingMessage,
      socket: Duplex,
      head: Buffer,
      callback: (ws: WebSocket, request: IncomingMessage) => void,
    ): void {
      super.handleUpgrade(req, socket, head, (ws, request) => {
        registry.add(ws);
        callback(ws, request);
      });
    }
  };
}

/**
 * Socket.IO at its default path, with the seed article's chat semantics: a join notice to all
 * (`io.emit`), each `message` re-emitted to all as "<id>: <msg>", and a leave notice to the others
 * (`socket.broadcast.emit`).
 */
export function createSocketIoEndpoint(options: SocketIoEndpointOptions): SocketIoEndpoint {
  const { logger } = options;
  const registry = new ClientRegistry();
  const engine = new EngineServer({
    maxHttpBufferSize: options.maxPayload,
    perMessageDeflate: false,
    wsEngine: trackedWsEngine(registry),
    // The sandboxed lesson frame has the opaque origin "null"; allowRequest below is the real check.
    cors: { origin: true },
    allowRequest: (req, callback) => {
      const allowed = options.isAllowed(req);
      callback(allowed ? null : 'origin not allowed', allowed);
    },
  });
  const io = new Server({ serveClient: false, path: SOCKET_IO_PATH });
  io.bind(engine);
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  if (maxBuffered > 0) dropSlowReaders(engine, maxBuffered, logger);

  io.on('connection', (socket) => {
    logger.debug('sio_connect', { id: socket.id });
    io.emit('message', `${socket.id} 님이 연결되었습니다.`);
    // A visitor's payload is anything JSON (or a binary attachment) can carry: `seedText` never
    // throws, and should anything else here throw, only this socket is dropped.
    const dropSocket = () => socket.disconnect(true);
    socket.on('message', guarded(logger, 'socket.io:message', (msg: unknown) => {
      io.emit('message', `${socket.id}: ${seedText(msg)}`);
    }, dropSocket));
    socket.on('disconnect', (reason) => {
      logger.debug('sio_disconnect', { id: socket.id, reason });
      socket.broadcast.emit('message', `${socket.id} 님의 연결이 끊어졌습니다.`);
    });
  });

  return {
    name: 'socket.io',
    io,
    handleUpgrade: (req, socket, head) => engine.handleUpgrade(req, socket, head),
    handleRequest: (req, res) => engine.handleRequest(req, res),
    connectionCount: () => engine.clientsCount,
    async close() {
      await registry.closeAll();
      await io.close();
    },
  };
}
