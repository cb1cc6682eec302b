import { describe, expect, it } from 'vitest';
import { BatchWriter, CAPTURE_FLUSH_MS, CaptureHub } from '../../../playground-server/capture-hub.ts';
import { decodeChunkBatch, encodeChunkBatch, type ChunkRecord } from '../../../protocol/capture.ts';

/** The tap's batches are built as chunks arrive (one copy) and must stay byte for byte what encodeChunkBatch makes. */
describe('BatchWriter', () => {
  const records: ChunkRecord[] = [
    { id: 1, direction: 'client-to-server', t: 0.25, bytes: Buffer.from('474554202f77732f6563686f', 'hex') },
    { id: 1, direction: 'server-to-client', t: 1.5, bytes: new Uint8Array(0) },
    { id: 7, direction: 'server-to-client', t: 3.125, bytes: new Uint8Array(20_000).fill(0xab) },
  ];

  it('writes the same bytes as encodeChunkBatch, growing past its first buffer', () => {
    const writer = new BatchWriter();
    for (const record of records) writer.append(record.id, record.direction, record.t, record.bytes);
    expect(Buffer.from(writer.take()!)).toEqual(Buffer.from(encodeChunkBatch(records)));
    expect(decodeChunkBatch(encodeChunkBatch(records)).map((r) => r.bytes.length)).toEqual([12, 0, 20_000]);
  });

  it('joins a chunk to the record before it when it continues it (same connection and direction, within 1 ms)', () => {
    const writer = new BatchWriter();
    writer.append(1, 'server-to-client', 10, Buffer.from('8105', 'hex')); // ws writes a frame's header…
    writer.append(1, 'server-to-client', 10.01, Buffer.from('68656c6c6f', 'hex')); // …then its payload
    writer.append(1, 'client-to-server', 10.02, Buffer.from('88', 'hex')); // the other direction: a new record
    writer.append(2, 'client-to-server', 10.03, Buffer.from('01', 'hex')); // another connection: a new record
    writer.append(2, 'client-to-server', 12, Buffer.from('02', 'hex')); // 2 ms later: a new record
    const decoded = decodeChunkBatch(writer.take()!).map((r) => ({ id: r.id, direction: r.direction, t: r.t, hex: Buffer.from(r.bytes).toString('hex') }));
    expect(decoded).toEqual([
      { id: 1, direction: 'server-to-client', t: 10, hex: '810568656c6c6f' },
      { id: 1, direction: 'client-to-server', t: 10.02, hex: '88' },
      { id: 2, direction: 'client-to-server', t: 10.03, hex: '01' },
      { id: 2, direction: 'client-to-server', t: 12, hex: '02' },
    ]);
  });

  it('hands over each batch once and starts an empty one', () => {
    const writer = new BatchWriter();
    expect(writer.take()).toBeNull();
    writer.append(2, 'client-to-server', 1, Buffer.from('8180', 'hex'));
    const first = writer.take();
    expect(writer.take()).toBeNull();
    writer.append(3, 'server-to-client', 2, Buffer.from('0100', 'hex'));
    expect(decodeChunkBatch(first!)).toMatchObject([{ id: 2, t: 1 }]);
    expect(decodeChunkBatch(writer.take()!)).toMatchObject([{ id: 3, t: 2 }]);
  });

  it('writes counts of elided bytes as records without bytes, joining a count that follows a count', () => {
    const writer = new BatchWriter();
    writer.append(1, 'server-to-client', 0, new Uint8Array([0x82, 0x7e, 0x04, 0x00, 9, 9]));
    writer.appendElided(1, 'server-to-client', 0, 600);
    writer.appendElided(1, 'server-to-client', 0.5, 422);
    writer.append(1, 'server-to-client', 0.5, new Uint8Array([0x81, 0x00]));
    writer.appendElided(2, 'client-to-server', 0.5, 7);
    const batch = writer.take()!;
    const records = decodeChunkBatch(batch).map((r) => ({ id: r.id, direction: r.direction, bytes: r.bytes.length, elided: r.elided }));
    expect(records).toEqual([
      { id: 1, direction: 'server-to-client', bytes: 6, elided: undefined },
      { id: 1, direction: 'server-to-client', bytes: 0, elided: 1022 },
      { id: 1, direction: 'server-to-client', bytes: 2, elided: undefined },
      { id: 2, direction: 'client-to-server', bytes: 0, elided: 7 },
    ]);
    // The same bytes encodeChunkBatch writes for those records.
    const again = encodeChunkBatch(decodeChunkBatch(batch));
    expect(Buffer.from(again)).toEqual(Buffer.from(batch));
  });

  it('reuses a batch buffer only after it was sent (recycled), never one still on its way', () => {
    const writer = new BatchWriter();
    writer.append(1, 'client-to-server', 0, new Uint8Array(100).fill(1));
    const first = writer.take()!;
    writer.append(1, 'client-to-server', 1, new Uint8Array(100).fill(2));
    const second = writer.take()!;
    // Not recycled: the second batch has memory of its own, and the first still reads as written.
    expect(second.buffer).not.toBe(first.buffer);
    expect(decodeChunkBatch(first)[0]!.bytes.every((byte) => byte === 1)).toBe(true);
    writer.recycle(first); // too late: the writer took another since, so this is ignored
    writer.recycle(second);
    writer.append(1, 'client-to-server', 2, new Uint8Array(100).fill(3));
    const third = writer.take()!;
    writer.append(1, 'client-to-server', 3, new Uint8Array(100).fill(4));
    const fourth = writer.take()!;
    expect(third.buffer).not.toBe(first.buffer);
    expect(fourth.buffer).toBe(second.buffer);
    expect(decodeChunkBatch(third)[0]!.bytes.every((byte) => byte === 3)).toBe(true);
    expect(decodeChunkBatch(fourth)[0]!.bytes.every((byte) => byte === 4)).toBe(true);
  });

  it('keeps the bytes as they were when recorded, even if the socket’s buffer changes afterwards (ws unmasks in place)', async () => {
    const hub = new CaptureHub();
    const batches: Uint8Array[] = [];
    hub.attach('page', { sendText: () => {}, sendBinary: (batch) => batches.push(batch), bufferedAmount: () => 0 });
    hub.watch('page');
    const recorder = hub.open('page', '/ws/echo')!;
    const buffer = Buffer.from('818537fa213d', 'hex');
    recorder.chunk('client-to-server', buffer);
    buffer.fill(0);
    await new Promise((resolve) => setTimeout(resolve, CAPTURE_FLUSH_MS * 2));
    expect(Buffer.from(decodeChunkBatch(batches[0]!)[0]!.bytes).toString('hex')).toBe('818537fa213d');
  });

  it('holds a page’s capture until it watches, then sends all of it in order, and drops past the limit', async () => {
    const hub = new CaptureHub();
    const sent: Array<string | Uint8Array> = [];
    hub.attach('page', { sendText: (json) => sent.push(json), sendBinary: (batch) => sent.push(batch), bufferedAmount: () => 0 });
    const recorder = hub.open('page', '/ws/echo')!;
    recorder.chunk('client-to-server', Buffer.from('818537fa213d', 'hex'));
    await new Promise((resolve) => setTimeout(resolve, CAPTURE_FLUSH_MS * 2));
    recorder.chunk('server-to-client', new Uint8Array(5 * 1024 * 1024)); // takes the page past the limit…
    recorder.chunk('server-to-client', Buffer.from('8100', 'hex')); // …so this one is dropped, and the connection cut
    recorder.end();
    expect(sent).toEqual([]);
    hub.watch('page');
    const kinds = sent.map((message) => (typeof message === 'string' ? (JSON.parse(message) as { type: string; truncated?: boolean }) : { type: 'bytes' }));
    expect(kinds).toEqual([
      { type: 'capture-open', id: expect.any(String), tag: 'page', target: '/ws/echo', startedAt: expect.any(Number) },
      { type: 'bytes' },
      { type: 'bytes' },
      expect.objectContaining({ type: 'capture-cut' }),
      expect.objectContaining({ type: 'capture-end', truncated: true }),
    ]);
    expect(decodeChunkBatch(sent[1] as Uint8Array).map((record) => record.bytes.length)).toEqual([6]);
    expect(decodeChunkBatch(sent[2] as Uint8Array).map((record) => record.bytes.length)).toEqual([5 * 1024 * 1024]);
    // Watching, the next connection goes out as it happens.
    const next = hub.open('page', '/ws/chat')!;
    expect(sent).toHaveLength(6);
    next.end();
    expect(sent).toHaveLength(7);
  });
});
