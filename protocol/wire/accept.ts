/**
 * Sec-WebSocket-Accept (RFC 6455 §4.2.2, item 5.4): the key, the fixed GUID, SHA-1, base64. WebCrypto
 * rather than node:crypto, so the same code runs in the browser's inspector.
 */
import { WEBSOCKET_GUID } from './constants.ts';

/** Each step of the computation, for the visualizer. */
export interface AcceptSteps {
  key: string;
  guid: string;
  /** key + GUID, the string that is hashed. */
  concatenated: string;
  /** The 20 bytes of SHA-1, as lowercase hex. */
  sha1Hex: string;
  /** The value of Sec-WebSocket-Accept. */
  accept: string;
}

/** Computes every step for `key` (used as given: the server trims surrounding whitespace before calling). */
export async function acceptSteps(key: string): Promise<AcceptSteps> {
  const concatenated = key + WEBSOCKET_GUID;
  // §4.2.2 hashes the ASCII bytes; a key is base64, so ASCII and UTF-8 agree.
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(concatenated)));
  const sha1Hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
  const accept = btoa(String.fromCharCode(...digest));
  return { key, guid: WEBSOCKET_GUID, concatenated, sha1Hex, accept };
}

/** The Sec-WebSocket-Accept value a server must answer `key` with. */
export async function computeAccept(key: string): Promise<string> {
  return (await acceptSteps(key)).accept;
}
