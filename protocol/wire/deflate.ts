/**
 * permessage-deflate (RFC 7692): reading the negotiated parameters from Sec-WebSocket-Extensions,
 * and inflating each compressed message of one direction with fflate (synchronous, the same code
 * in the browser and in Node).
 */
import { Inflate } from 'fflate';
import type { Direction } from './constants.ts';
import { wireProblem, type WireProblem } from './problems.ts';

/** One `name[=value]` parameter of an extension (RFC 6455 §9.1). */
export interface ExtensionParam {
  name: string;
  /** Null for a parameter without a value (e.g. `client_no_context_takeover`). Quoted values come unquoted. */
  value: string | null;
}

/** One element of Sec-WebSocket-Extensions: the extension name and its parameters, in order. */
export interface Extension {
  name: string;
  params: ExtensionParam[];
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Parses a Sec-WebSocket-Extensions value (RFC 6455 §9.1): `name; param; param=value, name2`.
 * Pass several header lines joined with ", ".
 */
export function parseExtensions(value: string): { ok: true; extensions: Extension[] } | { ok: false; problem: WireProblem } {
  const bad = { ok: false, problem: wireProblem('BAD_EXTENSIONS_HEADER') } as const;
  // Split on , and ; outside quoted strings, keeping which separator ended each part.
  const parts: Array<{ text: string; ends: ',' | ';' | null }> = [];
  let text = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i] ?? '';
    if (quoted) {
      if (char === '\\') text += value[++i] ?? '';
      else if (char === '"') {
        quoted = false;
        text += char;
      } else text += char;
    } else if (char === '"') {
      quoted = true;
      text += char;
    } else if (char === ',' || char === ';') {
      parts.push({ text, ends: char });
      text = '';
    } else text += char;
  }
  if (quoted) return bad;
  parts.push({ text, ends: null });

  const extensions: Extension[] = [];
  let current: Extension | null = null;
  for (const part of parts) {
    const item = part.text.trim();
    if (current === null) {
      if (!TOKEN.test(item)) return bad;
      current = { name: item, params: [] };
    } else {
      const equals = item.indexOf('=');
      const name = (equals === -1 ? item : item.slice(0, equals)).trim();
      let raw = equals === -1 ? null : item.slice(equals + 1).trim();
      if (raw !== null && raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) raw = raw.slice(1, -1);
      // §9.1: even a quoted value must be a token once unquoted.
      if (!TOKEN.test(name) || (raw !== null && !TOKEN.test(raw))) return bad;
      current.params.push({ name, value: raw });
    }
    if (part.ends !== ';') {
      extensions.push(current);
      current = null;
    }
  }
  return { ok: true, extensions };
}

/** What the server's 101 response agreed to (RFC 7692 §7.1). */
export interface PerMessageDeflateParams {
  serverNoContextTakeover: boolean;
  clientNoContextTakeover: boolean;
  /** 8–15, or null when not limited (the compressor may use 15 bits, a 32 KiB window). */
  serverMaxWindowBits: number | null;
  clientMaxWindowBits: number | null;
}

/**
 * Reads the permessage-deflate parameters from the server's Sec-WebSocket-Extensions (null header:
 * none negotiated). RFC 7692 §7.1: every parameter at most once, window bits 8–15 with a value,
 * the no_context_takeover ones without.
 */
