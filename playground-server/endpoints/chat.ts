import { randomBytes } from 'node:crypto';
import type { RawData } from 'ws';
import { CloseCode } from '../../protocol/wire/constants.ts';
import { CLOSE_REASONS } from '../errors.ts';
import type { ConnectionPolicy } from '../limits/websocket-guard.ts';
import type { Logger } from '../log.ts';
import type { ClientRegistry } from './client-registry.ts';
import type { Endpoint } from './endpoint.ts';
import { createWsEndpoint, onMessage } from './ws-endpoint.ts';

/** Notices as the seed's Socket.IO chat words them, so both chats read the same. */
export const chatNotice = {
  joined: (id: string) => `${id} 님이 연결되었습니다.`,
  message: (id: string, text: string) => `${id}: ${text}`,
  left: (id: string) => `${id} 님의 연결이 끊어졌습니다.`,
};

/** How long a chat client closed for not reading has to read its close frame. */
export const SLOW_READER_GRACE_MS = 3000;

/**
 * Sends to every open client but `except`. A client that does not read what it is sent (its unsent
 * bytes past `maxBuffered`) is closed with 1008 instead of sent more: otherwise the server would
 * hold every message of the chat for it, and memory would grow with the other senders' rate.
 */
function broadcast(registry: ClientRegistry, data: RawData | string, isBinary: boolean, maxBuffered: number, except?: unknown): void {
  for (const client of registry) {
    if (client === except || client.readyState !== client.OPEN) continue;
    if (maxBuffered > 0 && client.bufferedAmount > maxBuffered) {
      client.close(CloseCode.POLICY_VIOLATION, CLOSE_REASONS.SLOW_READER);
      // Its close frame waits behind what it has not read: a client that reads it gets it, the rest are cut soon.
      setTimeout(() => client.terminate(), SLOW_READER_GRACE_MS).unref();
      continue;
    }
    client.send(data, { binary: isBinary });
  }
}

/** One chat broadcast as it travels between instances: text, or binary passed on unchanged. */
export interface ChatItem {
  data: RawData | string;
  isBinary: boolean;
}

/**
 * Carries the chat to the other instances (scale/chat-relay.ts: Redis pub/sub, or the cluster
 * primary). `publish` gets every local broadcast; `subscribe`'s callback gets only what other
 * instances published, so nothing reaches this instance's clients twice.
 */
export interface ChatRelay {
  publish(item: ChatItem): void;
  subscribe(deliver: (item: ChatItem) => void): void;
}

/**
 * `/ws/chat`: every message goes to every connected client (the sender too), text prefixed with
 * the sender's id; binary is passed on unchanged. A join notice goes to all, a leave notice to
 * the others.
 */
export function createChatEndpoint(maxPayload: number, logger: Logger, policy: ConnectionPolicy | null, relay?: ChatRelay, maxBuffered = 1024 * 1024): Endpoint {
  // Every local connection shares one registry; remote broadcasts go to it once there is one.
  let local: ClientRegistry | undefined;
  relay?.subscribe((item) => {
    if (local) broadcast(local, item.data, item.isBinary, maxBuffered);
  });
  const send = (registry: ClientRegistry, data: RawData | string, isBinary: boolean, except?: unknown) => {
    broadcast(registry, data, isBinary, maxBuffered, except);
    relay?.publish({ data, isBinary });
  };
  return createWsEndpoint({
    name: 'chat',
    maxPayload,
    logger,
    policy,
    onConnection(ws, _req, registry) {
      local = registry;
      const id = randomBytes(3).toString('hex');
      send(registry, chatNotice.joined(id), false);
      onMessage(ws, 'chat', logger, (data, isBinary) => {
        send(registry, isBinary ? data : chatNotice.message(id, data.toString()), isBinary);
      });
      ws.once('close', () => send(registry, chatNotice.left(id), false, ws));
    },
  });
}
