/**
 * Every stable error code the project has, in one registry, by where it travels. The tables that hold
 * each family's status, close code or Korean sentence are typed against it (`satisfies Record<Family, …>`):
 * a table with a code the registry lacks, or without one it has, does not compile. docs/errors.md lists
 * exactly these codes (tests/unit/docs.test.ts), and the inline codes in the sources must be here too.
 * Codes only: kept free of messages and of zod so the page's bundle can import it.
 */
export const ERROR_CODES = {
  /** HTTP refusals: status + X-Playground-Error (playground-server/errors.ts `ERRORS`). */
  http: [
    'HANDSHAKE_BAD_METHOD',
    'HANDSHAKE_BAD_HTTP_VERSION',
    'HANDSHAKE_BAD_UPGRADE',
    'HANDSHAKE_BAD_CONNECTION',
    'HANDSHAKE_BAD_KEY',
    'HANDSHAKE_BAD_VERSION',
    'HANDSHAKE_NO_HOST',
    'ORIGIN_REJECTED',
    'UNKNOWN_PATH',
    'NOT_A_WEBSOCKET_REQUEST',
    'BAD_REQUEST_PATH',
    'METHOD_NOT_ALLOWED',
    'NOT_FOUND',
    'SANDBOX_UNREACHABLE',
    'SANDBOX_PROXY_BUSY',
    'SANDBOX_RESPONSE_TIMEOUT',
    'CONTROL_ORIGIN_REJECTED',
    'HOST_REJECTED',
    'TOO_MANY_CONNECTIONS',
    'TOO_MANY_JOINS',
    'TOO_MANY_OPENS',
    'DEMO_BAD_EVERY',
    'DEMO_BAD_AFTER',
    'DEMO_TOO_MANY_WAITING',
    'DEMO_BUSY',
    'DEMO_SHUTTING_DOWN',
  ],
  /** The control channel's own refusals (protocol/control-errors.ts `CONTROL_ERRORS`). */
  control: ['CONTROL_BAD_MESSAGE', 'CONTROL_BUSY', 'CONTROL_FAILED', 'CONTROL_TOO_MANY_PLAYGROUNDS', 'CONTROL_CLOSED', 'SANDBOX_UNAVAILABLE'],
  /** Why the sandbox refused to start or reach a learner's server (playground-server/sandbox/sandbox-error.ts `SANDBOX_ERRORS`). */
  sandbox: [
    'SANDBOX_LIMIT_TOTAL',
    'SANDBOX_LIMIT_OWNER',
    'SANDBOX_LIMIT_CLIENT',
    'SANDBOX_BAD_FILES',
    'SANDBOX_START_FAILED',
    'SANDBOX_NOT_LISTENING',
    'SANDBOX_TOO_MANY_CONNECTIONS',
    'SANDBOX_NOT_RUNNING',
    'SANDBOX_SHUTTING_DOWN',
    'SANDBOX_EXITED',
  ],
  /** ‘내 서버 검사하기’ refusals and endings (protocol/inspect-errors.ts `INSPECT_ERRORS`). */
  inspect: [
    'INSPECT_DISABLED',
    'INSPECT_BAD_TARGET',
    'INSPECT_TARGET_FORBIDDEN',
    'INSPECT_TARGET_UNRESOLVED',
    'INSPECT_LIMIT_PAGE',
    'INSPECT_LIMIT_CLIENT',
    'INSPECT_DUPLICATE',
    'INSPECT_UNREACHABLE',
    'INSPECT_TIMEOUT',
    'INSPECT_HANDSHAKE_FAILED',
    'INSPECT_REDIRECT',
    'INSPECT_PROTOCOL_ERROR',
    'INSPECT_MESSAGE_TOO_BIG',
    'INSPECT_TOO_MUCH',
    'INSPECT_IDLE',
    'INSPECT_RATE',
    'INSPECT_NOT_OPEN',
    'INSPECT_BAD_HEADER',
    'INSPECT_BAD_MESSAGE',
    'INSPECT_TLS_UNTRUSTED',
    'INSPECT_TLS_FAILED',
    'INSPECT_CLOSED',
  ],
  /** Problems the wire decoders find in the bytes (protocol/wire/problems.ts `WIRE_PROBLEMS`). */
  wire: [
    'HTTP_HEAD_TOO_LARGE',
    'HTTP_BAD_START_LINE',
    'HTTP_BAD_HEADER_LINE',
    'HTTP_BARE_LF',
    'HTTP_OBSOLETE_FOLDING',
    'HTTP_BAD_CHARACTER',
    'HTTP_BAD_CONTENT_LENGTH',
    'HTTP_BAD_TRANSFER_ENCODING',
    'HTTP_BAD_CHUNK',
    'HTTP_PENDING_TOO_LARGE',
    'HTTP_INCOMPLETE',
    'RESERVED_OPCODE',
    'RSV1_WITHOUT_EXTENSION',
    'RSV1_ON_CONTINUATION',
    'RSV1_ON_CONTROL',
    'RSV2_RSV3_SET',
    'CONTROL_FRAGMENTED',
    'CONTROL_TOO_LONG',
    'UNMASKED_CLIENT_FRAME',
    'MASKED_SERVER_FRAME',
    'NON_MINIMAL_LENGTH',
    'LENGTH_MSB_SET',
    'LENGTH_TOO_LARGE',
    'UNEXPECTED_CONTINUATION',
    'EXPECTED_CONTINUATION',
    'INVALID_UTF8',
    'CLOSE_PAYLOAD_ONE_BYTE',
    'INVALID_CLOSE_CODE',
    'INVALID_CLOSE_REASON',
    'ELIDED_OUTSIDE_PAYLOAD',
    'FRAME_AFTER_CLOSE',
    'INCOMPLETE_FRAME',
    'INCOMPLETE_MESSAGE',
    'BAD_EXTENSIONS_HEADER',
    'BAD_DEFLATE_PARAMS',
    'INFLATE_FAILED',
    'INFLATE_TOO_LARGE',
    'INFLATE_SKIPPED',
    'ENGINE_IO_PARSER_ERROR',
    'ENGINE_IO_BAD_OPEN',
    'SOCKET_IO_PARSER_ERROR',
  ],
  /** The `code` of a `limit_hit` log line (playground-server/limits/). */
  limit: ['RATE_LIMITED', 'IDLE_TIMEOUT', 'HEARTBEAT_TIMEOUT', 'TOO_MANY_CONNECTIONS', 'SLOW_READER', 'ADDRESS_RATE_LIMITED', 'TOO_MANY_JOINS', 'TOO_MANY_OPENS'],
  /** `err.code` of what the learner's own server code is thrown or ends with (playground-server/sandbox/preload.cjs, learner-error.ts). */
  learner: ['ERR_SANDBOX', 'ERR_SANDBOX_LIMIT', 'ERR_SANDBOX_NETWORK', 'ERR_SANDBOX_MODULE', 'ERR_SANDBOX_API', 'EADDRINUSE', 'ERR_HEAP_OUT_OF_MEMORY'],
} as const;

export type ErrorFamily = keyof typeof ERROR_CODES;
export type HttpErrorCode = (typeof ERROR_CODES.http)[number];
export type ControlOwnErrorCode = (typeof ERROR_CODES.control)[number];
export type SandboxErrorCode = (typeof ERROR_CODES.sandbox)[number];
export type InspectErrorCode = (typeof ERROR_CODES.inspect)[number];
export type WireProblemCode = (typeof ERROR_CODES.wire)[number];
export type LimitCode = (typeof ERROR_CODES.limit)[number];
export type LearnerErrorCode = (typeof ERROR_CODES.learner)[number];
/** Any code of any family. */
export type AnyErrorCode = (typeof ERROR_CODES)[ErrorFamily][number];

/** `Subset<InspectErrorCode, 'INSPECT_DISABLED' | …>`: a named part of a family; a code outside it does not compile. */
export type Subset<Family extends string, Part extends Family> = Part;

/** Every code once, for the checks that read the sources and docs/errors.md. */
export const ALL_ERROR_CODES: ReadonlySet<AnyErrorCode> = new Set(Object.values(ERROR_CODES).flat());
