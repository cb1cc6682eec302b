import { connect, type Socket } from 'node:net';
import { createFrameDecoder, encodeFrame, type DecodedFrame, type FrameFields } from '../../../protocol/wire/frame.ts';
import { upgradeRequest } from '../../helpers/raw.ts';

/** The masking key our hand-made client frames use (RFC 6455 §5.3 asks for a random one; tests want bytes they can read). */
export const MASK = Buffer.from('37fa213d', 'hex');

/** A client frame, masked unless told otherwise. */
export function clientFrame(fields: FrameFields): Buffer {
  return Buffer.from(encodeFrame({ maskingKey: MASK, ...fields }));
}

/**
 * A WebSocket client over raw TCP that writes whatever bytes it is given and decodes what the
 * server sends back (with the project's own frame decoder), for frames no real client would send.
 */
export class RawWsClient {
  readonly frames: DecodedFrame[] = [];
  /** Resolves when the server's TCP connection is gone. */
  readonly ended: Promise<void>;
  readonly #socket: Socket;
  readonly #decoder = createFrameDecoder({ direction: 'server-to-client' });
  #wake: Array<() => void> = [];

  private constructor(socket: Socket, rest: Buffer) {
    this.#socket = socket;
    this.ended = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => this.#push(chunk));
    if (rest.length > 0) this.#push(rest);
  }

  /** Opens a connection and completes the handshake; rejects unless the answer is 101. */
  static open(port: number, path: string, headers: Record<string, string | null> = {}, options: { localAddress?: string } = {}): Promise<RawWsClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', ...options });
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end === -1) return;
        socket.off('data', onData);
        const status = head.subarray(0, 12).toString('latin1');
        if (!status.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          reject(new Error(`handshake refused: ${head.subarray(0, end).toString('latin1')}`));
          return;
        }
        resolve(new RawWsClient(socket, head.subarray(end + 4)));
      };
      socket.on('data', onData);
      socket.once('error', reject);
      socket.write(upgradeRequest(path, port, headers));
    });
  }

  #push(chunk: Buffer): void {
    for (const event of this.#decoder.push(chunk)) if (event.type === 'frame') this.frames.push(event.frame);
    for (const wake of this.#wake.splice(0)) wake();
  }

  write(bytes: Uint8Array | string): void {
    if (!this.#socket.destroyed) this.#socket.write(bytes);
  }

  /** Waits for a frame matching `predicate`, or returns undefined after `timeoutMs`. */
  async waitForFrame(predicate: (frame: DecodedFrame) => boolean, timeoutMs = 10_000): Promise<DecodedFrame | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake.push(() => {
          clearTimeout(timer);
          resolve();
        });
        void this.ended.then(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (this.#socket.destroyed && !this.frames.some(predicate)) return undefined;
    }
  }

  /** The status code of the server's close frame (null: closed without a code), or undefined if none came. */
  async closeCode(timeoutMs = 3000): Promise<number | null | undefined> {
    const frame = await this.waitForFrame((f) => f.opcode === 0x8, timeoutMs);
    return frame === undefined ? undefined : (frame.close?.code ?? null);
  }

  destroy(): void {
    this.#socket.destroy();
  }
}
