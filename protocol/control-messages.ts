import * as z from 'zod/mini';
import { PLAYGROUND_NAME_PATTERN } from './page-tag.ts';
import type { ControlErrorCode } from './control-errors.ts';
import { inspectClientMessages, type InspectServerMessage } from './inspect-messages.ts';

/**
 * The control channel (`/_playground`): what a lesson page may ask of the server, validated here
 * once, and what the server tells it, with the codes of its errors. Shared by the server and the
 * browser. Its capture messages are in capture.ts; ‘내 서버 검사하기’'s in inspect-messages.ts.
 */
/** A relative path of plain segments: no "..", no leading slash, nothing a shell or a path join would read specially. */
const fileName = z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^(?!\.\.?(\/|$))[\w.-]+(\/(?!\.\.?(\/|$))[\w.-]+)*$/));
const runId = z.string().check(z.minLength(1), z.maxLength(64));
const captureSuffix = z.string().check(z.regex(PLAYGROUND_NAME_PATTERN));
/**
 * Files of one run, counted before any name is checked: a 1 MiB message holds 81,000 empty files, and checking each
 * name blocked the event loop for 30–90 ms a message (on top of JSON.parse's 45–80 ms for that many
 * keys). Above the sandbox's own limit (SANDBOX `files`, default 20), which refuses in Korean with the number.
 */
export const MAX_RUN_FILES = 64;
const runFiles = z.pipe(
  z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length <= MAX_RUN_FILES),
  z.record(fileName, z.string().check(z.maxLength(256 * 1024))),
);

export const clientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run-server'),
    runId,
    entry: fileName,
    files: runFiles,
    /** Markup the page wants at the start of HTML pages the snippet serves (import map + console bridge). */
    inject: z.optional(z.string().check(z.maxLength(200_000))),
    /** Which of the page's playgrounds this is, for its captures (appended to the page's capture tag). */
    capture: z.optional(captureSuffix),
  }),
  z.object({ type: z.literal('stop-server'), runId }),
  /** Network conditions on one playground's connections (its capture suffix). */
  z.object({
    type: z.literal('set-conditions'),
    capture: captureSuffix,
    latencyMs: z.number().check(z.int(), z.minimum(0), z.maximum(10_000)),
    bytesPerSecond: z.number().check(z.int(), z.minimum(0), z.maximum(100 * 1024 * 1024)),
  }),
  /**
   * Drop that playground's connections now, without a close frame; with `silent`, leave them open
   * but drop every byte from now on (a half-open connection: neither end is told).
   */
  z.object({ type: z.literal('cut'), capture: captureSuffix, silent: z.optional(z.boolean()) }),
  /** The server pings that playground's connections to the built-in endpoints (browsers answer with pong by themselves). */
  z.object({ type: z.literal('ping'), capture: captureSuffix }),
  /**
   * The page watches one playground's capture (its inspector opened), or with no `capture` all of it: what the tap
   * held for it comes now, the rest live.
   */
  z.object({ type: z.literal('capture-watch'), capture: z.optional(captureSuffix) }),
  /** Send raw bytes (an HTTP request the learner wrote) to this playground server and report the answer. */
  z.object({ type: z.literal('raw-request'), capture: captureSuffix, text: z.string().check(z.maxLength(16 * 1024)) }),
  /** ‘내 서버 검사하기’: connect to the learner's own server, send on it, disconnect (inspect/inspect-messages.ts). */
  ...inspectClientMessages,
]);
export type ClientMessage = z.infer<typeof clientMessage>;

export interface LearnerErrorInfo {
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
  hint: string | null;
}

export type ServerMessage =
  | { type: 'welcome'; session: string; captureTag: string; sandbox: 'bwrap' | 'permission' | 'unavailable' }
  | { type: 'server-starting'; runId: string }
  | { type: 'server-listening'; runId: string; port: number; base: string }
  | { type: 'server-output'; runId: string; stream: 'stdout' | 'stderr'; text: string; time: number }
  | { type: 'server-exit'; runId: string; reason: string; message: string; error: LearnerErrorInfo | null; time: number; /** The process's exit code, when it ended by itself (null when stopped or killed). */ code: number | null }
  | { type: 'error'; runId?: string; code: ControlErrorCode; message: string; error?: LearnerErrorInfo | null }
  | { type: 'conditions'; capture: string; latencyMs: number; bytesPerSecond: number }
  | { type: 'cut'; capture: string; connections: number; silent: boolean }
  | { type: 'ping'; capture: string; connections: number }
  | { type: 'raw-response'; capture: string; text: string; closed: boolean }
  | InspectServerMessage;

/** A session id is a UUID the page makes; it is the key to its sandboxes, so it must be unguessable. */
export const SESSION_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
