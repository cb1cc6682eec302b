import type { Check, CheckContext, CheckResult, CheckSocket, ConsoleRecord } from './challenge-api.ts';
import { probeSocketIo, type TextSocket } from './check-socket-io.ts';
import { poll } from './poll-until.ts';
import { checkModulePath } from '../challenges/challenge-name.ts';

/** Every check module of the course, loaded on demand (each sits in its challenge folder beside its lesson). */
const CHECKS = import.meta.glob<{ default: Check }>('/content/docs/*/challenges/*/check.ts');

/** How long a check may take before it counts as failed. */
const CHECK_TIMEOUT_MS = 15_000;

/** The check of the challenge "<chapter>/<name>", or null when there is none. */
export async function loadCheck(name: string): Promise<Check | null> {
  const path = checkModulePath(name);
  const load = path === null ? undefined : CHECKS[path];
  return load ? (await load()).default : null;
}

function matches(text: string, match: string | RegExp): boolean {
  return typeof match === 'string' ? text.includes(match) : match.test(text);
}

function openSocket(url: string, onText?: (text: string) => void): Promise<CheckSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    const messages: string[] = [];
    ws.onmessage = (event: MessageEvent<string | ArrayBuffer>) => {
      messages.push(typeof event.data === 'string' ? event.data : `[binary ${event.data.byteLength} bytes]`);
      if (typeof event.data === 'string') onText?.(event.data);
    };
    const closed = new Promise<{ code: number; reason: string; wasClean: boolean }>((done) => {
      ws.addEventListener('close', (event) => done({ code: event.code, reason: event.reason, wasClean: event.wasClean }));
    });
    ws.onopen = () =>
      resolve({
        send: (data) => ws.send(data),
        messages,
        waitForMessage: (match, timeoutMs = 3000) => poll(() => messages.find((message) => matches(message, match)), timeoutMs),
        close: (code, reason) => ws.close(code, reason),
        closed,
      });
    ws.onerror = () => reject(new Error(`${url}에 연결할 수 없습니다.`));
  });
}

export interface ChallengeRun {
  files: Record<string, string>;
  records: () => readonly ConsoleRecord[];
  /** The learner's server of this run, if any: `/_sandbox/<token>`. */
  serverBase: string | null;
  /** Cuts or silences this playground's own connections (the network panel's 연결 끊기 / 조용히 끊기). */
  breakConnections(silent: boolean): Promise<number>;
  /** Runs a Node program of the check's own in the sandbox and waits for its end. */
  runProgram(files: Record<string, string>, entry: string, timeoutMs: number): Promise<{ exitCode: number | null; reason: string; output: Array<{ text: string }> }>;
}

/**
 * Runs a check against the run that just started. A check that throws or takes too long counts as
 * one failed result saying so; the sockets it opened are closed afterwards.
 */
export async function runCheck(check: Check, run: ChallengeRun): Promise<CheckResult[]> {
  const sockets: CheckSocket[] = [];
  const wsOrigin = location.origin.replace(/^http/, 'ws');
  /** A port of the learner's server (through the proxy) and a path on it, or a path on the playground server. */
  const urlOf = (target: number | string, path: string): string => {
    if (typeof target === 'string') return `${wsOrigin}${target}`;
    if (run.serverBase === null) throw new Error('실행 중인 서버가 없습니다.');
    return `${wsOrigin}${run.serverBase}/${target}${path.startsWith('/') ? path : `/${path}`}`;
  };
  const context: CheckContext = {
    files: run.files,
    lines: run.records,
    waitForLine: (match, options = {}) =>
      poll(() => run.records().find((record) => (options.side === undefined || record.side === options.side) && matches(record.text, match)), options.timeoutMs ?? 3000),
    async connect(target, path = '/') {
      const socket = await openSocket(urlOf(target, path));
      sockets.push(socket);
      return socket;
    },
    socketIo(port, options) {
      const open = async (onText: (text: string) => void): Promise<TextSocket> => {
        const socket = await openSocket(urlOf(port, '/socket.io/?EIO=4&transport=websocket'), onText);
        sockets.push(socket);
        return socket;
      };
      return probeSocketIo(open, options);
    },
    breakConnections: (options = {}) => run.breakConnections(options.silent === true),
    async runProgram(files, entry, options = {}) {
      const outcome = await run.runProgram({ ...files }, entry, options.timeoutMs ?? 8000);
      return { exitCode: outcome.exitCode, reason: outcome.reason, output: outcome.output.map((line) => line.text) };
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      check(context),
      new Promise<CheckResult[]>((resolve) => {
        timer = setTimeout(() => resolve([{ ok: false, text: `확인이 ${CHECK_TIMEOUT_MS / 1000}초 안에 끝나지 않았습니다.` }]), CHECK_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    return [{ ok: false, text: `확인하는 중에 문제가 생겼습니다: ${error instanceof Error ? error.message : String(error)}` }];
  } finally {
    clearTimeout(timer);
    for (const socket of sockets) socket.close();
  }
}
