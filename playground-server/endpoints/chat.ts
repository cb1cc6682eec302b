import { randomBytes } from 'node:crypto';
import type { RawData } from 'ws';
import type { Logger } from '../log.ts';
import type { ClientRegistry } from './client-registry.ts';
import type { Endpoint } from './endpoint.ts';
import { createWsEndpoint } from './ws-endpoint.ts';

/** Notices as the seed's Socket.IO chat words them, so both chats read the same. */
export const chatNotice = {
  joined: (id: string) => `${id} 님이 연결되었습니다.`,
  message: (id: string, text: string) => `${id}: ${text}`,
  left: (id: string) => `${id} 님의 연결이 끊어졌습니다.`,
};

function broadcast(registry: ClientRegistry, data: RawData | string, isBinary: boolean, except?: unknown): void {
  for (const client of registry) {
    if (client !== except && client.readyState === client.OPEN) client.send(data, { binary: isBinary });
  }
}

/**
 * `/ws/chat`: every message goes to every connected client (the sender too), text prefixed with
 * the sender's id; binary is passed on unchanged. A join notice goes to all, a leave notice to
 * the others.
 */
export function createChatEndpoint(maxPayload: number, logger: Logger): Endpoint {
  return createWsEndpoint({
    name: 'chat',
    maxPayload,
    logger,
    onConnection(ws, _req, registry) {
      const id = randomBytes(3).toString('hex');
      broadcast(registry, chatNotice.joined(id), false);
      ws.on('message', (data, isBinary) => {
        broadcast(registry, isBinary ? data : chatNotice.message(id, data.toString()), isBinary);
      });
      ws.once('close', () => broadcast(registry, chatNotice.left(id), false, ws));
    },
  });
}
