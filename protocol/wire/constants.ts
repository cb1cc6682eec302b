/**
 * Wire-level constants of RFC 6455, complete, for the server and the inspector alike. Korean
 * explanations live in descriptions.ts.
 */

/** §1.3: appended to Sec-WebSocket-Key before hashing into Sec-WebSocket-Accept. */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** §4.1: the only version RFC 6455 defines; a server that gets any other answers 426 with this value. */
export const WEBSOCKET_VERSION = '13';

/** §5.2 opcodes. 0x3–0x7 and 0xB–0xF are reserved. */
export const Opcode = {
  CONTINUATION: 0x0,
  TEXT: 0x1,
  BINARY: 0x2,
  CLOSE: 0x8,
  PING: 0x9,
  PONG: 0xa,
} as const;
/** One of the six defined opcodes. */
export type Opcode = (typeof Opcode)[keyof typeof Opcode];

/** Names for all 16 opcode values; reserved ones by group. */
export type OpcodeName = 'continuation' | 'text' | 'binary' | 'close' | 'ping' | 'pong' | 'reserved-data' | 'reserved-control';

const OPCODE_NAMES: Readonly<Record<number, OpcodeName>> = {
  [Opcode.CONTINUATION]: 'continuation',
  [Opcode.TEXT]: 'text',
  [Opcode.BINARY]: 'binary',
  [Opcode.CLOSE]: 'close',
  [Opcode.PING]: 'ping',
  [Opcode.PONG]: 'pong',
};

/** The name of an opcode; reserved values are named by their group (§5.2). */
export function opcodeName(opcode: number): OpcodeName {
  return OPCODE_NAMES[opcode] ?? (isControlOpcode(opcode) ? 'reserved-control' : 'reserved-data');
}

/** §5.5: opcodes with the high bit set (0x8–0xF) are control frames. */
export function isControlOpcode(opcode: number): boolean {
  return (opcode & 0x8) !== 0;
}

/** §5.2: 0x3–0x7 (further non-control) and 0xB–0xF (further control) have no meaning yet. */
export function isReservedOpcode(opcode: number): boolean {
  return OPCODE_NAMES[opcode & 0xf] === undefined;
}

/** §5.5: control frames carry at most 125 bytes and are never fragmented. */
export const MAX_CONTROL_PAYLOAD = 125;

/** §5.2: how the payload length was written — in the 7 bits, or in 2 or 8 more bytes. */
export type LengthForm = '7-bit' | '16-bit' | '64-bit';

/** The shortest length form that fits, which §5.2 requires ("the minimal number of bytes MUST be used"). */
export function minimalLengthForm(length: number): LengthForm {
  if (length <= 125) return '7-bit';
  return length <= 0xffff ? '16-bit' : '64-bit';
}

/** Which way bytes travel; decides the masking rule of §5.1. */
export type Direction = 'client-to-server' | 'server-to-client';

/** A registered close code. */
export interface CloseCodeInfo {
  /** The name IANA registered (RFC 6455 §11.7). */
  name: string;
  /** May an endpoint put this code in a Close frame? 1005, 1006 and 1015 only report what happened locally. */
  sendable: boolean;
}

/**
 * §7.4.1 and the IANA registry (§11.7): every code defined below 3000, the one table of close codes.
 * Code that closes a connection names its code here (`CloseCode.POLICY_VIOLATION`); the inspector
 * reads the registered name and whether it may be sent (`CLOSE_CODES`).
 */
const REGISTERED_CLOSE_CODES = {
  NORMAL: { code: 1000, name: 'Normal Closure', sendable: true },
  GOING_AWAY: { code: 1001, name: 'Going Away', sendable: true },
  PROTOCOL_ERROR: { code: 1002, name: 'Protocol Error', sendable: true },
  UNSUPPORTED_DATA: { code: 1003, name: 'Unsupported Data', sendable: true },
  RESERVED: { code: 1004, name: 'Reserved', sendable: false },
  NO_STATUS_RECEIVED: { code: 1005, name: 'No Status Received', sendable: false },
  ABNORMAL_CLOSURE: { code: 1006, name: 'Abnormal Closure', sendable: false },
  INVALID_PAYLOAD: { code: 1007, name: 'Invalid Frame Payload Data', sendable: true },
  POLICY_VIOLATION: { code: 1008, name: 'Policy Violation', sendable: true },
  MESSAGE_TOO_BIG: { code: 1009, name: 'Message Too Big', sendable: true },
  MANDATORY_EXTENSION: { code: 1010, name: 'Mandatory Extension', sendable: true },
  INTERNAL_ERROR: { code: 1011, name: 'Internal Error', sendable: true },
  SERVICE_RESTART: { code: 1012, name: 'Service Restart', sendable: true },
  TRY_AGAIN_LATER: { code: 1013, name: 'Try Again Later', sendable: true },
  BAD_GATEWAY: { code: 1014, name: 'Bad Gateway', sendable: true },
  TLS_HANDSHAKE: { code: 1015, name: 'TLS Handshake', sendable: false },
} as const satisfies Record<string, { code: number } & CloseCodeInfo>;

type RegisteredCloseCodes = typeof REGISTERED_CLOSE_CODES;

/** The registered close codes by name, e.g. `CloseCode.GOING_AWAY` is 1001. */
export const CloseCode = Object.fromEntries(Object.entries(REGISTERED_CLOSE_CODES).map(([key, { code }]) => [key, code])) as {
  readonly [K in keyof RegisteredCloseCodes]: RegisteredCloseCodes[K]['code'];
};
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** The registered close codes by number: their IANA name and whether an endpoint may send them. */
export const CLOSE_CODES: Readonly<Record<number, CloseCodeInfo>> = Object.fromEntries(
  Object.values(REGISTERED_CLOSE_CODES).map(({ code, name, sendable }) => [code, { name, sendable }]),
);

/**
 * May this code appear in a Close frame (§7.4)? Registered sendable codes, and 3000–4999 (3000–3999
 * registered with IANA by libraries, 4000–4999 private). Everything else is a protocol error.
 */
export function isValidCloseCode(code: number): boolean {
  if (code >= 3000 && code <= 4999) return true;
  return CLOSE_CODES[code]?.sendable === true;
}
