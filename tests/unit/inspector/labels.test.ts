import { describe, expect, it } from 'vitest';
import { createFrameDecoder, encodeFrame, type DecodedFrame } from '../../../protocol/wire/frame.ts';
import { closeSummary, formatMs, frameFlags, frameKindLabel, framePreview, hexBytes, quoteText } from '../../../src/inspector/labels.ts';

function frames(bytes: Uint8Array, options: Parameters<typeof createFrameDecoder>[0] = {}): DecodedFrame[] {
  return createFrameDecoder(options).push(bytes).flatMap((event) => (event.type === 'frame' ? [event.frame] : []));
}

describe('labels', () => {
  it('name frames by opcode, reserved ones with their value', () => {
    const [text, reserved] = frames(Uint8Array.of(...encodeFrame({ opcode: 1, payload: 'a' }), ...encodeFrame({ opcode: 0xb })));
    expect(text === undefined ? '' : frameKindLabel(text)).toBe('텍스트 프레임');
    expect(reserved === undefined ? '' : frameKindLabel(reserved)).toBe('예약된 제어 프레임 0xb');
  });

  it('list the flags a reader looks for', () => {
    const [first] = frames(encodeFrame({ opcode: 1, fin: false, rsv1: true, rsv3: true, payload: 'x', maskingKey: Uint8Array.of(1, 2, 3, 4) }), { perMessageDeflate: true });
    expect(first === undefined ? [] : frameFlags(first)).toEqual(['FIN=0(이어짐)', 'RSV1(압축)', 'RSV3', '마스킹']);
  });

  it('preview text, bytes, ping text, close frames and a compressed fragment', () => {
    const [text, binary, ping, close, empty] = frames(Uint8Array.of(
      ...encodeFrame({ opcode: 1, payload: '가'.repeat(70) }),
      ...encodeFrame({ opcode: 2, payload: new Uint8Array(20).map((_, i) => i) }),
      ...encodeFrame({ opcode: 9, payload: 'hb' }),
      ...encodeFrame({ opcode: 8, payload: Uint8Array.of(0x0f, 0xa0, 0x62, 0x79, 0x65) }),
      ...encodeFrame({ opcode: 8 }),
    ));
    expect(text === undefined ? '' : framePreview(text, undefined, 3)).toBe('"가가가"…');
    expect(binary === undefined ? '' : framePreview(binary, undefined)).toBe('00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f …');
    expect(ping === undefined ? '' : framePreview(ping, undefined)).toBe('68 62 ("hb")');
    expect(close === undefined ? '' : closeSummary(close)).toBe('4000 "bye"');
    expect(empty === undefined ? '' : framePreview(empty, undefined)).toBe('코드 없음');
    const [fragment] = frames(encodeFrame({ opcode: 1, fin: false, rsv1: true, payload: Uint8Array.of(0xf2, 0x48) }), { perMessageDeflate: true });
    expect(fragment === undefined ? '' : framePreview(fragment, undefined)).toBe('(압축된 조각)');
  });

  it('format times, bytes and text for one line', () => {
    expect(formatMs(12.345)).toBe('+12.3ms');
    expect(formatMs(null)).toBe('+?ms');
    expect(hexBytes(Uint8Array.of(0, 255), 1)).toBe('00 …');
    expect(quoteText('줄\n바꿈')).toBe('"줄\\n바꿈"');
  });
});
