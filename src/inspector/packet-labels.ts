/**
 * One-line Korean summaries of Engine.IO and Socket.IO packets, for the text log and the
 * Socket.IO view, and the packet as it was written on the wire.
 */
import type { EngineIoDecoded, EngineIoPacket, EngineIoPacketType } from '../../protocol/wire/engine-io.ts';
import type { SocketIoEvent, SocketIoPacket } from '../../protocol/wire/socket-io.ts';
import { bytesToBase64 } from '../../protocol/base64.ts';
import { formatBytes, hexBytes, quoteText } from './labels.ts';

/** The type digit Engine.IO v4 writes first (engine.io-protocol, "Packet encoding"). */
export const ENGINE_IO_TYPE_DIGITS: Readonly<Record<EngineIoPacketType, number>> = {
  open: 0,
  close: 1,
  ping: 2,
  pong: 3,
  message: 4,
  upgrade: 5,
  noop: 6,
};

/**
 * A packet as written: "2probe", "4" + a Socket.IO packet, "b" + base64 in a polling body. A binary
 * packet over WebSocket is a binary frame without a type digit: its bytes are shown as hex.
 */
export function engineIoRaw(packet: EngineIoDecoded, transport: 'polling' | 'websocket'): string {
  if (packet.type === 'error') return typeof packet.raw === 'string' ? packet.raw : hexBytes(packet.raw, 32);
  if (packet.data instanceof Uint8Array) return transport === 'polling' ? `b${bytesToBase64(packet.data)}` : hexBytes(packet.data, 32);
  return `${ENGINE_IO_TYPE_DIGITS[packet.type]}${packet.data ?? ''}`;
}

/** A JS value in a line: JSON, with bytes as <바이너리 n바이트: hex> and long strings cut. */
export function formatValue(value: unknown, depth = 0): string {
  if (value instanceof Uint8Array) return `<바이너리 ${formatBytes(value.length)}: ${hexBytes(value, 8)}>`;
  if (value instanceof ArrayBuffer) return formatValue(new Uint8Array(value), depth);
  if (typeof value === 'string') return quoteText(value, 80);
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (depth > 4) return '…';
  if (Array.isArray(value)) return `[${value.map((item) => formatValue(item, depth + 1)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => `${JSON.stringify(key)}: ${formatValue(item, depth + 1)}`);
  return `{${entries.join(', ')}}`;
}

function openSummary(packet: EngineIoPacket): string {
  const open = packet.open;
  if (open === null) return '';
  const maxPayload = open.maxPayload === null ? '' : ` maxPayload=${open.maxPayload}`;
  return ` sid=${open.sid} upgrades=${JSON.stringify(open.upgrades)} pingInterval=${open.pingInterval} pingTimeout=${open.pingTimeout}${maxPayload}`;
}

/** "Engine.IO open(0) sid=… upgrades=[…] …", "Engine.IO ping(2) probe", "Engine.IO message(4)". */
export function engineIoSummary(packet: EngineIoDecoded): string {
  if (packet.type === 'error') return `Engine.IO 해석 실패 ${packet.problem.code}: ${packet.problem.message}`;
  const name = `Engine.IO ${packet.type}(${ENGINE_IO_TYPE_DIGITS[packet.type]})`;
  if (packet.type === 'open') return name + openSummary(packet);
  if (packet.probe) return `${name} probe`;
  if (packet.data instanceof Uint8Array) return `${name} 바이너리 ${formatBytes(packet.data.length)}`;
  return name;
}

function packetDetails(packet: SocketIoPacket): string {
  const parts = [`Socket.IO ${packet.typeName}(${packet.type})`];
  if (packet.nsp !== '/') parts.push(`네임스페이스 ${packet.nsp}`);
  if (packet.event !== null) parts.push(formatValue(packet.event));
  if (packet.typeName === 'CONNECT' || packet.typeName === 'CONNECT_ERROR') {
    if (packet.data !== undefined) parts.push(formatValue(packet.data));
  } else if (packet.args.length > 0) parts.push(formatValue(packet.args));
  if (packet.id !== null) parts.push(`ack ${packet.id}`);
  return parts.join(' ');
}

/** A Socket.IO event in one line; binary packets show their parts, then the packet put back together. */
export function socketIoSummary(event: SocketIoEvent): string {
  switch (event.type) {
    case 'packet':
      return packetDetails(event.packet) + (event.packet.attachments > 0 ? ` (첨부 ${event.packet.attachments}개를 합친 결과)` : '');
    case 'binary-header':
      return `${packetDetails(event.packet)} (첨부 ${event.packet.attachments}개가 뒤따름)`;
    case 'attachment':
      return `Socket.IO 첨부 ${event.index + 1}/${event.of} ${formatBytes(event.bytes.length)}: ${hexBytes(event.bytes, 8)}`;
    case 'error':
      return `Socket.IO 해석 실패 ${event.problem.code}: ${event.problem.message}`;
  }
}
