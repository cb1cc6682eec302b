import { CHANNEL, sandboxMessage, type PingMessage, type RunMessage, type SandboxMessage, type SnippetMessage } from './messages.ts';
import { pageFile, type PlaygroundFiles } from './files.ts';
import { buildPreparedDocument, buildSandboxDocument, preparedRunScripts, type SnippetServer } from './sandbox-document.ts';

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

/** Every prepared frame of the page (each runner has at most one), so that a frozen sandbox process can let them all go. */
const preparedFrames = new Set<HTMLIFrameElement>();

function releaseSandboxProcess(): void {
  keepAlive?.remove();
  keepAlive = undefined;
  // They live in the same sandbox process: kept, they would keep the frozen process, and their runs would freeze in it.
  for (const frame of preparedFrames) frame.remove();
  preparedFrames.clear();
}

/** A run's frame: scripts and form events, an opaque origin (no access to the lesson page, its storage or cookies), no modals. */
function runFrame(page: string | null): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', SANDBOX);
  frame.title = page === null ? '코드 실행 샌드박스' : `${page} 미리 보기`;
  frame.className = page === null ? 'pg-sandbox' : 'pg-preview-frame';
  return frame;
}

/**
 * A frame made before its run, its document (import map and bridge, no learner code) already loaded:
 * most of Run → first output is making a frame and loading its document, so a run that finds one
 * skips both. It has run nothing, so a run in it starts with a fresh global scope like any other; it
 * serves one run only (the next run gets another).
 */
interface PreparedFrame {
  frame: HTMLIFrameElement;
  runId: string;
  /** The capture tag its document carries (only a run with the same tag can use it). */
  captureTag: string | null;
  /** Its bridge said it is ready (its document has loaded). */
  ready: boolean;
}

