import * as z from 'zod/mini';

/** Marks our messages among whatever else a page posts. */
export const CHANNEL = 'ws-noriteo/sandbox';

const serializedValue = z.object({
  kind: z.enum(['string', 'number', 'boolean', 'nullish', 'object', 'error', 'function', 'binary', 'event']),
  text: z.string(),
});

export const CONSOLE_LEVELS = ['log', 'info', 'warn', 'error', 'debug'] as const;
export type ConsoleLevel = (typeof CONSOLE_LEVELS)[number];

const base = { channel: z.literal(CHANNEL), runId: z.string() };

/** Everything the sandboxed frame may say to the lesson page: one union, checked on arrival. */
export const sandboxMessage = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('ready') }),
  z.object({ ...base, type: z.literal('pong'), seq: z.number() }),
  z.object({ ...base, type: z.literal('console'), level: z.enum(CONSOLE_LEVELS), args: z.array(serializedValue), time: z.number() }),
  z.object({
    ...base,
    type: z.literal('error'),
    message: z.string(),
    /** The learner's file and line (1-based) the error points into, when it does. */
    file: z.nullable(z.string()),
    line: z.nullable(z.number()),
    column: z.nullable(z.number()),
    rejection: z.boolean(),
    time: z.number(),
  }),
  z.object({ ...base, type: z.literal('notice'), text: z.string(), time: z.number() }),
  z.object({ ...base, type: z.literal('truncated'), limit: z.number(), time: z.number() }),
]);
export type SandboxMessage = z.infer<typeof sandboxMessage>;

/** What the lesson page says to the frame. */
export interface PingMessage {
  channel: typeof CHANNEL;
  type: 'ping';
  seq: number;
}

/** A prepared frame's run (sandbox-bridge.ts startRun): the learner's files as module URLs, in order. */
export interface RunMessage {
  channel: typeof CHANNEL;
  type: 'run';
  runId: string;
  scripts: string[];
}

/** The run's learner server listens on more ports now. */
export interface SnippetMessage {
  channel: typeof CHANNEL;
  type: 'snippet';
  snippet: { base: string; ports: number[] };
}
