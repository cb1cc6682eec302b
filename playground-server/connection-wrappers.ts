import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Recorder } from './capture-hub.ts';
import type { LoggedWebSocket } from './endpoints/connection-log.ts';
import type { ConnectionPolicy } from './limits/websocket-guard.ts';
import type { Logger } from './log.ts';
import type { NetConditions } from './net-conditions.ts';
import { tapUpgrade } from './tap.ts';
import { parseTag } from '../protocol/page-tag.ts';

/**
 * Everything that wraps a playground connection, in the order it is applied, read top to bottom.
 * A wrapper patches methods (`emit`, `write`, `send`, `close`) over whatever the ones above it
 * patched, so the one applied later runs first on each call: a chunk arriving meets
 * net-conditions (which may hold it back or drop it), then the tap (which records it as the
 * endpoint gets it), then ws parses it into messages, which meet the policy guard before any
 * listener. Bytes leaving go the same way down: the guard counts the send, the tap records the
 * frame as it is written, net-conditions delays it. So the inspector shows what crossed the
 * learner's (shaped) link, and a message refused for its rate was still recorded as sent.
 *
 * Two stages, because a WebSocket exists only once the handshake is done:
 * 1. SOCKET_WRAPPERS: the upgraded TCP socket, in the dispatcher (playground.ts), before any endpoint
 *    sees it. Only recorded connections are wrapped, so an untagged one costs nothing here.
 * 2. WEBSOCKET_WRAPPERS: the `ws` WebSocket, in the endpoint (endpoints/ws-endpoint.ts), before its
 *    handler sees it. These are not patches of each instance but subclasses, one per job, each over
 *    the one before in this order: ws's WebSocket ← GuardedWebSocket (limits/websocket-guard.ts) ←
 *    LoggedWebSocket (endpoints/connection-log.ts), which every `ws` endpoint makes its connections
 *    of; applying one switches its job on for that connection. A connection costs a few fields
 *    instead of a dozen closures (issue 14: 10,000 idle connections).
 * Not here, because they wrap other objects: Socket.IO's Engine.IO sessions are held to the same
 * limits by limits/socket-io-guard.ts; the proxy to learners' servers taps its upstream socket and
 * shapes the browser's (sandbox-proxy.ts), the same order in effect.
 */

/** An upgrade the dispatcher has admitted to a playground endpoint, with what it decided for it. */
export interface AdmittedUpgrade {
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  /** Records the connection for its page's inspector; null when nobody asked. */
  recorder: Recorder | null;
  /** The page's capture tag ("<page>" or "<page>.<playground>"), if the connection carries one. */
  tag: string | null;
  conditions: NetConditions;
}

/** A WebSocket an endpoint has just opened. */
export interface OpenedWebSocket {
  ws: LoggedWebSocket;
  socket: Duplex;
  endpoint: string;
  logger: Logger;
  /** The client's address, for the log. */
  remote: string;
  /** What the endpoint's connections are held to; null: no limits (an endpoint built without one). */
  policy: ConnectionPolicy | null;
}

interface Wrapper<T> {
  readonly name: string;
  apply(target: T): void;
}

export const SOCKET_WRAPPERS: ReadonlyArray<Wrapper<AdmittedUpgrade>> = [
  {
    // Records the request head, then every byte both ways (tap.ts).
    name: 'tap',
    apply({ req, socket, head, recorder }) {
      if (recorder) tapUpgrade(req, socket, head, recorder);
    },
  },
  {
    // A playground's own connections (tag "<page>.<playground>") can be slowed, silenced or cut (net-conditions.ts).
    name: 'net-conditions',
    apply({ socket, recorder, tag, conditions }) {
      if (recorder && tag && parseTag(tag)?.playground) conditions.shape(socket, tag, 'endpoint');
    },
  },
];

export const WEBSOCKET_WRAPPERS: ReadonlyArray<Wrapper<OpenedWebSocket>> = [
  {
    // Rate, heartbeat, idle timeout, back-pressure (limits/websocket-guard.ts).
    name: 'websocket-guard',
    apply({ ws, socket, endpoint, policy }) {
      if (policy) ws.holdTo(policy, socket, endpoint);
    },
  },
  {
    // The open and close log lines, with the close code this side sent (endpoints/connection-log.ts).
    name: 'connection-log',
    apply({ ws, endpoint, logger, remote }) {
      ws.logTo(logger, endpoint, remote);
    },
  },
];

/** Applies every wrapper of a stage, in order. */
export function wrapAll<T>(wrappers: ReadonlyArray<Wrapper<T>>, target: T): void {
  for (const wrapper of wrappers) wrapper.apply(target);
}
