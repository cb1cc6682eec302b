/**
 * RFC 6455 §5 frames: an incremental decoder that accepts bytes cut anywhere (even one at a time)
 * and reports every field of every frame, the protocol problems it sees, and the messages the
 * frames add up to. Like ws's Receiver it is a small state machine (header, then payload), but it
 * never fails the connection: it writes the problem down and keeps going where that makes sense,
 * so the learner sees everything a real endpoint would have refused.
 */
import {
  MAX_CONTROL_PAYLOAD,
  Opcode,
  isControlOpcode,
  isReservedOpcode,
  isValidCloseCode,
  minimalLengthForm,
  opcodeName,
  type Direction,
  type LengthForm,
  type OpcodeName,
} from './constants.ts';
import { wireProblem, type WireProblem, type WireProblemCode } from './problems.ts';
import { createUtf8Validator, decodeUtf8, type Utf8Validator } from './utf8.ts';

/** How to judge and how much to keep; every default keeps memory bounded. */
export interface FrameDecoderOptions {
  /** Which way the bytes flow. Decides the masking rule (§5.1); when undefined, masking is not judged. */
  direction?: Direction | undefined;
  /** permessage-deflate was negotiated, so RSV1 on a message's first frame means "compressed" (RFC 7692 §6). Default false. */
  perMessageDeflate?: boolean | undefined;
  /** Payload bytes kept per frame; the rest is counted but dropped (`truncated: true`). Default 65536. */
  maxFramePayload?: number | undefined;
  /** Payload bytes kept per reassembled message. Default 1048576. */
  maxMessagePayload?: number | undefined;
  /** Fragments listed per message; a message of a million tiny frames still keeps only this many. Default 1024. */
  maxFragmentsListed?: number | undefined;
  /** Offset of the first byte pushed, e.g. the length of the HTTP head before the frames. Default 0. */
  startOffset?: number | undefined;
}

/** The text of an uncompressed text frame or message (RFC 6455 §5.6). */
export interface FrameText {
  /** The text decoded so far (U+FFFD stands in for bad bytes). */
  value: string;
  /** No invalid UTF-8 so far; on the final frame, also no code point left unfinished. */
  valid: boolean;
}

/** What a close frame says (§5.5.1, §7.4). */
export interface CloseInfo {
  /** The status code, or null when the payload is empty (the application then reports 1005). */
  code: number | null;
  /** May this code be sent (§7.4)? Null when there is no code. */
  codeValid: boolean | null;
  reason: string;
  reasonValid: boolean;
}

/** Everything about one frame, as it crossed the wire. Offsets count bytes from the start of the stream. */
export interface DecodedFrame {
  /** 0 for the first frame of the stream. */
  index: number;
  offset: number;
  headerLength: number;
  payloadOffset: number;
  /** Offset just past the payload, as the header announced it. */
  end: number;
  /** The header bytes exactly as sent (2–14 bytes). */
  header: Uint8Array;
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  opcodeName: OpcodeName;
  masked: boolean;
  maskingKey: Uint8Array | null;
  payloadLength: number;
  lengthForm: LengthForm;
  /** Payload bytes that arrived; equals payloadLength when `complete`. */
  payloadReceived: number;
  /** False when the stream ended (or decoding stopped) before the payload did. */
  complete: boolean;
  /** The payload as sent (still masked), up to maxFramePayload bytes. */
  rawPayload: Uint8Array;
  /** The payload after unmasking, up to maxFramePayload bytes. */
  payload: Uint8Array;
  truncated: boolean;
  /** Payload bytes the tap counted but did not record (its snap length under load, live-trim.ts); they are part of payloadReceived. */
  elided: number;
  /** Part of a permessage-deflate compressed message: the payload is DEFLATE data, not text. */
  compressed: boolean;
  /** The data message this frame belongs to, or null (control frames, stray continuations). */
  messageIndex: number | null;
  /** For uncompressed text messages, the text this frame adds (a code point split across frames appears in the later one). */
  text: FrameText | null;
  /** For close frames. */
  close: CloseInfo | null;
  problems: WireProblem[];
  /** Timestamps passed to push() with the chunk that began and the one that finished the frame. */
  startTime: number | null;
  endTime: number | null;
}

