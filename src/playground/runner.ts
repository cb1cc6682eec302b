import { CHANNEL, sandboxMessage, type PingMessage, type SandboxMessage, type SnippetMessage } from './messages.ts';
import type { PlaygroundFiles } from './files.ts';
import { buildSandboxDocument, type SnippetServer } from './sandbox-document.ts';

export interface RunOptions {
  /** The id the bridge tags this run's messages with (a served page's bridge was made with it beforehand). */
  runId?: string;
  /** The page's capture tag, so the tap records this run's connections. */
  captureTag?: string | null;
  /** This run's learner server, if it has one. */
  server?: SnippetServer | null;
  /** Show this page (served by the learner's server through the proxy) instead of the playground's own files. */
  servedPage?: { url: string; name: string } | null;
}

/** A run that does not answer a ping for this long is frozen (an endless loop) and is stopped. */
export const UNRESPONSIVE_MS = 1000;
/** A run gets this long to load its document before the first ping must be answered. */
const LOAD_GRACE_MS = 5000;
const PING_EVERY_MS = 250;

export type StopReason = 'user' | 'rerun' | 'unresponsive' | 'page';

/** Sandbox flags of every run: scripts and form events, an opaque origin, no modals. */
const SANDBOX = 'allow-scripts allow-forms';

let keepAlive: HTMLIFrameElement | undefined;

/**
 * A blank sandboxed frame kept for the life of the page once something has run. Chromium runs
 * this page's sandboxed frames in one process of their own, which ends with the last such frame:
 * a rerun removes the old run's frame before making the new one, so without this each rerun (and
 * each Run after Stop) waited for a new renderer process to start, the largest part of Run →
 * first output on a busy machine. The blank document runs nothing. A frozen run lets it go
 * (releaseSandboxProcess), so that the frozen process can end.
 */
function keepSandboxProcess(): void {
  if (keepAlive?.isConnected) return;
  keepAlive = document.createElement('iframe');
  keepAlive.setAttribute('sandbox', SANDBOX);
  keepAlive.setAttribute('aria-hidden', 'true');
  keepAlive.tabIndex = -1;
  keepAlive.title = '빈 샌드박스';
  keepAlive.hidden = true;
  keepAlive.srcdoc = '';
  keepAlive.dataset['pgKeepAlive'] = '';
  document.body.append(keepAlive);
}

function releaseSandboxProcess(): void {
  keepAlive?.remove();
  keepAlive = undefined;
}

export interface RunnerEvents {
  /** A run began; `page` is the file shown in the preview pane, or null. */
  onStart(page: string | null): void;
  onMessage(message: SandboxMessage): void;
  onStop(reason: StopReason): void;
}

/**
 * Runs learner code, each run in a fresh `sandbox="allow-scripts"` iframe (opaque origin: no access
 * to the lesson page, its storage or cookies). Removing the frame ends the run and closes every
 * socket it opened. A watchdog pings the frame and removes it when it stops answering.
 */
export class SandboxRunner {
  readonly #host: HTMLElement;
  readonly #previewHost: HTMLElement;
  readonly #events: RunnerEvents;
  #frame: HTMLIFrameElement | undefined;
  #runId = '';
  #watchdog: ReturnType<typeof setInterval> | undefined;
  #seq = 0;
  #lastAnswer = 0;
  #lastCheck = 0;
  #ready = false;
  /** The learner's server as last updated during this run (null: none, or nothing new since the run began). */
  #server: SnippetServer | null = null;

  /** Runs without a page go into `host` (invisible); a page is shown in `previewHost`. */
  constructor(host: HTMLElement, previewHost: HTMLElement, events: RunnerEvents) {
    this.#host = host;
    this.#previewHost = previewHost;
    this.#events = events;
    window.addEventListener('message', this.#onMessage);
    window.addEventListener('pagehide', () => this.stop('page'));
  }

  get running(): boolean {
    return this.#frame !== undefined;
  }

  /** The current run's id (the bridge tags its messages with it), or '' when nothing runs. */
  get runId(): string {
    return this.#runId;
  }

  run(files: PlaygroundFiles, options: RunOptions = {}): void {
    if (this.#frame) this.stop('rerun');
    this.#runId = options.runId ?? crypto.randomUUID();
    const { html, page: ownPage } = buildSandboxDocument({ runId: this.#runId, origin: location.origin, files, captureTag: options.captureTag ?? null, server: options.server ?? null });
    const page = options.servedPage?.name ?? ownPage;
    const frame = document.createElement('iframe');
    // Scripts and form events (the chat page's submit handler), with an opaque origin: the run cannot
    // touch the lesson page, its storage or cookies. No modals: alert() would block the page.
    frame.setAttribute('sandbox', SANDBOX);
    frame.title = page === null ? '코드 실행 샌드박스' : `${page} 미리 보기`;
    frame.className = page === null ? 'pg-sandbox' : 'pg-preview-frame';
    if (options.servedPage) frame.src = options.servedPage.url;
    else frame.srcdoc = html;
    this.#events.onStart(page);
    this.#frame = frame;
    this.#ready = false;
    this.#server = null;
    this.#lastAnswer = performance.now();
    this.#lastCheck = this.#lastAnswer;
    (page === null ? this.#host : this.#previewHost).append(frame);
    keepSandboxProcess();
    this.#watchdog = setInterval(() => this.#check(), PING_EVERY_MS);
  }

  /**
   * Tells the running frame where the learner's server is now (it opened another port). Before the
   * frame's document is ready a message would be lost with the about:blank it was sent to, so it is
   * sent again when the frame says it is ready.
   */
  updateServer(server: SnippetServer): void {
    this.#server = { base: server.base, ports: [...server.ports] };
    if (this.#ready) this.#sendServer();
  }

  #sendServer(): void {
    if (this.#server === null) return;
    const message: SnippetMessage = { channel: CHANNEL, type: 'snippet', snippet: this.#server };
    this.#frame?.contentWindow?.postMessage(message, '*');
  }

  stop(reason: StopReason): void {
    if (!this.#frame) return;
    clearInterval(this.#watchdog);
    this.#frame.remove();
    // A frozen run freezes every frame of the sandbox process; the process ends only once it has
    // none left (each run's own watchdog removes its frame), so the blank one must not hold it.
    if (reason === 'unresponsive') releaseSandboxProcess();
    this.#frame = undefined;
    this.#runId = '';
    this.#events.onStop(reason);
  }

  #check(): void {
    const now = performance.now();
    const late = now - this.#lastCheck > PING_EVERY_MS * 3;
    this.#lastCheck = now;
    // If this page's own timer fired late, the whole machine is busy: the frame's silence proves
    // nothing yet, so it gets a fresh window instead of being stopped.
    if (late) this.#lastAnswer = now;
    const silentFor = now - this.#lastAnswer;
    if (silentFor > (this.#ready ? UNRESPONSIVE_MS : LOAD_GRACE_MS)) {
      this.stop('unresponsive');
      return;
    }
    const ping: PingMessage = { channel: CHANNEL, type: 'ping', seq: ++this.#seq };
    this.#frame?.contentWindow?.postMessage(ping, '*');
  }

  readonly #onMessage = (event: MessageEvent): void => {
    if (!this.#frame || event.source !== this.#frame.contentWindow) return;
    const parsed = sandboxMessage.safeParse(event.data);
    if (!parsed.success || parsed.data.runId !== this.#runId) return;
    this.#lastAnswer = performance.now();
    if (parsed.data.type === 'ready') {
      this.#ready = true;
      this.#sendServer();
    }
    if (parsed.data.type !== 'pong') this.#events.onMessage(parsed.data);
  };
}
