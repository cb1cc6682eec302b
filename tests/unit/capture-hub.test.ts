import { describe, expect, it } from 'vitest';
import { CaptureHub, MAX_BUFFERED_CAPTURE } from '../../playground-server/capture-hub.ts';
import { isCaptureMessage } from '../../protocol/capture.ts';
import { encodeFrame } from '../../protocol/wire/frame.ts';
import { CaptureStore } from '../../src/inspector/capture-store.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const REQUEST = utf8('GET /ws/echo HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
const RESPONSE = utf8('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n');

/** A page watching its capture, whose socket has `queued` bytes waiting; what it receives goes to an inspector's store. */
function watchingPage() {
  const hub = new CaptureHub();
  const tag = crypto.randomUUID();
  const page = { queued: 0, store: new CaptureStore() };
  hub.attach(tag, {
    sendText: (json) => {
      const message = JSON.parse(json) as { type: string };
      if (isCaptureMessage(message)) page.store.apply(message);
    },
    sendBinary: (batch) => page.store.applyBatch(batch),
    bufferedAmount: () => page.queued,
  });
  hub.watch(tag);
  return { hub, tag: `${tag}.a1b2c3d4`, page };
}

describe('the tap, past what a page may have waiting', () => {
  it('shows the connection truncated at once and decodes nothing across the gap', () => {
    const { hub, tag, page } = watchingPage();
    const recorder = hub.open(tag, '/ws/echo');
    if (recorder === null) throw new Error('not recorded');
    recorder.chunk('client-to-server', REQUEST);
    recorder.chunk('server-to-client', RESPONSE);
    recorder.chunk('server-to-client', encodeFrame({ opcode: 1, payload: 'before' }));
    // The page reads slowly: a frame arrives while more than the limit waits for it, and is dropped.
    page.queued = MAX_BUFFERED_CAPTURE + 1;
    recorder.chunk('server-to-client', encodeFrame({ opcode: 2, payload: new Uint8Array(5000) }));
    // It caught up; the next frame would be read as if it followed the first.
    page.queued = 0;
    recorder.chunk('server-to-client', encodeFrame({ opcode: 1, payload: 'after' }));
    recorder.end();
    const [connection] = page.store.connections;
    expect(connection?.truncated).toBe(true);
    const texts = connection?.events.flatMap((event) => (event.type === 'message' ? [event.text?.value ?? null] : [])) ?? [];
    expect(texts).toEqual(['before']);
  });

  it('says so while the connection is still open', () => {
    const { hub, tag, page } = watchingPage();
    const recorder = hub.open(tag, '/ws/echo');
    if (recorder === null) throw new Error('not recorded');
    recorder.chunk('client-to-server', REQUEST);
    page.queued = MAX_BUFFERED_CAPTURE + 1;
    recorder.chunk('server-to-client', RESPONSE);
    expect(page.store.connections[0]).toMatchObject({ endedAt: null, truncated: true });
  });
});

describe('the one hold of the capture path', () => {
  it('keeps each playground’s capture until that playground’s inspector opens, under one limit for the page', () => {
    const hub = new CaptureHub();
    const page = crypto.randomUUID();
    const sent: Array<{ type: string; tag?: string } | 'bytes'> = [];
    hub.attach(page, { sendText: (json) => sent.push(JSON.parse(json) as { type: string }), sendBinary: () => sent.push('bytes'), bufferedAmount: () => 0 });
    const a = hub.open(`${page}.a`, '/ws/echo')!;
    const b = hub.open(`${page}.b`, '/ws/echo')!;
    a.chunk('client-to-server', REQUEST);
    b.chunk('client-to-server', REQUEST);
    a.end();
    b.end();
    expect(sent).toEqual([]);
    hub.watch(page, 'a');
    expect(sent).toEqual([expect.objectContaining({ type: 'capture-open', tag: `${page}.a` }), 'bytes', expect.objectContaining({ type: 'capture-end' })]);
    // b is still held, and counts toward the page's limit together with a's: one limit, not one per playground.
    const big = hub.open(`${page}.c`, '/ws/echo')!;
    big.chunk('server-to-client', new Uint8Array(MAX_BUFFERED_CAPTURE));
    expect(hub.open(`${page}.b`, '/ws/echo')).toBeNull();
    hub.watch(page, 'b');
    expect(sent.slice(3)).toEqual([expect.objectContaining({ type: 'capture-open', tag: `${page}.b` }), 'bytes', expect.objectContaining({ type: 'capture-end' })]);
    // Watching b sent b's, not c's.
    expect(sent).toHaveLength(6);
  });
});

describe('playgrounds a page may have recorded apart', () => {
  it('are at most 64: a connection naming one more is not recorded (names are a visitor’s text)', () => {
    const hub = new CaptureHub();
    const page = crypto.randomUUID();
    hub.attach(page, { sendText: () => {}, sendBinary: () => {}, bufferedAmount: () => 0 });
    for (let i = 0; i < 64; i += 1) expect(hub.open(`${page}.p${i}`, '/ws/echo')).not.toBeNull();
    expect(hub.open(`${page}.p64`, '/ws/echo')).toBeNull();
    expect(hub.open(`${page}.p0`, '/ws/echo')).not.toBeNull();
  });
});
