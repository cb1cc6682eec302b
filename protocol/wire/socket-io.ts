/**
 * Socket.IO v5 packets (https://github.com/socketio/socket.io-protocol), carried in Engine.IO
 * message packets and decoded with socket.io-parser's own Decoder. A packet with binary arrives in
 * parts: a BINARY_EVENT/BINARY_ACK string whose JSON holds `{"_placeholder":true,"num":n}`, then one
 * binary message per attachment; the decoder reports each part, then the reassembled packet.
 */
import { Decoder, type Packet } from 'socket.io-parser';
import { SOCKET_IO_PACKET_DESCRIPTIONS } from './descriptions.ts';
import { wireProblem, type WireProblem } from './problems.ts';

/** The seven Socket.IO v5 packet types. */
export type SocketIoTypeName = keyof typeof SOCKET_IO_PACKET_DESCRIPTIONS;

const TYPE_NAMES: readonly SocketIoTypeName[] = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'];

/** One decoded Socket.IO packet. */
export interface SocketIoPacket {
  /** 0–6, as on the wire. */
  type: number;
  typeName: SocketIoTypeName;
  /** "/" unless the packet names another namespace. */
  nsp: string;
  /** The acknowledgement id, or null. */
  id: number | null;
  /** EVENT / BINARY_EVENT: the event name (the first element of the array). */
  event: string | number | null;
  /** EVENT: the arguments after the name; ACK: all elements. Binary arguments are Uint8Array once reassembled. */
  args: unknown[];
  /** The JSON payload as decoded (CONNECT's auth or sid object, CONNECT_ERROR's message). */
  data: unknown;
  /** Binary attachments announced by a BINARY_* packet; 0 otherwise. */
  attachments: number;
  description: string;
}

/** What push() reports for one Engine.IO message. */
export type SocketIoEvent =
  /** A complete packet. */
  | { type: 'packet'; packet: SocketIoPacket }
  /** The text part of a binary packet: its args still hold the placeholders; `attachments` binary messages follow. */
  | { type: 'binary-header'; packet: SocketIoPacket }
  /** One attachment of the binary packet being reassembled (index counts from 0). */
  | { type: 'attachment'; index: number; of: number; bytes: Uint8Array }
  | { type: 'error'; problem: WireProblem; raw: string | Uint8Array };

/** Limits for createSocketIoDecoder(). */
export interface SocketIoDecoderOptions {
  /** Attachments allowed per packet, as socket.io-parser's own limit. Default 10. */
  maxAttachments?: number | undefined;
}

/** Decodes one direction's Socket.IO packets, keeping the state of a binary packet in progress. */
export interface SocketIoDecoder {
  /** Decodes the data of one Engine.IO message packet. Never throws. */
  push(data: string | Uint8Array): SocketIoEvent[];
}

/** `<type><attachments>-[<namespace>,][<ack id>]<JSON>` (socket.io-protocol, "Packet encoding"). */
const BINARY_HEADER = /^([56])(\d+)-(?:(\/[^,]*),)?(\d+)?/;

function toPacket(type: number, packet: Packet, attachments: number): SocketIoPacket {
  const typeName = TYPE_NAMES[type] ?? 'EVENT';
  const data: unknown = packet.data;
  const array = Array.isArray(data) ? (data as unknown[]) : null;
  const isEvent = typeName === 'EVENT' || typeName === 'BINARY_EVENT';
  const isAck = typeName === 'ACK' || typeName === 'BINARY_ACK';
  const first = array?.[0];
  return {
    type,
    typeName,
    nsp: packet.nsp,
    id: packet.id ?? null,
    event: isEvent && (typeof first === 'string' || typeof first === 'number') ? first : null,
    args: array === null ? [] : isEvent ? array.slice(1) : isAck ? array : [],
    data,
    attachments,
    description: SOCKET_IO_PACKET_DESCRIPTIONS[typeName],
  };
}

/** Creates a decoder for one direction of one Engine.IO session. */
export function createSocketIoDecoder(options: SocketIoDecoderOptions = {}): SocketIoDecoder {
  const maxAttachments = options.maxAttachments ?? 10;
  let events: SocketIoEvent[] = [];
  // The binary packet being reassembled: its real type (the Decoder reports BINARY_EVENT as EVENT) and count.
  let pending: { type: number; attachments: number; received: number } | null = null;
  // JSON.parse calls the reviver last for the root (key ""): that is the packet's data before reassembly.
  let lastRoot: unknown = undefined;
  let decoder = create();

  function create(): Decoder {
    const next = new Decoder({
      maxAttachments,
      reviver(key, value: unknown) {
        if (key === '') lastRoot = value;
        return value;
      },
    });
    next.on('decoded', (packet: Packet) => {
      const type = pending?.type ?? packet.type;
      events.push({ type: 'packet', packet: toPacket(type, packet, pending?.attachments ?? 0) });
      pending = null;
    });
    return next;
  }

  function fail(raw: string | Uint8Array, error: unknown): void {
    events.push({ type: 'error', problem: wireProblem('SOCKET_IO_PARSER_ERROR', null, error instanceof Error ? error.message : String(error)), raw });
    // A throw can leave the Decoder halfway through a binary packet: start clean.
    decoder.destroy();
    decoder = create();
    pending = null;
  }

  return {
    push(data) {
      events = [];
      try {
        if (typeof data === 'string') {
          const binaryHeader = BINARY_HEADER.exec(data);
          lastRoot = undefined;
          decoder.add(data);
          if (binaryHeader !== null) {
            const [, typeDigit = '', count = '', nsp = '/', id] = binaryHeader;
            const type = Number(typeDigit);
            const attachments = Number(count);
            pending = { type, attachments, received: 0 };
            // Copy the placeholders now: reassembly later replaces them inside the same objects.
            const placeholders: unknown = lastRoot === undefined ? undefined : JSON.parse(JSON.stringify(lastRoot));
            const header = toPacket(type, { type, nsp, data: placeholders, ...(id === undefined ? {} : { id: Number(id) }) }, attachments);
            events.push({ type: 'binary-header', packet: header });
          }
        } else {
          const index = pending?.received ?? 0;
          const of = pending?.attachments ?? 0;
          if (pending !== null) {
            pending.received++;
            events.push({ type: 'attachment', index, of, bytes: data });
          }
          decoder.add(data);
        }
      } catch (error) {
        fail(data, error);
      }
      return events;
    },
  };
}
