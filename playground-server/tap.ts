import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Recorder } from './capture-hub.ts';

/**
 * The tap: records the bytes of a connection without changing them or its timing. It observes
 * instead of listening, patching `emit('data')` and `write` on the socket, because adding a
 * 'data' listener would start the stream flowing before the endpoint has attached its own and
 * bytes could be lost.
 */

/**
 * The request head as the client sent it: Node's parser keeps the method, target, version and the
 * raw header lines in order and case (only whitespace around values is normalised).
 */
export function requestHeadBytes(req: IncomingMessage, target = req.url ?? '/'): Buffer {
  const lines = [`${req.method ?? 'GET'} ${target} HTTP/${req.httpVersion}`];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

function toBytes(chunk: unknown, encoding: unknown): Uint8Array | null {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  return null;
}

/** Records what arrives on a stream (its 'data' events) without becoming a listener. */
export function observeIncoming(stream: Duplex | IncomingMessage, onData: (bytes: Uint8Array) => void): void {
  const emit = stream.emit;
  // `arguments` passed on as they came: a rest parameter would build an array for every event.
  stream.emit = function (this: typeof stream, event: string | symbol, chunk?: unknown) {
    if (event === 'data') {
      const bytes = toBytes(chunk, undefined);
      if (bytes) onData(bytes);
    }
    return emit.apply(this, arguments as unknown as Parameters<typeof emit>);
  } as typeof stream.emit;
}

/** Records what is written to a socket; returns the function that stops recording. */
export function observeOutgoing(socket: Duplex, onWrite: (bytes: Uint8Array) => void): () => void {
  const write = socket.write;
  const patched = function (this: Duplex, chunk: unknown, encoding?: unknown, callback?: unknown) {
    const bytes = toBytes(chunk, typeof encoding === 'function' ? undefined : encoding);
    if (bytes) onWrite(bytes);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, encoding, callback);
  } as typeof socket.write;
  socket.write = patched;
  return () => {
    if (socket.write === patched) socket.write = write;
  };
}

/**
 * Records a whole upgraded connection: the request head (and any bytes that came with it), then
 * every byte both ways until the socket closes.
 */
export function tapUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, recorder: Recorder): void {
  recorder.chunk('client-to-server', head.length > 0 ? Buffer.concat([requestHeadBytes(req), head]) : requestHeadBytes(req));
  observeIncoming(socket, (bytes) => recorder.chunk('client-to-server', bytes));
  observeOutgoing(socket, (bytes) => recorder.chunk('server-to-client', bytes));
  socket.once('close', () => recorder.end());
}

/**
 * Records one HTTP exchange (e.g. an Engine.IO long-polling request): the request head and body,
 * then the response exactly as written to the socket.
 */
export function tapExchange(req: IncomingMessage, res: ServerResponse, recorder: Recorder): void {
  recorder.chunk('client-to-server', requestHeadBytes(req));
  observeIncoming(req, (bytes) => recorder.chunk('client-to-server', bytes));
  const socket = req.socket;
  const stop = observeOutgoing(socket, (bytes) => recorder.chunk('server-to-client', bytes));
  const done = () => {
    stop();
    recorder.end();
  };
  res.once('finish', done);
  res.once('close', done);
}
