import { describe, expect, it } from 'vitest';
import { BatchWriter, CaptureHub } from '../../../playground-server/capture-hub.ts';
import { decodeChunkBatch, encodeChunkBatch, type ChunkRecord } from '../../../playground-server/wire/capture.ts';

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

  it('keeps the bytes as they were when recorded, even if the socket’s buffer changes afterwards (ws unmasks in place)', async () => {
    const hub = new CaptureHub();
    const batches: Uint8Array[] = [];
    hub.attach('page', { sendText: () => {}, sendBinary: (batch) => batches.push(batch), bufferedAmount: () => 0 });
    const recorder = hub.open('page', '/ws/echo')!;
    const buffer = Buffer.from('818537fa213d', 'hex');
    recorder.chunk('client-to-server', buffer);
    buffer.fill(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(Buffer.from(decodeChunkBatch(batches[0]!)[0]!.bytes).toString('hex')).toBe('818537fa213d');
  });
});