/** Where one fragment of a message sits in the stream. */
export interface FragmentInfo {
  frameIndex: number;
  offset: number;
  payloadLength: number;
}

/** A text or binary message reassembled from its frames (§5.4). */
export interface WsMessage {
  index: number;
  opcode: number;
  opcodeName: OpcodeName;
  /** RSV1 was set on the first frame with permessage-deflate negotiated: `data` is compressed. */
  compressed: boolean;
  offset: number;
  end: number;
  frameCount: number;
  /** The first maxFragmentsListed fragments. */
  fragments: FragmentInfo[];
  /** Total payload bytes of all frames. */
  size: number;
  /** Unmasked payload of all frames, concatenated, up to maxMessagePayload bytes. */
  data: Uint8Array;
  truncated: boolean;
  /** Payload bytes of its frames that the tap did not record (see DecodedFrame.elided). */
  elided: number;
  /** For uncompressed text messages. */
  text: FrameText | null;
  /** False when the message never got its final frame. */
  complete: boolean;
  startTime: number | null;
  endTime: number | null;
}

/** What push() and end() report, in stream order. A message event follows the frame that finished it. */
export type FrameDecoderEvent =
  | { type: 'frame'; frame: DecodedFrame }
  | { type: 'message'; message: WsMessage }
  /** The stream ended inside a frame header. */
  | { type: 'partial-header'; offset: number; bytes: Uint8Array; problem: WireProblem }
  /** Bytes left undecoded because an earlier problem made the framing unknowable. */
  | { type: 'skipped'; offset: number; length: number };

/** An incremental decoder for one direction of a WebSocket connection. */
export interface FrameDecoder {
  /** Decodes more bytes of the stream; `time` is kept on the frames that begin or end in this chunk. */
  push(chunk: Uint8Array, time?: number): FrameDecoderEvent[];
  /**
   * `length` bytes of the stream were not recorded (the tap elided them, live-trim.ts). They must
   * lie inside a payload: they are counted there, and the frame is marked. A gap anywhere else
   * loses the framing, so decoding stops there (reported as skipped).
   */
  skip(length: number, time?: number): FrameDecoderEvent[];
  /** The stream ended: reports a frame or message left unfinished. Later pushes are skipped. */
  end(): FrameDecoderEvent[];
  /** Bytes seen so far. */
  readonly offset: number;
  /** True once decoding stopped (a length that cannot be followed, or end()). */
  readonly halted: boolean;
}

interface MessageState {
  index: number;
  opcode: number;
  compressed: boolean;
  offset: number;
  frameCount: number;
  fragments: FragmentInfo[];
  size: number;
  buffer: Uint8Array;
  kept: number;
  elided: number;
  validator: Utf8Validator | null;
  textDecoder: TextDecoder | null;
  startTime: number | null;
}

interface FrameState {
  frame: DecodedFrame;
  raw: Uint8Array;
  unmasked: Uint8Array;
  message: MessageState | null;
}

/** §5.2: a header's size from its second byte: 2 bytes, then 2 or 8 for the extended length, then 4 for the masking key. */
export function headerSize(byte1: number): number {
  const length7 = byte1 & 0x7f;
  return 2 + (length7 === 126 ? 2 : length7 === 127 ? 8 : 0) + (byte1 & 0x80 ? 4 : 0);
}

