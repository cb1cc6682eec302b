import type { LearnerErrorInfo, ServerMessage } from '../../protocol/control-messages.ts';
import type { ConsoleLine } from './console-panel.ts';
import type { SandboxMessage } from './messages.ts';

/**
 * What each message of a run shows: the console line it becomes (null: none) and the place of an
 * error the editor underlines (null: none). Pure, so what a learner reads for every message is
 * tested without a page; the parts that receive the messages only pass the result on.
 */
export interface Shown {
  line: ConsoleLine | null;
  mark: ErrorMark | null;
}

/** An error at a line of one of the playground's files. */
export interface ErrorMark {
  file: string;
  line: number;
  message: string;
}

const nothing: Shown = { line: null, mark: null };

function markOf(error: LearnerErrorInfo | null | undefined): ErrorMark | null {
  return error?.file && error.line ? { file: error.file, line: error.line, message: error.message } : null;
}

/**
 * A message from the browser side (the sandboxed iframe). `side` is "client" when the playground
 * also has a server, so the two sides read apart.
 */
export function browserShown(message: SandboxMessage, side: 'client' | undefined): Shown {
  const sided = side === undefined ? {} : { side };
  switch (message.type) {
    case 'console':
      return { line: { kind: message.level, text: message.args.map((arg) => arg.text).join(' '), time: message.time, ...sided }, mark: null };
    case 'error': {
      const prefix = message.rejection ? '처리되지 않은 Promise 거부: ' : '';
      const located = message.file !== null && message.line !== null;
      const where = located ? ` (${message.file} ${message.line}번째 줄)` : '';
      return {
        line: { kind: 'error', text: `${prefix}${message.message}${where}`, time: message.time, ...sided },
        mark: located ? { file: message.file ?? '', line: message.line ?? 0, message: message.message } : null,
      };
    }
    case 'notice':
      return { line: { kind: 'notice', text: message.text, time: message.time }, mark: null };
    case 'truncated':
      return { line: { kind: 'system', text: `콘솔 출력이 ${message.limit}줄을 넘어 나머지는 표시하지 않습니다.`, time: message.time }, mark: null };
    case 'ready':
    case 'pong':
      return nothing;
  }
}

/** A message about the learner's server (`entry`) running in the sandbox; `now` stamps lines the server did not. */
export function serverShown(message: ServerMessage, entry: string, now: number): Shown {
  switch (message.type) {
    case 'server-starting':
      return { line: { kind: 'system', text: `${entry} 파일을 샌드박스에서 실행합니다.`, time: now, side: 'server' }, mark: null };
    case 'server-listening':
      return {
        line: { kind: 'notice', text: `서버가 ${message.port}번 포트에서 기다립니다. 이 페이지의 코드가 localhost:${message.port}(으)로 연결하면 이 서버에 닿습니다.`, time: now, side: 'server' },
        mark: null,
      };
    case 'server-output':
      return { line: { kind: message.stream === 'stderr' ? 'error' : 'log', text: message.text, time: message.time, side: 'server' }, mark: null };
    case 'server-exit':
      return { line: { kind: message.reason === 'stopped' ? 'system' : 'error', text: message.message, time: message.time, side: 'server' }, mark: markOf(message.error) };
    case 'error':
      return { line: { kind: 'error', text: message.message, time: now, side: 'server' }, mark: markOf(message.error) };
    default:
      return nothing;
  }
}

/** A message about a playground that is one Node program (`entry`): its output, and how it ended with its exit code. */
export function programShown(message: ServerMessage, entry: string, now: number): Shown {
  switch (message.type) {
    case 'server-starting':
      return { line: { kind: 'system', text: `${entry} 파일을 Node로 실행합니다.`, time: now }, mark: null };
    case 'server-output':
      return { line: { kind: message.stream === 'stderr' ? 'error' : 'log', text: message.text, time: message.time }, mark: null };
    case 'server-exit': {
      const mark = markOf(message.error);
      if (message.reason === 'exited') return { line: { kind: 'system', text: `프로그램이 끝났습니다 (종료 코드 ${message.code ?? 0}).`, time: now }, mark };
      if (message.reason === 'stopped') return { line: { kind: 'system', text: '프로그램을 멈췄습니다.', time: now }, mark };
      if (message.reason === 'crashed' && message.error === null) return { line: { kind: 'error', text: `프로그램이 종료 코드 ${message.code ?? '없음'}(으)로 끝났습니다.`, time: now }, mark };
      return { line: { kind: 'error', text: message.message, time: now }, mark };
    }
    case 'error':
      return { line: { kind: 'error', text: message.message, time: now }, mark: markOf(message.error) };
    default:
      return nothing;
  }
}
