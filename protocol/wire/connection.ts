/**
 * One recorded TCP connection, both directions, decoded layer by layer: HTTP/1.1 messages until a
 * 101 answer, then WebSocket frames and messages (inflated when permessage-deflate was agreed), and,
 * when the request named Engine.IO (`EIO=4` in the query), its packets and the Socket.IO packets
 * inside them, over WebSocket as well as in long-polling bodies. It only wires the single-job
 * modules together; every decision about bytes is made in them.
 */
import type { Direction } from './constants.ts';
import { createMessageInflater, perMessageDeflateParams, type MessageInflater, type PerMessageDeflateParams } from './deflate.ts';
import { decodeEngineIoPacket, decodeEngineIoPayload, type EngineIoDecoded } from './engine-io.ts';
import { createFrameDecoder, type DecodedFrame, type FrameDecoder, type FrameDecoderEvent, type FrameDecoderOptions, type WsMessage } from './frame.ts';
import { bodyFraming, createBodyDecoder, type BodyDecoder, type DecodedBody } from './http-body.ts';
import { createHttpHeadParser, hasHeaderToken, headerValue, type HttpHead, type HttpHeadParser, type HttpRequestHead, type HttpResponseHead } from './http-head.ts';
import { wireProblem, type WireProblem } from './problems.ts';
import { createSocketIoDecoder, type SocketIoDecoder, type SocketIoEvent } from './socket-io.ts';
import { decodeUtf8, type DecodedText } from './utf8.ts';

/** How Engine.IO carried a packet: in an HTTP long-polling body or in a WebSocket message. */
export type Transport = 'polling' | 'websocket';

/** One thing found in the connection, tagged with its direction and the timestamp of the chunk that completed it. */
export type ConnectionEvent = { direction: Direction; time: number | null } & (
  /** An HTTP message; `body` is null for a 101 and for an upgrade request (whatever follows is not a body). */
  | { type: 'http'; offset: number; head: HttpHead; body: DecodedBody | null }
  /** The server answered 101: from here on both directions carry frames. */
  | { type: 'websocket-open'; request: HttpRequestHead | null; response: HttpResponseHead; deflate: PerMessageDeflateParams | null }
  | { type: 'frame'; frame: DecodedFrame }
  /** A data message; `data` is inflated when the message was compressed (and could be). */
  | { type: 'message'; message: WsMessage; data: Uint8Array; inflated: boolean; text: DecodedText | null; problems: WireProblem[] }
  | { type: 'engine.io'; transport: Transport; packet: EngineIoDecoded }
  | { type: 'socket.io'; transport: Transport; event: SocketIoEvent }
  | { type: 'problem'; problem: WireProblem }
  /** Bytes left undecoded (after a problem that loses the framing). */
  | { type: 'skipped'; offset: number; length: number }
);

type Distribute<T> = T extends unknown ? Omit<T, 'direction' | 'time'> : never;
type EventBody = Distribute<ConnectionEvent>;

/** Limits for one connection's decoder; every default keeps memory bounded. */
export interface ConnectionDecoderOptions {
  /** Passed to each direction's frame decoder (retention limits). */
  frames?: Pick<FrameDecoderOptions, 'maxFramePayload' | 'maxMessagePayload' | 'maxFragmentsListed'> | undefined;
  /** HTTP head limit. Default 16384. */
  maxHeadBytes?: number | undefined;
  /** HTTP body bytes kept. Default 1048576. */
  maxBodyBytes?: number | undefined;
  /** Inflated bytes allowed per message. Default 4194304. */
  maxInflatedBytes?: number | undefined;
  /** Bytes one direction may hold while it waits for the other (e.g. frames before the 101 was pushed). Default 1048576. */
  maxPendingBytes?: number | undefined;
  /** Decode Socket.IO inside Engine.IO messages. Default true. */
  socketIo?: boolean | undefined;
}

/** Decodes both directions of one TCP connection. */
export interface ConnectionDecoder {
  /**
   * Decodes the next chunk of one direction. Push chunks in the order they were captured; when that
   * order is lost, a direction that needs the other (the 101, a request to pair a response with)
   * holds its bytes until the other is pushed.
   */
  push(direction: Direction, chunk: Uint8Array, time?: number): ConnectionEvent[];
  /** `length` bytes of one direction that the tap counted but did not record (inside a frame's payload: see live-trim.ts). */
  skip(direction: Direction, length: number, time?: number): ConnectionEvent[];
  /** That direction's stream ended (FIN or reset): reports what was left unfinished. */
  end(direction: Direction): ConnectionEvent[];
}