/** Creates a decoder for one direction of one connection. */
export function createFrameDecoder(options: FrameDecoderOptions = {}): FrameDecoder {
  const direction = options.direction;
  const perMessageDeflate = options.perMessageDeflate ?? false;
  const maxFramePayload = options.maxFramePayload ?? 65_536;
  const maxMessagePayload = options.maxMessagePayload ?? 1_048_576;
  const maxFragmentsListed = options.maxFragmentsListed ?? 1024;

  let offset = options.startOffset ?? 0;
  let halted = false;
  const header = new Uint8Array(14);
  let headerFilled = 0;
  let headerNeeded = 2;
  let headerOffset = 0;
  let headerTime: number | null = null;
  let current: FrameState | null = null;
  let message: MessageState | null = null;
  let frameCount = 0;
  let messageCount = 0;
  let closeSent = false;

  function startFrame(events: FrameDecoderEvent[], time: number | null): void {
    const byte0 = header[0] ?? 0;
    const byte1 = header[1] ?? 0;
    const opcode = byte0 & 0x0f;
    const masked = (byte1 & 0x80) !== 0;
    const problems: WireProblem[] = [];
    const at = headerOffset;
    const length7 = byte1 & 0x7f;
    const view = new DataView(header.buffer, 0, headerNeeded);
    let payloadLength = length7;
    let lengthForm: LengthForm = '7-bit';
    let fatal: WireProblemCode | null = null;
    if (length7 === 126) {
      lengthForm = '16-bit';
      payloadLength = view.getUint16(2);
    } else if (length7 === 127) {
      lengthForm = '64-bit';
      const high = view.getUint32(2);
      payloadLength = high * 2 ** 32 + view.getUint32(6);
      // §5.2: "the most significant bit MUST be 0"; ws also stops above 2^53 - 1 (1009).
      if (high >= 0x8000_0000) fatal = 'LENGTH_MSB_SET';
      else if (high > 0x1f_ffff) fatal = 'LENGTH_TOO_LARGE';
    }
    if (fatal === null && lengthForm !== minimalLengthForm(payloadLength)) problems.push(wireProblem('NON_MINIMAL_LENGTH', at + 1));

    const frame: DecodedFrame = {
      index: frameCount++,
      offset: at,
      headerLength: headerNeeded,
      payloadOffset: at + headerNeeded,
      end: at + headerNeeded + payloadLength,
      header: header.slice(0, headerNeeded),
      fin: (byte0 & 0x80) !== 0,
      rsv1: (byte0 & 0x40) !== 0,
      rsv2: (byte0 & 0x20) !== 0,
      rsv3: (byte0 & 0x10) !== 0,
      opcode,
      opcodeName: opcodeName(opcode),
      masked,
      maskingKey: masked ? header.slice(headerNeeded - 4, headerNeeded) : null,
      payloadLength,
      lengthForm,
      payloadReceived: 0,
      complete: false,
      rawPayload: new Uint8Array(0),
      payload: new Uint8Array(0),
      truncated: false,
      elided: 0,
      compressed: false,
      messageIndex: null,
      text: null,
      close: null,
      problems,
      startTime: headerTime,
      endTime: null,
    };

    if (fatal !== null) {
      problems.push(wireProblem(fatal, at + 2));
      halted = true;
      events.push({ type: 'frame', frame });
      return;
    }

    const control = isControlOpcode(opcode);
    if (isReservedOpcode(opcode)) problems.push(wireProblem('RESERVED_OPCODE', at));
    if (frame.rsv2 || frame.rsv3) problems.push(wireProblem('RSV2_RSV3_SET', at));
    if (frame.rsv1) {
      if (!perMessageDeflate) problems.push(wireProblem('RSV1_WITHOUT_EXTENSION', at));
      else if (control) problems.push(wireProblem('RSV1_ON_CONTROL', at));
      else if (opcode === Opcode.CONTINUATION) problems.push(wireProblem('RSV1_ON_CONTINUATION', at));
    }
    if (control && !frame.fin) problems.push(wireProblem('CONTROL_FRAGMENTED', at));
    if (control && payloadLength > MAX_CONTROL_PAYLOAD) problems.push(wireProblem('CONTROL_TOO_LONG', at + 1));
    if (direction === 'client-to-server' && !masked) problems.push(wireProblem('UNMASKED_CLIENT_FRAME', at + 1));
    if (direction === 'server-to-client' && masked) problems.push(wireProblem('MASKED_SERVER_FRAME', at + 1));

    let owner: MessageState | null = null;
    const isData = opcode === Opcode.TEXT || opcode === Opcode.BINARY || opcode === Opcode.CONTINUATION;
    if (isData && closeSent) problems.push(wireProblem('FRAME_AFTER_CLOSE', at));
    if (opcode === Opcode.CONTINUATION) {
      if (message === null) problems.push(wireProblem('UNEXPECTED_CONTINUATION', at));
      owner = message;
    } else if (opcode === Opcode.TEXT || opcode === Opcode.BINARY) {
      if (message !== null) {
        problems.push(wireProblem('EXPECTED_CONTINUATION', at));
        events.push({ type: 'message', message: finishMessage(message, false, at, headerTime) });
      }
      owner = message = {
        index: messageCount++,
        opcode,
        compressed: perMessageDeflate && frame.rsv1,
        offset: at,
        frameCount: 0,
        fragments: [],
        size: 0,
        buffer: new Uint8Array(Math.min(payloadLength, maxMessagePayload, 1024)),
        kept: 0,
        elided: 0,
        validator: null,
        textDecoder: null,
        startTime: headerTime,
      };
      if (opcode === Opcode.TEXT && !message.compressed) {
        message.validator = createUtf8Validator();
        message.textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
      }
    }
    if (owner !== null) {
      frame.messageIndex = owner.index;
      frame.compressed = owner.compressed;
      owner.frameCount++;
      if (owner.fragments.length < maxFragmentsListed) owner.fragments.push({ frameIndex: frame.index, offset: at, payloadLength });
    }

    // Bounded by maxFramePayload whatever length the header claims.
    const kept = Math.min(payloadLength, maxFramePayload);
    current = { frame, raw: new Uint8Array(kept), unmasked: new Uint8Array(kept), message: owner };
    if (payloadLength === 0) finishFrame(events, time);
  }

  function takePayload(slice: Uint8Array, sliceOffset: number): void {
    if (current === null) return;
    const { frame, raw, unmasked: kept, message: owner } = current;
    const start = frame.payloadReceived;
    let unmasked = slice;
    if (frame.maskingKey !== null) {
      // §5.3: octet i of the payload is XORed with octet (i mod 4) of the key.
      const key = frame.maskingKey;
      unmasked = new Uint8Array(slice.length);
      for (let i = 0; i < slice.length; i++) unmasked[i] = (slice[i] ?? 0) ^ (key[(start + i) & 3] ?? 0);
    }
    const room = Math.max(0, raw.length - start);
    if (room > 0) {
      const n = Math.min(room, slice.length);
      raw.set(slice.subarray(0, n), start);
      kept.set(unmasked.subarray(0, n), start);
    }
    frame.payloadReceived += slice.length;
    if (owner === null) return;
    owner.size += slice.length;
    const take = Math.min(maxMessagePayload - owner.kept, unmasked.length);
    if (take > 0) {
      if (owner.kept + take > owner.buffer.length) {
        const grown = new Uint8Array(Math.min(maxMessagePayload, Math.max(owner.kept + take, owner.buffer.length * 2)));
        grown.set(owner.buffer.subarray(0, owner.kept));
        owner.buffer = grown;
      }
      owner.buffer.set(unmasked.subarray(0, take), owner.kept);
      owner.kept += take;
    }
    // After a gap the bytes no longer follow each other: their UTF-8 cannot be judged.
    if (owner.validator !== null && owner.elided === 0) {
      const bad = owner.validator.push(unmasked);
      if (bad !== -1) frame.problems.push(wireProblem('INVALID_UTF8', sliceOffset + bad));
    }
  }

  function finishFrame(events: FrameDecoderEvent[], time: number | null, complete = true): void {
    if (current === null) return;
    const { frame, raw, unmasked, message: owner } = current;
    current = null;
    const kept = Math.min(frame.payloadReceived - frame.elided, raw.length);
    frame.rawPayload = raw.subarray(0, kept);
    frame.payload = unmasked.subarray(0, kept);
    frame.truncated = kept < frame.payloadReceived;
    frame.complete = complete;
    frame.endTime = time;
    if (!complete) frame.problems.push(wireProblem('INCOMPLETE_FRAME', offset));

    if (owner !== null && owner.validator !== null && owner.textDecoder !== null) {
      const last = frame.fin && complete;
      let value: string;
      if (frame.truncated) {
        // The dropped bytes break the carried code point: start afresh after a gap. A code point
        // the cut left unfinished is left out, not shown as U+FFFD (its bytes were valid, only not kept).
        value = owner.textDecoder.decode(frame.payload, { stream: true });
        owner.textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
      } else {
        value = owner.textDecoder.decode(frame.payload, { stream: !last });
      }
      const judged = owner.elided === 0;
      if (last && judged && !owner.validator.failed && !owner.validator.end()) frame.problems.push(wireProblem('INVALID_UTF8', frame.end));
      frame.text = { value, valid: !owner.validator.failed && (!last || !judged || owner.validator.end()) };
    }
    if (frame.opcode === Opcode.CLOSE && complete) {
      frame.close = parseClose(frame);
      closeSent = true;
    }
    events.push({ type: 'frame', frame });
    if (owner !== null && frame.fin && complete && owner === message) {
      message = null;
      events.push({ type: 'message', message: finishMessage(owner, true, frame.end, time) });
    }
  }

  function finishMessage(state: MessageState, complete: boolean, end: number, time: number | null): WsMessage {
    const data = state.buffer.slice(0, state.kept);
    let text: FrameText | null = null;
    if (state.validator !== null) {
      // Cut short (elided or past maxMessagePayload): leave out an unfinished last code point, as for frames.
      const value = state.kept < state.size ? new TextDecoder('utf-8', { ignoreBOM: true }).decode(data, { stream: true }) : decodeUtf8(data).value;
      text = { value, valid: complete && (state.elided > 0 ? !state.validator.failed : state.validator.end()) };
    }
    return {
      index: state.index,
      opcode: state.opcode,
      opcodeName: opcodeName(state.opcode),
      compressed: state.compressed,
      offset: state.offset,
      end,
      frameCount: state.frameCount,
      fragments: state.fragments,
      size: state.size,
      data,
      truncated: state.kept < state.size,
      elided: state.elided,
      text,
      complete,
      startTime: state.startTime,
      endTime: time,
    };
  }

  return {
    push(chunk, time) {
      const at = time ?? null;
      const events: FrameDecoderEvent[] = [];
      let pos = 0;
      while (pos < chunk.length && !halted) {
        if (current === null) {
          if (headerFilled === 0) {
            headerOffset = offset + pos;
            headerTime = at;
          }
          header[headerFilled++] = chunk[pos++] ?? 0;
          if (headerFilled === 2) headerNeeded = headerSize(header[1] ?? 0);
          if (headerFilled >= 2 && headerFilled === headerNeeded) {
            headerFilled = 0;
            startFrame(events, at);
          }
        } else {
          const take = Math.min(current.frame.payloadLength - current.frame.payloadReceived, chunk.length - pos);
          takePayload(chunk.subarray(pos, pos + take), offset + pos);
          pos += take;
          if (current.frame.payloadReceived === current.frame.payloadLength) finishFrame(events, at);
        }
      }
      if (pos < chunk.length) events.push({ type: 'skipped', offset: offset + pos, length: chunk.length - pos });
      offset += chunk.length;
      return events;
    },
    skip(length, time) {
      const at = time ?? null;
      const events: FrameDecoderEvent[] = [];
      if (length <= 0) return events;
      let left = length;
      if (!halted && current !== null && headerFilled === 0) {
        const frame = current.frame;
        const take = Math.min(frame.payloadLength - frame.payloadReceived, left);
        frame.payloadReceived += take;
        frame.elided += take;
        if (current.message !== null) {
          current.message.size += take;
          current.message.elided += take;
        }
        left -= take;
        if (frame.payloadReceived === frame.payloadLength) finishFrame(events, at);
      }
      if (left > 0) {
        halted = true;
        events.push({ type: 'skipped', offset: offset + length - left, length: left });
      }
      offset += length;
      return events;
    },
    end() {
      const events: FrameDecoderEvent[] = [];
      if (halted) return events;
      halted = true;
      if (headerFilled > 0) {
        events.push({ type: 'partial-header', offset: headerOffset, bytes: header.slice(0, headerFilled), problem: wireProblem('INCOMPLETE_FRAME', offset) });
      }
      if (current !== null) finishFrame(events, null, false);
      if (message !== null) {
        events.push({ type: 'message', message: finishMessage(message, false, offset, null) });
        message = null;
      }
      return events;
    },
    get offset() {
      return offset;
    },
    get halted() {
      return halted;
    },
  };
}

