import { describe, expect, it } from 'vitest';
import {
  createFrameDecoder,
  encodeClosePayload,
  encodeFrame,
  type DecodedFrame,
  type FrameDecoderEvent,
  type FrameDecoderOptions,
  type WsMessage,
} from '../../../../protocol/wire/frame.ts';
import type { WireProblemCode } from '../../../../protocol/wire/problems.ts';
import { concatBytes, hex, splitAt, toHex, utf8 } from './bytes.ts';

interface Decoded {
  events: FrameDecoderEvent[];
  frames: DecodedFrame[];
  messages: WsMessage[];
}

function decode(chunks: Uint8Array | Uint8Array[], options: FrameDecoderOptions = {}, end = true): Decoded {
  const decoder = createFrameDecoder(options);
  const events = (Array.isArray(chunks) ? chunks : [chunks]).flatMap((chunk) => decoder.push(chunk));
  if (end) events.push(...decoder.end());
  return {
    events,
    frames: events.flatMap((event) => (event.type === 'frame' ? [event.frame] : [])),
    messages: events.flatMap((event) => (event.type === 'message' ? [event.message] : [])),
  };
}

const oneByteAtATime = (bytes: Uint8Array): Uint8Array[] => Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
const codes = (frame: DecodedFrame | undefined): WireProblemCode[] => frame?.problems.map((problem) => problem.code) ?? [];
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('RFC 6455 §5.7 examples', () => {
  it('decodes a single-frame unmasked text message "Hello"', () => {
    const { frames, messages } = decode(hex('81 05 48656c6c6f'));
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({
      fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 0x1, opcodeName: 'text',
      masked: false, maskingKey: null, payloadLength: 5, lengthForm: '7-bit',
      offset: 0, headerLength: 2, payloadOffset: 2, end: 7, complete: true, truncated: false,
      text: { value: 'Hello', valid: true }, problems: [],
    });
    expect(toHex(frames[0]?.header ?? new Uint8Array())).toBe('8105');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ opcodeName: 'text', size: 5, frameCount: 1, complete: true, text: { value: 'Hello', valid: true } });
  });

  it('decodes a single-frame masked text message "Hello" and keeps both the masked and the unmasked payload', () => {
    const { frames } = decode(hex('81 85 37fa213d 7f9f4d5158'), { direction: 'client-to-server' });
    const frame = frames[0];
    expect(frame?.masked).toBe(true);
    expect(toHex(frame?.maskingKey ?? new Uint8Array())).toBe('37fa213d');
    expect(toHex(frame?.rawPayload ?? new Uint8Array())).toBe('7f9f4d5158');
    expect(text(frame?.payload ?? new Uint8Array())).toBe('Hello');
    expect(frame?.headerLength).toBe(6);
    expect(frame?.problems).toEqual([]);
  });

  it('reassembles the fragmented unmasked text message "Hel" + "lo"', () => {
    const { frames, messages } = decode(hex('01 03 48656c 80 02 6c6f'));
    expect(frames.map((frame) => [frame.fin, frame.opcodeName, frame.text?.value])).toEqual([
      [false, 'text', 'Hel'],
      [true, 'continuation', 'lo'],
    ]);
    expect(frames.map((frame) => frame.messageIndex)).toEqual([0, 0]);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ opcodeName: 'text', frameCount: 2, size: 5, offset: 0, end: 9, complete: true, text: { value: 'Hello', valid: true } });
    expect(messages[0]?.fragments).toEqual([
      { frameIndex: 0, offset: 0, payloadLength: 3 },
      { frameIndex: 1, offset: 5, payloadLength: 2 },
    ]);
  });

  it('decodes an unmasked ping and a masked pong, both carrying "Hello", as control frames outside any message', () => {
    const { frames, messages } = decode(hex('89 05 48656c6c6f 8a 85 37fa213d 7f9f4d5158'));
    expect(frames.map((frame) => [frame.opcodeName, frame.masked, text(frame.payload), frame.messageIndex])).toEqual([
      ['ping', false, 'Hello', null],
      ['pong', true, 'Hello', null],
    ]);
    expect(frames[1]?.offset).toBe(7);
    expect(messages).toEqual([]);
  });

  it('decodes 256 bytes of binary written with the 16-bit length form (0x7E 0x0100)', () => {
    const payload = Uint8Array.from({ length: 256 }, (_, i) => i);
    const { frames, messages } = decode(concatBytes([hex('82 7e 0100'), payload]));
    expect(frames[0]).toMatchObject({ opcodeName: 'binary', payloadLength: 256, lengthForm: '16-bit', headerLength: 4, end: 260, problems: [] });
    expect(frames[0]?.payload).toEqual(payload);
    expect(messages[0]?.data).toEqual(payload);
  });

  it('decodes 64 KiB of binary written with the 64-bit length form (0x7F 0x0000000000010000)', () => {
    const payload = Uint8Array.from({ length: 65_536 }, (_, i) => i % 251);
    const { frames } = decode(concatBytes([hex('82 7f 0000000000010000'), payload]));
    expect(frames[0]).toMatchObject({ payloadLength: 65_536, lengthForm: '64-bit', headerLength: 10, truncated: false, problems: [] });
    expect(frames[0]?.payload).toEqual(payload);
  });
});

