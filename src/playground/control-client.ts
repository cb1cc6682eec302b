import type { ClientMessage, ServerMessage } from '../../protocol/control-messages.ts';
import { CONTROL_ERRORS } from '../../protocol/control-errors.ts';
import { decodeChunkBatch, isCaptureMessage, type CaptureMessage, type CaptureUpdate } from '../../protocol/capture.ts';

type Welcome = Extract<ServerMessage, { type: 'welcome' }>;

/** Where a tab keeps its session id (sessionStorage): the server's owner of that tab's sandboxes. */
export const SESSION_KEY = 'ws-noriteo:session';
const RETRY_MS = [250, 1000, 3000, 10_000];

function sessionId(): string {
  try {
    const existing = sessionStorage.getItem(SESSION_KEY);
    if (existing) return existing;
    const id = crypto.randomUUID();
    sessionStorage.setItem(SESSION_KEY, id);
    return id;
  } catch {
    return crypto.randomUUID();
  }
}

/**
 * The page's end of the control channel (`/_playground`): one per page, shared by its
 * playgrounds. It keeps the session id for the tab (a reload finds its servers again), reconnects
 * after drops, routes server messages to the playground that sent the run, and hands capture
 * updates to the page's capture router (capture-router.ts).
 */
export class ControlClient {
  static #shared: ControlClient | undefined;
  static shared(): ControlClient {
    ControlClient.#shared ??= new ControlClient();
    return ControlClient.#shared;
  }

  readonly session = sessionId();
  #socket: WebSocket | undefined;
  #welcome: Promise<Welcome> | undefined;
  #attempt = 0;
  readonly #runListeners = new Map<string, Set<(message: ServerMessage) => void>>();
  readonly #captureListeners = new Set<(update: CaptureUpdate) => void>();
  /** Answers awaited by `request`, keyed "<type>:<capture>". */
  readonly #waiting = new Map<string, (message: ServerMessage) => void>();
  #captureTag: string | null = null;
  /** Playgrounds whose inspector is open: the server sends their capture (again after a reconnection). */
  readonly #watchedCaptures = new Set<string>();

  /** The tag that makes the tap record this page's connections (null until connected). */
  get captureTag(): string | null {
    return this.#captureTag;
  }

  /** Connects (once) and resolves with the server's welcome. */
  connect(): Promise<Welcome> {
    this.#welcome ??= new Promise<Welcome>((resolve, reject) => {
      const url = `${location.origin.replace(/^http/, 'ws')}/_playground?session=${this.session}`;
      const socket = new WebSocket(url);
      socket.binaryType = 'arraybuffer';
      this.#socket = socket;
      socket.onmessage = (event: MessageEvent<string | ArrayBuffer>) => {
        if (typeof event.data !== 'string') {
          const records = decodeChunkBatch(new Uint8Array(event.data));
          for (const listener of this.#captureListeners) listener({ type: 'capture-chunks', records });
          return;
        }
        const message = JSON.parse(event.data) as ServerMessage | CaptureMessage;
        if (message.type === 'welcome') {
          this.#attempt = 0;
          this.#captureTag = message.captureTag;
          resolve(message);
          for (const capture of this.#watchedCaptures) this.send({ type: 'capture-watch', capture });
        } else if (isCaptureMessage(message)) {
          for (const listener of this.#captureListeners) listener(message);
        } else if ('capture' in message && this.#waiting.has(`${message.type}:${message.capture}`)) {
          const key = `${message.type}:${message.capture}`;
          this.#waiting.get(key)?.(message);
          this.#waiting.delete(key);
        } else if ('runId' in message && message.runId !== undefined) {
          for (const listener of this.#runListeners.get(message.runId) ?? []) listener(message);
        }
      };
      socket.onclose = () => {
        this.#welcome = undefined;
        this.#captureTag = null;
        reject(new Error('놀이터 서버와의 제어 연결이 닫혔습니다.'));
        for (const listeners of this.#runListeners.values()) for (const listener of listeners) listener({ type: 'error', code: 'CONTROL_CLOSED', message: CONTROL_ERRORS.CONTROL_CLOSED });
        const delay = RETRY_MS[Math.min(this.#attempt++, RETRY_MS.length - 1)] ?? 10_000;
        // A page that runs something or shows its capture comes back by itself (the server may have been restarted).
        if (this.#runListeners.size > 0 || this.#watchedCaptures.size > 0) setTimeout(() => void this.connect().catch(() => {}), delay);
      };
    });
    return this.#welcome;
  }

  /**
   * Sends a playground command and resolves with the server's answer of the same type (the
   * commands that have one: set-conditions → conditions, cut, ping, raw-request → raw-response).
   */
  async request<T extends ServerMessage['type']>(message: ClientMessage & { capture: string }, answer: T, timeoutMs = 5000): Promise<Extract<ServerMessage, { type: T }>> {
    await this.connect();
    return new Promise((resolve, reject) => {
      const key = `${answer}:${message.capture}`;
      const timer = setTimeout(() => {
        this.#waiting.delete(key);
        reject(new Error('놀이터 서버가 답하지 않았습니다.'));
      }, timeoutMs);
      this.#waiting.set(key, (reply) => {
        clearTimeout(timer);
        resolve(reply as Extract<ServerMessage, { type: T }>);
      });
      this.send(message);
    });
  }

  send(message: ClientMessage): void {
    this.#socket?.send(JSON.stringify(message));
  }

  /** Messages about one run (its server's output, listening ports, exit). Returns the unsubscribe function. */
  onRun(runId: string, listener: (message: ServerMessage) => void): () => void {
    const listeners = this.#runListeners.get(runId) ?? new Set();
    listeners.add(listener);
    this.#runListeners.set(runId, listeners);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.#runListeners.delete(runId);
    };
  }

  /**
   * Asks for one playground's capture: until its inspector opens, the server only holds what it
   * recorded (sending every byte twice would cost learners who never look); from now on it sends
   * what it held and then everything live.
   */
  watchCapture(capture: string): void {
    if (this.#watchedCaptures.has(capture)) return;
    this.#watchedCaptures.add(capture);
    // Connected: ask now. Otherwise the welcome handler asks, on this connection and every later one.
    if (this.#captureTag !== null) this.send({ type: 'capture-watch', capture });
    else void this.connect().catch(() => {});
  }

  onCapture(listener: (update: CaptureUpdate) => void): () => void {
    this.#captureListeners.add(listener);
    return () => this.#captureListeners.delete(listener);
  }
}
