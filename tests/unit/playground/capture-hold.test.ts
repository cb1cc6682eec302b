import { describe, expect, it } from 'vitest';
import type { CaptureUpdate } from '../../../protocol/capture.ts';
import { encodeFrame } from '../../../protocol/wire/frame.ts';
import { CaptureStore } from '../../../src/inspector/capture-store.ts';
import { CaptureHold, MAX_CAPTURE_BACKLOG } from '../../../src/playground/capture-hold.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const REQUEST = utf8('GET /ws/echo HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
const RESPONSE = utf8('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n');

const open = (id: number): CaptureUpdate => ({ type: 'capture-open', id: String(id), tag: 'page.a', target: '/ws/echo', startedAt: 0 });
const fromServer = (id: number, t: number, bytes: Uint8Array): CaptureUpdate => ({ type: 'capture-chunks', records: [{ id, direction: 'server-to-client', t, bytes }] });
const fromClient = (id: number, t: number, bytes: Uint8Array): CaptureUpdate => ({ type: 'capture-chunks', records: [{ id, direction: 'client-to-server', t, bytes }] });
const binary = (size: number) => encodeFrame({ opcode: 2, payload: new Uint8Array(size) });
const messages = (store: CaptureStore, id: string) => (store.get(id)?.events ?? []).filter((event) => event.type === 'message');

/** One echo connection: the handshake, then `frames` sent by the server one chunk each. */
function connection(id: number, frames: Uint8Array[]): CaptureUpdate[] {
  return [open(id), fromClient(id, 1, REQUEST), fromServer(id, 2, RESPONSE), ...frames.map((frame, index) => fromServer(id, 3 + index, frame))];
}

describe('a playground holding its captures until the inspector opens', () => {
  it('hands everything over as it came when it stays under the limit', () => {
    const hold = new CaptureHold();
    for (const update of connection(1, [binary(1000), encodeFrame({ opcode: 1, payload: 'Hello' })])) hold.push(update);
    hold.push({ type: 'capture-end', id: '1', t: 9, truncated: false });
    const store = new CaptureStore();
    hold.release(store);
    expect(store.get('1')).toMatchObject({ truncated: false, endedAt: 9 });
    expect(messages(store, '1').map((event) => event.text?.value ?? null)).toEqual([null, 'Hello']);
  });

  it('past its limit shows the connection as truncated and decodes nothing across the gap', () => {
    const hold = new CaptureHold();
    // 3 MiB fits; the next 2 MiB frame does not (4 MiB in all); a small frame after it would fit again.
    const updates = connection(1, [binary(3 * 1024 * 1024), binary(2 * 1024 * 1024), encodeFrame({ opcode: 1, payload: 'Hello' })]);
    for (const update of updates) hold.push(update);
    hold.push({ type: 'capture-end', id: '1', t: 9, truncated: false });
    const store = new CaptureStore();
    hold.release(store);
    const shown = store.get('1');
    expect(shown).toMatchObject({ truncated: true, endedAt: 9 });
    // The 3 MiB frame before the gap is there; the "Hello" after it is not read as if it followed that frame.
    expect(messages(store, '1')).toHaveLength(1);
    expect(shown?.bytes['server-to-client']).toBeLessThanOrEqual(MAX_CAPTURE_BACKLOG);
  });

  it('keeps the other connections whole when one of them runs past the limit', () => {
    const hold = new CaptureHold();
    for (const update of connection(1, [binary(3 * 1024 * 1024)])) hold.push(update);
    for (const update of connection(2, [binary(2 * 1024 * 1024), encodeFrame({ opcode: 1, payload: 'late' })])) hold.push(update);
    const store = new CaptureStore();
    hold.release(store);
    expect(store.get('1')?.truncated).toBe(false);
    expect(messages(store, '1')).toHaveLength(1);
    expect(store.get('2')?.truncated).toBe(true);
    expect(messages(store, '2')).toHaveLength(0);
  });
});
