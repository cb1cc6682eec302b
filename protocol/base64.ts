/**
 * Base64 for captured bytes, the same in the browser and in Node (both have btoa/atob; Buffer is
 * Node-only and Uint8Array#toBase64 is not in Node 24 yet).
 */

/** Standard base64 (RFC 4648 §4) with its padding: what btoa writes and the capture file holds. */
export const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** String.fromCharCode takes its arguments on the stack: convert in slices well below the limit. */
const SLICE = 0x8000;

/** Encodes bytes as standard, padded base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += SLICE) binary += String.fromCharCode(...bytes.subarray(at, at + SLICE));
  return btoa(binary);
}

/** Decodes standard, padded base64; null when `text` is not that (instead of atob's exception). */
export function base64ToBytes(text: string): Uint8Array | null {
  if (!BASE64_PATTERN.test(text)) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
