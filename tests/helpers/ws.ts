import { expect } from 'vitest';
import { WebSocket } from 'ws';

export interface TestClientOptions {
  /**
   * false: binary messages are counted (binaryBytes) but not kept, for a client that lives long and
   * must not hold all it is sent (a bench's page watching its capture). Default true.
   */
  keepBinary?: boolean;
}

/** A `ws` client that keeps every message it receives, with helpers to await them. */
export class TestClient {
  readonly ws: WebSocket;
  readonly messages: Array<{ data: Buffer; isBinary: boolean }> = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Bytes of every binary message received, kept or not. */
  binaryBytes = 0;
  #waiters: Array<() => void> = [];

  constructor(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}, { keepBinary = true }: TestClientOptions = {}) {
    this.ws = new WebSocket(url, options);
    this.ws.on('message', (data, isBinary) => {
      const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(data as Buffer[]);
      if (isBinary) this.binaryBytes += bytes.length;
      if (isBinary && !keepBinary) return;
      this.messages.push({ data: bytes, isBinary });
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.ws.on('error', () => {});
    this.closed = new Promise((resolve) => this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static async open(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}, clientOptions: TestClientOptions = {}): Promise<TestClient> {
    const client = new TestClient(url, options, clientOptions);
    await new Promise<void>((resolve, reject) => {
      client.ws.once('open', () => resolve());
      client.ws.once('error', reject);
    });
    return client;
  }

  get texts(): string[] {
    return this.messages.filter((m) => !m.isBinary).map((m) => m.data.toString('utf8'));
  }

  /**
   * Sends `text` on this echo connection and expects exactly it back: a connection open all along
   * still works, whatever a test did to others (each test's "nobody else notices").
   */
  async expectEcho(text: string): Promise<void> {
    const before = this.messages.length;
    this.ws.send(text);
    await this.waitFor(before + 1);
    expect(this.messages.slice(before).map((m) => (m.isBinary ? m.data : m.data.toString('utf8')))).toEqual([text]);
  }

  /** Resolves once at least `count` messages have arrived. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} messages, got ${this.messages.length}: ${JSON.stringify(this.texts)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
