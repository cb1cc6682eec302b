import { BrowserRun } from './browser-run.ts';
import { ChallengePart } from './challenge-part.ts';
import { CodePane } from './code-pane.ts';
import type { ErrorMark } from './console-lines.ts';
import { ConsolePanel, type ConsoleLine } from './console-panel.ts';
import type { ControlClient } from './control-client.ts';
import type { PlaygroundFiles } from './files.ts';
import { PlaygroundCapture } from './playground-capture.ts';
import type { RunOptions } from './runner.ts';
import { RunLog } from './run-log.ts';
import { ServerRun } from './server-run.ts';

/**
 * `<ws-playground>` (markup in Playground.astro): a thin element over its parts — the code pane
 * (tabs, code, editor, saved edits, copy/share), the browser run (sandboxed iframe, preview), the
 * server run (the learner's Node server or program in the sandbox), the capture (what the tap
 * recorded, and the inspector) and, for a 도전 과제, the challenge. It wires the buttons and runs
 * the parts in order. Monaco, the runner and the control channel load on demand; this element and
 * its parts are all a lesson page loads up front.
 */
export class WsPlayground extends HTMLElement {
  #code!: CodePane;
  #log!: RunLog;
  #browser!: BrowserRun;
  #server!: ServerRun;
  #challenge: ChallengePart | undefined;
  #control: ControlClient | undefined;
  /** Where the current run's learner server is reached (`/_sandbox/<token>`), for checks. */
  #serverBase: string | null = null;
  /** What the tap recorded of this playground's runs, and its inspector. */
  readonly #capture = new PlaygroundCapture(this, () => this.#ensureControl());

