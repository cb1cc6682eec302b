import type { ServerMessage } from '../../playground-server/control-messages.ts';
import type { ConsoleRecord } from './challenge-api.ts';
import type { CodeEditor } from './code-editor.ts';
import { ConsolePanel, type ConsoleLine } from './console-panel.ts';
import type { CaptureUpdate, ControlClient } from './control-client.ts';
import type { CaptureStore } from '../inspector/capture-store.ts';
import { EditStore } from './edit-store.ts';
import { markPassed, passedAt } from '../progress/progress-store.ts';
import { changedFiles, type PlaygroundFiles } from './files.ts';
import type { SandboxMessage } from './messages.ts';
import type { RunOptions, SandboxRunner, StopReason } from './runner.ts';
import type { SnippetServer } from './sandbox-document.ts';

const STOP_MESSAGES: Record<StopReason, string | null> = {
  user: '실행을 멈췄습니다. 이 실행이 연 WebSocket 연결도 모두 닫혔습니다.',
  rerun: null,
  unresponsive: '코드가 1초 넘게 응답하지 않아 실행을 멈췄습니다. 끝나지 않는 반복문(while (true) 등)이 있는지 확인하세요.',
  page: null,
};

/** Captured bytes kept for a playground whose inspector has not been opened yet. */
const MAX_CAPTURE_BACKLOG = 4 * 1024 * 1024;

function feedStore(store: CaptureStore, update: CaptureUpdate): void {
  if (update.type === 'capture-open') store.open(update.id, update.target, update.startedAt);
  else if (update.type === 'capture-end') store.end(update.id, update.t, update.truncated);
  else for (const record of update.records) store.chunk(String(record.id), record.direction, record.t, record.bytes, record.elided);
}

/** How long a learner's server gets to start listening before the run gives up on it. */
const SERVER_START_TIMEOUT_MS = 20_000;
/** Saving every keystroke is wasteful; edits are written this long after typing stops. */
const SAVE_DELAY_MS = 400;
const usesTouch = () => matchMedia('(pointer: coarse)').matches && !matchMedia('(pointer: fine)').matches;

/**
 * `<ws-playground>` (markup in Playground.astro): file tabs, the code as plain HTML first
 * (readable without JavaScript), an editor when the learner reaches for it, Run/Stop/Reset/Copy/
 * Share, a console panel and a preview pane. Monaco and the runner load on demand; this file is
 * all a lesson page loads up front.
 */
export class WsPlayground extends HTMLElement {
  #original: PlaygroundFiles = {};
  #files: PlaygroundFiles = {};
  #active = '';
  #editor: CodeEditor | undefined;
  #editorLoading: Promise<CodeEditor | undefined> | undefined;
  #runner: SandboxRunner | undefined;
  #console!: ConsolePanel;
  #store!: EditStore;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #awaitingFirstOutput = false;
  #control: ControlClient | undefined;
  /** Unsubscribes from the current server run's messages. */
  #serverRun: (() => void) | undefined;
  /** The current server run's id: new for each run, so a late message of the previous one is not mistaken for it. */
  #serverRunId = '';
  /** Where the current run's learner server is reached (`/_sandbox/<token>`), for checks. */
  #serverBase: string | null = null;
  /** The current run's console, as checks see it. */
  #records: ConsoleRecord[] = [];
  /** Names this playground inside the page's capture tag ("<page tag>.<suffix>"). */
  readonly #captureSuffix = crypto.randomUUID().slice(0, 8);
  /** Capture ids (from capture-open) that belong to this playground. */
  readonly #capturedIds = new Set<string>();
  /** Captures kept until the inspector is first opened (bounded), then the inspector's store. */
  #captureBacklog: CaptureUpdate[] = [];
  #captureBacklogBytes = 0;
  #captureStore: CaptureStore | undefined;

