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
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(refusal(code, detail ?? ERRORS[code].message));
  // A peer that never reads must not keep the socket open.
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** The whole HTTP answer that refuses a handshake with `code`. */
function refusal(code: ErrorCode, message: string): Buffer {
  const { status } = ERRORS[code];
  const body = Buffer.from(`${message}\n`, 'utf8');
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${body.length}`,
    `X-Playground-Error: ${code}`,
    ...(status === 426 ? [`Sec-WebSocket-Version: ${WEBSOCKET_VERSION}`] : []),
  ];
  return Buffer.concat([Buffer.from(headers.join('\r\n') + '\r\n\r\n', 'latin1'), body]);
}

/** The whole answer of refuseQuickly for each code, made once. */
const quickAnswers = new Map<ErrorCode, Buffer>();

function quickAnswer(code: ErrorCode): Buffer {
  let answer = quickAnswers.get(code);
  if (answer === undefined) {
    answer = refusal(code, ERRORS[code].message);
    quickAnswers.set(code, answer);
  }
  return answer;
}

/**
 * A refusal for a flood (limits/admission.ts admitOpen): the same answer as abortHandshake, made
 * once per code, written in one go, and the socket destroyed as soon as it is written — no log
 * line, no timer, nothing kept per refused socket.
 */
export function refuseQuickly(socket: Duplex, code: ErrorCode): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(quickAnswer(code));
  if (socket.writableFinished) socket.destroy();
  else socket.once('finish', socket.destroy);
}

/**
 * The 'error' listener the dispatcher gives every upgraded socket until an endpoint takes it: a
 * reset from the peer must not become an uncaught error. One function for every socket (`this` is
 * the socket), not a closure each; an endpoint that has its own listener removes it.
 */
export function destroyOnError(this: Duplex): void {
  this.destroy();
}
