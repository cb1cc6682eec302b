import { describe, expect, it } from 'vitest';
import { createFrameDecoder, encodeFrame, type DecodedFrame } from '../../../protocol/wire/frame.ts';
import { diagramPayloadBytes, frameFields, layoutRows, layoutSummary } from '../../../src/inspector/frame-layout.ts';

const hex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

function decodeOne(bytes: Uint8Array, perMessageDeflate = false): DecodedFrame {
  const event = createFrameDecoder({ direction: 'client-to-server', perMessageDeflate }).push(bytes).find((found) => found.type === 'frame');
  if (event?.type !== 'frame') throw new Error('no frame');
  return event.frame;
}

describe('frameFields and layoutRows (RFC 6455 §5.2)', () => {
  it('lay out the masked "Hello" of RFC 6455 §5.7 bit by bit in rows of 32', () => {
    const frame = decodeOne(hex('81 85 37fa213d 7f9f4d5158'));
    const fields = frameFields(frame);
    expect(fields.map((field) => [field.label, field.bitOffset, field.width, field.bits])).toEqual([
      ['FIN', 0, 1, '1'],
      ['RSV1', 1, 1, '0'],
      ['RSV2', 2, 1, '0'],
      ['RSV3', 3, 1, '0'],
      ['opcode', 4, 4, '0001'],
      ['MASK', 8, 1, '1'],
      ['Payload len', 9, 7, '0000101'],
      ['Masking-key', 16, 32, '00110111111110100010000100111101'],
      ['Payload Data', 48, 16, '0111111110011111'],
    ]);
    expect(fields.find((field) => field.id === 'opcode')?.value).toBe('0x1 = 텍스트 프레임');
    expect(fields.find((field) => field.id === 'maskingKey')?.value).toBe('37 fa 21 3d');
    expect(fields.find((field) => field.id === 'payload')?.value).toBe('5바이트 중 처음 2바이트: 7f 9f (마스킹된 그대로), 나머지 3바이트는 아래에');
    const rows = layoutRows(fields);
    expect(rows.map((row) => row.map((segment) => `${segment.label}@${segment.start}+${segment.width}${segment.continued ? '…' : ''}`))).toEqual([
      ['FIN@0+1', 'RSV1@1+1', 'RSV2@2+1', 'RSV3@3+1', 'opcode@4+4', 'MASK@8+1', 'Payload len@9+7', 'Masking-key@16+16'],
      ['Masking-key@0+16…', 'Payload Data@16+16'],
    ]);
    expect(rows.flat().map((segment) => segment.bits).join('')).toBe(Array.from(hex('81 85 37fa213d 7f9f'), (byte) => byte.toString(2).padStart(8, '0')).join(''));
    expect(layoutSummary(fields)).toBe('FIN 1, RSV1 0, RSV2 0, RSV3 0, opcode 0001, MASK 1, Payload len 0000101, Masking-key 32비트, Payload Data 0111111110011111');
  });

  it('show the 16-bit extended length after 126, and a whole row of payload when the header ends on a row boundary', () => {
    const frame = decodeOne(encodeFrame({ opcode: 2, payload: new Uint8Array(200).fill(0xab), maskingKey: Uint8Array.of(1, 2, 3, 4) }));
    const fields = frameFields(frame);
    expect(fields.find((field) => field.id === 'payloadLength')).toMatchObject({ bits: '1111110', value: '126 → 길이는 다음 2바이트에' });
    expect(fields.find((field) => field.id === 'extendedLength')).toMatchObject({ bitOffset: 16, width: 16, bits: '0000000011001000', value: '200 = 페이로드 200바이트' });
    expect(diagramPayloadBytes(frame)).toBe(4);
    expect(layoutRows(fields).map((row) => row.map((segment) => segment.field))).toEqual([
      ['fin', 'rsv1', 'rsv2', 'rsv3', 'opcode', 'mask', 'payloadLength', 'extendedLength'],
      ['maskingKey'],
      ['payload'],
    ]);
  });

  it('split the 64-bit extended length of a 66000-byte frame across rows', () => {
    const frame = decodeOne(encodeFrame({ opcode: 2, payload: new Uint8Array(66_000) }));
    const fields = frameFields(frame);
    expect(fields.find((field) => field.id === 'payloadLength')?.value).toBe('127 → 길이는 다음 8바이트에');
    expect(fields.find((field) => field.id === 'extendedLength')).toMatchObject({ width: 64, value: '66,000 = 페이로드 66,000바이트' });
    const rows = layoutRows(fields);
    expect(rows.map((row) => row.map((segment) => `${segment.field}+${segment.width}`))).toEqual([
      ['fin+1', 'rsv1+1', 'rsv2+1', 'rsv3+1', 'opcode+4', 'mask+1', 'payloadLength+7', 'extendedLength+16'],
      ['extendedLength+32'],
      ['extendedLength+16', 'payload+16'],
    ]);
    expect(rows.flat().filter((segment) => segment.field === 'extendedLength').map((segment) => segment.bits).join('')).toBe((66_000).toString(2).padStart(64, '0'));
  });

  it('say what RSV1 means with permessage-deflate and without it', () => {
    const compressed = decodeOne(encodeFrame({ opcode: 1, rsv1: true, payload: hex('f248cdc9c90700'), maskingKey: Uint8Array.of(0, 0, 0, 0) }), true);
    expect(frameFields(compressed).find((field) => field.id === 'rsv1')?.value).toBe('1 = 이 메시지는 압축됨 (permessage-deflate)');
    const stray = decodeOne(encodeFrame({ opcode: 1, rsv1: true, payload: 'x', maskingKey: Uint8Array.of(0, 0, 0, 0) }));
    expect(frameFields(stray).find((field) => field.id === 'rsv1')?.value).toBe('1 = 켜져 있음 (이 비트를 쓰는 확장이 없으면 문제)');
  });

  it('draw no payload for an empty frame', () => {
    const frame = decodeOne(encodeFrame({ opcode: 9, maskingKey: Uint8Array.of(9, 9, 9, 9) }));
    expect(frameFields(frame).map((field) => field.id)).toEqual(['fin', 'rsv1', 'rsv2', 'rsv3', 'opcode', 'mask', 'payloadLength', 'maskingKey']);
  });
});
