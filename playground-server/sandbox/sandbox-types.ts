import type { OnReadOpts, Socket } from 'node:net';
import type { IsolationMode } from './isolation.ts';
import type { LearnerError } from './learner-error.ts';
import type { SandboxStopReason } from './stop-reasons.ts';
import type { ClientKey } from '../limits/ip-connection-limiter.ts';

/** The interface the rest of the playground server uses; manager.ts builds it. */

export type OwnerId = string;
export type VirtualPort = number;

export interface StartRequest {
  /** Learner / page session the sandbox belongs to (limits per owner, `ownerGone`). */
  owner: OwnerId;
  /** The client (an address, or an IPv6 /64) behind the owner: its sandboxes are limited together. Absent: not limited per client. */
  client?: ClientKey;
  /** File name (relative, e.g. "server.js" or "public/index.html") → content. */
  files: Readonly<Record<string, string>>;
  /** The file Node runs, one of `files` (.js, .mjs or .cjs). */
  entry: string;
}

export interface SandboxOutputLine {
  stream: 'stdout' | 'stderr';
  /** One line as the program printed it (UTF-8), the sandbox folder's path left out of file names. */
  text: string;
  /** Date.now() when the line arrived. */
  time: number;
}

export interface SandboxExitInfo {
  code: number | null;
  signal: string | null;
  reason: SandboxStopReason;
  /** Korean, for the console panel: why it ended and, for an error, where and what. */
  message: string;
  /** The learner's error with file and line (syntax error, crash), when there was one. */
  error: LearnerError | null;
}

export interface SandboxEvents {
  output: [line: SandboxOutputLine];
  /** A virtual port started listening (after the first one, too). */
  listening: [info: { virtualPort: VirtualPort }];
  /** A virtual port stopped listening (server.close()). */
  closed: [info: { virtualPort: VirtualPort }];
  /** Once, after every process of the sandbox is gone and its folder removed. */
  exit: [info: SandboxExitInfo];
}

export interface Sandbox {
  readonly id: string;
  readonly owner: OwnerId;
  readonly mode: IsolationMode;
  /** Resolves when the snippet's first server listens; rejects (SandboxError, code SANDBOX_EXITED) if it ends first. */
  readonly listening: Promise<{ virtualPort: VirtualPort }>;
  /** Resolves with the exit info once the sandbox is gone (never rejects). */
  readonly exited: Promise<SandboxExitInfo>;
  /** Virtual ports listening now. */
  ports(): VirtualPort[];
  /** Connections opened through `connect()` and still open. */
  connectionCount(): number;
  /** The most `connect()` allows at once. */
  readonly maxConnections: number;
  on<E extends keyof SandboxEvents>(event: E, listener: (...args: SandboxEvents[E]) => void): this;
  once<E extends keyof SandboxEvents>(event: E, listener: (...args: SandboxEvents[E]) => void): this;
  off<E extends keyof SandboxEvents>(event: E, listener: (...args: SandboxEvents[E]) => void): this;
  /**
   * A stream to the snippet's listener on `virtualPort` (the browser's HTTP / WebSocket bytes go
   * through it). Rejects with SandboxError: SANDBOX_NOT_LISTENING, SANDBOX_TOO_MANY_CONNECTIONS,
   * SANDBOX_NOT_RUNNING. With `onread` its reads go to that callback, not to 'data' (ReusedReads).
   */
  connect(virtualPort: VirtualPort, onread?: OnReadOpts): Promise<Socket>;
  /** Kills the whole process tree and removes the folder; resolves when both are gone. Default reason 'stopped'. */
  stop(reason?: SandboxStopReason): Promise<void>;
}

export interface SandboxManager {
  /** The isolation in force (decided once at startup). */
  readonly mode: IsolationMode;
  /** Rejects with SandboxError: SANDBOX_LIMIT_TOTAL, SANDBOX_LIMIT_OWNER, SANDBOX_LIMIT_CLIENT, SANDBOX_BAD_FILES, SANDBOX_START_FAILED, SANDBOX_SHUTTING_DOWN. */
  start(request: StartRequest): Promise<Sandbox>;
  get(id: string): Sandbox | undefined;
  /** Running sandboxes, or those of one owner. */
  count(owner?: OwnerId): number;
  /** The owner's page went away: their sandboxes stop after `ownerGraceMs` unless `ownerBack` comes first. */
  ownerGone(owner: OwnerId): void;
  ownerBack(owner: OwnerId): void;
  /** Stops every sandbox (reason 'shutdown'), leaves no process behind, removes the temp folder. */
  closeAll(): Promise<void>;
}
