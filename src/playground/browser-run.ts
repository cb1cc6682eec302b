import type { ConsoleLine } from './console-panel.ts';
import { browserShown, type ErrorMark } from './console-lines.ts';
import type { PlaygroundFiles } from './files.ts';
import type { RunOptions, SandboxRunner, StopReason } from './runner.ts';
import type { SnippetServer } from './sandbox-document.ts';

/** What the console says when a run is stopped, by why (null: nothing). */
export const STOP_MESSAGES: Record<StopReason, string | null> = {
  user: '실행을 멈췄습니다. 이 실행이 연 WebSocket 연결도 모두 닫혔습니다.',
  rerun: null,
  unresponsive: '코드가 1초 넘게 응답하지 않아 실행을 멈췄습니다. 끝나지 않는 반복문(while (true) 등)이 있는지 확인하세요.',
  page: null,
};

export interface BrowserRunEvents {
  line(line: ConsoleLine): void;
  mark(mark: ErrorMark): void;
  /** The run ended (stopped by the learner, frozen, or the page went), not replaced by a new one. */
  ended(): void;
  /** "client" when the playground also has a server, so the console tells the sides apart. */
  side(): 'client' | undefined;
}

/**
 * The playground's browser side: its files run in a sandboxed iframe (src/playground/runner.ts,
 * loaded on the first run), their console and errors shown, a page they have in the preview pane.
 */
export class BrowserRun {
  readonly #root: HTMLElement;
  readonly #events: BrowserRunEvents;
  #runner: SandboxRunner | undefined;
  #awaitingFirstOutput = false;

  constructor(root: HTMLElement, events: BrowserRunEvents) {
    this.#root = root;
    this.#events = events;
  }

  get running(): boolean {
    return this.#runner?.running ?? false;
  }

  /** Loads the runner (once) and ends the previous run; the next console line is the run's first output. */
  async prepare(): Promise<void> {
    this.#awaitingFirstOutput = true;
    if (!this.#runner) await this.#createRunner();
  }

  /** The learner shows they will run (page-less code): the next run's frame is made now, with the page's capture tag. */
  async prepareFrame(captureTag: string | null): Promise<void> {
    if (!this.#runner) await this.#createRunner();
    this.#runner?.prepareFrame(captureTag);
  }

  run(files: PlaygroundFiles, options: RunOptions): void {
    this.#runner?.run(files, options);
  }

  stop(reason: StopReason): void {
    this.#runner?.stop(reason);
  }

  /** The learner's server opened another port while the page runs. */
  updateServer(server: SnippetServer): void {
    this.#runner?.updateServer(server);
  }

  async #createRunner(): Promise<void> {
    const { SandboxRunner } = await import('./runner.ts');
    const frames = this.#root.querySelector<HTMLElement>('.pg-frames') ?? this.#root;
    const previewHost = this.#root.querySelector<HTMLElement>('.pg-preview-host') ?? frames;
    this.#runner ??= new SandboxRunner(frames, previewHost, {
      onStart: (page) => {
        const preview = this.#root.querySelector<HTMLElement>('.pg-preview');
        if (!preview) return;
        preview.hidden = page === null;
        const bar = preview.querySelector('.pg-pane-bar');
        if (bar && page !== null) bar.textContent = `미리 보기 (${page})`;
      },
      onMessage: (message) => {
        if (this.#awaitingFirstOutput && message.type === 'console') {
          this.#awaitingFirstOutput = false;
          performance.mark('pg-first-output');
        }
        const { line, mark } = browserShown(message, this.#events.side());
        if (line) this.#events.line(line);
        if (mark) this.#events.mark(mark);
      },
      onStop: (reason) => {
        if (reason === 'rerun') return;
        this.#events.ended();
        const text = STOP_MESSAGES[reason];
        if (text) this.#events.line({ kind: reason === 'unresponsive' ? 'error' : 'system', text, time: Date.now() });
      },
    });
  }
}
