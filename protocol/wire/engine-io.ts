/**
 * Engine.IO v4 packets (https://github.com/socketio/engine.io-protocol), decoded with
 * engine.io-parser itself so the inspector agrees with the real peers. Over WebSocket one frame
 * carries one packet (a binary frame is a binary message packet, without a type byte); over HTTP
 * long-polling a body carries several, separated by \x1e, with binary as "b" + base64.
 */
import { decodePacket, decodePayload, type Packet } from 'engine.io-parser';
import { ENGINE_IO_PACKET_DESCRIPTIONS } from './descriptions.ts';
import { wireProblem, type WireProblem } from './problems.ts';

/** The seven Engine.IO v4 packet types (open, close, ping, pong, message, upgrade, noop). */
export type EngineIoPacketType = keyof typeof ENGINE_IO_PACKET_DESCRIPTIONS;

/** The handshake values of the open packet (type 0). */
export interface OpenInfo {
  sid: string;
  /** Transports the client may upgrade to, e.g. ["websocket"]. Empty over WebSocket. */
  upgrades: string[];
  pingInterval: number;
  pingTimeout: number;
  /** Bytes per polling payload the server accepts; absent in servers before 6.3. */
  maxPayload: number | null;
}

/** One decoded Engine.IO packet. */
export interface EngineIoPacket {
  type: EngineIoPacketType;
  /** What follows the type character; bytes for a binary message; null when nothing does. */
  data: string | Uint8Array | null;
  /** A binary message (a WebSocket binary frame, or "b" + base64 in a polling body). */
  binary: boolean;
  /** The parsed open packet; null for other types. */
  open: OpenInfo | null;
  /** ping/pong with "probe": the test of a new transport before upgrading (2probe, 3probe). */
  probe: boolean;
  /** Korean explanation of the packet type. */
  description: string;
}

/** What engine.io-parser calls `{ type: "error", data: "parser error" }`, with our problem attached. */
export interface EngineIoError {
  type: 'error';
  problem: WireProblem;
  /** The input that could not be decoded. */
  raw: string | Uint8Array;
}

/** A packet, or the error value when the input is not one. */
export type EngineIoDecoded = EngineIoPacket | EngineIoError;

/** The record separator between packets of a polling payload. */
export const PAYLOAD_SEPARATOR = '\x1e';

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the JSON of an open packet; null when a required field is missing or of the wrong type. */
export function parseOpenPacket(data: string): OpenInfo | null {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(json)) return null;
  const { sid, upgrades, pingInterval, pingTimeout, maxPayload } = json;
  if (typeof sid !== 'string' || !Array.isArray(upgrades) || !upgrades.every((u) => typeof u === 'string')) return null;
  if (typeof pingInterval !== 'number' || typeof pingTimeout !== 'number') return null;
  return { sid, upgrades, pingInterval, pingTimeout, maxPayload: typeof maxPayload === 'number' ? maxPayload : null };
}

function fromParser(packet: Packet, raw: string): EngineIoDecoded {
  if (packet.type === 'error') return { type: 'error', problem: wireProblem('ENGINE_IO_PARSER_ERROR'), raw };
  const type = packet.type;
  let data: string | Uint8Array | null = null;
  if (typeof packet.data === 'string') data = packet.data;
  else if (packet.data instanceof ArrayBuffer) data = new Uint8Array(packet.data);
  const binary = data instanceof Uint8Array;
  let open: OpenInfo | null = null;
  if (type === 'open') {
    open = typeof data === 'string' ? parseOpenPacket(data) : null;
    if (open === null) return { type: 'error', problem: wireProblem('ENGINE_IO_BAD_OPEN'), raw };
  }
  const probe = (type === 'ping' || type === 'pong') && data === 'probe';
  return { type, data, binary, open, probe, description: ENGINE_IO_PACKET_DESCRIPTIONS[type] };
}

/**
 * Decodes one packet: the text of a WebSocket text frame, or the bytes of a binary frame (which
 * Engine.IO v4 sends as a message packet as is). Never throws.
 */
export function decodeEngineIoPacket(input: string | Uint8Array): EngineIoDecoded {
  if (input instanceof Uint8Array) {
    return { type: 'message', data: input, binary: true, open: null, probe: false, description: ENGINE_IO_PACKET_DESCRIPTIONS.message };
  }
  try {
    // "arraybuffer" gives an ArrayBuffer for "b" packets both in Node and in the browser build.
    return fromParser(decodePacket(input, 'arraybuffer'), input);
  } catch (error) {
    return { type: 'error', problem: wireProblem('ENGINE_IO_PARSER_ERROR', null, String(error)), raw: input };
  }
}

/**
 * Decodes an HTTP long-polling body: packets separated by \x1e. Like engine.io-parser, it stops at
 * the first packet that cannot be decoded (the last element is then the error). Never throws.
 */
export function decodeEngineIoPayload(body: string | Uint8Array): EngineIoDecoded[] {
  const text = typeof body === 'string' ? body : utf8.decode(body);
  try {
    const packets = decodePayload(text, 'arraybuffer');
    const parts = text.split(PAYLOAD_SEPARATOR);
    const decoded: EngineIoDecoded[] = [];
    for (const [i, packet] of packets.entries()) {
      const result = fromParser(packet, parts[i] ?? '');
      decoded.push(result);
      if (result.type === 'error') break;
    }
    return decoded;
  } catch (error) {
    return [{ type: 'error', problem: wireProblem('ENGINE_IO_PARSER_ERROR', null, String(error)), raw: text }];
  }
}
