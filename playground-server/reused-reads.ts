import type { Duplex, Writable } from 'node:stream';

/**
 * A socket's reads into one buffer used again and again, instead of the buffer Node allocates for every read (64 KiB,
 * then shrunk to what came): the sandbox proxy reads every byte both ways, and those buffers, outside the JS heap, are
 * garbage the collector has to find (in a 16 KB echo flood ~39 % of our process's samples were V8's major GC).
 * A socket we open takes it as net.Socket's `onread`; the browser's socket, which the HTTP server accepted, is switched
 * to it after the upgrade (switch-to-reused-reads.ts).
 *
 * The buffer must not change under bytes a writer still holds. After `write()` a destination may keep a view of
 * them: in its queue, or in a kernel write libuv has not finished (Node does not copy them). So when the destination
 * still holds bytes after a write (`writableLength > 0`), the next read goes into a new buffer and the old one is
 * left to the writer. A writer that holds bytes past that (net-conditions' paced writes and delayed reads) copies them
 * itself, and so does the recording (capture-hub copies what it keeps).
 */
export class ReusedReads {
  readonly onread: { buffer: () => Buffer; callback: (length: number, buffer: Uint8Array) => boolean };
  #buffer: Buffer;
  #lent = false;
  #sink: ((bytes: Buffer) => boolean) | null = null;
  /** What came before anyone took the bytes (copies), and how much: past one buffer's worth reading stops. */
  #early: Buffer[] = [];
  #earlyBytes = 0;
  #stopped = false;

  constructor(size: number) {
    this.#buffer = Buffer.allocUnsafe(size);
    this.onread = {
      // Asked for the buffer of the next read, after each read.
      buffer: () => {
        if (this.#lent) {
          this.#buffer = Buffer.allocUnsafe(this.#buffer.length);
          this.#lent = false;
        }
        return this.#buffer;
      },
      // Returning false stops reading (the socket is paused) until the socket is resumed.
      callback: (length, buffer) => {
        const bytes = (buffer as Buffer).subarray(0, length);
        if (this.#sink) return this.#sink(bytes);
        this.#early.push(Buffer.from(bytes));
        this.#earlyBytes += length;
        this.#stopped = this.#earlyBytes >= this.#buffer.length;
        return !this.#stopped;
      },
    };
  }

  /**
   * From now on every read goes to `sink`: the bytes are only valid during the call (copy them to keep them). What came
   * before goes first; `source` (the socket read) is resumed if reading stopped while nobody took the bytes.
   */
  take(sink: (bytes: Buffer) => boolean, source: Duplex): void {
    this.#sink = sink;
    const early = this.#early;
    this.#early = [];
    this.#earlyBytes = 0;
    for (const bytes of early) sink(bytes);
    if (this.#stopped) {
      this.#stopped = false;
      source.resume();
    }
  }

  /** Writes the bytes of a read to `destination`, leaving it the buffer if it holds them; false: wait for 'drain'. */
  writeTo(destination: Writable, bytes: Buffer): boolean {
    const ok = destination.write(bytes);
    if (destination.writableLength > 0) this.#lent = true;
    return ok;
  }
}
