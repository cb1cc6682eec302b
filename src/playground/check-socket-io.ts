import { decodePacket, encodePacket } from 'engine.io-parser';
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import type { CheckSocketIo } from './challenge-api.ts';
import { poll } from './poll-until.ts';

/** How long a probe waits for the namespace to answer its CONNECT. */
const CONNECT_TIMEOUT_MS = 3000;

/** A raw WebSocket that hands each text message to `onText`; resolves once open. */
export interface TextSocket {
  send(text: string): void;
  close(): void;
}

/**
 * A check's own Socket.IO client, spoken by hand over one Engine.IO WebSocket session (no polling,
 * no reconnection), so a check judges the learner's server by what it does, not by what the
 * playground's client.js prints. Engine.IO and Socket.IO packets are encoded and decoded by their
 * reference parsers. Pings are answered; an ACK resolves the emitWithAck that asked for it.
 */
export async function probeSocketIo(
  open: (onText: (text: string) => void) => Promise<TextSocket>,
  options: { namespace?: string; auth?: Record<string, unknown> } = {},
): Promise<CheckSocketIo> {
  const nsp = options.namespace ?? '/';
  const events: Array<{ event: string; args: unknown[] }> = [];
  const acks = new Map<number, (args: unknown[]) => void>();
  let nextAck = 0;
  let connected: (result: { id: string } | { error: { message: string; data?: unknown } }) => void = () => {};
  const connection = new Promise<{ id: string } | { error: { message: string; data?: unknown } }>((resolve) => {
    connected = resolve;
  });
  const decoder = new Decoder();
  decoder.on('decoded', (packet: Packet) => {
    if (packet.nsp !== nsp) return;
    if (packet.type === PacketType.CONNECT) connected({ id: String((packet.data as { sid?: unknown } | undefined)?.sid ?? '') });
    else if (packet.type === PacketType.CONNECT_ERROR) connected({ error: packet.data as { message: string; data?: unknown } });
    else if (packet.type === PacketType.EVENT && Array.isArray(packet.data)) {
      const [event, ...args] = packet.data as [unknown, ...unknown[]];
      events.push({ event: String(event), args });
    } else if (packet.type === PacketType.ACK && packet.id !== undefined) {
      acks.get(packet.id)?.(Array.isArray(packet.data) ? (packet.data as unknown[]) : []);
      acks.delete(packet.id);
    }
  });
  const socket = await open((text) => {
    const engine = decodePacket(text);
    if (engine.type === 'ping') sendEngine('pong');
    else if (engine.type === 'message' && typeof engine.data === 'string') {
      try {
        decoder.add(engine.data);
      } catch {
        // A malformed packet from the learner's server: nothing to judge it by, so it is skipped.
      }
    }
  });
  function sendEngine(type: 'pong' | 'message' | 'close', data?: string): void {
    encodePacket({ type, ...(data === undefined ? {} : { data }) }, false, (encoded) => socket.send(String(encoded)));
  }
  const encoder = new Encoder();
  const sendPacket = (packet: Packet) => {
    for (const part of encoder.encode(packet)) if (typeof part === 'string') sendEngine('message', part);
  };

  sendPacket({ type: PacketType.CONNECT, nsp, ...(options.auth ? { data: options.auth } : {}) });
  const timeout = new Promise<{ error: { message: string } }>((resolve) =>
    setTimeout(() => resolve({ error: { message: `${CONNECT_TIMEOUT_MS / 1000}초 안에 네임스페이스 ${nsp}의 답이 없습니다` } }), CONNECT_TIMEOUT_MS),
  );
  const result = await Promise.race([connection, timeout]);

  return {
    id: 'id' in result ? result.id : null,
    connectError: 'error' in result ? result.error : null,
    emit(event, ...args) {
      sendPacket({ type: PacketType.EVENT, nsp, data: [event, ...args] });
    },
    emitWithAck(event, ...args) {
      const id = nextAck++;
      const answer = new Promise<unknown[]>((resolve) => acks.set(id, resolve));
      sendPacket({ type: PacketType.EVENT, nsp, id, data: [event, ...args] });
      return Promise.race([answer, new Promise<null>((resolve) => setTimeout(() => resolve(null), 3000))]);
    },
    received: (event) => events.filter((entry) => entry.event === event).map((entry) => entry.args),
    waitForEvent: (event, match = () => true, timeoutMs = 3000) =>
      poll(() => events.find((entry) => entry.event === event && match(entry.args))?.args, timeoutMs),
    close() {
      try {
        sendPacket({ type: PacketType.DISCONNECT, nsp });
        sendEngine('close');
      } finally {
        socket.close();
      }
    },
  };
}
