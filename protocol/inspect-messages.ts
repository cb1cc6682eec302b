import * as z from 'zod/mini';
import type { TlsFacts } from './capture.ts';
import { PLAYGROUND_NAME_PATTERN } from './page-tag.ts';

/**
 * The control-channel messages of ‘내 서버 검사하기’ (issue 16): the page asks the playground server
 * to open a connection to the learner's own server, send on it and close it; the server reports
 * what happened. `runId` names the connection (the page picks it), so the page's control client
 * routes the answers like a run's. Sizes are bounded here, at the boundary.
 */

const runId = z.string().check(z.minLength(1), z.maxLength(64));
const captureSuffix = z.string().check(z.regex(PLAYGROUND_NAME_PATTERN));
/** An HTTP token (RFC 9110 §5.6.2). */
const token = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/));
/** A header value: printable ASCII, spaces and tabs; no CR, LF or NUL (no header injection). Other text must be encoded (as browsers do). */
const headerValue = z.string().check(z.maxLength(1024), z.regex(/^[\t\x20-\x7e]*$/));
const namespace = z.string().check(z.maxLength(100), z.regex(/^\/[\w\-./]*$/));

export const MAX_COMPOSED_BYTES = 64 * 1024;

const composed = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().check(z.maxLength(MAX_COMPOSED_BYTES)) }),
  /** Bytes as hex digits (spaces allowed between them). */
  z.object({ kind: z.literal('binary'), hex: z.string().check(z.maxLength(3 * MAX_COMPOSED_BYTES)) }),
  /** JSON text, checked and sent as a text message. */
  z.object({ kind: z.literal('json'), json: z.string().check(z.maxLength(MAX_COMPOSED_BYTES)) }),
  /** A ping frame with up to 125 bytes of application data (RFC 6455 §5.5). */
  z.object({ kind: z.literal('ping'), text: z.optional(z.string().check(z.maxLength(125))) }),
  /** A close frame: a code the sender may use (1000, 1001–1003, 1007–1011 or 3000–4999) and a reason. */
  z.object({ kind: z.literal('close'), code: z.optional(z.number().check(z.int(), z.minimum(1000), z.maximum(4999))), reason: z.optional(z.string().check(z.maxLength(123))) }),
  /** Socket.IO: emit `event` with the JSON array `args` on a namespace, optionally asking for an acknowledgement. */
  z.object({
    kind: z.literal('emit'),
    namespace: z.optional(namespace),
    event: z.string().check(z.minLength(1), z.maxLength(100)),
    args: z.string().check(z.maxLength(MAX_COMPOSED_BYTES)),
    ack: z.optional(z.boolean()),
    timeoutMs: z.optional(z.number().check(z.int(), z.minimum(100), z.maximum(60_000))),
  }),
  /** Socket.IO: connect to another namespace on the same connection. */
  z.object({ kind: z.literal('join'), namespace }),
]);
export type ComposedMessage = z.infer<typeof composed>;

export const inspectClientMessages = [
  z.object({
    type: z.literal('inspect-connect'),
    runId,
    capture: captureSuffix,
    url: z.string().check(z.minLength(1), z.maxLength(2048)),
    mode: z.enum(['websocket', 'socket.io']),
    headers: z.optional(z.array(z.tuple([token, headerValue])).check(z.maxLength(20))),
    protocols: z.optional(z.array(token).check(z.maxLength(10))),
    /** Offer permessage-deflate (as browsers do). Default true. */
    deflate: z.optional(z.boolean()),
    /** Socket.IO: the server's path (default "/socket.io/") and the first namespace (default "/"). */
    path: z.optional(z.string().check(z.maxLength(200), z.regex(/^\/[\w\-./]*$/))),
    namespace: z.optional(namespace),
    /** The learner allows this address's certificate though it is not trusted (a local self-signed one). */
    trustCertificate: z.optional(z.boolean()),
  }),
  z.object({ type: z.literal('inspect-send'), runId, message: composed }),
  z.object({ type: z.literal('inspect-disconnect'), runId }),
  /** Show the connections through `npm run inspect`'s reverse proxy in this capture (answered with inspect-proxy). */
  z.object({ type: z.literal('inspect-proxy-watch'), runId, capture: captureSuffix }),
] as const;

export type InspectConnectRequest = z.infer<(typeof inspectClientMessages)[0]>;

/** What TLS said about a wss:// or https:// target (it travels with the capture too: capture.ts). */
export type { TlsFacts };

export type InspectServerMessage =
  /** The reverse proxy of `npm run inspect`, if this server runs one: where browsers connect and where it forwards. */
  | { type: 'inspect-proxy'; runId: string; listen: string | null; target: string | null }
  | { type: 'inspect-open'; runId: string; mode: 'websocket' | 'socket.io'; protocol: string; extensions: string; transport: string }
  | { type: 'inspect-tls'; runId: string; tls: TlsFacts }
  | { type: 'inspect-transport'; runId: string; transport: string }
  | { type: 'inspect-namespace'; runId: string; namespace: string; connected: boolean; message: string }
  | { type: 'inspect-ack'; runId: string; ackId: number; event: string; args: string | null; timedOut: boolean }
  | { type: 'inspect-closed'; runId: string; code: number | null; reason: string; error: { code: string; message: string } | null };
