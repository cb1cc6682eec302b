/**
 * What a 도전 과제 check sees. A check is the `check.ts` of a challenge folder
 * (`content/docs/<chapter>/challenges/<name>/`, src/challenges/challenge-folder.ts) whose default export is a
 * `Check`; a lesson shows the challenge with `<Playground challenge="<chapter>/<name>" />`.
 * It runs in the lesson page after the learner's code has started, watches that run's console and
 * can talk to the learner's server itself, and returns what passed and what did not, in Korean.
 */

export interface ConsoleRecord {
  /** Which program printed it: the learner's Node server, the browser code, or null when the playground has only browser code. */
  side: 'server' | 'client' | null;
  level: 'log' | 'info' | 'warn' | 'error' | 'debug' | 'system' | 'notice';
  text: string;
  time: number;
}

export interface CheckSocket {
  send(data: string | ArrayBuffer | Blob | ArrayBufferView<ArrayBuffer>): void;
  /** Text messages received so far (binary ones as "[binary N bytes]"). */
  readonly messages: readonly string[];
  /** Resolves with the first received message that matches (including ones already received), or null after the timeout. */
  waitForMessage(match: string | RegExp, timeoutMs?: number): Promise<string | null>;
  close(code?: number, reason?: string): void;
  readonly closed: Promise<{ code: number; reason: string; wasClean: boolean }>;
}

/** A check's own Socket.IO client on one namespace of the learner's server (see CheckContext.socketIo). */
export interface CheckSocketIo {
  /** The socket id the server gave, or null when the namespace refused the connection. */
  readonly id: string | null;
  /** The CONNECT_ERROR the server answered with (a middleware's `next(new Error(message))`), or null. */
  readonly connectError: { message: string; data?: unknown } | null;
  emit(event: string, ...args: unknown[]): void;
  /** Emits with an acknowledgement; resolves with the arguments the server's callback got, or null after 3 s. */
  emitWithAck(event: string, ...args: unknown[]): Promise<unknown[] | null>;
  /** The arguments of every `event` received so far, in order. */
  received(event: string): unknown[][];
  /** Resolves with the arguments of the first `event` (received before or after) that `match` accepts, or null after the timeout (default 3 s). */
  waitForEvent(event: string, match?: (args: unknown[]) => boolean, timeoutMs?: number): Promise<unknown[] | null>;
  close(): void;
}

export interface CheckContext {
  /** The learner's files as they ran. */
  readonly files: Readonly<Record<string, string>>;
  /** This run's console lines so far. */
  lines(): readonly ConsoleRecord[];
  /** Resolves with the first line that matches (including earlier ones), or null after the timeout (default 3 s). */
  waitForLine(match: string | RegExp, options?: { side?: 'server' | 'client'; timeoutMs?: number }): Promise<ConsoleRecord | null>;
  /**
   * Opens a WebSocket from the lesson page: a number is a port of the learner's server (as the
   * browser code would reach ws://localhost:<port>), a string a path on the playground server
   * (e.g. "/ws/chat"). With a port, `path` is the path on the learner's server (default "/"), e.g.
   * "/socket.io/?EIO=4&transport=websocket". Rejects when it cannot connect.
   */
  connect(target: number | string, path?: string): Promise<CheckSocket>;
  /**
   * Connects to the learner's Socket.IO server on `port` as a client of its own (Engine.IO over
   * WebSocket, no polling), on `namespace` (default "/") with `auth` as `socket.handshake.auth`.
   * Resolves once the namespace answered: check `connectError` before emitting.
   */
  socketIo(port: number, options?: { namespace?: string; auth?: Record<string, unknown> }): Promise<CheckSocketIo>;
  /**
   * Breaks this playground's own connections, as the inspector's network panel does (the check's
   * own sockets are not touched): cut with no close frame (the page sees 1006), or with `silent`,
   * left open with every byte either way dropped from now on (a half-open connection nobody is
   * told about; connections opened later work). Resolves with how many connections it broke.
   */
  breakConnections(options?: { silent?: boolean }): Promise<number>;
  /**
   * Runs `files` as a Node program of the check's own in the sandbox, `entry` first, and resolves
   * when it ends (or is stopped after `timeoutMs`, default 8 s): e.g. the learner's test file
   * against a server with a bug planted, or a probe of the check's own that imports the learner's
   * server and talks to it over a protocol the page cannot speak (HTTP/2).
   */
  runProgram(files: Readonly<Record<string, string>>, entry: string, options?: { timeoutMs?: number }): Promise<ProgramResult>;
  sleep(ms: number): Promise<void>;
}

/** How a check's program ended (see CheckContext.runProgram). */
export interface ProgramResult {
  /** The exit code; null when it was stopped (timeout), killed by a limit or could not start. */
  exitCode: number | null;
  /** exited, crashed, stopped, cpu-time, …, or the error code when it could not start. */
  reason: string;
  /** What it printed (stdout and stderr), line by line. */
  output: readonly string[];
}

export interface CheckResult {
  ok: boolean;
  /** One sentence a learner can act on, e.g. "모든 클라이언트에게 전달되었습니다". */
  text: string;
}

export type Check = (context: CheckContext) => Promise<CheckResult[]>;
