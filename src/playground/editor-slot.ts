import type { CodeEditor, EditorOptions } from './code-editor.ts';

const usesTouch = () => matchMedia('(pointer: coarse)').matches && !matchMedia('(pointer: fine)').matches;

/**
 * Where a playground's editor comes in: the code is plain HTML (`.pg-panel` blocks) until the
 * learner reaches for it, then Monaco (a textarea on touch screens) replaces it in `.pg-monaco`.
 * `load` is the one way in and runs once; `listen` decides when it is called (the seam for loading
 * earlier or later, on intent).
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

  /** Loads the editor when the learner reaches for the code: focuses a code block, points at it, or touches the playground. */
  listen(): void {
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

  async #create(): Promise<CodeEditor | undefined> {
    const root = this.#root;
    const host = root.querySelector<HTMLElement>('.pg-monaco');
    if (!host) return undefined;
    const hadFocus = root.contains(document.activeElement) && document.activeElement?.classList.contains('pg-code');
    performance.mark('pg-activate');
    root.setAttribute('data-editor', 'loading');
    try {
      const options = { ...this.#options(), height: root.querySelector<HTMLElement>('.pg-panel:not([hidden]) .pg-code')?.offsetHeight ?? 0 };
      if (usesTouch()) {
        const { createTextareaEditor } = await import('./textarea-editor.ts');
        this.#editor = createTextareaEditor(host, options);
      } else {
        const { createEditor } = await import('./editor.ts');
        performance.mark('pg-editor-loaded');
        this.#editor = createEditor(host, options);
      }
      const activeTab = root.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
      if (activeTab) host.setAttribute('aria-labelledby', activeTab.id);
      for (const panel of root.querySelectorAll<HTMLElement>('.pg-panel')) panel.hidden = true;
      host.hidden = false;
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