/** After a run begins, how long before the next run's frame is prepared (the run's own start goes first). */
const PREPARE_AFTER_RUN_MS = 300;
/** At most this long after a rerun, its previous frame is removed even if the new run has said nothing. */
const RETIRE_MS = 200;

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
  /** The frame the next page-less run will use, if one is made. */
  #prepared: PreparedFrame | undefined;
  #prepareTimer: ReturnType<typeof setTimeout> | undefined;
  /** A rerun's previous frame, until the new run is heard from (or RETIRE_MS have passed). */
  #retiring: HTMLIFrameElement | undefined;
  #retireTimer: ReturnType<typeof setTimeout> | undefined;
  /** A prepared frame's run whose files wait for its bridge to be ready. */
  #pendingScripts: string[] | null = null;

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
    const captureTag = options.captureTag ?? null;
    const prepared = this.#takePrepared(files, options);
    this.#server = null;
    this.#pendingScripts = null;
    if (prepared) {
      // Its document has loaded (or is loading): only the learner's files are left to send.
      this.#runId = prepared.runId;
      this.#frame = prepared.frame;
      this.#ready = prepared.ready;
      this.#pendingScripts = preparedRunScripts(files);
      this.#events.onStart(null);
      if (this.#ready) this.#sendScripts();
    } else {
      this.#runId = options.runId ?? crypto.randomUUID();
      const { html, page: ownPage } = buildSandboxDocument({ runId: this.#runId, origin: location.origin, files, captureTag, server: options.server ?? null });
      const page = options.servedPage?.name ?? ownPage;
      const frame = runFrame(page);
      if (options.servedPage) frame.src = options.servedPage.url;
      else frame.srcdoc = html;
      this.#events.onStart(page);
      this.#frame = frame;
      this.#ready = false;
      (page === null ? this.#host : this.#previewHost).append(frame);
    }
    this.#lastAnswer = performance.now();
    this.#lastCheck = this.#lastAnswer;
    keepSandboxProcess();
    this.#watchdog = setInterval(() => this.#check(), PING_EVERY_MS);
    // The next run (a rerun, most often) finds its frame made: prepared once this one is under way.
    if (prepared || this.#canPrepare(files, options)) {
      clearTimeout(this.#prepareTimer);
      this.#prepareTimer = setTimeout(() => this.prepareFrame(captureTag), PREPARE_AFTER_RUN_MS);
    }
  }

  /**
   * Makes the frame the next page-less run will use (on intent, and after each run), unless one with
   * the same capture tag is there. It runs nothing until a run sends it the learner's files.
   */
  prepareFrame(captureTag: string | null): void {
    const current = this.#prepared;
    if (current?.frame.isConnected && current.captureTag === captureTag) return;
    this.#dropPrepared();
    const runId = crypto.randomUUID();
    const frame = runFrame(null);
    frame.dataset['pgPrepared'] = '';
    frame.srcdoc = buildPreparedDocument({ runId, origin: location.origin, captureTag });
    this.#prepared = { frame, runId, captureTag, ready: false };
    preparedFrames.add(frame);
    this.#host.append(frame);
  }

  /** A run without a page and without a learner server, with the prepared frame's capture tag, uses it (once). */
  #canPrepare(files: PlaygroundFiles, options: RunOptions): boolean {
    return !options.servedPage && !options.server && pageFile(files) === undefined;
  }

  #takePrepared(files: PlaygroundFiles, options: RunOptions): PreparedFrame | undefined {
    const prepared = this.#prepared;
    if (prepared && !prepared.frame.isConnected) this.#dropPrepared();
    if (!prepared?.frame.isConnected || prepared.captureTag !== (options.captureTag ?? null) || !this.#canPrepare(files, options)) return undefined;
    this.#prepared = undefined;
    preparedFrames.delete(prepared.frame);
    delete prepared.frame.dataset['pgPrepared'];
    return prepared;
  }

  #dropPrepared(): void {
    if (!this.#prepared) return;
    this.#prepared.frame.remove();
    preparedFrames.delete(this.#prepared.frame);
    this.#prepared = undefined;
  }

  /** The learner's files to a prepared frame whose bridge is ready (sent once). */
  #sendScripts(): void {
    if (this.#pendingScripts === null) return;
    const message: RunMessage = { channel: CHANNEL, type: 'run', runId: this.#runId, scripts: this.#pendingScripts };
    this.#pendingScripts = null;
    // The frame's origin is opaque ("null"), so no target origin can name it; its bridge checks that this page sent it.
    this.#frame?.contentWindow?.postMessage(message, '*');
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
    this.#retire();
    // A rerun's previous frame (page-less, so out of sight) goes once the new run has been heard from:
    // tearing a frame down takes the browser and the sandbox process several milliseconds, which
    // would otherwise come before the new run's first line. It is no longer this run's: nothing it
    // says is shown.
    // A frame that has stopped answering goes at once (it may be frozen, and its process with it).
    const answering = performance.now() - this.#lastAnswer < PING_EVERY_MS * 2;
    if (reason === 'rerun' && answering && this.#frame.classList.contains('pg-sandbox')) {
      this.#retiring = this.#frame;
      this.#retireTimer = setTimeout(() => this.#retire(), RETIRE_MS);
    } else this.#frame.remove();
    // A frozen run freezes every frame of the sandbox process; the process ends only once it has
    // none left (each run's own watchdog removes its frame), so the blank one must not hold it.
    if (reason === 'unresponsive') {
      clearTimeout(this.#prepareTimer);
      releaseSandboxProcess();
      this.#prepared = undefined;
    }
    this.#frame = undefined;
    this.#pendingScripts = null;
    this.#runId = '';
    this.#events.onStop(reason);
  }

  /** Removes a rerun's previous frame now (see stop). */
  #retire(): void {
    clearTimeout(this.#retireTimer);
    this.#retiring?.remove();
    this.#retiring = undefined;
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
    const prepared = this.#prepared;
    if (prepared && event.source === prepared.frame.contentWindow) {
      // A prepared frame says only that it is ready: nothing runs in it before its run.
      const parsed = sandboxMessage.safeParse(event.data);
      if (parsed.success && parsed.data.runId === prepared.runId && parsed.data.type === 'ready') {
        prepared.ready = true;
        prepared.frame.dataset['pgPrepared'] = 'ready';
      }
      return;
    }
    if (!this.#frame || event.source !== this.#frame.contentWindow) return;
    const parsed = sandboxMessage.safeParse(event.data);
    if (!parsed.success || parsed.data.runId !== this.#runId) return;
    this.#lastAnswer = performance.now();
    if (parsed.data.type === 'ready') {
      this.#ready = true;
      this.#sendScripts();
      this.#sendServer();
    }
    if (parsed.data.type !== 'pong') this.#events.onMessage(parsed.data);
    this.#retire();
  };
}
