import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WEBSOCKET_VERSION } from '../protocol/wire/constants.ts';
import { ERRORS, type ErrorCode } from './errors.ts';

/**
 * Every rejected upgrade leaves through here: an HTTP response with the status the error code
 * carries, the code in `X-Playground-Error`, the Korean explanation as the body, then the socket
 * is closed. A 426 also says which version we speak (RFC 6455 §4.2.2).
 */
export function abortHandshake(socket: Duplex, code: ErrorCode, detail?: string): void {
  const { status } = ERRORS[code];
  const message = detail ?? ERRORS[code].message;
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = Buffer.from(`${message}\n`, 'utf8');
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${body.length}`,
    `X-Playground-Error: ${code}`,
    ...(status === 426 ? [`Sec-WebSocket-Version: ${WEBSOCKET_VERSION}`] : []),
  ];
  socket.end(Buffer.concat([Buffer.from(headers.join('\r\n') + '\r\n\r\n', 'latin1'), body]));
  // A peer that never reads must not keep the socket open.
  setTimeout(() => socket.destroy(), 1000).unref();
}

/**
 * The 'error' listener the dispatcher gives every upgraded socket until an endpoint takes it: a
 * reset from the peer must not become an uncaught error. One function for every socket (`this` is
 * the socket), not a closure each; an endpoint that has its own listener removes it.
 */
export function destroyOnError(this: Duplex): void {
  this.destroy();
}