/** §5.5.1: an optional 2-byte code, then an optional UTF-8 reason. */
function parseClose(frame: DecodedFrame): CloseInfo {
  const payload = frame.payload;
  if (payload.length === 0) return { code: null, codeValid: null, reason: '', reasonValid: true };
  if (payload.length === 1) {
    frame.problems.push(wireProblem('CLOSE_PAYLOAD_ONE_BYTE', frame.payloadOffset));
    return { code: null, codeValid: null, reason: '', reasonValid: true };
  }
  const code = ((payload[0] ?? 0) << 8) | (payload[1] ?? 0);
  const codeValid = isValidCloseCode(code);
  if (!codeValid) frame.problems.push(wireProblem('INVALID_CLOSE_CODE', frame.payloadOffset));
  const reason = decodeUtf8(payload.subarray(2));
  if (reason.invalidAt !== null) frame.problems.push(wireProblem('INVALID_CLOSE_REASON', frame.payloadOffset + 2 + reason.invalidAt));
  return { code, codeValid, reason: reason.value, reasonValid: reason.valid };
}

/** The fields encodeFrame() writes; everything but the opcode has a default. */
export interface FrameFields {
  /** Default true. */
  fin?: boolean | undefined;
  rsv1?: boolean | undefined;
  rsv2?: boolean | undefined;
  rsv3?: boolean | undefined;
  opcode: number;
  /** A string is written as UTF-8. Default empty. */
  payload?: Uint8Array | string | undefined;
  /** 4 bytes: the frame is masked with them. Null or undefined: unmasked. */
  maskingKey?: Uint8Array | null | undefined;
  /** Default: the shortest form that fits (§5.2). A longer form makes a frame that decodes with NON_MINIMAL_LENGTH. */
  lengthForm?: LengthForm | undefined;
}

