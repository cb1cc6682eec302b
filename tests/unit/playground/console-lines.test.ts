import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../protocol/control-messages.ts';
import { browserShown, programShown, serverShown } from '../../../src/playground/console-lines.ts';
import { CHANNEL, sandboxMessage } from '../../../src/playground/messages.ts';

const NOW = 1_700_000_000_000;
const runId = 'p:1';
const located = { message: 'x is not defined', file: 'server.js', line: 3, column: 5, hint: null };
const exit = (reason: string, code: number | null, error: typeof located | null = null): ServerMessage => ({ type: 'server-exit', runId, reason, message: `끝: ${reason}`, error, time: 5, code });

describe('what the browser side shows', () => {
  /** A message as the frame sends it, through the page's own schema. */
  const browser = (message: Record<string, unknown>) => sandboxMessage.parse({ channel: CHANNEL, runId: 'r', ...message });

  it('joins a console call’s arguments with spaces, tagged as the client when the playground has a server', () => {
    const message = browser({ type: 'console', level: 'warn', args: [{ kind: 'string', text: 'a' }, { kind: 'number', text: '1' }], time: 7 });
    expect(browserShown(message, 'client')).toEqual({ line: { kind: 'warn', text: 'a 1', time: 7, side: 'client' }, mark: null });
    expect(browserShown(message, undefined).line).toEqual({ kind: 'warn', text: 'a 1', time: 7 });
  });

  it('says where an error happened and marks that line; a rejection says it was one', () => {
    const error = browser({ type: 'error', message: 'boom', file: 'client.js', line: 4, column: 1, rejection: true, time: 8 });
    expect(browserShown(error, undefined)).toEqual({
      line: { kind: 'error', text: '처리되지 않은 Promise 거부: boom (client.js 4번째 줄)', time: 8 },
      mark: { file: 'client.js', line: 4, message: 'boom' },
    });
    const nowhere = browser({ type: 'error', message: 'boom', file: null, line: null, column: null, rejection: false, time: 8 });
    expect(browserShown(nowhere, undefined)).toEqual({ line: { kind: 'error', text: 'boom', time: 8 }, mark: null });
  });

  it('shows notices and the truncation as the playground’s own lines, and nothing for ready and pong', () => {
    expect(browserShown(browser({ type: 'notice', text: '안내', time: 1 }), 'client').line).toEqual({ kind: 'notice', text: '안내', time: 1 });
    expect(browserShown(browser({ type: 'truncated', limit: 1000, time: 2 }), undefined).line).toEqual({ kind: 'system', text: '콘솔 출력이 1000줄을 넘어 나머지는 표시하지 않습니다.', time: 2 });
    expect(browserShown(browser({ type: 'ready' }), undefined)).toEqual({ line: null, mark: null });
    expect(browserShown(browser({ type: 'pong', seq: 1 }), undefined)).toEqual({ line: null, mark: null });
  });
});

describe('what the learner’s server shows', () => {
  it('announces the entry file, then its output (stderr as errors), all on the server side', () => {
    expect(serverShown({ type: 'server-starting', runId }, 'server.js', NOW).line).toEqual({ kind: 'system', text: 'server.js 파일을 샌드박스에서 실행합니다.', time: NOW, side: 'server' });
    expect(serverShown({ type: 'server-output', runId, stream: 'stdout', text: 'hi', time: 9 }, 'server.js', NOW).line).toEqual({ kind: 'log', text: 'hi', time: 9, side: 'server' });
    expect(serverShown({ type: 'server-output', runId, stream: 'stderr', text: 'oops', time: 9 }, 'server.js', NOW).line?.kind).toBe('error');
  });

  it('shows a stop as the playground’s line and any other end as an error, marking the learner’s line', () => {
    expect(serverShown(exit('stopped', null), 'server.js', NOW)).toEqual({ line: { kind: 'system', text: '끝: stopped', time: 5, side: 'server' }, mark: null });
    expect(serverShown(exit('crashed', 1, located), 'server.js', NOW)).toEqual({
      line: { kind: 'error', text: '끝: crashed', time: 5, side: 'server' },
      mark: { file: 'server.js', line: 3, message: 'x is not defined' },
    });
    expect(serverShown({ type: 'error', runId, code: 'SANDBOX_LIMIT_TOTAL', message: '바쁩니다' }, 'server.js', NOW)).toEqual({ line: { kind: 'error', text: '바쁩니다', time: NOW, side: 'server' }, mark: null });
  });

  it('says which port the server listens on and that the page’s localhost reaches it', () => {
    expect(serverShown({ type: 'server-listening', runId, port: 8080, base: '/_sandbox/t' }, 'server.js', NOW).line).toEqual({
      kind: 'notice',
      text: '서버가 8080번 포트에서 기다립니다. 이 페이지의 코드가 localhost:8080(으)로 연결하면 이 서버에 닿습니다.',
      time: NOW,
      side: 'server',
    });
  });
});

describe('what a Node program shows', () => {
  it('says how it ended, with its exit code', () => {
    const text = (message: ServerMessage) => programShown(message, 'server.test.js', NOW).line;
    expect(text({ type: 'server-starting', runId })).toEqual({ kind: 'system', text: 'server.test.js 파일을 Node로 실행합니다.', time: NOW });
    expect(text({ type: 'server-output', runId, stream: 'stdout', text: 'ok 1', time: 3 })).toEqual({ kind: 'log', text: 'ok 1', time: 3 });
    expect(text(exit('exited', 0))).toEqual({ kind: 'system', text: '프로그램이 끝났습니다 (종료 코드 0).', time: NOW });
    expect(text(exit('stopped', null))).toEqual({ kind: 'system', text: '프로그램을 멈췄습니다.', time: NOW });
    expect(text(exit('crashed', 1))).toEqual({ kind: 'error', text: '프로그램이 종료 코드 1(으)로 끝났습니다.', time: NOW });
    expect(text(exit('crashed', 1, located))).toEqual({ kind: 'error', text: '끝: crashed', time: NOW });
    expect(text(exit('cpu-time', null))).toEqual({ kind: 'error', text: '끝: cpu-time', time: NOW });
  });

  it('marks the line of an error the program threw', () => {
    expect(programShown(exit('crashed', 1, located), 'server.test.js', NOW).mark).toEqual({ file: 'server.js', line: 3, message: 'x is not defined' });
  });
});
