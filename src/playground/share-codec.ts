import type { PlaygroundFiles } from './files.ts';

/**
 * A share link carries a playground's edited files in the URL fragment (never sent to a server):
 * `#share=<playground id>.<files>`, where <files> is the JSON of the files, deflate-compressed
 * (CompressionStream, built into browsers and Node) and base64url-encoded. Decoding never throws:
 * anything malformed gives null and the page shows the original example.
 */
const PREFIX = 'share=';
const VERSION = 1;
/** A link longer than this is refused when decoding (browsers handle ~2 MB URLs; this is far above any lesson). */
const MAX_ENCODED = 200_000;
const MAX_DECODED = 1_000_000;

interface SharePayload {
  v: number;
  files: PlaygroundFiles;
}

/**
 * Input goes into the (de)compressor this many bytes at a time. DEFLATE expands at most about
 * 1032:1, so one slice inflates to at most ~260 KB before the size cap is checked again: a small
 * link that inflates to hundreds of megabytes (a "zip bomb") stops within a slice of the cap
 * instead of blocking the page while a whole chunk inflates.
 */
export const SLICE_BYTES = 256;

function sliced(bytes: Uint8Array): ReadableStream<Uint8Array<ArrayBuffer>> {
  let offset = 0;
  return new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + SLICE_BYTES));
      offset += SLICE_BYTES;
    },
  });
}

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array> {
  const reader = sliced(bytes).pipeThrough(transform).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new RangeError('too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

function isFiles(value: unknown): value is PlaygroundFiles {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return entries.length > 0 && entries.length <= 20 && entries.every(([name, content]) => name.length > 0 && name.length <= 100 && typeof content === 'string');
}

/** The URL fragment (without '#') that restores these files into playground `id`. */
export async function encodeShare(id: string, files: PlaygroundFiles): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify({ v: VERSION, files } satisfies SharePayload));
  const packed = await pipe(json, new CompressionStream('deflate-raw'));
  return `${PREFIX}${encodeURIComponent(id)}.${toBase64Url(packed)}`;
}

/** Reads a fragment made by encodeShare; null for anything else or anything broken. */
export async function decodeShare(fragment: string): Promise<{ id: string; files: PlaygroundFiles } | null> {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (!text.startsWith(PREFIX) || text.length > MAX_ENCODED) return null;
  const dot = text.lastIndexOf('.');
  if (dot <= PREFIX.length) return null;
  let id: string;
  try {
    id = decodeURIComponent(text.slice(PREFIX.length, dot));
  } catch {
    return null;
  }
  const packed = fromBase64Url(text.slice(dot + 1));
  if (!packed) return null;
  try {
    const json = await pipe(packed, new DecompressionStream('deflate-raw'), MAX_DECODED);
    const payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)) as Partial<SharePayload>;
    if (payload.v !== VERSION || !isFiles(payload.files)) return null;
    return { id, files: payload.files };
  } catch {
    return null;
  }
}