/**
 * Builds one frame from its fields, for tests and the experiments page. It writes exactly what it is
 * told, rule-breaking frames included; it throws a RangeError only for fields that cannot be written
 * at all (an opcode above 0xF, a key that is not 4 bytes, a length form too small for the payload).
 */
export function encodeFrame(fields: FrameFields): Uint8Array {
  const payload = typeof fields.payload === 'string' ? new TextEncoder().encode(fields.payload) : (fields.payload ?? new Uint8Array(0));
  const key = fields.maskingKey ?? null;
  const form = fields.lengthForm ?? minimalLengthForm(payload.length);
  if (!Number.isInteger(fields.opcode) || fields.opcode < 0 || fields.opcode > 0xf) throw new RangeError(`opcode는 0x0–0xF여야 합니다: ${fields.opcode}`);
  if (key !== null && key.length !== 4) throw new RangeError('마스킹 키는 정확히 4바이트여야 합니다.');
  if ((form === '7-bit' && payload.length > 125) || (form === '16-bit' && payload.length > 0xffff)) {
    throw new RangeError(`${payload.length}바이트는 ${form} 길이 형식에 들어가지 않습니다.`);
  }
  const extended = form === '16-bit' ? 2 : form === '64-bit' ? 8 : 0;
  const headerLength = 2 + extended + (key === null ? 0 : 4);
  const bytes = new Uint8Array(headerLength + payload.length);
  const view = new DataView(bytes.buffer);
  bytes[0] = ((fields.fin ?? true) ? 0x80 : 0) | (fields.rsv1 ? 0x40 : 0) | (fields.rsv2 ? 0x20 : 0) | (fields.rsv3 ? 0x10 : 0) | fields.opcode;
  const length7 = form === '16-bit' ? 126 : form === '64-bit' ? 127 : payload.length;
  bytes[1] = (key === null ? 0 : 0x80) | length7;
  if (form === '16-bit') view.setUint16(2, payload.length);
  if (form === '64-bit') {
    view.setUint32(2, Math.floor(payload.length / 2 ** 32));
    view.setUint32(6, payload.length >>> 0);
  }
  if (key === null) {
    bytes.set(payload, headerLength);
  } else {
    bytes.set(key, 2 + extended);
    for (let i = 0; i < payload.length; i++) bytes[headerLength + i] = (payload[i] ?? 0) ^ (key[i & 3] ?? 0);
  }
  return bytes;
}

/** The payload of a close frame (§5.5.1): the code in 2 bytes, big-endian, then the reason as UTF-8. */
export function encodeClosePayload(code: number, reason = ''): Uint8Array {
  const text = new TextEncoder().encode(reason);
  const bytes = new Uint8Array(2 + text.length);
  new DataView(bytes.buffer).setUint16(0, code);
  bytes.set(text, 2);
  return bytes;
}