  connectedCallback(): void {
    if (this.#active) return;
    const panels = [...this.querySelectorAll<HTMLElement>('.pg-panel')];
    const consoleElement = this.querySelector<HTMLElement>('.pg-console');
    if (panels.length === 0 || !consoleElement) return;
    for (const panel of panels) this.#original[panel.dataset['file'] ?? ''] = panel.querySelector('code')?.textContent ?? '';
    this.#active = Object.keys(this.#original)[0] ?? '';
    this.#console = new ConsolePanel(consoleElement);
    this.#store = new EditStore(location.pathname, this.playgroundId);
    this.#files = this.#store.load(this.#original) ?? { ...this.#original };
    this.#syncCode();
    if (changedFiles(this.#files, this.#original).length > 0) this.#status('지난번에 고친 코드를 불러왔습니다. 원래 코드는 ‘초기화’로 되돌릴 수 있습니다.');
    void this.#restoreFromShareLink();

    const activate = () => void this.#loadEditor();
    for (const code of this.querySelectorAll<HTMLElement>('.pg-code')) code.addEventListener('focus', activate);
    this.querySelector('.pg-editor')?.addEventListener('pointerenter', activate, { once: true });
    this.addEventListener('touchstart', activate, { once: true, passive: true });
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && (event.target as Element).classList.contains('pg-code')) {
        event.preventDefault();
        void this.run();
      }
    });
    this.#wireTabs();
    const on = (action: string, handler: () => void) => this.querySelector(`[data-action="${action}"]`)?.addEventListener('click', handler);
    on('run', () => void this.run());
    on('stop', () => this.stop());
    on('reset', () => this.reset());
    on('copy', () => void this.#copy());
    on('share', () => void this.#share());
    on('clear', () => this.#console.clear());
    on('check', () => void this.check());
    on('inspect', () => void this.#toggleInspector());
    on('solve', () => this.solve());
    this.#showRemembered();
  }

  /** A challenge passed on an earlier visit shows as passed (the progress lives in localStorage). */
  #showRemembered(): void {
    const name = this.dataset['check'];
    const at = name === undefined ? null : passedAt(name);
    const summary = this.querySelector<HTMLElement>('.pg-check-summary');
    if (at === null || !summary) return;
    this.toggleAttribute('data-passed', true);
    summary.textContent = `✓ ${new Date(at).toLocaleDateString('ko-KR')}에 해결한 도전 과제입니다. ‘✔ 확인’으로 다시 확인할 수 있습니다.`;
  }

  /** Unique on its page: the `id` prop, or the file names. */
  get playgroundId(): string {
    const base = this.dataset['id'] ?? 'playground';
    const same = [...document.querySelectorAll<HTMLElement>('ws-playground')].filter((element) => element.dataset['id'] === base);
    const index = same.indexOf(this);
    return index <= 0 ? base : `${base}-${index + 1}`;
  }

  /** The files as the learner last left them. */
  get files(): PlaygroundFiles {
    return { ...this.#files };
  }

  /** The Node entry file when the playground has a server (the `server` prop), else undefined. */
  get serverEntry(): string | undefined {
    return this.dataset['server'] || undefined;
  }

  /** The Node program this playground runs instead of a server and browser code (the `program` prop), else undefined. */
  get programEntry(): string | undefined {
    return this.dataset['program'] || undefined;
  }

  async run(): Promise<void> {
    performance.mark('pg-run');
    this.#awaitingFirstOutput = true;
    const runner = await this.#ensureRunner();
    this.#stopServer();
    runner.stop('rerun');
    this.#editor?.clearErrors();
    this.#records = [];
    this.#serverBase = null;
    this.#append({ kind: 'system', text: '실행합니다.', time: Date.now() });
    const control = await this.#ensureControl();
    const program = this.programEntry;
    if (program !== undefined) {
      if (!control) this.#append({ kind: 'error', text: '놀이터 서버에 연결할 수 없어 프로그램을 실행하지 못했습니다.', time: Date.now() });
      else await this.#runProgram(control, program);
      return;
    }
    const captureTag = control?.captureTag ? `${control.captureTag}.${this.#captureSuffix}` : null;
    const options: RunOptions = { captureTag, runId: crypto.randomUUID() };
    const entry = this.serverEntry;
    const browserFiles = Object.fromEntries(Object.entries(this.files).filter(([name]) => name !== entry));
    if (entry !== undefined) {
      const server = control ? await this.#startServer(control, entry, options) : null;
      if (!server) {
        if (!control) this.#append({ kind: 'error', text: '놀이터 서버에 연결할 수 없어 서버 코드를 실행하지 못했습니다.', time: Date.now() });
        return;
      }
      options.server = server;
      this.#serverBase = server.base;
      if (this.dataset['preview'] === 'server') {
        const port = server.ports[0];
        options.servedPage = { url: `${location.origin}${server.base}/${port}/`, name: Object.keys(browserFiles).find((name) => /\.html?$/i.test(name)) ?? `localhost:${port}` };
      }
    }
    this.#setRunning(true);
    if (options.servedPage || Object.keys(browserFiles).length > 0) runner.run(browserFiles, options);
  }

  stop(): void {
    this.#runner?.stop('user');
    // A program says so itself when its exit arrives.
    if (this.#stopServer() && this.programEntry === undefined) this.#append({ kind: 'system', text: '서버를 멈췄습니다.', time: Date.now(), side: 'server' });
    this.#setRunning(false);
  }

  /** Asks the control channel to stop this playground's server; true if one was running. */
  #stopServer(): boolean {
    if (!this.#serverRun) return false;
    this.#serverRun();
    this.#serverRun = undefined;
    this.#control?.send({ type: 'stop-server', runId: this.#serverRunId });
    return true;
  }

  async #ensureControl(): Promise<ControlClient | undefined> {
    try {
      if (!this.#control) {
        const { ControlClient } = await import('./control-client.ts');
        this.#control = ControlClient.shared();
        this.#control.onCapture((update) => this.#onCapture(update));
      }
      await this.#control.connect();
      return this.#control;
    } catch {
      return undefined;
    }
  }

  /** Keeps what the tap recorded of this playground's connections (others' go to them). */
  #onCapture(update: CaptureUpdate): void {
    let mine: CaptureUpdate | null = null;
    if (update.type === 'capture-open') {
      if (!update.tag?.endsWith(`.${this.#captureSuffix}`)) return;
      this.#capturedIds.add(update.id);
      mine = update;
    } else if (update.type === 'capture-end') {
      if (!this.#capturedIds.has(update.id)) return;
      this.#capturedIds.delete(update.id);
      mine = update;
    } else {
      const records = update.records.filter((record) => this.#capturedIds.has(String(record.id)));
      if (records.length === 0) return;
      mine = { type: 'capture-chunks', records };
    }
    if (this.#captureStore) {
      feedStore(this.#captureStore, mine);
      return;
    }
    const size = mine.type === 'capture-chunks' ? mine.records.reduce((total, record) => total + record.bytes.length, 0) : 0;
    if (this.#captureBacklogBytes + size > MAX_CAPTURE_BACKLOG) return;
    this.#captureBacklogBytes += size;
    this.#captureBacklog.push(mine);
  }

  /** Opens or closes this playground's inspector (loaded the first time it opens). */
  async #toggleInspector(): Promise<void> {
    const button = this.querySelector<HTMLButtonElement>('[data-action="inspect"]');
    const panel = this.querySelector<HTMLElement>('.pg-inspector');
    if (!button || !panel) return;
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    panel.hidden = !open;
    if (!open || this.#captureStore) return;
    const [{ CaptureStore }, , { createNetworkPanel }, control] = await Promise.all([
      import('../inspector/capture-store.ts'),
      import('../inspector/ws-inspector.ts'),
      import('./network-panel.ts'),
      this.#ensureControl(),
    ]);
    if (control) {
      control.watchCapture();
      panel.append(
        createNetworkPanel(
          control,
          () => this.#captureSuffix,
          () => (control.captureTag ? `${control.captureTag}.${this.#captureSuffix}` : null),
        ),
      );
    }
    const store = new CaptureStore();
    for (const update of this.#captureBacklog) feedStore(store, update);
    this.#captureBacklog = [];
    this.#captureBacklogBytes = 0;
    this.#captureStore = store;
    const inspector = document.createElement('ws-inspector') as HTMLElement & { store: CaptureStore };
    inspector.dataset['emptyText'] = '▶ 실행을 누르면 이 예제가 주고받은 핸드셰이크와 프레임이 여기에 기록됩니다.';
    inspector.store = store;
    panel.append(inspector);
  }

  /**
   * Starts the learner's server in the sandbox and waits until it listens. Its console lines and
   * its end (with the file and line of an error) go to this playground's console and editor.
   */
  #startServer(control: ControlClient, entry: string, options: RunOptions): Promise<SnippetServer | null> {
    const runId = `${this.playgroundId}:${crypto.randomUUID()}`;
    this.#serverRunId = runId;
    const page = Object.keys(this.files).find((name) => /\.html?$/i.test(name)) ?? null;
    return import('./sandbox-document.ts').then(
      ({ servedPageInjection }) =>
        new Promise<SnippetServer | null>((resolve) => {
          const ports: number[] = [];
          let settled = false;
          const settle = (server: SnippetServer | null) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve(server);
          };
          const timer = setTimeout(() => {
            this.#append({ kind: 'error', text: `서버가 ${SERVER_START_TIMEOUT_MS / 1000}초 안에 포트를 열지(listen) 않았습니다.`, time: Date.now(), side: 'server' });
            this.#stopServer();
            settle(null);
          }, SERVER_START_TIMEOUT_MS);
          const onMessage = (message: ServerMessage) => {
            switch (message.type) {
              case 'server-starting':
                this.#append({ kind: 'system', text: `${entry} 파일을 샌드박스에서 실행합니다.`, time: Date.now(), side: 'server' });
                break;
              case 'server-listening':
                if (!ports.includes(message.port)) ports.push(message.port);
                this.#append({ kind: 'notice', text: `서버가 ${message.port}번 포트에서 기다립니다. 이 페이지의 코드가 localhost:${message.port}(으)로 연결하면 이 서버에 닿습니다.`, time: Date.now(), side: 'server' });
                // A port opened after the run began reaches the running browser code too.
                if (settled) this.#runner?.updateServer({ base: message.base, ports });
                settle({ base: message.base, ports });
                break;
              case 'server-output':
                this.#append({ kind: message.stream === 'stderr' ? 'error' : 'log', text: message.text, time: message.time, side: 'server' });
                break;
              case 'server-exit':
                this.#append({ kind: message.reason === 'stopped' ? 'system' : 'error', text: message.message, time: message.time, side: 'server' });
                if (message.error?.file && message.error.line) this.#editor?.markError(message.error.file, message.error.line, message.error.message);
                this.#serverRun?.();
                this.#serverRun = undefined;
                if (!this.#runner?.running) this.#setRunning(false);
                settle(null);
                break;
              case 'error':
                this.#append({ kind: 'error', text: message.message, time: Date.now(), side: 'server' });
                if (message.error?.file && message.error.line) this.#editor?.markError(message.error.file, message.error.line, message.error.message);
                if (message.code === 'CONTROL_CLOSED') {
                  this.#serverRun?.();
                  this.#serverRun = undefined;
                }
                settle(null);
                break;
              case 'welcome':
                break;
            }
          };
          this.#serverRun = control.onRun(runId, onMessage);
          control.send({
            type: 'run-server',
            runId,
            entry,
            capture: this.#captureSuffix,
            files: this.files,
            inject: servedPageInjection({ runId: options.runId ?? '', origin: location.origin, captureTag: options.captureTag ?? null }, page),
          });
        }),
    );
  }

  /**
   * Runs the files as one Node program (a test file, say) and shows its output and how it ended.
   * Resolves once it started; Stop ends it like a server.
   */
  async #runProgram(control: ControlClient, entry: string): Promise<void> {
    const { runProgram } = await import('./program-run.ts');
    const runId = `${this.playgroundId}:${crypto.randomUUID()}`;
    this.#serverRunId = runId;
    // Only marks that something runs (stop() sends stop-server); the run keeps its own listener.
    this.#serverRun = () => {};
    this.#setRunning(true);
    const run = runProgram(control, {
      files: this.files,
      entry,
      runId,
      onMessage: (message) => {
        if (message.type === 'server-starting') this.#append({ kind: 'system', text: `${entry} 파일을 Node로 실행합니다.`, time: Date.now() });
        else if (message.type === 'server-output') this.#append({ kind: message.stream === 'stderr' ? 'error' : 'log', text: message.text, time: message.time });
        else if (message.type === 'server-exit' || message.type === 'error') {
          const error = message.error ?? null;
          if (error?.file && error.line) this.#editor?.markError(error.file, error.line, error.message);
          if (message.type === 'server-exit' && message.reason === 'exited') this.#append({ kind: 'system', text: `프로그램이 끝났습니다 (종료 코드 ${message.code ?? 0}).`, time: Date.now() });
          else if (message.type === 'server-exit' && message.reason === 'stopped') this.#append({ kind: 'system', text: '프로그램을 멈췄습니다.', time: Date.now() });
          else if (message.type === 'server-exit' && message.reason === 'crashed' && error === null) this.#append({ kind: 'error', text: `프로그램이 종료 코드 ${message.code ?? '없음'}(으)로 끝났습니다.`, time: Date.now() });
          else this.#append({ kind: 'error', text: message.message, time: Date.now() });
        }
      },
    });
    void run.done.then(() => {
      if (this.#serverRunId !== runId) return;
      this.#serverRun = undefined;
      this.#setRunning(false);
    });
  }

  /** Runs the learner's code, then the lesson's check against it, and shows what passed. */
  async check(): Promise<boolean> {
    const name = this.dataset['check'];
    const results = this.querySelector<HTMLElement>('.pg-results');
    const summary = this.querySelector<HTMLElement>('.pg-check-summary');
    if (!name || !results || !summary) return false;
    results.replaceChildren();
    summary.textContent = '확인하는 중입니다…';
    const [{ loadCheck, runCheck }] = await Promise.all([import('./challenge.ts'), this.run()]);
    const check = await loadCheck(name);
    const outcome = check
      ? await runCheck(check, {
          files: this.files,
          records: () => this.#records,
          serverBase: this.#serverBase,
          breakConnections: (silent) => this.#breakConnections(silent),
          runProgram: (files, entry, timeoutMs) => this.#runCheckProgram(files, entry, timeoutMs),
        })
      : [{ ok: false, text: `확인 모듈 ${name}을 찾을 수 없습니다.` }];
    for (const result of outcome) {
      const item = document.createElement('li');
      item.className = result.ok ? 'pg-pass' : 'pg-fail';
      item.textContent = `${result.ok ? '✓ 통과' : '✗ 아직'}: ${result.text}`;
      results.append(item);
    }
    const passed = outcome.length > 0 && outcome.every((result) => result.ok);
    this.toggleAttribute('data-passed', passed);
    if (passed) markPassed(name);
    summary.textContent = passed ? '도전 과제를 해결했습니다! 🎉' : `${outcome.filter((result) => !result.ok).length}가지가 아직 통과하지 못했습니다.`;
    return passed;
  }

  /** Cuts (or silences) this playground's own connections, as the network panel does; resolves with how many. */
  async #breakConnections(silent: boolean): Promise<number> {
    const control = await this.#ensureControl();
    if (!control) throw new Error('놀이터 서버에 연결할 수 없어 연결을 끊지 못했습니다.');
    return (await control.request({ type: 'cut', capture: this.#captureSuffix, silent }, 'cut')).connections;
  }

  /** A check's own Node program in the sandbox (beside, not instead of, this playground's run). */
  async #runCheckProgram(files: Record<string, string>, entry: string, timeoutMs: number): Promise<import('./program-run.ts').ProgramOutcome> {
    const [control, { runProgram }] = await Promise.all([this.#ensureControl(), import('./program-run.ts')]);
    if (!control) throw new Error('놀이터 서버에 연결할 수 없어 확인용 프로그램을 실행하지 못했습니다.');
    return runProgram(control, { files, entry, timeoutMs }).done;
  }

  /** Loads the reference solution into the editor (Reset brings back the starting code). */
  solve(): void {
    const solution: PlaygroundFiles = {};
    for (const pre of this.querySelectorAll<HTMLTemplateElement>('template.pg-solution')) {
      for (const file of pre.content.querySelectorAll<HTMLElement>('[data-file]')) solution[file.dataset['file'] ?? ''] = file.textContent ?? '';
    }
    for (const [name, content] of Object.entries(solution)) {
      if (!(name in this.#original)) continue;
      this.#files[name] = content;
      this.#editor?.setValue(name, content);
    }
    this.#syncCode();
    this.#store.save(this.#files);
    this.#status('정답 코드를 불러왔습니다. ‘초기화’로 처음 코드로 돌아갈 수 있습니다.');
  }

  reset(): void {
    this.stop();
    this.#files = { ...this.#original };
    for (const [name, content] of Object.entries(this.#files)) this.#editor?.setValue(name, content);
    this.#editor?.clearErrors();
    this.#store.clear();
    this.#syncCode();
    this.#status('원래 예제 코드로 되돌렸습니다.');
  }

  #setRunning(running: boolean): void {
    this.toggleAttribute('data-running', running);
    const stop = this.querySelector<HTMLButtonElement>('[data-action="stop"]');
    if (stop) stop.disabled = !running;
  }

  #status(text: string): void {
    const status = this.querySelector('.pg-status');
    if (status) status.textContent = text;
  }

  /** Mirrors the files into the HTML code blocks (shown until an editor opens) and the tabs' "changed" dots. */
  #syncCode(): void {
    const changed = new Set(changedFiles(this.#files, this.#original));
    for (const panel of this.querySelectorAll<HTMLElement>('.pg-panel')) {
      const name = panel.dataset['file'] ?? '';
      const code = panel.querySelector('code');
      if (code && code.textContent !== this.#files[name]) code.textContent = this.#files[name] ?? '';
    }
    for (const tab of this.querySelectorAll<HTMLElement>('[role="tab"]')) tab.toggleAttribute('data-changed', changed.has(tab.dataset['file'] ?? ''));
  }

  #onEdit(filename: string, value: string): void {
    this.#files[filename] = value;
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => {
      if (changedFiles(this.#files, this.#original).length === 0) this.#store.clear();
      else this.#store.save(this.#files);
      this.#syncCode();
    }, SAVE_DELAY_MS);
  }

  #wireTabs(): void {
    const tabs = [...this.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    const select = (tab: HTMLButtonElement, focus: boolean) => {
      const name = tab.dataset['file'] ?? '';
      this.#active = name;
      for (const other of tabs) {
        const selected = other === tab;
        other.setAttribute('aria-selected', String(selected));
        other.tabIndex = selected ? 0 : -1;
      }
      const monacoPanel = this.querySelector<HTMLElement>('.pg-monaco');
      if (this.#editor) {
        this.#editor.show(name);
        monacoPanel?.setAttribute('aria-labelledby', tab.id);
      } else {
        for (const panel of this.querySelectorAll<HTMLElement>('.pg-panel')) panel.hidden = panel.dataset['file'] !== name;
      }
      if (focus) tab.focus();
    };
    tabs.forEach((tab, index) => {
      tab.addEventListener('click', () => select(tab, false));
      tab.addEventListener('keydown', (event) => {
        const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
        const target = event.key === 'Home' ? tabs[0] : event.key === 'End' ? tabs.at(-1) : step ? tabs[(index + step + tabs.length) % tabs.length] : undefined;
        if (!target) return;
        event.preventDefault();
        select(target, true);
      });
    });
  }

  async #copy(): Promise<void> {
    const text = this.#files[this.#active] ?? '';
    try {
      await navigator.clipboard.writeText(text);
      this.#status(`${this.#active} 코드를 클립보드에 복사했습니다.`);
    } catch {
      this.#status('클립보드에 복사할 수 없습니다. 편집기에서 직접 선택해 복사하세요.');
    }
  }

  async #share(): Promise<void> {
    const { encodeShare } = await import('./share-codec.ts');
    const url = `${location.origin}${location.pathname}#${await encodeShare(this.playgroundId, this.files)}`;
    history.replaceState(null, '', url);
    try {
      await navigator.clipboard.writeText(url);
      this.#status('고친 코드를 담은 공유 링크를 복사했습니다. 링크를 연 사람은 이 코드를 그대로 보게 됩니다.');
    } catch {
      this.#status('공유 링크를 주소창에 넣었습니다. 주소창에서 복사하세요.');
    }
  }

  async #restoreFromShareLink(): Promise<void> {
    if (!location.hash.startsWith('#share=')) return;
    const { decodeShare } = await import('./share-codec.ts');
    const shared = await decodeShare(location.hash);
    if (shared === null) {
      if (this === document.querySelector('ws-playground')) this.#status('공유 링크를 읽을 수 없어 원래 예제를 보여 드립니다.');
      return;
    }
    if (shared.id !== this.playgroundId) return;
    this.#files = { ...this.#original };
    for (const name of Object.keys(this.#original)) {
      const content = shared.files[name];
      if (content !== undefined) this.#files[name] = content;
    }
    for (const [name, content] of Object.entries(this.#files)) this.#editor?.setValue(name, content);
    this.#syncCode();
    this.#status('공유 링크의 코드를 불러왔습니다. 원래 코드는 ‘초기화’로 되돌릴 수 있습니다.');
    this.scrollIntoView({ block: 'start' });
  }

  async #ensureRunner(): Promise<SandboxRunner> {
    if (this.#runner) return this.#runner;
    const { SandboxRunner } = await import('./runner.ts');
    const frames = this.querySelector<HTMLElement>('.pg-frames') ?? this;
    const previewHost = this.querySelector<HTMLElement>('.pg-preview-host') ?? frames;
    this.#runner ??= new SandboxRunner(frames, previewHost, {
      onStart: (page) => {
        const preview = this.querySelector<HTMLElement>('.pg-preview');
        if (!preview) return;
        preview.hidden = page === null;
        const bar = preview.querySelector('.pg-pane-bar');
        if (bar && page !== null) bar.textContent = `미리 보기 (${page})`;
      },
      onMessage: (message) => this.#show(message),
      onStop: (reason) => {
        if (reason === 'rerun') return;
        if (!this.#serverRun) this.#setRunning(false);
        const text = STOP_MESSAGES[reason];
        if (text) this.#append({ kind: reason === 'unresponsive' ? 'error' : 'system', text, time: Date.now() });
      },
    });
    return this.#runner;
  }

  #append(line: ConsoleLine): void {
    this.#console.append(line);
    this.#records.push({ side: line.side ?? null, level: line.kind, text: line.text, time: line.time });
  }

  /** Client lines say so when the playground also has a server, so the two sides read apart. */
  #clientSide(): { side?: 'client' } {
    return this.serverEntry === undefined ? {} : { side: 'client' };
  }

  #show(message: SandboxMessage): void {
    if (this.#awaitingFirstOutput && message.type === 'console') {
      this.#awaitingFirstOutput = false;
      performance.mark('pg-first-output');
    }
    switch (message.type) {
      case 'console':
        this.#append({ kind: message.level, text: message.args.map((arg) => arg.text).join(' '), time: message.time, ...this.#clientSide() });
        break;
      case 'error': {
        const prefix = message.rejection ? '처리되지 않은 Promise 거부: ' : '';
        const where = message.file !== null && message.line !== null ? ` (${message.file} ${message.line}번째 줄)` : '';
        this.#append({ kind: 'error', text: `${prefix}${message.message}${where}`, time: message.time, ...this.#clientSide() });
        if (message.file !== null && message.line !== null) this.#editor?.markError(message.file, message.line, message.message);
        break;
      }
      case 'notice':
        this.#append({ kind: 'notice', text: message.text, time: message.time });
        break;
      case 'truncated':
        this.#append({ kind: 'system', text: `콘솔 출력이 ${message.limit}줄을 넘어 나머지는 표시하지 않습니다.`, time: message.time });
        break;
      case 'ready':
      case 'pong':
        break;
    }
  }

  #loadEditor(): Promise<CodeEditor | undefined> {
    this.#editorLoading ??= (async () => {
      const host = this.querySelector<HTMLElement>('.pg-monaco');
      if (!host) return undefined;
      const hadFocus = this.contains(document.activeElement) && document.activeElement?.classList.contains('pg-code');
      performance.mark('pg-activate');
      this.setAttribute('data-editor', 'loading');
      try {
        const options = {
          files: this.files,
          active: this.#active,
          label: (filename: string) => `${filename} 편집기. Ctrl+Enter로 실행합니다.`,
          onRun: () => void this.run(),
          onChange: (filename: string, value: string) => this.#onEdit(filename, value),
          hasServer: this.serverEntry !== undefined,
          height: this.querySelector<HTMLElement>('.pg-panel:not([hidden]) .pg-code')?.offsetHeight ?? 0,
        };
        if (usesTouch()) {
          const { createTextareaEditor } = await import('./textarea-editor.ts');
          this.#editor = createTextareaEditor(host, options);
        } else {
          const { createEditor } = await import('./editor.ts');
          performance.mark('pg-editor-loaded');
          this.#editor = createEditor(host, options);
        }
        const activeTab = this.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
        if (activeTab) host.setAttribute('aria-labelledby', activeTab.id);
        for (const panel of this.querySelectorAll<HTMLElement>('.pg-panel')) panel.hidden = true;
        host.hidden = false;
        this.setAttribute('data-editor', 'ready');
        performance.mark('pg-editor-ready');
        if (hadFocus) this.#editor.focus();
        return this.#editor;
      } catch (error) {
        this.setAttribute('data-editor', 'failed');
        this.#append({ kind: 'error', text: `편집기를 불러오지 못했습니다: ${String(error)}`, time: Date.now() });
        return undefined;
      }
    })();
    return this.#editorLoading;
  }
}

if (!customElements.get('ws-playground')) customElements.define('ws-playground', WsPlayground);