describe('chunk boundaries', () => {
  const stream = concatBytes([
    hex('81 85 37fa213d 7f9f4d5158'),
    encodeFrame({ opcode: 0x2, payload: new Uint8Array(300).fill(7), maskingKey: hex('01020304') }),
    encodeFrame({ opcode: 0x2, payload: new Uint8Array(70_000).fill(9) }),
    hex('01 03 48656c 89 00 80 02 6c6f'),
  ]);

  it('decodes the same frames when the bytes arrive one at a time', () => {
    const whole = decode(stream);
    const bytewise = decode(oneByteAtATime(stream));
    expect(bytewise.frames).toEqual(whole.frames);
    expect(bytewise.messages).toEqual(whole.messages);
    expect(whole.frames.map((frame) => frame.opcodeName)).toEqual(['text', 'binary', 'binary', 'text', 'ping', 'continuation']);
  });

  it('decodes a header split inside the 16-bit extended length and inside the masking key', () => {
    // Frame 2 starts at 11: 82 fe 012c | 01020304. Cut between the two length bytes, then after two key bytes.
    const { frames } = decode(splitAt(stream, [13, 17]));
    expect(frames[1]).toMatchObject({ offset: 11, payloadLength: 300, lengthForm: '16-bit', headerLength: 8 });
    expect(toHex(frames[1]?.maskingKey ?? new Uint8Array())).toBe('01020304');
    expect(frames[1]?.payload).toEqual(new Uint8Array(300).fill(7));
  });

  it('decodes a header split inside the 64-bit extended length', () => {
    const start = 11 + 8 + 300;
    const { frames } = decode(splitAt(stream, [start + 1, start + 5, start + 9]));
    expect(frames[2]).toMatchObject({ offset: start, payloadLength: 70_000, lengthForm: '64-bit', headerLength: 10 });
  });

  it('counts offsets from startOffset and keeps the timestamps of the chunks a frame began and ended in', () => {
    const decoder = createFrameDecoder({ startOffset: 129 });
    const events = [...decoder.push(hex('81 05 48'), 1000), ...decoder.push(hex('656c6c6f 89'), 1005), ...decoder.push(hex('00'), 1010)];
    const frames = events.flatMap((event) => (event.type === 'frame' ? [event.frame] : []));
    expect(frames.map((frame) => [frame.offset, frame.end, frame.startTime, frame.endTime])).toEqual([
      [129, 136, 1000, 1005],
      [136, 138, 1005, 1010],
    ]);
    expect(decoder.offset).toBe(138);
  });
});

