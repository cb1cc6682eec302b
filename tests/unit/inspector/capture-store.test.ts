import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeChunkBatch, type CaptureFile } from '../../../protocol/capture.ts';
import type { ConnectionEvent } from '../../../protocol/wire/connection.ts';
import type { Direction } from '../../../protocol/wire/constants.ts';
import { encodeFrame } from '../../../protocol/wire/frame.ts';
import { CaptureStore, type StoreChange } from '../../../src/inspector/capture-store.ts';
import { FIXTURES, fixture, fixtureText, type FixtureName } from './capture-fixtures.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

const REQUEST = utf8('GET /ws/echo HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
const RESPONSE = utf8('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n');
const KEY = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
const hello = () => encodeFrame({ opcode: 1, payload: 'Hello', maskingKey: KEY });

/** A store holding one fixture's connections, fed chunk by chunk as the control channel would. */
function storeWith(name: FixtureName): CaptureStore {
  const store = new CaptureStore();
  const result = store.fromCaptureFile(fixtureText(name));
  if (!result.ok) throw new Error(result.error);
  return store;
}

const byDirection = (events: readonly ConnectionEvent[], direction: Direction) => events.filter((event) => event.direction === direction);

/**
 * Feeds one recorded connection with every chunk re-cut at `cuts` (positions within the whole
 * direction's stream), keeping the order in which the directions alternated. Times are zeroed, so
 * only the cutting differs.
 */
function feedCut(file: CaptureFile, cuts: Record<Direction, number[]>): ConnectionEvent[] {
  const connection = file.connections[0];
  if (connection === undefined) throw new Error('no connection');
  const store = new CaptureStore();
  store.open('x', connection.target, 0);
  const offsets: Record<Direction, number> = { 'client-to-server': 0, 'server-to-client': 0 };
  for (const chunk of connection.chunks) {
    const bytes = fromBase64(chunk.base64);
    const start = offsets[chunk.direction];
    const inside = cuts[chunk.direction].filter((cut) => cut > start && cut < start + bytes.length).sort((a, b) => a - b);
    let from = 0;
    for (const cut of [...new Set(inside.map((cut) => cut - start)), bytes.length]) {
      store.chunk('x', chunk.direction, 0, bytes.slice(from, cut));
      from = cut;
    }
    offsets[chunk.direction] += bytes.length;
  }
  store.end('x', 0);
  return [...(store.get('x')?.events ?? [])];
}

/** The same connection with each direction pushed whole: all client bytes, then all server bytes. */
function feedWhole(file: CaptureFile): ConnectionEvent[] {
  const connection = file.connections[0];
  if (connection === undefined) throw new Error('no connection');
  const store = new CaptureStore();
  store.open('x', connection.target, 0);
  for (const direction of ['client-to-server', 'server-to-client'] as const) {
    const parts = connection.chunks.filter((chunk) => chunk.direction === direction).map((chunk) => fromBase64(chunk.base64));
    store.chunk('x', direction, 0, new Uint8Array(Buffer.concat(parts)));
  }
  store.end('x', 0);
  return [...(store.get('x')?.events ?? [])];
}

describe('CaptureStore: feeding', () => {
  it('decodes the Chromium echo capture: the upgrade, 14 frames (7 masked, from the client) and the close 1000 "수업 끝"', () => {
    const store = storeWith('ws-echo-chromium.json');
    const [connection] = store.connections;
    const types = connection?.events.map((event) => event.type) ?? [];
    expect(types.slice(0, 3)).toEqual(['http', 'http', 'websocket-open']);
    const frames = connection?.events.flatMap((event) => (event.type === 'frame' ? [event.frame] : [])) ?? [];
    expect(frames).toHaveLength(14);
    expect(connection?.counts).toEqual({ frames: 14, engineIo: 0 });
    expect(frames.filter((frame) => frame.masked)).toHaveLength(7);
    expect(frames.map((frame) => frame.lengthForm)).toContain('64-bit');
    expect(frames.at(-1)?.close).toEqual({ code: 1000, codeValid: true, reason: '수업 끝', reasonValid: true });
    expect(connection?.events.filter((event) => event.type === 'problem' || (event.type === 'frame' && event.frame.problems.length > 0))).toEqual([]);
  });

  it.each(FIXTURES.filter((name) => fixture(name).connections.length === 1))('decodes %s the same whether chunks are cut anywhere or pushed whole', (name) => {
    const file = fixture(name);
    const whole = feedWhole(file);
    const lengths = { 'client-to-server': 0, 'server-to-client': 0 };
    for (const chunk of file.connections[0]?.chunks ?? []) lengths[chunk.direction] += fromBase64(chunk.base64).length;
    const cutsIn = (length: number) => fc.array(fc.integer({ min: 1, max: Math.max(1, length - 1) }), { maxLength: 40 });
    fc.assert(
      fc.property(cutsIn(lengths['client-to-server']), cutsIn(lengths['server-to-client']), (client, server) => {
        const cut = feedCut(file, { 'client-to-server': client, 'server-to-client': server });
        for (const direction of ['client-to-server', 'server-to-client'] as const) expect(byDirection(cut, direction)).toEqual(byDirection(whole, direction));
      }),
      { numRuns: name === 'ws-echo-chromium.json' ? 15 : 60 },
    );
  });

  it('decodes a frame cut into single bytes once all its bytes have arrived, without decoding earlier bytes again', () => {
    const store = new CaptureStore();
    const changes: StoreChange[] = [];
    store.subscribe((change) => changes.push(change));
    store.open('1', '/ws/echo', 1000);
    store.chunk('1', 'client-to-server', 0, REQUEST);
    store.chunk('1', 'server-to-client', 1, RESPONSE);
    const frame = hello();
    for (const [i, byte] of frame.entries()) store.chunk('1', 'client-to-server', 2 + i, Uint8Array.of(byte));
    const newEvents = changes.flatMap((change) => (change.type === 'events' ? change.events : []));
    // Every event was announced exactly once, when the chunk that completed it arrived.
    expect(newEvents).toEqual(store.get('1')?.events);
    const decoded = newEvents.find((event) => event.type === 'frame');
    expect(decoded?.time).toBe(2 + frame.length - 1);
    expect(decoded?.type === 'frame' && decoded.frame.text?.value).toBe('Hello');
  });

  it('gives events found at the end (an unfinished frame) the end time', () => {
    const store = new CaptureStore();
    store.open('1', '/ws/echo', 0);
    store.chunk('1', 'client-to-server', 0, REQUEST);
    store.chunk('1', 'server-to-client', 1, RESPONSE);
    store.chunk('1', 'client-to-server', 2, hello().subarray(0, 8));
    store.end('1', 9.5);
    const frame = store.get('1')?.events.find((event) => event.type === 'frame');
    expect(frame?.time).toBe(9.5);
    expect(frame?.type === 'frame' && frame.frame.problems.map((problem) => problem.code)).toEqual(['INCOMPLETE_FRAME']);
    expect(store.get('1')?.endedAt).toBe(9.5);
  });

  it('applies live updates and binary batches exactly like direct calls', () => {
    const direct = new CaptureStore();
    direct.open('7', '/ws/echo', 123);
    direct.chunk('7', 'client-to-server', 0.5, REQUEST);
    direct.chunk('7', 'server-to-client', 1.5, RESPONSE);
    direct.chunk('7', 'client-to-server', 2.5, hello());
    direct.end('7', 3.5, true);

    const live = new CaptureStore();
    live.apply({ type: 'capture-open', id: '7', tag: 'page.a', target: '/ws/echo', startedAt: 123 });
    live.apply({ type: 'capture-chunks', records: [{ id: 7, direction: 'client-to-server', t: 0.5, bytes: REQUEST }] });
    const batch = encodeChunkBatch([
      { id: 7, direction: 'server-to-client', t: 1.5, bytes: RESPONSE },
      { id: 7, direction: 'client-to-server', t: 2.5, bytes: hello() },
    ]);
    live.applyBatch(batch);
    batch.fill(0); // the store copied what it keeps
    live.apply({ type: 'capture-end', id: '7', t: 3.5, truncated: true });
    expect(live.connections).toEqual(direct.connections);
    expect(live.get('7')?.truncated).toBe(true);
  });

  it('decodes a frame whose payload the tap elided, says so in the text log, and keeps the gap through export and replay', () => {
    const big = 'x'.repeat(1000);
    const frame = encodeFrame({ opcode: 1, payload: big, maskingKey: KEY });
    const head = frame.subarray(0, 8 + 64); // header (2 + 2 + 4) and the first 64 payload bytes
    const store = new CaptureStore();
    store.open('1', '/ws/echo', 0);
    store.chunk('1', 'client-to-server', 0, REQUEST);
    store.chunk('1', 'server-to-client', 1, RESPONSE);
    store.applyBatch(
      encodeChunkBatch([
        { id: 1, direction: 'client-to-server', t: 2, bytes: head },
        { id: 1, direction: 'client-to-server', t: 2, bytes: new Uint8Array(0), elided: 1000 - 64 },
        { id: 1, direction: 'client-to-server', t: 3, bytes: hello() },
      ]),
    );
    store.end('1', 4);
    const connection = store.get('1')!;
    expect(connection.elided).toBe(936);
    const frames = connection.events.flatMap((event) => (event.type === 'frame' ? [event.frame] : []));
    expect(frames.map((f) => ({ length: f.payloadLength, elided: f.elided, text: f.text?.value.length }))).toEqual([
      { length: 1000, elided: 936, text: 64 },
      { length: 5, elided: 0, text: 5 },
    ]);
    const log = store.toTextLog();
    expect(log).toContain('페이로드 936바이트 생략');
    expect(log).toContain('1,000바이트(앞 64바이트만 기록)');

    const file = store.toCaptureFile();
    expect(file.connections[0]?.chunks[3]).toEqual({ direction: 'client-to-server', t: 2, base64: '', elided: 936 });
    const replay = new CaptureStore();
    expect(replay.fromCaptureFile(JSON.stringify(file))).toEqual({ ok: true, connections: 1, dropped: 0 });
    expect(replay.connections).toEqual(store.connections);
  });

  it('ignores chunks of unknown connections, chunks after the end, and a second open of the same id', () => {
    const store = new CaptureStore();
    store.chunk('nope', 'client-to-server', 0, REQUEST);
    store.open('1', '/a', 0);
    store.open('1', '/b', 5);
    store.end('1', 1);
    store.chunk('1', 'client-to-server', 2, REQUEST);
    expect(store.connections).toHaveLength(1);
    expect(store.get('1')?.target).toBe('/a');
    expect(store.get('1')?.chunks).toEqual([]);
  });

  it('tells subscribers about opens, new events, ends and clears, until they unsubscribe', () => {
    const store = new CaptureStore();
    const seen: string[] = [];
    const stop = store.subscribe((change) => seen.push(change.type === 'events' ? `events:${change.events.map((event) => event.type).join(',')}` : change.type));
    store.open('1', '/ws/echo', 0);
    store.chunk('1', 'client-to-server', 0, REQUEST);
    store.chunk('1', 'server-to-client', 1, RESPONSE);
    store.end('1', 2);
    store.clear();
    stop();
    store.open('2', '/ws/echo', 0);
    expect(seen).toEqual(['open', 'events:http', 'events:http,websocket-open', 'end', 'reset']);
    expect(store.connections.map((connection) => connection.id)).toEqual(['2']);
  });
});

describe('CaptureStore: bounded memory', () => {
  it('keeps only the last maxConnections connections and says which it dropped', () => {
    const store = new CaptureStore({ maxConnections: 3 });
    const evicted: string[] = [];
    store.subscribe((change) => {
      if (change.type === 'evict') evicted.push(change.id);
    });
    for (let i = 1; i <= 5; i++) store.open(String(i), '/ws/echo', i);
    expect(store.connections.map((connection) => connection.id)).toEqual(['3', '4', '5']);
    expect(evicted).toEqual(['1', '2']);
    store.chunk('1', 'client-to-server', 0, REQUEST);
    expect(store.get('1')).toBeUndefined();
  });

  it('stops recording a connection past maxBytesPerConnection and marks it truncated, in the export too', () => {
    const store = new CaptureStore({ maxBytesPerConnection: REQUEST.length + RESPONSE.length + 20 });
    store.open('1', '/ws/echo', 0);
    store.chunk('1', 'client-to-server', 0, REQUEST);
    store.chunk('1', 'server-to-client', 1, RESPONSE);
    store.chunk('1', 'client-to-server', 2, hello());
    store.chunk('1', 'client-to-server', 3, hello());
    store.chunk('1', 'client-to-server', 4, hello());
    store.end('1', 5);
    const connection = store.get('1');
    expect(connection?.chunks).toHaveLength(3);
    expect(connection?.bytes).toEqual({ 'client-to-server': REQUEST.length + hello().length, 'server-to-client': RESPONSE.length });
    expect(connection?.limited).toBe(true);
    expect(connection?.truncated).toBe(true);
    // Not ended as if the bytes had stopped: the rest simply was not kept.
    expect(connection?.events.filter((event) => event.type === 'problem')).toEqual([]);
    expect(store.toCaptureFile().connections[0]?.truncated).toBe(true);
    expect(store.toTextLog()).toContain('(검사기의 보관 한도를 넘어 이후 바이트는 기록하지 않았습니다)');
  });

  it('stops decoding past maxEventsPerConnection, so a flood of tiny frames stays bounded', () => {
    const store = new CaptureStore({ maxEventsPerConnection: 50 });
    store.open('1', '/ws/echo', 0);
    store.chunk('1', 'client-to-server', 0, REQUEST);
    store.chunk('1', 'server-to-client', 1, RESPONSE);
    const pings = new Uint8Array(Buffer.concat(Array.from({ length: 200 }, () => encodeFrame({ opcode: 9, maskingKey: KEY }))));
    for (let at = 0; at < pings.length; at += 60) store.chunk('1', 'client-to-server', 2, pings.subarray(at, at + 60));
    const connection = store.get('1');
    expect(connection?.events.length).toBeLessThan(50 + 60 / 6 + 1);
    expect(connection?.limited).toBe(true);
  });

  it('keeps the truncated flag the tap reported, through export and import', () => {
    const store = new CaptureStore();
    store.open('1', '/ws/echo', 0);
    store.chunk('1', 'client-to-server', 0, REQUEST);
    store.end('1', 1, true);
    const again = new CaptureStore();
    expect(again.fromCaptureFile(store.toCaptureFile())).toEqual({ ok: true, connections: 1, dropped: 0 });
    expect(again.get('1')?.truncated).toBe(true);
    expect(again.get('1')?.limited).toBe(false);
  });

  it('opens a file with more connections than it keeps by keeping the last ones', () => {
    const file = fixture('ws-permessage-deflate.json');
    const [connection] = file.connections;
    if (connection === undefined) throw new Error('no connection');
    const many: CaptureFile = { ...file, connections: ['a', 'b', 'c', 'd'].map((id) => ({ ...connection, id })) };
    const store = new CaptureStore({ maxConnections: 2 });
    expect(store.fromCaptureFile(JSON.stringify(many))).toEqual({ ok: true, connections: 2, dropped: 2 });
    expect(store.connections.map((kept) => kept.id)).toEqual(['c', 'd']);
  });
});

describe('CaptureStore: export and import', () => {
  const exportedAt = new Date('2026-11-25T12:00:00.000Z');

  it.each(FIXTURES)('gives back %s exactly after import → export', (name) => {
    const file = fixture(name);
    const store = storeWith(name);
    expect(store.toCaptureFile(new Date(file.exportedAt))).toEqual(file);
  });

  it('round-trips a live-fed store: export → JSON → import gives the same file and the same decoded events', () => {
    const live = new CaptureStore();
    for (const connection of fixture('socket-io-upgrade.json').connections) {
      live.apply({ type: 'capture-open', id: connection.id, tag: 'page', target: connection.target, startedAt: connection.startedAt });
      const records = connection.chunks.map(({ direction, t, base64 }) => ({ id: Number(connection.id), direction, t, bytes: fromBase64(base64) }));
      live.apply({ type: 'capture-chunks', records });
      if (connection.endedAt !== null) live.apply({ type: 'capture-end', id: connection.id, t: connection.endedAt, truncated: connection.truncated });
    }
    const exported = live.toCaptureFile(exportedAt);
    const imported = new CaptureStore();
    const changes: string[] = [];
    imported.subscribe((change) => changes.push(change.type));
    expect(imported.fromCaptureFile(JSON.stringify(exported))).toEqual({ ok: true, connections: 2, dropped: 0 });
    expect(changes).toEqual(['reset']);
    expect(imported.connections.map((connection) => connection.counts)).toEqual([{ frames: 0, engineIo: 5 }, { frames: 13, engineIo: 11 }]);
    expect(imported.toCaptureFile(exportedAt)).toEqual(exported);
    expect(imported.connections).toEqual(live.connections);
  });

  it('keeps a wss:// connection\'s TLS facts through export → JSON → import, and writes none for a plain one', () => {
    const tls = { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', alpn: 'http/1.1', subject: 'CN=localhost, O=WebSocket 놀이터 테스트', issuer: 'CN=localhost, O=WebSocket 놀이터 테스트', validFrom: 'Dec  5 13:00:00 2026 GMT', validTo: 'Dec  6 13:00:00 2026 GMT', fingerprint256: 'AA:BB:CC', trusted: false, untrustedReason: 'DEPTH_ZERO_SELF_SIGNED_CERT' };
    const live = new CaptureStore();
    live.apply({ type: 'capture-open', id: '1', tag: 'page', target: '내 서버 wss://localhost:8443/', startedAt: 1, tls });
    live.apply({ type: 'capture-open', id: '2', tag: 'page', target: '/ws/echo', startedAt: 2 });
    live.apply({ type: 'capture-chunks', records: [{ id: 1, direction: 'client-to-server', t: 0.5, bytes: new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n') }] });
    expect(live.get('1')?.tls).toEqual(tls);
    expect(live.get('2')?.tls).toBeNull();
    const exported = live.toCaptureFile(exportedAt);
    expect(exported.connections[0]?.tls).toEqual(tls);
    expect(exported.connections[1]).not.toHaveProperty('tls');
    const imported = new CaptureStore();
    expect(imported.fromCaptureFile(JSON.stringify(exported))).toEqual({ ok: true, connections: 2, dropped: 0 });
    expect(imported.get('1')?.tls).toEqual(tls);
    expect(imported.get('2')?.tls).toBeNull();
    expect(imported.toCaptureFile(exportedAt)).toEqual(exported);
  });

  it('leaves its connections alone when the file is malformed, and returns the Korean error', () => {
    const store = storeWith('ws-permessage-deflate.json');
    const before = store.toCaptureFile(exportedAt);
    expect(store.fromCaptureFile('{"format":"ws-noriteo-capture","version":1,"exportedAt":"x","connections":[{"id":"1"}]}')).toEqual({
      ok: false,
      error: '캡처 파일을 열 수 없습니다. connections[0].target: 문자열이어야 합니다. 그 밖에도 문제가 4개 더 있습니다.',
    });
    expect(store.fromCaptureFile('not json')).toEqual({ ok: false, error: '캡처 파일을 열 수 없습니다. JSON 형식이 아닙니다. 검사기의 ‘JSON 내보내기’로 저장한 파일인지 확인하세요.' });
    expect(store.toCaptureFile(exportedAt)).toEqual(before);
  });
});
