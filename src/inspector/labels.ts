/**
 * Short Korean labels for what the inspector lists (directions, frame kinds, sizes, previews),
 * shared by the text log and the views so both say the same thing. Longer explanations are in
 * protocol/wire/descriptions.ts and header-descriptions.ts.
 */
import type { ConnectionEvent } from '../../protocol/wire/connection.ts';
import { CLOSE_CODES, type Direction, type OpcodeName } from '../../protocol/wire/constants.ts';
import type { DecodedFrame } from '../../protocol/wire/frame.ts';
import { LIVE_FULL_RATE } from '../../protocol/capture.ts';
import { decodeUtf8 } from '../../protocol/wire/utf8.ts';

/** A decoded message event. */
export type MessageEvent = Extract<ConnectionEvent, { type: 'message' }>;

export const DIRECTION_LABELS: Readonly<Record<Direction, string>> = {
  'client-to-server': '클라이언트 → 서버',
  'server-to-client': '서버 → 클라이언트',
};

const OPCODE_LABELS: Readonly<Record<OpcodeName, string>> = {
  continuation: '이어지는 프레임',
  text: '텍스트 프레임',
  binary: '바이너리 프레임',
  close: '닫기 프레임',
  ping: 'ping 프레임',
  pong: 'pong 프레임',
  'reserved-data': '예약된 데이터 프레임',
  'reserved-control': '예약된 제어 프레임',
};

/** "텍스트 프레임", or for reserved opcodes their value too ("예약된 데이터 프레임 0x3"). */
export function frameKindLabel(frame: Pick<DecodedFrame, 'opcode' | 'opcodeName'>): string {
  const label = OPCODE_LABELS[frame.opcodeName];
  return frame.opcodeName.startsWith('reserved') ? `${label} 0x${frame.opcode.toString(16)}` : label;
}

/** Milliseconds since the connection opened, as the log and the lists show them: "+12.3ms". */
export function formatMs(t: number | null): string {
  return t === null ? '+?ms' : `+${t.toFixed(1)}ms`;
}

export function formatBytes(count: number): string {
  return `${count.toLocaleString('ko-KR')}바이트`;
}

/** What a connection's record is missing, for its one-line label: " · 일부 바이트 빠짐 · 페이로드 1,234바이트 생략". */
export function captureGapNote(connection: { truncated: boolean; elided: number }): string {
  return (connection.truncated ? ' · 일부 바이트 빠짐' : '') + (connection.elided > 0 ? ` · 페이로드 ${formatBytes(connection.elided)} 생략` : '');
}

/** Why a frame's payload is only partly there: the tap's snap length under load (live-trim.ts). */
export function elidedFrameNote(frame: Pick<DecodedFrame, 'elided' | 'payload'>): string {
  return `한 연결이 실시간으로 보내는 양이 초당 ${LIVE_FULL_RATE / 1024} KiB를 넘어, 서버는 이 프레임 페이로드의 처음 ${formatBytes(frame.payload.length)}만 보내고 나머지 ${formatBytes(frame.elided)}는 길이만 셌습니다. 헤더와 크기, 시각은 실제 그대로입니다.`;
}

/** The first `max` bytes as hex pairs ("48 65 6c"), with "…" when there are more. */
export function hexBytes(bytes: Uint8Array, max = 16): string {
  const shown = Array.from(bytes.subarray(0, max), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > max ? `${shown} …` : shown;
}

/** Text in JSON quotes (control characters escaped), cut to `max` characters with "…". */
export function quoteText(text: string, max = 60): string {
  const chars = [...text];
  return chars.length > max ? `${JSON.stringify(chars.slice(0, max).join(''))}…` : JSON.stringify(text);
}

/** The flags worth reading in a list: "FIN", "FIN=0(이어짐)", "RSV1(압축)", "마스킹". */
export function frameFlags(frame: DecodedFrame): string[] {
  const flags = [frame.fin ? 'FIN' : 'FIN=0(이어짐)'];
  if (frame.rsv1) flags.push(frame.compressed ? 'RSV1(압축)' : 'RSV1');
  if (frame.rsv2) flags.push('RSV2');
  if (frame.rsv3) flags.push('RSV3');
  if (frame.masked) flags.push('마스킹');
  return flags;
}

/** "1000 Normal Closure \"끝\"", or "코드 없음" for an empty close frame. */
export function closeSummary(frame: DecodedFrame): string {
  const close = frame.close;
  if (close === null) return frame.complete ? '' : '(끝나지 않음)';
  if (close.code === null) return '코드 없음';
  const name = CLOSE_CODES[close.code]?.name;
  return `${close.code}${name === undefined ? '' : ` ${name}`}${close.reason === '' ? '' : ` ${quoteText(close.reason)}`}`;
}

/**
 * What a frame carries, in a few words: close code and reason, the text, the (inflated) message
 * when the frame completes a compressed one, or the first bytes in hex.
 */
export function framePreview(frame: DecodedFrame, message: MessageEvent | undefined, maxChars = 60): string {
  if (frame.opcodeName === 'close') return closeSummary(frame);
  if (frame.compressed) {
    if (message === undefined || !message.inflated) return '(압축된 조각)';
    const body = message.text !== null ? quoteText(message.text.value, maxChars) : hexBytes(message.data);
    return `→ 풀면 ${formatBytes(message.data.length)} ${body}`;
  }
  if (frame.text !== null) return quoteText(frame.text.value, maxChars) + (frame.truncated ? '…' : '');
  if (frame.payload.length === 0) return '';
  const hex = hexBytes(frame.payload) + (frame.truncated && frame.payload.length <= 16 ? ' …' : '');
  // Ping and pong payloads are often short text ("heartbeat"): show it beside the bytes.
  const text = frame.opcodeName === 'ping' || frame.opcodeName === 'pong' ? decodeUtf8(frame.payload) : null;
  return text !== null && text.valid ? `${hex} (${quoteText(text.value, maxChars)})` : hex;
}

/** Pairs each data frame with the message it completes: key `${direction}:${messageIndex}`. */
export function messagesByIndex(events: readonly ConnectionEvent[]): Map<string, MessageEvent> {
  const messages = new Map<string, MessageEvent>();
  for (const event of events) if (event.type === 'message') messages.set(`${event.direction}:${event.message.index}`, event);
  return messages;
}

/** The message a frame belongs to, when that frame finished it. */
export function messageOfFrame(frame: DecodedFrame, direction: Direction, messages: ReadonlyMap<string, MessageEvent>): MessageEvent | undefined {
  if (frame.messageIndex === null) return undefined;
  const message = messages.get(`${direction}:${frame.messageIndex}`);
  return message !== undefined && message.message.end === frame.end ? message : undefined;
}