export function perMessageDeflateParams(responseExtensions: string | null): { ok: true; params: PerMessageDeflateParams | null } | { ok: false; problem: WireProblem } {
  if (responseExtensions === null) return { ok: true, params: null };
  const parsed = parseExtensions(responseExtensions);
  if (!parsed.ok) return parsed;
  const offers = parsed.extensions.filter((extension) => extension.name.toLowerCase() === 'permessage-deflate');
  if (offers.length === 0) return { ok: true, params: null };
  const bad = { ok: false, problem: wireProblem('BAD_DEFLATE_PARAMS') } as const;
  if (offers.length > 1) return bad;
  const params: PerMessageDeflateParams = { serverNoContextTakeover: false, clientNoContextTakeover: false, serverMaxWindowBits: null, clientMaxWindowBits: null };
  const seen = new Set<string>();
  for (const { name, value } of offers[0]?.params ?? []) {
    const key = name.toLowerCase();
    if (seen.has(key)) return bad;
    seen.add(key);
    if (key === 'server_no_context_takeover' || key === 'client_no_context_takeover') {
      if (value !== null) return bad;
      if (key === 'server_no_context_takeover') params.serverNoContextTakeover = true;
      else params.clientNoContextTakeover = true;
    } else if (key === 'server_max_window_bits' || key === 'client_max_window_bits') {
      if (value === null || !/^(?:[89]|1[0-5])$/.test(value)) return bad;
      if (key === 'server_max_window_bits') params.serverMaxWindowBits = Number(value);
      else params.clientMaxWindowBits = Number(value);
    } else return bad;
  }
  return { ok: true, params };
}

/** The inflated message, or why it could not be inflated. */
export type InflateResult = { ok: true; data: Uint8Array } | { ok: false; problem: WireProblem };

/** The inflate context of one direction of one connection. */
export interface MessageInflater {
  /** Inflates one whole compressed message payload (all its frames, concatenated). */
  inflate(compressed: Uint8Array): InflateResult;
  /** The sliding window was lost (a failed or skipped message with context takeover): later messages cannot be inflated. */
  readonly broken: boolean;
  /** Marks a message that could not be given to inflate() (e.g. too large to keep). */
  skip(): void;
}

/** Limits for createMessageInflater(). */
export interface MessageInflaterOptions {
  /** Inflated bytes allowed per message; beyond it the message fails with INFLATE_TOO_LARGE. Default 4194304. */
  maxOutputBytes?: number | undefined;
}

/** §7.2.2: the four bytes the sender removed from the end of each message. */
const TAIL = new Uint8Array([0x00, 0x00, 0xff, 0xff]);
/** Input is fed in slices so a "deflate bomb" is stopped after at most ~1 MiB of extra output. */
const SLICE = 1024;

/**
 * Creates the inflate context for one direction. The window carries over from message to message
 * unless that direction's sender agreed to no_context_takeover (RFC 7692 §7.1.1), in which case it is
 * reset, so a sender that breaks its promise shows up as a failed message.
 */
export function createMessageInflater(params: PerMessageDeflateParams, direction: Direction, options: MessageInflaterOptions = {}): MessageInflater {
  const maxOutputBytes = options.maxOutputBytes ?? 4_194_304;
  const resetEachMessage = direction === 'client-to-server' ? params.clientNoContextTakeover : params.serverNoContextTakeover;
  let output: Uint8Array[] = [];
  let outputSize = 0;
  let ended = false;
  let stream = fresh();
  let broken = false;

  function fresh(): Inflate {
    ended = false;
    return new Inflate((chunk, final) => {
      output.push(chunk.slice());
      outputSize += chunk.length;
      if (final) ended = true;
    });
  }

  function lose(problem: WireProblem): InflateResult {
    stream = fresh();
    if (!resetEachMessage) broken = true;
    return { ok: false, problem };
  }

  return {
    inflate(compressed) {
      if (broken) return { ok: false, problem: wireProblem('INFLATE_SKIPPED') };
      if (resetEachMessage || ended) stream = fresh();
      output = [];
      outputSize = 0;
      const input = new Uint8Array(compressed.length + TAIL.length);
      input.set(compressed);
      input.set(TAIL, compressed.length);
      try {
        for (let i = 0; i < input.length; i += SLICE) {
          stream.push(input.subarray(i, i + SLICE), false);
          if (outputSize > maxOutputBytes) return lose(wireProblem('INFLATE_TOO_LARGE'));
        }
      } catch (error) {
        return lose(wireProblem('INFLATE_FAILED', null, error instanceof Error ? error.message : String(error)));
      }
      const data = new Uint8Array(outputSize);
      let at = 0;
      for (const part of output) {
        data.set(part, at);
        at += part.length;
      }
      output = [];
      return { ok: true, data };
    },
    get broken() {
      return broken;
    },
    skip() {
      if (!resetEachMessage) broken = true;
    },
  };
}
