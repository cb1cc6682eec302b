import { constants, deflateRawSync, createDeflateRaw, type DeflateRaw } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createMessageInflater, parseExtensions, perMessageDeflateParams, type PerMessageDeflateParams } from '../../../../protocol/wire/deflate.ts';
import { hex } from './bytes.ts';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const defaults: PerMessageDeflateParams = { serverNoContextTakeover: false, clientNoContextTakeover: false, serverMaxWindowBits: null, clientMaxWindowBits: null };

/** Compresses messages the way a sender does (RFC 7692 §7.2.1): sync flush, then drop the 00 00 ff ff tail. */
async function compressMessages(messages: string[], keepContext: boolean): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  let stream: DeflateRaw | null = null;
  for (const message of messages) {
    if (stream === null || !keepContext) stream = createDeflateRaw();
    const deflater: DeflateRaw = stream;
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
    };
    deflater.on('data', onData);
    deflater.write(message);
    await new Promise<void>((resolve) => deflater.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    deflater.off('data', onData);
    const all = Buffer.concat(chunks);
    expect(all.subarray(-4).toString('hex')).toBe('0000ffff');
    out.push(new Uint8Array(all.subarray(0, -4)));
  }
  return out;
}

describe('Sec-WebSocket-Extensions (RFC 6455 §9.1)', () => {
  it('parses several offers with parameters, unquoting quoted values', () => {
    expect(parseExtensions('permessage-deflate; client_max_window_bits, permessage-deflate; server_no_context_takeover; client_max_window_bits="10"')).toEqual({
      ok: true,
      extensions: [
        { name: 'permessage-deflate', params: [{ name: 'client_max_window_bits', value: null }] },
        { name: 'permessage-deflate', params: [{ name: 'server_no_context_takeover', value: null }, { name: 'client_max_window_bits', value: '10' }] },
      ],
    });
  });

  it.each([['an unterminated quote', 'permessage-deflate; a="1'], ['an empty element', 'permessage-deflate,'], ['a parameter without a name', 'x; =1']])('refuses %s', (_case, value) => {
    expect(parseExtensions(value)).toMatchObject({ ok: false, problem: { code: 'BAD_EXTENSIONS_HEADER' } });
  });
});

describe('negotiated permessage-deflate parameters (RFC 7692 §7.1)', () => {
  it('reads what the server agreed to', () => {
    expect(perMessageDeflateParams('permessage-deflate; server_no_context_takeover; client_max_window_bits=12')).toEqual({
      ok: true,
      params: { ...defaults, serverNoContextTakeover: true, clientMaxWindowBits: 12 },
    });
    expect(perMessageDeflateParams(null)).toEqual({ ok: true, params: null });
    expect(perMessageDeflateParams('x-webkit-other')).toEqual({ ok: true, params: null });
  });

  it.each([
    ['a parameter given twice', 'permessage-deflate; server_no_context_takeover; server_no_context_takeover'],
    ['window bits out of 8–15', 'permessage-deflate; server_max_window_bits=16'],
    ['window bits without a value in a response', 'permessage-deflate; client_max_window_bits'],
    ['a value on a flag', 'permessage-deflate; client_no_context_takeover=1'],
    ['an unknown parameter', 'permessage-deflate; level=9'],
    ['two permessage-deflate answers', 'permessage-deflate, permessage-deflate'],
  ])('refuses %s', (_case, value) => {
    expect(perMessageDeflateParams(value)).toMatchObject({ ok: false, problem: { code: 'BAD_DEFLATE_PARAMS' } });
  });
});

describe('inflating messages', () => {
  const messages = ['hello hello hello hello', 'hello hello hello hello', '안녕하세요 안녕하세요'];

  it('inflates the "Hello" example of RFC 7692 §7.2.3.1', () => {
    const result = createMessageInflater(defaults, 'server-to-client').inflate(hex('f248cdc9c90700'));
    expect(result.ok && text(result.data)).toBe('Hello');
  });

  it('keeps the sliding window between messages when context takeover is on (the second message refers back)', async () => {
    const compressed = await compressMessages(messages, true);
    expect(compressed[1]?.length).toBeLessThan(compressed[0]?.length ?? 0);
    const inflater = createMessageInflater(defaults, 'client-to-server');
    expect(compressed.map((message) => { const result = inflater.inflate(message); return result.ok ? text(result.data) : result.problem.code; })).toEqual(messages);
  });

  it('resets the window per message under no_context_takeover, so a sender that still refers back fails', async () => {
    const shared = await compressMessages(messages, true);
    const inflater = createMessageInflater({ ...defaults, clientNoContextTakeover: true }, 'client-to-server');
    expect(inflater.inflate(shared[0] ?? new Uint8Array()).ok).toBe(true);
    expect(inflater.inflate(shared[1] ?? new Uint8Array())).toMatchObject({ ok: false, problem: { code: 'INFLATE_FAILED', closeCode: 1007 } });
    const independent = await compressMessages(messages, false);
    const fresh = createMessageInflater({ ...defaults, clientNoContextTakeover: true }, 'client-to-server');
    expect(independent.map((message) => { const result = fresh.inflate(message); return result.ok && text(result.data); })).toEqual(messages);
  });

  it('follows the no_context_takeover of its own direction only', async () => {
    const shared = await compressMessages(messages, true);
    const inflater = createMessageInflater({ ...defaults, clientNoContextTakeover: true }, 'server-to-client');
    expect(shared.every((message) => inflater.inflate(message).ok)).toBe(true);
  });

  it('reports bad DEFLATE data as an error value, then refuses later messages of that context', () => {
    const inflater = createMessageInflater(defaults, 'server-to-client');
    const bad = inflater.inflate(hex('ffffff0102'));
    expect(bad).toMatchObject({ ok: false, problem: { code: 'INFLATE_FAILED' } });
    if (!bad.ok) expect(bad.problem.detail).toBeTruthy();
    expect(inflater.broken).toBe(true);
    expect(inflater.inflate(hex('f248cdc9c90700'))).toMatchObject({ ok: false, problem: { code: 'INFLATE_SKIPPED' } });
  });

  it('stops a message that inflates past maxOutputBytes (a deflate bomb)', () => {
    const bomb = new Uint8Array(deflateRawSync(Buffer.alloc(20_000_000), { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, -4));
    expect(bomb.length).toBeLessThan(30_000);
    const result = createMessageInflater(defaults, 'client-to-server', { maxOutputBytes: 1_000_000 }).inflate(bomb);
    expect(result).toMatchObject({ ok: false, problem: { code: 'INFLATE_TOO_LARGE', closeCode: 1009 } });
  });

  it('marks the context broken when a message had to be skipped under context takeover', () => {
    const inflater = createMessageInflater(defaults, 'client-to-server');
    inflater.skip();
    expect(inflater.broken).toBe(true);
    const independent = createMessageInflater({ ...defaults, clientNoContextTakeover: true }, 'client-to-server');
    independent.skip();
    expect(independent.broken).toBe(false);
  });
});
