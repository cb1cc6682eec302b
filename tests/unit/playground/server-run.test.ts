import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientMessage, ServerMessage } from '../../../protocol/control-messages.ts';
import type { ConsoleLine } from '../../../src/playground/console-panel.ts';
import type { ErrorMark } from '../../../src/playground/console-lines.ts';
import type { SnippetServer } from '../../../src/playground/sandbox-document.ts';
import { SERVER_START_TIMEOUT_MS, ServerRun } from '../../../src/playground/server-run.ts';

/** The control channel as a run sees it: what was sent, and messages delivered to a run's listeners. */
class FakeChannel {
  readonly sent: ClientMessage[] = [];
  readonly #listeners = new Map<string, Set<(message: ServerMessage) => void>>();
  onRun(runId: string, listener: (message: ServerMessage) => void): () => void {
    const set = this.#listeners.get(runId) ?? new Set();
    set.add(listener);
    this.#listeners.set(runId, set);
    return () => set.delete(listener);
  }
  send(message: ClientMessage): void {
    this.sent.push(message);
  }
  deliver(message: ServerMessage & { runId: string }): void {
    for (const listener of this.#listeners.get(message.runId) ?? []) listener(message);
  }
}

function recorder() {
  const seen = { lines: [] as ConsoleLine[], marks: [] as ErrorMark[], ports: [] as SnippetServer[], ended: 0 };
  const run = new ServerRun({
    line: (line) => seen.lines.push(line),
    mark: (mark) => seen.marks.push(mark),
    ports: (server) => seen.ports.push({ base: server.base, ports: [...server.ports] }),
    ended: () => seen.ended++,
  });
  return { run, seen, channel: new FakeChannel() };
}

const start = { runId: 'pg:1', entry: 'server.js', files: { 'server.js': 'listen' }, capture: 'abcd1234', inject: '<script></script>' };
const listening = (port: number) => ({ type: 'server-listening', runId: 'pg:1', port, base: '/_sandbox/t' }) as const;
const exit = { type: 'server-exit', runId: 'pg:1', reason: 'crashed', message: '서버가 멈췄습니다.', error: { message: 'boom', file: 'server.js', line: 2, column: 1, hint: null }, time: 1, code: 1 } as const;

describe('the learner’s server run', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks the sandbox to run the files and resolves with where the page reaches the server once it listens', async () => {
    const { run, seen, channel } = recorder();
    const started = run.startServer(channel, start);
    expect(channel.sent).toEqual([{ type: 'run-server', ...start }]);
    channel.deliver({ type: 'server-starting', runId: 'pg:1' });
    channel.deliver(listening(8080));
    await expect(started).resolves.toEqual({ base: '/_sandbox/t', ports: [8080] });
    expect(run.running).toBe(true);
    expect(seen.lines.map((line) => line.text)).toEqual(['server.js 파일을 샌드박스에서 실행합니다.', '서버가 8080번 포트에서 기다립니다. 이 페이지의 코드가 localhost:8080(으)로 연결하면 이 서버에 닿습니다.']);
  });

  it('tells the page about a port the server opens later, with every port so far', async () => {
    const { run, seen, channel } = recorder();
    const started = run.startServer(channel, start);
    channel.deliver(listening(8080));
    await started;
    channel.deliver(listening(8081));
    channel.deliver(listening(8081));
    expect(seen.ports).toEqual([
      { base: '/_sandbox/t', ports: [8080, 8081] },
      { base: '/_sandbox/t', ports: [8080, 8081] },
    ]);
  });

  it('resolves with null when the server ends before listening, shows why and marks the line', async () => {
    const { run, seen, channel } = recorder();
    const started = run.startServer(channel, start);
    channel.deliver(exit);
    await expect(started).resolves.toBeNull();
    expect(run.running).toBe(false);
    expect(seen.ended).toBe(1);
    expect(seen.lines.at(-1)).toMatchObject({ kind: 'error', text: '서버가 멈췄습니다.', side: 'server' });
    expect(seen.marks).toEqual([{ file: 'server.js', line: 2, message: 'boom' }]);
    expect(channel.sent.filter((message) => message.type === 'stop-server')).toEqual([]);
  });

  it('gives up on a server that does not listen in time, says so and stops it', async () => {
    const { run, seen, channel } = recorder();
    const started = run.startServer(channel, start);
    vi.advanceTimersByTime(SERVER_START_TIMEOUT_MS);
    await expect(started).resolves.toBeNull();
    expect(seen.lines.at(-1)?.text).toBe('서버가 20초 안에 포트를 열지(listen) 않았습니다.');
    expect(channel.sent.at(-1)).toEqual({ type: 'stop-server', runId: 'pg:1' });
    expect(run.running).toBe(false);
  });

  it('stops on request once, and hears nothing of that run afterwards', async () => {
    const { run, seen, channel } = recorder();
    const started = run.startServer(channel, start);
    channel.deliver(listening(8080));
    await started;
    const shown = seen.lines.length;
    expect(run.stop()).toBe(true);
    expect(channel.sent.at(-1)).toEqual({ type: 'stop-server', runId: 'pg:1' });
    expect(run.stop()).toBe(false);
    channel.deliver(exit);
    expect(seen.ended).toBe(0);
    expect(seen.lines).toHaveLength(shown);
  });

  it('treats a dropped control channel as the end of the server, with nothing left to stop', async () => {
    const { run, channel } = recorder();
    const started = run.startServer(channel, start);
    channel.deliver({ type: 'error', runId: 'pg:1', code: 'CONTROL_CLOSED', message: '끊어졌습니다' });
    await expect(started).resolves.toBeNull();
    expect(run.running).toBe(false);
    expect(run.stop()).toBe(false);
  });
});

describe('a Node program run', () => {
  it('shows the program’s output and end, runs until it exits, and a late end of an earlier program does not end a newer one', async () => {
    const { run, seen, channel } = recorder();
    await run.startProgram(channel, { runId: 'pg:1', entry: 'server.test.js', files: { 'server.test.js': 'test' } });
    expect(channel.sent).toEqual([{ type: 'run-server', runId: 'pg:1', entry: 'server.test.js', files: { 'server.test.js': 'test' } }]);
    expect(run.running).toBe(true);
    expect(run.stop()).toBe(true);
    await run.startProgram(channel, { runId: 'pg:2', entry: 'server.test.js', files: { 'server.test.js': 'test' } });
    channel.deliver({ ...exit, runId: 'pg:1', reason: 'stopped', code: null, error: null });
    await vi.waitFor(() => expect(seen.lines.at(-1)?.text).toBe('프로그램을 멈췄습니다.'));
    expect(run.running).toBe(true);
    expect(seen.ended).toBe(0);
    channel.deliver({ type: 'server-output', runId: 'pg:2', stream: 'stdout', text: 'ok 1', time: 2 });
    channel.deliver({ ...exit, runId: 'pg:2', reason: 'exited', code: 0, error: null });
    await vi.waitFor(() => expect(seen.ended).toBe(1));
    expect(run.running).toBe(false);
    expect(seen.lines.map((line) => line.text).slice(-2)).toEqual(['ok 1', '프로그램이 끝났습니다 (종료 코드 0).']);
  });
});
