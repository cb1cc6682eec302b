import type { CodeEditor, EditorOptions } from './code-editor.ts';
import { downloadWhenNear, prepareEditor, readyEditor, runWhenInView, usesTouch } from './editor-loader.ts';
import { languageOf } from './files.ts';

/**
 * Where a playground's editor comes in: the code is plain HTML (`.pg-panel` blocks) until the
 * learner reaches for it, then Monaco (a textarea on touch screens) replaces it in `.pg-monaco`.
 * `load` is the one way in and runs once; `listen` decides when it is called, and when the code
 * comes ahead of it (editor-loader.ts: downloaded near the viewport, run on intent).
 */
export class EditorSlot {
  readonly #root: HTMLElement;
  readonly #options: () => EditorOptions;
  readonly #failed: (error: unknown) => void;
  #editor: CodeEditor | undefined;
  #loading: Promise<CodeEditor | undefined> | undefined;

  /** `options` is read when the editor loads (the files as they are then); `failed` hears why it could not. */
  constructor(root: HTMLElement, options: () => EditorOptions, failed: (error: unknown) => void) {
    this.#root = root;
    this.#options = options;
    this.#failed = failed;
  }

  /** The editor, once it has loaded. */
  get editor(): CodeEditor | undefined {
    return this.#editor;
  }

  /**
   * Loads the editor when the learner reaches for the code: focuses a code block, points at it, or
   * touches the playground. Its code comes earlier: downloaded while the playground is near the
   * viewport and the page idle, run once it is in the viewport and the page idle, or as soon as the
   * pointer is over the playground or focus in it.
   */
  listen(): void {
    const intent = () => {
      if (!usesTouch()) readyEditor(this.#languages()).catch(() => undefined); // activation retries and reports
    };
    downloadWhenNear(this.#root);
    runWhenInView(this.#root, intent);
    this.#root.addEventListener('pointerenter', intent, { once: true });
    this.#root.addEventListener('focusin', intent, { once: true });
    const activate = () => void this.load();
    for (const code of this.#root.querySelectorAll<HTMLElement>('.pg-code')) code.addEventListener('focus', activate);
    this.#root.querySelector('.pg-editor')?.addEventListener('pointerenter', activate, { once: true });
    this.#root.addEventListener('touchstart', activate, { once: true, passive: true });
  }

  /** Loads the editor (once) in place of the code blocks; resolves with it, or undefined when it could not load. */
  load(): Promise<CodeEditor | undefined> {
    this.#loading ??= this.#create();
    return this.#loading;
  }

  /** The playground's languages, the first shown file's first. */
  #languages(): string[] {
    const { files, active } = this.#options();
    return [...new Set([active, ...Object.keys(files)].map(languageOf))];
  }

  #prepare(): ReturnType<typeof prepareEditor> {
    return prepareEditor(this.#languages());
  }

  async #create(): Promise<CodeEditor | undefined> {
    const root = this.#root;
    const host = root.querySelector<HTMLElement>('.pg-monaco');
    if (!host) return undefined;
    performance.mark('pg-activate');
    root.setAttribute('data-editor', 'loading');
    const panels = [...root.querySelectorAll<HTMLElement>('.pg-panel')];
    const shown = panels.find((panel) => !panel.hidden);
    try {
      const options = { ...this.#options(), height: shown?.querySelector<HTMLElement>('.pg-code')?.offsetHeight ?? 0 };
      const create = usesTouch() ? (await import('./textarea-editor.ts')).createTextareaEditor : (await this.#prepare()).createEditor;
      performance.mark('pg-editor-loaded');
      // The code block may have taken focus while the code loaded (a click on it): the editor takes it over.
      const hadFocus = shown?.contains(document.activeElement) === true;
      // The host is shown before the editor is made in it, so the editor measures and draws once, at its real size.
      for (const panel of panels) panel.hidden = true;
      host.hidden = false;
      try {
        this.#editor = create(host, options);
      } catch (error) {
        host.hidden = true;
        if (shown) shown.hidden = false;
        throw error;
      }
      const activeTab = root.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
      if (activeTab) host.setAttribute('aria-labelledby', activeTab.id);
      root.setAttribute('data-editor', 'ready');
      performance.mark('pg-editor-ready');
      if (hadFocus) this.#editor.focus();
      return this.#editor;
    } catch (error) {
      root.setAttribute('data-editor', 'failed');
      this.#failed(error);
      return undefined;
    }
  }
}