interface Side {
  direction: Direction;
  mode: 'http' | 'hold' | 'websocket' | 'failed';
  /** Stream offset of the next byte given to a parser. */
  cursor: number;
  head: HttpHeadParser;
  headStart: number;
  body: { decoder: BodyDecoder; head: HttpHead; request: HttpRequestHead | null } | null;
  /** Bytes (or, for `elided`, a count of unrecorded bytes) waiting for the other direction. */
  held: Array<{ bytes: Uint8Array; elided: number; time: number | null }>;
  heldBytes: number;
  frames: FrameDecoder | null;
  inflater: MessageInflater | null;
  socketIo: SocketIoDecoder | null;
  /** Responses seen (server side), to pair each with its request. */
  answered: number;
  /** end() was called while the side was holding bytes: finish once they are released. */
  ended: boolean;
}

const ENGINE_IO_QUERY = /[?&]EIO=\d/;
const POLLING_QUERY = /[?&]transport=polling(?:&|$)/;

function shifted(problem: WireProblem, base: number): WireProblem {
  return { ...problem, offset: problem.offset === null ? null : base + problem.offset };
}

/** Creates a decoder for one TCP connection. */
export function createConnectionDecoder(options: ConnectionDecoderOptions = {}): ConnectionDecoder {
  const maxPendingBytes = options.maxPendingBytes ?? 1_048_576;
  const decodeSocketIo = options.socketIo ?? true;
  const headOptions = { maxHeadBytes: options.maxHeadBytes };
  const requests: HttpRequestHead[] = [];
  let out: ConnectionEvent[] = [];
  let now: number | null = null;

  const side = (direction: Direction): Side => ({
    direction,
    mode: 'http',
    cursor: 0,
    head: createHttpHeadParser(headOptions),
    headStart: 0,
    body: null,
    held: [],
    heldBytes: 0,
    frames: null,
    inflater: null,
    socketIo: null,
    answered: 0,
    ended: false,
  });
  const client = side('client-to-server');
  const server = side('server-to-client');
  let upgradeRequest: HttpRequestHead | null = null;

  function emit(s: Side, event: EventBody): void {
    out.push({ ...event, direction: s.direction, time: now } as ConnectionEvent);
  }

  function fail(s: Side, problem: WireProblem, skippedFrom: number, skipped: number): void {
    emit(s, { type: 'problem', problem });
    if (skipped > 0) emit(s, { type: 'skipped', offset: skippedFrom, length: skipped });
    s.mode = 'failed';
  }

  function hold(s: Side, bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (s.heldBytes + bytes.length > maxPendingBytes) {
      s.held = [];
      fail(s, wireProblem('HTTP_PENDING_TOO_LARGE', s.cursor), s.cursor, s.heldBytes + bytes.length);
      return;
    }
    // Copied: the caller may reuse its buffer before the other direction arrives.
    s.held.push({ bytes: bytes.slice(), elided: 0, time: now });
    s.heldBytes += bytes.length;
  }

  /** Unrecorded bytes: counted inside a frame's payload; anywhere else the framing is lost. */
  function gap(s: Side, length: number): void {
    if (s.mode === 'hold') s.held.push({ bytes: new Uint8Array(0), elided: length, time: now });
    else if (s.mode === 'websocket' && s.frames !== null) onFrameEvents(s, s.frames.skip(length, now ?? undefined));
    else if (s.mode === 'failed') emit(s, { type: 'skipped', offset: s.cursor, length });
    else fail(s, wireProblem('ELIDED_OUTSIDE_PAYLOAD', s.cursor), s.cursor, length);
    if (s.mode !== 'hold') s.cursor += length;
  }

  function release(s: Side, mode: Side['mode']): void {
    s.mode = mode;
    const held = s.held;
    s.held = [];
    s.heldBytes = 0;
    const time = now;
    for (const chunk of held) {
      now = chunk.time;
      if (chunk.elided > 0) gap(s, chunk.elided);
      else feed(s, chunk.bytes);
    }
    now = time;
    if (s.ended) finish(s);
  }

  function socketIoFor(s: Side): SocketIoDecoder | null {
    if (!decodeSocketIo) return null;
    s.socketIo ??= createSocketIoDecoder();
    return s.socketIo;
  }

  function engineIo(s: Side, transport: Transport, packets: EngineIoDecoded[]): void {
    for (const packet of packets) {
      emit(s, { type: 'engine.io', transport, packet });
      if (packet.type !== 'message' || packet.data === null) continue;
      const decoder = socketIoFor(s);
      if (decoder === null) continue;
      for (const event of decoder.push(packet.data)) emit(s, { type: 'socket.io', transport, event });
    }
  }

  function isEngineIo(request: HttpRequestHead | null | undefined): boolean {
    return request !== null && request !== undefined && ENGINE_IO_QUERY.test(request.target);
  }

  function openWebSocket(request: HttpRequestHead | null, response: HttpResponseHead): void {
    const negotiated = perMessageDeflateParams(headerValue(response, 'sec-websocket-extensions'));
    if (!negotiated.ok) emit(server, { type: 'problem', problem: negotiated.problem });
    const deflate = negotiated.ok ? negotiated.params : null;
    upgradeRequest = request;
    emit(server, { type: 'websocket-open', request, response, deflate });
    for (const s of [client, server]) {
      s.frames = createFrameDecoder({ ...options.frames, direction: s.direction, perMessageDeflate: deflate !== null, startOffset: s.cursor });
      s.inflater = deflate === null ? null : createMessageInflater(deflate, s.direction, { maxOutputBytes: options.maxInflatedBytes });
    }
  }

  function onMessage(s: Side, message: WsMessage): void {
    const problems: WireProblem[] = [];
    let data = message.data;
    let inflated = false;
    let text: DecodedText | null = message.text === null ? null : { value: message.text.value, valid: message.text.valid, invalidAt: null };
    if (message.compressed && s.inflater !== null) {
      if (!message.complete || message.truncated) {
        s.inflater.skip();
        problems.push(wireProblem('INFLATE_SKIPPED', message.offset));
      } else {
        const result = s.inflater.inflate(message.data);
        if (result.ok) {
          data = result.data;
          inflated = true;
          if (message.opcodeName === 'text') {
            text = decodeUtf8(data);
            // §8.1 applies to the inflated text (RFC 7692 §6.2).
            if (!text.valid) problems.push(wireProblem('INVALID_UTF8', message.offset));
          }
        } else problems.push({ ...result.problem, offset: message.offset });
      }
    }
    emit(s, { type: 'message', message, data, inflated, text, problems });
    // A message missing bytes (elided or past the limits) would decode as something it is not.
    if (!isEngineIo(upgradeRequest) || !message.complete || message.truncated || (message.compressed && !inflated)) return;
    engineIo(s, 'websocket', [decodeEngineIoPacket(text !== null ? text.value : data)]);
  }

  function onFrameEvents(s: Side, events: FrameDecoderEvent[]): void {
    for (const event of events) {
      if (event.type === 'frame') emit(s, { type: 'frame', frame: event.frame });
      else if (event.type === 'message') onMessage(s, event.message);
      else if (event.type === 'partial-header') emit(s, { type: 'problem', problem: event.problem });
      else emit(s, { type: 'skipped', offset: event.offset, length: event.length });
    }
  }

  function onHead(s: Side, head: HttpHead): void {
    if (head.kind === 'request' && s === client) {
      requests.push(head);
      if (hasHeaderToken(head, 'upgrade', 'websocket') && hasHeaderToken(head, 'connection', 'upgrade')) {
        emit(s, { type: 'http', offset: s.headStart, head, body: null });
        // What follows is frames only if the server says 101: wait for its answer.
        s.mode = 'hold';
      } else startBody(s, head, null);
      if (server.mode === 'hold' && server.frames === null) release(server, 'http');
      return;
    }
    if (head.kind === 'response' && s === server) {
      const request = requests[s.answered++] ?? null;
      const framing = bodyFraming(head, request?.method);
      if (framing.ok && framing.framing.kind === 'switching-protocols') {
        emit(s, { type: 'http', offset: s.headStart, head, body: null });
        openWebSocket(request, head);
        s.mode = 'websocket';
        if (client.mode === 'hold') release(client, 'websocket');
        return;
      }
      if (client.mode === 'hold' && client.frames === null) release(client, 'http');
      startBody(s, head, request);
      return;
    }
    // A response from the client or a request from the server: the roles are confused.
    fail(s, wireProblem('HTTP_BAD_START_LINE', s.headStart), s.cursor, 0);
  }

  function startBody(s: Side, head: HttpHead, request: HttpRequestHead | null): void {
    const framing = bodyFraming(head, request?.method);
    if (!framing.ok) {
      fail(s, shifted(framing.problem, s.headStart), s.cursor, 0);
      return;
    }
    s.body = { decoder: createBodyDecoder(framing.framing, { maxBodyBytes: options.maxBodyBytes }), head, request };
  }

  function onBody(s: Side, head: HttpHead, request: HttpRequestHead | null, body: DecodedBody): void {
    emit(s, { type: 'http', offset: s.headStart, head, body });
    // Polling: the client's POST and the server's answer to GET carry Engine.IO payloads.
    const polling = head.kind === 'request' ? head : request;
    if (!isEngineIo(polling) || polling === null || !POLLING_QUERY.test(polling.target) || body.size === 0) return;
    if (head.kind === 'request' && head.method === 'POST') engineIo(s, 'polling', decodeEngineIoPayload(body.data));
    if (head.kind === 'response' && polling.method === 'GET' && head.status === 200) engineIo(s, 'polling', decodeEngineIoPayload(body.data));
  }

  function feed(s: Side, input: Uint8Array): void {
    let bytes = input;
    for (;;) {
      if (s.mode === 'hold') return hold(s, bytes);
      if (s.mode === 'failed') {
        if (bytes.length > 0) emit(s, { type: 'skipped', offset: s.cursor, length: bytes.length });
        s.cursor += bytes.length;
        return;
      }
      if (s.mode === 'websocket') {
        if (s.frames !== null && bytes.length > 0) onFrameEvents(s, s.frames.push(bytes, now ?? undefined));
        s.cursor += bytes.length;
        return;
      }
      if (s.body === null) {
        if (bytes.length === 0) return;
        // A response can only be paired once its request has been pushed.
        if (s === server && requests.length <= s.answered) {
          s.mode = 'hold';
          return hold(s, bytes);
        }
        const result = s.head.push(bytes);
        if (!result.done) {
          s.cursor += bytes.length;
          return;
        }
        if (!result.ok) {
          fail(s, shifted(result.problem, s.headStart), s.cursor, bytes.length);
          s.cursor += bytes.length;
          return;
        }
        s.cursor += result.consumed;
        bytes = result.rest;
        onHead(s, result.head);
        if (s.body === null) {
          s.head = createHttpHeadParser(headOptions);
          s.headStart = s.cursor;
        }
        continue;
      }
      const { decoder, head, request } = s.body;
      const result = decoder.push(bytes);
      if (!result.done) {
        s.cursor += bytes.length;
        return;
      }
      if (!result.ok) {
        fail(s, shifted(result.problem, s.headStart + head.length), s.cursor, bytes.length);
        s.cursor += bytes.length;
        return;
      }
      s.cursor += result.consumed;
      bytes = result.rest;
      s.body = null;
      onBody(s, head, request, result.body);
      s.head = createHttpHeadParser(headOptions);
      s.headStart = s.cursor;
      if (bytes.length === 0) return;
    }
  }

  function finish(s: Side): void {
    if (s.frames !== null) onFrameEvents(s, s.frames.end());
    else if (s.body !== null) {
      const { decoder, head, request } = s.body;
      const result = decoder.end();
      s.body = null;
      if (result.ok) onBody(s, head, request, result.body);
      else emit(s, { type: 'problem', problem: shifted(result.problem, s.headStart + head.length) });
    } else if (s.mode === 'http' && s.cursor > s.headStart) {
      emit(s, { type: 'problem', problem: wireProblem('HTTP_INCOMPLETE', s.cursor) });
    }
    s.mode = 'failed';
  }

  return {
    push(direction, chunk, time) {
      out = [];
      now = time ?? null;
      feed(direction === 'client-to-server' ? client : server, chunk);
      return out;
    },
    skip(direction, length, time) {
      out = [];
      now = time ?? null;
      if (length > 0) gap(direction === 'client-to-server' ? client : server, length);
      return out;
    },
    end(direction) {
      out = [];
      now = null;
      const s = direction === 'client-to-server' ? client : server;
      s.ended = true;
      // Held bytes still wait for the other direction, which may be pushed after this end().
      if (s.mode !== 'hold') finish(s);
      return out;
    },
  };
}
