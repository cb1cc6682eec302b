import { ConsolePanel } from './console-panel.ts';
import type { CodeEditor } from './editor.ts';
import type { SandboxMessage } from './messages.ts';
import type { SandboxRunner, StopReason } from './runner.ts';

const STOP_MESSAGES: Record<StopReason, string | null> = {
  user: '실행을 멈췄습니다. 이 실행이 연 WebSocket 연결도 모두 닫혔습니다.',
  rerun: null,
  unresponsive: '코드가 1초 넘게 응답하지 않아 실행을 멈췄습니다. 끝나지 않는 반복문(while (true) 등)이 있는지 확인하세요.',
  page: null,
};

/**
 * `<ws-playground>`: the code as plain HTML first (readable without JavaScript), Monaco when the
 * learner reaches for it, a Run/Stop pair, and a console panel. Monaco and the runner are loaded
 * on demand; this file is all a lesson page loads up front.
 */
export class WsPlayground extends HTMLElement {
  #editor: CodeEditor | undefined;
  #editorLoading: Promise<CodeEditor | undefined> | undefined;
  #runner: SandboxRunner | undefined;
  #console!: ConsolePanel;
  #original = '';

  connectedCallback(): void {
    if (this.#original) return;
    const code = this.querySelector<HTMLElement>('.pg-code');
    const consoleElement = this.querySelector<HTMLElement>('.pg-console');
    if (!code || !consoleElement) return;
    this.#original = code.textContent ?? '';
    this.#console = new ConsolePanel(consoleElement);

    const activate = () => void this.#loadEditor();
    code.addEventListener('focus', activate);
    this.addEventListener('pointerenter', activate, { once: true });
    this.addEventListener('touchstart', activate, { once: true, passive: true });
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && event.target === code) {
        event.preventDefault();
        void this.run();
      }
    });
    this.querySelector('[data-action="run"]')?.addEventListener('click', () => void this.run());
    this.querySelector('[data-action="stop"]')?.addEventListener('click', () => this.#runner?.stop('user'));
    this.querySelector('[data-action="clear"]')?.addEventListener('click', () => this.#console.clear());
  }

  /** The code as the learner last left it. */
  get code(): string {
    return this.#editor?.getValue() ?? this.#original;
  }

  async run(): Promise<void> {
    const runner = await this.#ensureRunner();
    this.#editor?.markError(null);
    this.#console.append({ kind: 'system', text: '실행합니다.', time: Date.now() });
    runner.run(this.code);
    this.#setRunning(true);
  }

  #setRunning(running: boolean): void {
    this.toggleAttribute('data-running', running);
    const stop = this.querySelector<HTMLButtonElement>('[data-action="stop"]');
    if (stop) stop.disabled = !running;
  }

  async #ensureRunner(): Promise<SandboxRunner> {
    if (this.#runner) return this.#runner;
    const { SandboxRunner } = await import('./runner.ts');
    const frames = this.querySelector<HTMLElement>('.pg-frames') ?? this;
    this.#runner ??= new SandboxRunner(frames, {
      onMessage: (message) => this.#show(message),
      onStop: (reason) => {
        this.#setRunning(false);
        const text = STOP_MESSAGES[reason];
        if (text) this.#console.append({ kind: reason === 'unresponsive' ? 'error' : 'system', text, time: Date.now() });
      },
    });
    return this.#runner;
  }

  #show(message: SandboxMessage): void {
    switch (message.type) {
      case 'console':
        this.#console.append({ kind: message.level, text: message.args.map((arg) => arg.text).join(' '), time: message.time });
        break;
      case 'error': {
        const prefix = message.rejection ? '처리되지 않은 Promise 거부: ' : '';
        this.#console.append({ kind: 'error', text: `${prefix}${message.message}`, time: message.time, line: message.line });
        this.#editor?.markError(message.line, message.message);
        break;
      }
      case 'notice':
        this.#console.append({ kind: 'notice', text: message.text, time: message.time });
        break;
      case 'truncated':
        this.#console.append({ kind: 'system', text: `콘솔 출력이 ${message.limit}줄을 넘어 나머지는 표시하지 않습니다.`, time: message.time });
        break;
      case 'ready':
      case 'pong':
        break;
    }
  }

  #loadEditor(): Promise<CodeEditor | undefined> {
    this.#editorLoading ??= (async () => {
      const code = this.querySelector<HTMLElement>('.pg-code');
      const host = this.querySelector<HTMLElement>('.pg-monaco');
      if (!code || !host) return undefined;
      const hadFocus = document.activeElement === code;
      this.setAttribute('data-editor', 'loading');
      try {
        const { createEditor } = await import('./editor.ts');
        this.#editor = createEditor(host, {
          value: this.#original,
          language: this.dataset['language'] === 'typescript' ? 'typescript' : 'javascript',
          label: `${this.dataset['filename'] ?? '코드'} 편집기. Ctrl+Enter로 실행합니다.`,
          onRun: () => void this.run(),
        });
        host.hidden = false;
        code.hidden = true;
        this.setAttribute('data-editor', 'ready');
        if (hadFocus) this.#editor.focus();
        return this.#editor;
      } catch (error) {
        this.setAttribute('data-editor', 'failed');
        this.#console.append({ kind: 'error', text: `편집기를 불러오지 못했습니다: ${String(error)}`, time: Date.now() });
        return undefined;
      }
    })();
    return this.#editorLoading;
  }
}

if (!customElements.get('ws-playground')) customElements.define('ws-playground', WsPlayground);