  connectedCallback(): void {
    if (this.#code) return;
    const consoleElement = this.querySelector<HTMLElement>('.pg-console');
    if (!this.querySelector('.pg-panel') || !consoleElement) return;
    this.#log = new RunLog(new ConsolePanel(consoleElement));
    const line = (text: ConsoleLine) => this.#log.append(text);
    const mark = ({ file, line: at, message }: ErrorMark) => this.#code.editor?.markError(file, at, message);
    this.#code = new CodePane(this, this.playgroundId, {
      run: () => void this.run(),
      status: (text) => this.#status(text),
      failed: (error) => line({ kind: 'error', text: `편집기를 불러오지 못했습니다: ${String(error)}`, time: Date.now() }),
      hasServer: () => this.serverEntry !== undefined,
    });
    this.#browser = new BrowserRun(this, {
      line,
      mark,
      ended: () => {
        if (!this.#server.running) this.#setRunning(false);
      },
      side: () => (this.serverEntry === undefined ? undefined : 'client'),
    });
    this.#server = new ServerRun({
      line,
      mark,
      ports: (server) => this.#browser.updateServer(server),
      ended: () => {
        if (!this.#browser.running) this.#setRunning(false);
      },
    });
    const challenge = this.dataset['check'];
    if (challenge) {
      this.#challenge = new ChallengePart(this, challenge, {
        run: () => this.run(),
        files: () => this.files,
        records: () => this.#log.records,
        serverBase: () => this.#serverBase,
        control: () => this.#ensureControl(),
        captureSuffix: this.#capture.name,
      });
      this.#challenge.showRemembered();
    }

    this.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && (event.target as Element).classList.contains('pg-code')) {
        event.preventDefault();
        void this.run();
      }
    });
    const on = (action: string, handler: () => void) => this.querySelector(`[data-action="${action}"]`)?.addEventListener('click', handler);
    on('run', () => void this.run());
    // A pointer over ▶ 실행 or the focus on it: the run's frame is made before the press (prepareRun).
    const runButton = this.querySelector('[data-action="run"]');
    for (const intent of ['pointerenter', 'focus']) runButton?.addEventListener(intent, () => void this.#prepareRun());
    on('stop', () => this.stop());
    on('reset', () => this.reset());
    on('copy', () => void this.#code.copy());
    on('share', () => void this.#code.share());
    on('clear', () => this.#log.clear());
    on('check', () => void this.check());
    on('inspect', () => void this.#capture.toggleInspector());
    on('solve', () => this.solve());
    // ▶ 실행 or ✔ 확인 pressed before this element was defined (Playground.astro's inline script remembered it).
    const pending = this.dataset['pendingAction'];
    delete this.dataset['pendingAction'];
    if (pending === 'run') void this.run();
    else if (pending === 'check' && this.#challenge) void this.check();
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
    return this.#code.files;
  }

  /** The Node entry file when the playground has a server (the `server` prop), else undefined. */
  get serverEntry(): string | undefined {
    return this.dataset['server'] || undefined;
  }

  /** The Node program this playground runs instead of a server and browser code (the `program` prop), else undefined. */
  get programEntry(): string | undefined {
    return this.dataset['program'] || undefined;
  }

  /** ▶ 실행: the Node side first (a program, or a server awaited until it listens), then the browser side. */
  async run(): Promise<void> {
    performance.mark('pg-run');
    await this.#browser.prepare();
    this.#server.stop();
    this.#browser.stop('rerun');
    this.#code.editor?.clearErrors();
    this.#log.newRun();
    this.#serverBase = null;
    this.#log.append({ kind: 'system', text: '실행합니다.', time: Date.now() });
    const control = await this.#ensureControl();
    const program = this.programEntry;
    const runId = () => `${this.playgroundId}:${crypto.randomUUID()}`;
    if (program !== undefined) {
      if (!control) this.#log.append({ kind: 'error', text: '놀이터 서버에 연결할 수 없어 프로그램을 실행하지 못했습니다.', time: Date.now() });
      else {
        await this.#server.startProgram(control, { runId: runId(), entry: program, files: this.files });
        this.#setRunning(true);
      }
      return;
    }
    const captureTag = this.#capture.tag(control);
    const options: RunOptions = { captureTag, runId: crypto.randomUUID() };
    const entry = this.serverEntry;
    const files = this.files;
    const browserFiles = Object.fromEntries(Object.entries(files).filter(([name]) => name !== entry));
    if (entry !== undefined) {
      if (!control) {
        this.#log.append({ kind: 'error', text: '놀이터 서버에 연결할 수 없어 서버 코드를 실행하지 못했습니다.', time: Date.now() });
        return;
      }
      const { servedPageInjection } = await import('./sandbox-document.ts');
      const page = Object.keys(files).find((name) => /\.html?$/i.test(name)) ?? null;
      const inject = servedPageInjection({ runId: options.runId ?? '', origin: location.origin, captureTag }, page);
      const server = await this.#server.startServer(control, { runId: runId(), entry, files, capture: this.#capture.name, inject });
      if (!server) return;
      options.server = server;
      this.#serverBase = server.base;
      if (this.dataset['preview'] === 'server') {
        const port = server.ports[0];
        options.servedPage = { url: `${location.origin}${server.base}/${port}/`, name: Object.keys(browserFiles).find((name) => /\.html?$/i.test(name)) ?? `localhost:${port}` };
      }
    }
    this.#setRunning(true);
    if (options.servedPage || Object.keys(browserFiles).length > 0) this.#browser.run(browserFiles, options);
  }

  /** Makes the frame a browser-only run will use (runner.ts prepareFrame); a run with a server or a program makes its own. */
  async #prepareRun(): Promise<void> {
    if (this.serverEntry !== undefined || this.programEntry !== undefined) return;
    const control = await this.#ensureControl();
    await this.#browser.prepareFrame(this.#capture.tag(control));
  }

  stop(): void {
    this.#browser.stop('user');
    // A program says so itself when its exit arrives.
    if (this.#server.stop() && this.programEntry === undefined) this.#log.append({ kind: 'system', text: '서버를 멈췄습니다.', time: Date.now(), side: 'server' });
    this.#setRunning(false);
  }

  /** ✔ 확인 (a 도전 과제 only). */
  async check(): Promise<boolean> {
    return (await this.#challenge?.check()) ?? false;
  }

  /** 정답 보기: loads the reference solution into the editor (Reset brings back the starting code). */
  solve(): void {
    if (!this.#challenge) return;
    this.#code.load(this.#challenge.solution());
    this.#status('정답 코드를 불러왔습니다. ‘초기화’로 처음 코드로 돌아갈 수 있습니다.');
  }

  reset(): void {
    this.stop();
    this.#code.reset();
    this.#status('원래 예제 코드로 되돌렸습니다.');
  }

  async #ensureControl(): Promise<ControlClient | undefined> {
    try {
      if (!this.#control) {
        const [{ ControlClient }, { CaptureRouter }] = await Promise.all([import('./control-client.ts'), import('./capture-router.ts')]);
        this.#control = ControlClient.shared();
        CaptureRouter.of(this.#control).subscribe(this.#capture.name, (update) => this.#capture.receive(update));
      }
      await this.#control.connect();
      return this.#control;
    } catch {
      return undefined;
    }
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
}

if (!customElements.get('ws-playground')) customElements.define('ws-playground', WsPlayground);
