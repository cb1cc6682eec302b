/**
 * A decoded frame laid out as RFC 6455 §5.2 draws it: header fields in wire order, each with its
 * actual bits, wrapped into rows of 32 bits, followed by the first bytes of the payload as sent.
 * Pure data for the bit diagram and its text alternative.
 */
import { describeOpcode, FIELD_DESCRIPTIONS, LENGTH_FORM_DESCRIPTIONS } from '../../protocol/wire/descriptions.ts';
import type { DecodedFrame } from '../../protocol/wire/frame.ts';
import { formatBytes, frameKindLabel, hexBytes } from './labels.ts';

export type FieldId = 'fin' | 'rsv1' | 'rsv2' | 'rsv3' | 'opcode' | 'mask' | 'payloadLength' | 'extendedLength' | 'maskingKey' | 'payload';

/** One field of the frame with its bits as they were on the wire. */
export interface FrameField {
  id: FieldId;
  /** The RFC's name, e.g. "Payload len". */
  label: string;
  /** Offset of its first bit from the start of the frame. */
  bitOffset: number;
  width: number;
  /** The bits, "0"/"1", most significant first. */
  bits: string;
  /** What the bits say, in Korean ("1 = 마지막 프레임"). */
  value: string;
  description: string;
}

/** A field's part within one 32-bit row. */
export interface RowSegment {
  field: FieldId;
  label: string;
  /** First bit within the row (0–31). */
  start: number;
  width: number;
  bits: string;
  /** This segment continues a field begun on an earlier row. */
  continued: boolean;
}

export const ROW_BITS = 32;

function bitsOf(bytes: Uint8Array, bitOffset: number, width: number): string {
  let bits = '';
  for (let i = bitOffset; i < bitOffset + width; i++) bits += ((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1 ? '1' : '0';
  return bits;
}

/**
 * The payload bytes the diagram shows: enough to finish the header's last row, or one row (4 bytes)
 * when the header ends on a row boundary; never more than the frame kept.
 */
export function diagramPayloadBytes(frame: DecodedFrame): number {
  const rest = (ROW_BITS - ((frame.headerLength * 8) % ROW_BITS)) / 8;
  return Math.min(rest === 0 ? 4 : rest, frame.rawPayload.length);
}

/** The frame's fields in wire order (extended length and masking key only when present). */
export function frameFields(frame: DecodedFrame): FrameField[] {
  const header = frame.header;
  const length7 = (header[1] ?? 0) & 0x7f;
  const field = (id: FieldId, label: string, bitOffset: number, width: number, value: string, description: string, bytes: Uint8Array = header): FrameField => ({
    id,
    label,
    bitOffset,
    width,
    bits: bitsOf(bytes, bitOffset - (bytes === header ? 0 : frame.headerLength * 8), width),
    value,
    description,
  });
  const rsv1Value = !frame.rsv1 ? '0' : frame.compressed ? '1 = 이 메시지는 압축됨 (permessage-deflate)' : '1 = 켜져 있음 (이 비트를 쓰는 확장이 없으면 문제)';
  const fields: FrameField[] = [
    field('fin', 'FIN', 0, 1, frame.fin ? '1 = 메시지의 마지막 프레임' : '0 = 이어지는 프레임이 더 있음', FIELD_DESCRIPTIONS.fin),
    field('rsv1', 'RSV1', 1, 1, rsv1Value, FIELD_DESCRIPTIONS.rsv1),
    field('rsv2', 'RSV2', 2, 1, frame.rsv2 ? '1 (정의하는 확장이 없으면 문제)' : '0', FIELD_DESCRIPTIONS.rsv2),
    field('rsv3', 'RSV3', 3, 1, frame.rsv3 ? '1 (정의하는 확장이 없으면 문제)' : '0', FIELD_DESCRIPTIONS.rsv3),
    field('opcode', 'opcode', 4, 4, `0x${frame.opcode.toString(16)} = ${frameKindLabel(frame)}`, `${FIELD_DESCRIPTIONS.opcode} ${describeOpcode(frame.opcode)}`),
    field('mask', 'MASK', 8, 1, frame.masked ? '1 = 마스킹됨' : '0 = 마스킹 안 됨', FIELD_DESCRIPTIONS.mask),
    field(
      'payloadLength',
      'Payload len',
      9,
      7,
      length7 === 126 ? '126 → 길이는 다음 2바이트에' : length7 === 127 ? '127 → 길이는 다음 8바이트에' : `${length7} = 페이로드 ${formatBytes(length7)}`,
      `${FIELD_DESCRIPTIONS.payloadLength} ${LENGTH_FORM_DESCRIPTIONS[frame.lengthForm]}`,
    ),
  ];
  let bit = 16;
  if (frame.lengthForm !== '7-bit') {
    const width = frame.lengthForm === '16-bit' ? 16 : 64;
    fields.push(field('extendedLength', 'Extended payload length', bit, width, `${frame.payloadLength.toLocaleString('ko-KR')} = 페이로드 ${formatBytes(frame.payloadLength)}`, LENGTH_FORM_DESCRIPTIONS[frame.lengthForm]));
    bit += width;
  }
  if (frame.maskingKey !== null) {
    fields.push(field('maskingKey', 'Masking-key', bit, 32, hexBytes(frame.maskingKey), FIELD_DESCRIPTIONS.maskingKey));
    bit += 32;
  }
  const shown = diagramPayloadBytes(frame);
  if (shown > 0) {
    const rest = frame.payloadLength - shown;
    const value = `${formatBytes(frame.payloadLength)} 중 처음 ${formatBytes(shown)}: ${hexBytes(frame.rawPayload.subarray(0, shown))}${frame.masked ? ' (마스킹된 그대로)' : ''}${rest > 0 ? `, 나머지 ${formatBytes(rest)}는 아래에` : ''}`;
    fields.push(field('payload', 'Payload Data', bit, shown * 8, value, FIELD_DESCRIPTIONS.payload, frame.rawPayload));
  }
  return fields;
}

/** Wraps fields into rows of 32 bits; a field that crosses a row boundary is split. */
export function layoutRows(fields: readonly FrameField[]): RowSegment[][] {
  const rows: RowSegment[][] = [];
  for (const field of fields) {
    let done = 0;
    while (done < field.width) {
      const bit = field.bitOffset + done;
      const row = Math.floor(bit / ROW_BITS);
      const start = bit % ROW_BITS;
      const width = Math.min(field.width - done, ROW_BITS - start);
      (rows[row] ??= []).push({ field: field.id, label: field.label, start, width, bits: field.bits.slice(done, done + width), continued: done > 0 });
      done += width;
    }
  }
  return rows;
}

/** A sentence naming every field and its bits, for the diagram's text alternative. */
export function layoutSummary(fields: readonly FrameField[]): string {
  return fields.map((field) => `${field.label} ${field.width <= 16 ? field.bits : `${field.width}비트`}`).join(', ');
}
