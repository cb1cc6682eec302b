import type { CodeEditor } from './code-editor.ts';
import { EditorSlot } from './editor-slot.ts';
import { EditStore } from './edit-store.ts';
import { FileState } from './file-state.ts';
import type { PlaygroundFiles } from './files.ts';
import { numberLines } from './line-numbers.ts';

/** Saving every keystroke is wasteful; edits are kept this long after typing stops. */
const SAVE_DELAY_MS = 400;

export interface CodePaneEvents {
  /** Ctrl+Enter in the editor. */
  run(): void;
  /** A line for the status bar (what just happened to the files). */
  status(text: string): void;
  /** The editor could not load. */
  failed(error: unknown): void;
  /** The playground runs a Node server: the editor loads Node's, ws's and socket.io's types too. */
  hasServer(): boolean;
}

/**
 * A playground's files as the learner sees them: the tabs, the code blocks (plain HTML, readable
 * without JavaScript) and then the editor, the learner's edits kept between visits, and the
 * actions on files: copy, share link, solution, reset.
 */
export class CodePane {
  readonly #root: HTMLElement;
  readonly #events: CodePaneEvents;
  readonly #state: FileState;
  readonly #editor: EditorSlot;
  readonly #id: string;
  #active: string;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;

  /** `id` names the playground on its page (saved edits and share links are per id). */
  constructor(root: HTMLElement, id: string, events: CodePaneEvents) {
    this.#root = root;
    this.#events = events;
    this.#id = id;
    const original: PlaygroundFiles = {};
    for (const panel of root.querySelectorAll<HTMLElement>('.pg-panel')) original[panel.dataset['file'] ?? ''] = panel.querySelector('code')?.textContent ?? '';
    this.#active = Object.keys(original)[0] ?? '';
    this.#state = new FileState(original, new EditStore(location.pathname, id));
    this.#editor = new EditorSlot(
      root,
      () => ({
        files: this.files,
        active: this.#active,
        label: (filename: string) => `${filename} 편집기. Ctrl+Enter로 실행합니다.`,
        onRun: () => events.run(),
        onChange: (filename: string, value: string) => this.#onEdit(filename, value),
        hasServer: events.hasServer(),
      }),
      events.failed,
    );
    this.#sync();
    if (this.#state.restored) events.status('지난번에 고친 코드를 불러왔습니다. 원래 코드는 ‘초기화’로 되돌릴 수 있습니다.');
    this.#editor.listen();
    this.#wireTabs();
    void this.#restoreFromShareLink();
  }

  get files(): PlaygroundFiles {
    return this.#state.files;
  }

  /** The editor, once loaded (errors are underlined there). */
  get editor(): CodeEditor | undefined {
    return this.#editor.editor;
  }

  /** Loads files over the current ones (the solution), in the editor too. */
  load(files: Readonly<PlaygroundFiles>): void {
    for (const [name, content] of Object.entries(this.#state.load(files))) this.editor?.setValue(name, content);
    this.#sync();
  }

  /** Back to the lesson's files; saved edits are forgotten. */
  reset(): void {
    this.#state.reset();
    this.#showAll();
    this.editor?.clearErrors();
  }

  async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.#state.get(this.#active));
      this.#events.status(`${this.#active} 코드를 클립보드에 복사했습니다.`);
    } catch {
      this.#events.status('클립보드에 복사할 수 없습니다. 편집기에서 직접 선택해 복사하세요.');
    }
  }

  async share(): Promise<void> {
    const { encodeShare } = await import('./share-codec.ts');
    const url = `${location.origin}${location.pathname}#${await encodeShare(this.#id, this.files)}`;
    history.replaceState(null, '', url);
    try {
      await navigator.clipboard.writeText(url);
      this.#events.status('고친 코드를 담은 공유 링크를 복사했습니다. 링크를 연 사람은 이 코드를 그대로 보게 됩니다.');
    } catch {
      this.#events.status('공유 링크를 주소창에 넣었습니다. 주소창에서 복사하세요.');
    }
  }

  async #restoreFromShareLink(): Promise<void> {
    if (!location.hash.startsWith('#share=')) return;
    const { decodeShare } = await import('./share-codec.ts');
    const shared = await decodeShare(location.hash);
    if (shared === null) {
      if (this.#root === document.querySelector('ws-playground')) this.#events.status('공유 링크를 읽을 수 없어 원래 예제를 보여 드립니다.');
      return;
    }
    if (shared.id !== this.#id) return;
    this.#state.share(shared.files);
    this.#showAll();
    this.#events.status('공유 링크의 코드를 불러왔습니다. 원래 코드는 ‘초기화’로 되돌릴 수 있습니다.');
    this.#root.scrollIntoView({ block: 'start' });
  }

  /** Every file into the editor and the code blocks. */
  #showAll(): void {
    for (const [name, content] of Object.entries(this.files)) this.editor?.setValue(name, content);
    this.#sync();
  }

  #onEdit(filename: string, value: string): void {
    this.#state.edit(filename, value);
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => {
      this.#state.persist();
      this.#sync();
    }, SAVE_DELAY_MS);
  }

  /** Mirrors the files into the HTML code blocks (shown until an editor opens) and the tabs' "changed" dots. */
  #sync(): void {
    const changed = new Set(this.#state.changed());
    for (const panel of this.#root.querySelectorAll<HTMLElement>('.pg-panel')) {
      const content = this.#state.get(panel.dataset['file'] ?? '');
      const code = panel.querySelector('code');
      if (code && code.textContent !== content) code.textContent = content;
      const pre = panel.querySelector<HTMLElement>('.pg-code');
      const gutter = pre?.querySelector<HTMLElement>('.pg-lines');
      if (pre && gutter) numberLines(gutter, pre, content);
    }
    for (const tab of this.#root.querySelectorAll<HTMLElement>('[role="tab"]')) tab.toggleAttribute('data-changed', changed.has(tab.dataset['file'] ?? ''));
  }

  /** Tabs as the ARIA tabs pattern: click, or arrows / Home / End move and select. */
  #wireTabs(): void {
    const tabs = [...this.#root.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    const select = (tab: HTMLButtonElement, focus: boolean) => {
      const name = tab.dataset['file'] ?? '';
      this.#active = name;
      for (const other of tabs) {
        const selected = other === tab;
        other.setAttribute('aria-selected', String(selected));
        other.tabIndex = selected ? 0 : -1;
      }
      if (this.editor) {
        this.editor.show(name);
        this.#root.querySelector<HTMLElement>('.pg-monaco')?.setAttribute('aria-labelledby', tab.id);
      } else {
        for (const panel of this.#root.querySelectorAll<HTMLElement>('.pg-panel')) panel.hidden = panel.dataset['file'] !== name;
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
}
