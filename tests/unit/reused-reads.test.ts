import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ReusedReads } from '../../playground-server/reused-reads.ts';

/** Numbered messages of `size` bytes (each filled with its number), sent one per turn of the event loop so they arrive as separate reads. */
function messages(count: number, size: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => Buffer.alloc(size, i % 251));
}

let server: Server | undefined;
afterEach(() => server?.close());

/** A server that sends `chunks` one by one, then ends; a client socket that reads it through `reads`. */
async function readThrough(reads: ReusedReads, chunks: Buffer[]): Promise<Socket> {
  server = createServer((socket) => {
    let i = 0;
    const next = () => (i < chunks.length ? (socket.write(chunks[i++]!), setImmediate(next)) : socket.end());
    next();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return connect({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', onread: reads.onread });
}

/** A destination that takes `delayMs` over each write and keeps a copy of what it was given, when it gets to it. */
function destination(delayMs: number) {
  const received: Buffer[] = [];
  const writable = new Writable({
    write(chunk: Buffer, _encoding, done) {
      received.push(Buffer.from(chunk));
      if (delayMs === 0) done();
      else setTimeout(done, delayMs);
    },
  });
  return { writable, received };
}

describe('ReusedReads', () => {
  it('reads into one buffer while the writer takes every read at once', async () => {
    const reads = new ReusedReads(64 * 1024);
    const sent = messages(50, 1000);
    const { writable, received } = destination(0);
    const buffers = new Set<ArrayBufferLike>();
    const socket = await readThrough(reads, sent);
    reads.take((bytes) => (buffers.add(bytes.buffer), reads.writeTo(writable, bytes)), socket);
    await new Promise((resolve) => socket.once('end', resolve));
    expect(Buffer.concat(received).equals(Buffer.concat(sent))).toBe(true);
    expect(buffers.size).toBe(1);
  });

  it('leaves the buffer to a writer that still holds its bytes: a slow writer gets every byte as it was sent', async () => {
    const reads = new ReusedReads(64 * 1024);
    const sent = messages(200, 100);
    // Under its high-water mark the writer queues views of the read and says "go on" (write() returns true).
    const { writable, received } = destination(2);
    const socket = await readThrough(reads, sent);
    reads.take((bytes) => reads.writeTo(writable, bytes), socket);
    await new Promise((resolve) => socket.once('end', resolve));
    await new Promise((resolve) => writable.end(resolve));
    expect(Buffer.concat(received).equals(Buffer.concat(sent))).toBe(true);
  });

  it('stops reading while the writer is full and goes on after its drain, losing nothing', async () => {
    const reads = new ReusedReads(16 * 1024);
    const sent = messages(100, 8192);
    const { writable, received } = destination(1);
    const socket = await readThrough(reads, sent);
    reads.take((bytes) => {
      const ok = reads.writeTo(writable, bytes);
      if (!ok) writable.once('drain', () => socket.resume());
      return ok;
    }, socket);
    await new Promise((resolve) => socket.once('end', resolve));
    await new Promise((resolve) => writable.end(resolve));
    expect(Buffer.concat(received).equals(Buffer.concat(sent))).toBe(true);
  });

  it('keeps what arrives before anyone takes the bytes, and hands it over first', async () => {
    const reads = new ReusedReads(1024);
    const sent = messages(3, 10);
    const { writable, received } = destination(0);
    const socket = await readThrough(reads, sent);
    await new Promise((resolve) => socket.once('end', resolve));
    reads.take((bytes) => reads.writeTo(writable, bytes), socket);
    expect(Buffer.concat(received).equals(Buffer.concat(sent))).toBe(true);
  });
});
