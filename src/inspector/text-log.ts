/**
 * A plain-text log of recorded connections that a learner can paste into a question: one line per
 * thing that crossed the wire (time since the connection opened, direction, what it is), with the
 * opening handshake's heads verbatim.
 *
 *   +12.3ms  클라이언트 → 서버  텍스트 프레임 FIN 마스킹 5바이트 "Hello"
 */
import type { ConnectionEvent } from '../../protocol/wire/connection.ts';
import type { Direction } from '../../protocol/wire/constants.ts';
import type { DecodedFrame } from '../../protocol/wire/frame.ts';
import type { WireProblem } from '../../protocol/wire/problems.ts';
import type { InspectedConnection } from './capture-store.ts';
import { headLines } from './head-lines.ts';
import { captureGapNote, DIRECTION_LABELS, formatBytes, formatMs, frameFlags, frameKindLabel, framePreview, messageOfFrame, messagesByIndex, quoteText } from './labels.ts';
import { engineIoSummary, socketIoSummary } from './packet-labels.ts';

function line(time: number | null, direction: Direction, what: string): string {
  return `${formatMs(time)}  ${DIRECTION_LABELS[direction]}  ${what}`;
}

/** "문제 UNMASKED_CLIENT_FRAME (닫힘 코드 1002): …" */
export function problemSummary(problem: WireProblem): string {
  const close = problem.closeCode === null ? '' : ` (닫힘 코드 ${problem.closeCode})`;
  return `문제 ${problem.code}${close}: ${problem.message}${problem.detail === null ? '' : ` [${problem.detail}]`}`;
}

/** "텍스트 프레임 FIN 마스킹 5바이트 \"Hello\"" */
export function frameSummary(frame: DecodedFrame, message: Parameters<typeof framePreview>[1]): string {
  const size =
    (frame.complete ? formatBytes(frame.payloadLength) : `${formatBytes(frame.payloadReceived)}/${formatBytes(frame.payloadLength)}(끊김)`) +
    (frame.elided > 0 ? `(앞 ${formatBytes(frame.payload.length)}만 기록)` : '');
  const preview = framePreview(frame, message);
  return [frameKindLabel(frame), ...frameFlags(frame), size, preview].filter((part) => part !== '').join(' ');
}

function bodyNote(size: number): string {
  return size === 0 ? '' : ` · 본문 ${formatBytes(size)}`;
}

function connectionLines(connection: InspectedConnection): string[] {
  const started = new Date(connection.startedAt).toISOString();
  const ended = connection.endedAt === null ? '열려 있음' : `${formatMs(connection.endedAt)}에 끝남`;
  const lines = [`=== 연결 ${connection.id} ${connection.target} · ${started} 시작 · ${ended}${captureGapNote(connection)} ===`];
  const messages = messagesByIndex(connection.events);
  const push = (event: ConnectionEvent, what: string) => lines.push(line(event.time, event.direction, what));

  for (const event of connection.events) {
    switch (event.type) {
      case 'http': {
        const { head, body } = event;
        const title = head.kind === 'request' ? `HTTP 요청 ${head.startLine}` : `HTTP 응답 ${head.status} ${head.reason}`.trimEnd();
        push(event, title + (body === null ? '' : bodyNote(body.size)));
        // The handshake (no body: an upgrade request or a 101) is shown as sent, ending with its blank line.
        if (body === null) lines.push(...headLines(connection.chunks, event.direction, event.offset, head), '');
        break;
      }
      case 'websocket-open': {
        const deflate = event.deflate === null ? '' : ` · permessage-deflate (${Object.entries(event.deflate).map(([key, value]) => `${key}=${String(value)}`).join(', ')})`;
        push(event, `WebSocket 열림: 이제부터 양쪽 모두 프레임입니다${deflate}`);
        break;
      }
      case 'frame':
        push(event, frameSummary(event.frame, messageOfFrame(event.frame, event.direction, messages)));
        for (const problem of event.frame.problems) push(event, problemSummary(problem));
        break;
      case 'message':
        if (event.message.frameCount > 1) {
          const body = event.text !== null ? quoteText(event.text.value) : '';
          push(event, `메시지 완성: 프레임 ${event.message.frameCount}개, ${formatBytes(event.data.length)} ${body}`.trimEnd());
        }
        for (const problem of event.problems) push(event, problemSummary(problem));
        break;
      case 'engine.io':
        push(event, engineIoSummary(event.packet));
        break;
      case 'socket.io':
        push(event, socketIoSummary(event.event));
        break;
      case 'problem':
        push(event, problemSummary(event.problem));
        break;
      case 'skipped':
        push(event, `해석하지 않은 바이트 ${formatBytes(event.length)} (오프셋 ${event.offset})`);
        break;
    }
  }
  if (connection.limited) lines.push('(검사기의 보관 한도를 넘어 이후 바이트는 기록하지 않았습니다)');
  return lines;
}

/** The log of `connections`, in the order given, separated by blank lines. */
export function toTextLog(connections: readonly InspectedConnection[]): string {
  if (connections.length === 0) return '기록된 연결이 없습니다.\n';
  return `${connections.map((connection) => connectionLines(connection).join('\n')).join('\n\n')}\n`;
}