describe('protocol problems', () => {
  it('reports a control frame with a 126-byte payload (1002) and still decodes it and the next frame', () => {
    const { frames } = decode(concatBytes([encodeFrame({ opcode: 0x9, payload: new Uint8Array(126) }), hex('81 02 6869')]));
    expect(frames[0]?.lengthForm).toBe('16-bit');
    expect(frames[0]?.problems).toMatchObject([{ code: 'CONTROL_TOO_LONG', closeCode: 1002 }]);
    expect(frames[0]?.payload).toHaveLength(126);
    expect(frames[1]?.text?.value).toBe('hi');
  });

  it.each([
    [0x3, 'reserved-data'],
    [0xb, 'reserved-control'],
  ])('reports reserved opcode 0x%s (1002) and keeps decoding', (opcode, name) => {
    const { frames } = decode(concatBytes([encodeFrame({ opcode, payload: 'x' }), hex('81 02 6869')]));
    expect(frames[0]?.opcodeName).toBe(name);
    expect(frames[0]?.problems).toMatchObject([{ code: 'RESERVED_OPCODE', closeCode: 1002, offset: 0 }]);
    expect(frames[1]?.text?.value).toBe('hi');
  });

  it('reports RSV1 when permessage-deflate was not negotiated, and does not treat the message as compressed', () => {
    const { frames, messages } = decode(hex('c1 02 6869'));
    expect(codes(frames[0])).toEqual(['RSV1_WITHOUT_EXTENSION']);
    expect(frames[0]?.problems[0]?.closeCode).toBe(1002);
    expect(messages[0]).toMatchObject({ compressed: false, text: { value: 'hi', valid: true } });
  });

  it('accepts RSV1 on the first frame with permessage-deflate, marking the message compressed and skipping the UTF-8 check', () => {
    const { frames, messages } = decode(hex('41 02 ff fe 80 01 00'), { perMessageDeflate: true });
    expect(frames.flatMap((frame) => frame.problems)).toEqual([]);
    expect(frames.map((frame) => frame.compressed)).toEqual([true, true]);
    expect(frames[0]?.text).toBeNull();
    expect(messages[0]).toMatchObject({ compressed: true, text: null, size: 3 });
  });

  it('reports RSV1 on a continuation frame and on a control frame even with permessage-deflate', () => {
    const { frames } = decode(hex('41 01 aa c0 01 bb c9 00'), { perMessageDeflate: true });
    expect(codes(frames[1])).toEqual(['RSV1_ON_CONTINUATION']);
    expect(codes(frames[2])).toEqual(['RSV1_ON_CONTROL']);
  });

  it('reports RSV2 and RSV3, which no extension here defines', () => {
    const { frames } = decode(hex('a1 00 91 00'));
    expect(codes(frames[0])).toEqual(['RSV2_RSV3_SET']);
    expect(codes(frames[1])).toEqual(['RSV2_RSV3_SET']);
  });

  it('reports invalid UTF-8 in a text frame (1007) at the offset of the bad byte', () => {
    const { frames, messages } = decode(hex('81 04 6869 ff 21'));
    expect(frames[0]?.problems).toMatchObject([{ code: 'INVALID_UTF8', closeCode: 1007, offset: 4 }]);
    expect(frames[0]?.text).toEqual({ value: 'hi\uFFFD!', valid: false });
    expect(messages[0]?.text?.valid).toBe(false);
  });

  it.each([
    ['an overlong encoding', 'c0 af'],
    ['a UTF-16 surrogate', 'ed a0 80'],
    ['a code point above U+10FFFF', 'f4 90 80 80'],
  ])('rejects %s as invalid UTF-8', (_case, bytes) => {
    const payload = hex(bytes);
    const { frames } = decode(encodeFrame({ opcode: 0x1, payload }));
    expect(codes(frames[0])).toEqual(['INVALID_UTF8']);
  });

  it('accepts a multi-byte code point split across two fragments, showing it in the frame where it completes', () => {
    // "한" is ED 95 9C: the first fragment ends after ED 95.
    const { frames, messages } = decode(hex('01 03 61 ed95 80 02 9c 62'));
    expect(frames.map((frame) => frame.text)).toEqual([
      { value: 'a', valid: true },
      { value: '한b', valid: true },
    ]);
    expect(frames.flatMap((frame) => frame.problems)).toEqual([]);
    expect(messages[0]?.text).toEqual({ value: 'a한b', valid: true });
  });

  it('reports a text message whose final fragment ends in the middle of a code point', () => {
    const { frames, messages } = decode(hex('01 01 61 80 02 ed95'));
    expect(frames[1]?.problems).toMatchObject([{ code: 'INVALID_UTF8', offset: 7 }]);
    expect(frames[1]?.text?.valid).toBe(false);
    expect(messages[0]?.text?.valid).toBe(false);
  });

  it('reports a close frame with a 1-byte payload (1002)', () => {
    const { frames } = decode(hex('88 01 03'));
    expect(frames[0]?.problems).toMatchObject([{ code: 'CLOSE_PAYLOAD_ONE_BYTE', closeCode: 1002 }]);
    expect(frames[0]?.close).toEqual({ code: null, codeValid: null, reason: '', reasonValid: true });
  });

  it('decodes a close frame with a code and a reason, and an empty close frame', () => {
    const { frames } = decode(concatBytes([encodeFrame({ opcode: 0x8, payload: encodeClosePayload(1000, '안녕') }), hex('88 00')]));
    expect(frames[0]?.close).toEqual({ code: 1000, codeValid: true, reason: '안녕', reasonValid: true });
    expect(frames[1]?.close).toEqual({ code: null, codeValid: null, reason: '', reasonValid: true });
    expect(frames.flatMap((frame) => frame.problems)).toEqual([]);
  });

  it.each([
    [1005, false],
    [1006, false],
    [1015, false],
    [1004, false],
    [999, false],
    [2999, false],
    [5000, false],
    [1000, true],
    [1012, true],
    [3000, true],
    [4999, true],
  ])('judges close code %i on the wire as valid: %s', (code, valid) => {
    const { frames } = decode(encodeFrame({ opcode: 0x8, payload: encodeClosePayload(code) }));
    expect(frames[0]?.close?.codeValid).toBe(valid);
    expect(codes(frames[0])).toEqual(valid ? [] : ['INVALID_CLOSE_CODE']);
  });

  it('reports a close reason that is not UTF-8 (1007)', () => {
    // C3 opens a two-byte sequence; 28 cannot continue it, so byte 5 of the stream is the bad one.
    const { frames } = decode(hex('88 04 03e8 c3 28'));
    expect(frames[0]?.problems).toMatchObject([{ code: 'INVALID_CLOSE_REASON', closeCode: 1007, offset: 5 }]);
    expect(frames[0]?.close).toMatchObject({ code: 1000, codeValid: true, reasonValid: false });
  });

  it('stops at a 64-bit length with the most significant bit set (1002) and skips the rest', () => {
    const { events, frames } = decode(hex('82 7f 8000000000000001 aabbcc'));
    expect(frames[0]?.problems).toMatchObject([{ code: 'LENGTH_MSB_SET', closeCode: 1002 }]);
    expect(frames[0]?.complete).toBe(false);
    expect(events.at(-1)).toEqual({ type: 'skipped', offset: 10, length: 3 });
  });

  it('stops at a length above 2^53 - 1 (1009), as ws does', () => {
    const { frames } = decode(hex('82 7f 0020000000000000'));
    expect(frames[0]?.problems).toMatchObject([{ code: 'LENGTH_TOO_LARGE', closeCode: 1009 }]);
  });

  it('reports a length written in a longer form than needed, and still decodes the payload', () => {
    const { frames } = decode(hex('81 7e 0005 48656c6c6f'));
    expect(codes(frames[0])).toEqual(['NON_MINIMAL_LENGTH']);
    expect(frames[0]?.text?.value).toBe('Hello');
  });

  it('judges masking by direction: unmasked from the client and masked from the server are errors (1002)', () => {
    expect(decode(hex('81 00'), { direction: 'client-to-server' }).frames[0]?.problems).toMatchObject([{ code: 'UNMASKED_CLIENT_FRAME', closeCode: 1002 }]);
    expect(codes(decode(hex('81 80 00000000'), { direction: 'server-to-client' }).frames[0])).toEqual(['MASKED_SERVER_FRAME']);
    expect(codes(decode(hex('81 80 00000000'), { direction: 'client-to-server' }).frames[0])).toEqual([]);
    expect(codes(decode(hex('81 00')).frames[0])).toEqual([]);
  });

  it('reports a fragmented control frame', () => {
    expect(codes(decode(hex('09 00')).frames[0])).toEqual(['CONTROL_FRAGMENTED']);
  });

  it('reassembles a fragmented message around a control frame sent between its fragments (§5.4)', () => {
    const { frames, messages } = decode(hex('01 01 61 89 00 80 01 62'));
    expect(frames.map((frame) => [frame.opcodeName, frame.messageIndex])).toEqual([
      ['text', 0],
      ['ping', null],
      ['continuation', 0],
    ]);
    expect(messages[0]).toMatchObject({ frameCount: 2, text: { value: 'ab', valid: true } });
  });

  it('reports a continuation frame with no message to continue', () => {
    const { frames, messages } = decode(hex('80 01 61'));
    expect(codes(frames[0])).toEqual(['UNEXPECTED_CONTINUATION']);
    expect(frames[0]?.messageIndex).toBeNull();
    expect(messages).toEqual([]);
  });

  it('reports a new data frame inside a fragmented message, closing the first message as incomplete', () => {
    const { frames, messages } = decode(hex('01 01 61 81 01 62'));
    expect(codes(frames[1])).toEqual(['EXPECTED_CONTINUATION']);
    expect(messages.map((message) => [message.index, message.complete, message.text?.value])).toEqual([
      [0, false, 'a'],
      [1, true, 'b'],
    ]);
  });

  it('reports data frames sent after a close frame', () => {
    const { frames } = decode(hex('88 02 03e8 81 01 61 89 00'));
    expect(codes(frames[1])).toEqual(['FRAME_AFTER_CLOSE']);
    expect(codes(frames[2])).toEqual([]);
  });
});

