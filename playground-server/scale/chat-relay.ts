import { randomBytes } from 'node:crypto';
import type { RawData } from 'ws';
import type { ChatItem, ChatRelay } from '../endpoints/chat.ts';
import type { Logger } from '../log.ts';
import type { RedisLink } from './redis-link.ts';

/** The Redis channel `/ws/chat` broadcasts travel on between instances. */
export const CHAT_CHANNEL = 'ws-noriteo#chat';

/** What a relay counts, for /metrics. */
export interface RelayCounts {
  /** Broadcasts this instance made (and handed to the relay). */
  published: number;
  /** Broadcasts from other instances delivered to this instance's clients. */
  delivered: number;
}

export interface CountingRelay extends ChatRelay {
  readonly counts: RelayCounts;
  /** Stops listening for other instances. */
  close(): void;
}

/** An instance id: 8 random bytes as 16 hex digits, the same width in every envelope. */
export function newOrigin(): string {
  return randomBytes(8).toString('hex');
}

const ORIGIN_LENGTH = 16;
const KIND_TEXT = 0;
const KIND_BINARY = 1;

function toBuffer(data: RawData | string): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * A chat broadcast on the wire between instances: one byte for the kind (0 text, 1 binary), the
 * sending instance's 16-character id, then the payload as it was sent (text as UTF-8).
 */
export function encodeChatEnvelope(origin: string, item: ChatItem): Buffer {
  return Buffer.concat([Buffer.from([item.isBinary ? KIND_BINARY : KIND_TEXT]), Buffer.from(origin, 'latin1'), toBuffer(item.data)]);
}

/** The envelope's parts, or null for bytes that are not one (checked, since anything can publish). */
export function decodeChatEnvelope(bytes: Buffer): { origin: string; item: ChatItem } | null {
  if (bytes.length < 1 + ORIGIN_LENGTH) return null;
  const kind = bytes[0];
  if (kind !== KIND_TEXT && kind !== KIND_BINARY) return null;
  const origin = bytes.subarray(1, 1 + ORIGIN_LENGTH).toString('latin1');
  const payload = bytes.subarray(1 + ORIGIN_LENGTH);
  return { origin, item: kind === KIND_TEXT ? { data: payload.toString('utf8'), isBinary: false } : { data: payload, isBinary: true } };
}

/** One instance: no transport, only the counts (so /metrics reads the same everywhere). */
export function createLocalRelay(): CountingRelay {
  const counts: RelayCounts = { published: 0, delivered: 0 };
  return {
    counts,
    publish: () => void counts.published++,
    subscribe: () => {},
    close: () => {},
  };
}

/**
 * Several instances on Redis: every local broadcast is PUBLISHed on CHAT_CHANNEL; what arrives
 * there from another instance is broadcast to this instance's clients. Redis delivers a message
 * to its publisher's subscription too: the envelope's origin lets us skip our own, so the
 * sender's instance delivers it once (locally, at once). While Redis is unreachable publishing
 * fails fast and the broadcast stays local; nothing is queued for later.
 */
export function createRedisChatRelay(link: RedisLink, logger: Logger): CountingRelay {
  const origin = newOrigin();
  const counts: RelayCounts = { published: 0, delivered: 0 };
  let deliver: ((item: ChatItem) => void) | undefined;
  const listener = (message: Buffer) => {
    const envelope = decodeChatEnvelope(message);
    if (envelope === null) {
      logger.debug('chat_relay_malformed', { bytes: message.length });
      return;
    }
    if (envelope.origin === origin || !deliver) return;
    counts.delivered++;
    deliver(envelope.item);
  };
  void link.sub.subscribe(CHAT_CHANNEL, listener, true);
  return {
    counts,
    publish(item) {
      counts.published++;
      void link.pub.publish(CHAT_CHANNEL, encodeChatEnvelope(origin, item));
    },
    subscribe(callback) {
      deliver = callback;
    },
    close() {
      void link.sub.unsubscribe(CHAT_CHANNEL, listener, true);
    },
  };
}

/** The IPC message a cluster worker sends (and receives) for one chat broadcast. */
export interface ClusterChatMessage {
  type: 'pg:chat';
  origin: string;
  isBinary: boolean;
  /** Text as a string; binary as bytes (the cluster uses advanced serialization). */
  data: string | Uint8Array;
}

export function isClusterChatMessage(message: unknown): message is ClusterChatMessage {
  if (typeof message !== 'object' || message === null) return false;
  const { type, origin, isBinary, data } = message as Record<string, unknown>;
  return type === 'pg:chat' && typeof origin === 'string' && typeof isBinary === 'boolean' && (typeof data === 'string' || data instanceof Uint8Array);
}

/**
 * Workers of one machine without Redis: each broadcast goes to the primary over IPC, which passes
 * it to every other worker (entry/cluster-primary.ts), never back to its sender.
 */
export function createClusterChatRelay(send: (message: ClusterChatMessage) => void, onMessage: (listener: (message: unknown) => void) => () => void): CountingRelay {
  const origin = newOrigin();
  const counts: RelayCounts = { published: 0, delivered: 0 };
  let deliver: ((item: ChatItem) => void) | undefined;
  const stop = onMessage((message) => {
    if (!isClusterChatMessage(message) || message.origin === origin || !deliver) return;
    counts.delivered++;
    const data = typeof message.data === 'string' ? message.data : Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength);
    deliver({ data, isBinary: message.isBinary });
  });
  return {
    counts,
    publish(item) {
      counts.published++;
      const data = item.isBinary ? toBuffer(item.data) : typeof item.data === 'string' ? item.data : toBuffer(item.data).toString('utf8');
      send({ type: 'pg:chat', origin, isBinary: item.isBinary, data });
    },
    subscribe(callback) {
      deliver = callback;
    },
    close: stop,
  };
}
