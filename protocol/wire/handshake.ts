import { WEBSOCKET_VERSION } from './constants.ts';

/** The parts of an HTTP request head that the opening handshake is judged on. */
export interface UpgradeRequestHead {
  method?: string | undefined;
  httpVersion: string;
  headers: Record<string, string | string[] | undefined>;
}

export type HandshakeProblem =
  | 'HANDSHAKE_BAD_METHOD'
  | 'HANDSHAKE_BAD_HTTP_VERSION'
  | 'HANDSHAKE_NO_HOST'
  | 'HANDSHAKE_BAD_UPGRADE'
  | 'HANDSHAKE_BAD_CONNECTION'
  | 'HANDSHAKE_BAD_KEY'
  | 'HANDSHAKE_BAD_VERSION';

/** 16 random bytes in base64 are exactly 24 characters ending in "==" (RFC 6455 §4.1, item 7). */
const KEY_PATTERN = /^[A-Za-z0-9+/]{21}[AQgw]==$/;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

function hasToken(value: string | undefined, token: string): boolean {
  return value !== undefined && value.split(',').some((part) => part.trim().toLowerCase() === token);
}

/**
 * Checks a client's opening handshake against RFC 6455 §4.2.1, in the order the RFC lists the
 * fields. Returns the first problem, or null when the server may answer 101. A header sent twice
 * where the RFC allows one value (the key, the version) counts as invalid.
 */
export function validateUpgradeRequest(head: UpgradeRequestHead): HandshakeProblem | null {
  const { headers } = head;
  if (head.method !== 'GET') return 'HANDSHAKE_BAD_METHOD';
  const [major = 0, minor = 0] = head.httpVersion.split('.').map(Number);
  if (major < 1 || (major === 1 && minor < 1)) return 'HANDSHAKE_BAD_HTTP_VERSION';
  if (!single(headers['host'])) return 'HANDSHAKE_NO_HOST';
  if (single(headers['upgrade'])?.trim().toLowerCase() !== 'websocket') return 'HANDSHAKE_BAD_UPGRADE';
  if (!hasToken(single(headers['connection']), 'upgrade')) return 'HANDSHAKE_BAD_CONNECTION';
  const key = single(headers['sec-websocket-key'])?.trim();
  if (key === undefined || !KEY_PATTERN.test(key)) return 'HANDSHAKE_BAD_KEY';
  if (single(headers['sec-websocket-version'])?.trim() !== WEBSOCKET_VERSION) return 'HANDSHAKE_BAD_VERSION';
  return null;
}