describe('streams that end early and bounded memory', () => {
  it('reports a header cut short when the stream ends', () => {
    const { events } = decode(hex('81 7e 01'));
    expect(events).toMatchObject([{ type: 'partial-header', offset: 0, problem: { code: 'INCOMPLETE_FRAME', closeCode: 1006 } }]);
  });

  it('reports a payload cut short, and the message it left unfinished', () => {
    const { frames, messages } = decode(hex('01 01 61 80 05 6263'));
    expect(frames[1]).toMatchObject({ complete: false, payloadLength: 5, payloadReceived: 2 });
    expect(codes(frames[1])).toEqual(['INCOMPLETE_FRAME']);
    expect(messages).toMatchObject([{ complete: false, size: 3 }]);
  });

  it('does not allocate a payload of the size the header claims (2^52 bytes) before it arrives', () => {
    const decoder = createFrameDecoder();
    expect(decoder.push(hex('82 7f 0010000000000000 010203'))).toEqual([]);
    const [event] = decoder.end();
    expect(event).toMatchObject({ type: 'frame', frame: { payloadLength: 2 ** 52, payloadReceived: 3, complete: false } });
    if (event?.type === 'frame') expect(event.frame.payload).toEqual(hex('010203'));
  });

  it('keeps at most maxFramePayload bytes of a large frame while counting every byte and offset', () => {
    const payload = Uint8Array.from({ length: 200_000 }, (_, i) => i & 0xff);
    const stream = concatBytes([encodeFrame({ opcode: 0x2, payload, maskingKey: hex('a1b2c3d4') }), hex('81 01 7a')]);
    const { frames, messages } = decode(splitAt(stream, [5, 4096, 70_000, 199_999]), { maxFramePayload: 1000, maxMessagePayload: 5000 });
    expect(frames[0]).toMatchObject({ payloadLength: 200_000, payloadReceived: 200_000, complete: true, truncated: true });
    expect(frames[0]?.payload).toEqual(payload.subarray(0, 1000));
    expect(frames[0]?.rawPayload).toHaveLength(1000);
    expect(messages[0]).toMatchObject({ size: 200_000, truncated: true });
    expect(messages[0]?.data).toEqual(payload.subarray(0, 5000));
    expect(frames[1]).toMatchObject({ offset: 14 + 200_000, text: { value: 'z', valid: true } });
  });

  it('checks UTF-8 over the whole payload even past the bytes it keeps', () => {
    const payload = concatBytes([new Uint8Array(5000).fill(0x61), hex('ff')]);
    const { frames } = decode(encodeFrame({ opcode: 0x1, payload }), { maxFramePayload: 100 });
    expect(frames[0]?.problems).toMatchObject([{ code: 'INVALID_UTF8', offset: 4 + 5000 }]);
  });

  it('lists at most maxFragmentsListed fragments of a message made of many tiny frames', () => {
    const frames = Array.from({ length: 3000 }, (_, i) => encodeFrame({ opcode: i === 0 ? 0x2 : 0x0, fin: i === 2999, payload: hex('00') }));
    const { messages } = decode(concatBytes(frames), { maxFragmentsListed: 10 });
    expect(messages[0]).toMatchObject({ frameCount: 3000, size: 3000, complete: true });
    expect(messages[0]?.fragments).toHaveLength(10);
  });
});

