/**
 * The opening handshake of a recorded connection (RFC 6455 §4): the upgrade request and the 101
 * answer as sent, and the check of Sec-WebSocket-Accept against the key (§4.2.2), step by step.
 */
import { acceptSteps, type AcceptSteps } from '../../protocol/wire/accept.ts';
import type { PerMessageDeflateParams } from '../../protocol/wire/deflate.ts';
import { headerValue, type HttpRequestHead, type HttpResponseHead } from '../../protocol/wire/http-head.ts';
import type { InspectedConnection } from './capture-store.ts';
import { headLines } from './head-lines.ts';

/** One side of the handshake as it crossed the wire. */
export interface HandshakeHead<Head> {
  head: Head;
  /** The start line and header lines, verbatim. */
  lines: string[];
  /** Ms since the connection opened. */
  time: number | null;
}

export interface Handshake {
  request: HandshakeHead<HttpRequestHead> | null;
  response: HandshakeHead<HttpResponseHead>;
  /** The negotiated permessage-deflate parameters, or null. */
  deflate: PerMessageDeflateParams | null;
}

/** The handshake of a connection that was upgraded (a 101 was seen); null otherwise. */
export function findHandshake(connection: InspectedConnection): Handshake | null {
  let request: HandshakeHead<HttpRequestHead> | null = null;
  for (const event of connection.events) {
    if (event.type === 'http' && event.head.kind === 'request' && event.body === null) {
      request = { head: event.head, lines: headLines(connection.chunks, event.direction, event.offset, event.head), time: event.time };
    }
    if (event.type === 'http' && event.head.kind === 'response' && event.head.status === 101) {
      const response = { head: event.head, lines: headLines(connection.chunks, event.direction, event.offset, event.head), time: event.time };
      const open = connection.events.find((other) => other.type === 'websocket-open');
      return { request, response, deflate: open?.type === 'websocket-open' ? open.deflate : null };
    }
  }
  return null;
}

/** Sec-WebSocket-Accept, recomputed from the captured key and compared with what the server sent. */
export interface AcceptCheck {
  /** The key as sent (surrounding whitespace trimmed, as the server does), or null when absent. */
  key: string | null;
  /** Each step for that key; null without a key. */
  steps: AcceptSteps | null;
  /** The server's Sec-WebSocket-Accept, or null when absent. */
  sent: string | null;
  /** The server sent exactly the value the key requires. */
  matches: boolean;
}

/** Recomputes the accept value of a handshake (RFC 6455 §4.2.2 item 5.4). */
export async function checkAccept(handshake: Handshake): Promise<AcceptCheck> {
  const key = handshake.request === null ? null : headerValue(handshake.request.head, 'sec-websocket-key')?.trim() ?? null;
  const sent = headerValue(handshake.response.head, 'sec-websocket-accept')?.trim() ?? null;
  const steps = key === null ? null : await acceptSteps(key);
  return { key, steps, sent, matches: steps !== null && sent === steps.accept };
}