describe('encodeFrame', () => {
  it('writes the RFC 6455 §5.7 examples byte for byte', () => {
    expect(toHex(encodeFrame({ opcode: 0x1, payload: 'Hello' }))).toBe('810548656c6c6f');
    expect(toHex(encodeFrame({ opcode: 0x1, payload: 'Hello', maskingKey: hex('37fa213d') }))).toBe('818537fa213d7f9f4d5158');
    expect(toHex(encodeFrame({ opcode: 0x1, fin: false, payload: 'Hel' }))).toBe('010348656c');
    expect(toHex(encodeFrame({ opcode: 0x2, payload: new Uint8Array(256) }).subarray(0, 4))).toBe('827e0100');
    expect(toHex(encodeFrame({ opcode: 0x2, payload: new Uint8Array(65_536) }).subarray(0, 10))).toBe('827f0000000000010000');
  });

  it('writes a longer length form when asked, for experiments with non-minimal lengths', () => {
    expect(toHex(encodeFrame({ opcode: 0x1, payload: 'hi', lengthForm: '64-bit' }))).toBe('817f00000000000000026869');
  });

  it('refuses fields that cannot be written', () => {
    expect(() => encodeFrame({ opcode: 0x10 })).toThrow(RangeError);
    expect(() => encodeFrame({ opcode: 0x1, maskingKey: hex('0102') })).toThrow(RangeError);
    expect(() => encodeFrame({ opcode: 0x1, payload: new Uint8Array(126), lengthForm: '7-bit' })).toThrow(RangeError);
  });

  it('writes close payloads as a big-endian code and a UTF-8 reason', () => {
    expect(toHex(encodeClosePayload(1001, 'bye'))).toBe('03e9' + toHex(utf8('bye')));
  });
});
