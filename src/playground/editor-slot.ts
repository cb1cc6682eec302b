import type { CodeEditor, EditorOptions } from './code-editor.ts';
import { downloadWhenNear, prepareEditor, readyEditor, runWhenInView, usesTouch } from './editor-loader.ts';
import { languageOf } from './files.ts';
import { offsetAt, openLightEditor, type LightEditor } from './light-editor.ts';

/** Set once Monaco's code has run on this page: an activation after that gets Monaco at once, no light editor. */
let monacoRan = false;
const ran = <T>(module: T): T => {
  monacoRan = true;
  return module;
};

/**
 * Where a playground's editor comes in: the code is plain HTML (`.pg-panel` blocks) until the
 * learner reaches for it, then Monaco (a textarea on touch screens) replaces it in `.pg-monaco`.
 * `load` is the one way in and runs once; `listen` decides when it is called, and when the code
 * comes ahead of it (editor-loader.ts: downloaded near the viewport, run on intent). When Monaco's
 * code has not run yet at that moment, the learner types at once in the light editor
 * (light-editor.ts), and Monaco takes over from it when ready.
 */
export class EditorSlot {
  readonly #root: HTMLElement;
  readonly #options: () => EditorOptions;
  readonly #failed: (error: unknown) => void;
  #editor: CodeEditor | undefined;
  /** Where the last press on a code block was: a click that focuses it puts the caret there. */
  #pressed: { code: HTMLElement; x: number; y: number } | undefined;
  #loading: Promise<CodeEditor | undefined> | undefined;

  /** `options` is read when the editor loads (the files as they are then); `failed` hears why it could not. */
  constructor(root: HTMLElement, options: () => EditorOptions, failed: (error: unknown) => void) {
    this.#root = root;
    this.#options = options;
    this.#failed = failed;
  }

  /** The editor, once it has loaded (the light editor while Monaco is on its way). */
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
      if (!usesTouch()) readyEditor(this.#languages()).then(ran, () => undefined); // activation retries and reports
    };
    downloadWhenNear(this.#root);
    runWhenInView(this.#root, intent);
    this.#root.addEventListener('pointerenter', intent, { once: true });
    this.#root.addEventListener('focusin', intent, { once: true });
    const activate = () => void this.load();
    for (const code of this.#root.querySelectorAll<HTMLElement>('.pg-code')) {
      // A press focuses the code block (activation) before the click ends: where it was pressed is where the caret goes.
      code.addEventListener('pointerdown', (event) => (this.#pressed = { code, x: event.clientX, y: event.clientY }));
      code.addEventListener('focus', activate);
    }
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
    return prepareEditor(this.#languages()).then(ran);
  }

  /**
   * The light editor in the code block's place (shown in `host`, the panels hidden): the same box,
   * scroll and text, the caret where the block was pressed (or at the start), the focus if the block had it.
   */
  #openLight(host: HTMLElement, panels: HTMLElement[], shown: HTMLElement | undefined, options: EditorOptions): LightEditor {
    const code = shown?.querySelector<HTMLElement>('.pg-code');
    const pressed = this.#pressed?.code === code ? this.#pressed : undefined;
    this.#pressed = undefined;
    // Offsets count in the code's text (<code>), not the gutter of line numbers beside it.
    const text = code?.querySelector<HTMLElement>('code') ?? code;
    const caret = text && pressed ? (offsetAt(text, pressed.x, pressed.y) ?? 0) : 0;
    const start = { caret, scrollTop: code?.scrollTop ?? 0, scrollLeft: code?.scrollLeft ?? 0, focus: shown?.contains(document.activeElement) === true };
    for (const panel of panels) panel.hidden = true;
    host.hidden = false;
    this.#labelHost(host);
    return openLightEditor(host, options, start);
  }

  /**
   * Monaco in place of the light editor, once the learner is not in the middle of something
   * (composing a syllable, dragging a selection): the same files (as edited), shown file,
   * selection, scroll and focus, and an undo history that goes back to `startedFrom` (the files
   * as the light editor opened on them). Monaco is made beside the light editor, takes the focus, and only
   * then is the light editor removed, so the focus never falls back to the page.
   */
  async #takeOver(light: LightEditor, startedFrom: EditorOptions['files'], host: HTMLElement, create: (host: HTMLElement, options: EditorOptions) => CodeEditor): Promise<CodeEditor> {
    await light.settled();
    const options = this.#options();
    const files = Object.fromEntries(Object.keys(options.files).map((name) => [name, light.getValue(name)]));
    const focused = light.hasFocus();
    const editor = create(host, { ...options, files, startedFrom, height: host.offsetHeight, view: light.view() });
    if (focused) editor.focus();
    light.dispose();
    return editor;
  }

  async #create(): Promise<CodeEditor | undefined> {
    const root = this.#root;
    const host = root.querySelector<HTMLElement>('.pg-monaco');
    if (!host) return undefined;
    performance.mark('pg-activate');
    root.setAttribute('data-editor', 'loading');
    const panels = [...root.querySelectorAll<HTMLElement>('.pg-panel')];
    const shown = panels.find((panel) => !panel.hidden);
    const options = { ...this.#options(), height: shown?.querySelector<HTMLElement>('.pg-code')?.offsetHeight ?? 0 };
    // The files as they are now (the playground's object changes as the learner types): where undo goes back to.
    const startedFrom = { ...options.files };
    let light: LightEditor | undefined;
    if (!usesTouch() && !monacoRan) {
      light = this.#openLight(host, panels, shown, options);
      this.#editor = light;
      root.setAttribute('data-editor', 'light');
      performance.mark('pg-editor-editable');
    }
    try {
      const create = usesTouch() ? (await import('./textarea-editor.ts')).createTextareaEditor : (await this.#prepare()).createEditor;
      performance.mark('pg-editor-loaded');
      if (light) {
        this.#editor = await this.#takeOver(light, startedFrom, host, create);
        return this.#ready(host);
      }
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
      if (hadFocus) this.#editor.focus();
      performance.mark('pg-editor-editable');
      return this.#ready(host);
    } catch (error) {
      root.setAttribute('data-editor', 'failed');
      this.#failed(error);
      // The light editor stays: the learner keeps what they wrote, and Run still runs it.
      return light;
    }
  }

  /** The editor's panel is named by the selected tab, as each code block's panel is. */
  #labelHost(host: HTMLElement): void {
    const activeTab = this.#root.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
    if (activeTab) host.setAttribute('aria-labelledby', activeTab.id);
  }

  #ready(host: HTMLElement): CodeEditor | undefined {
    this.#labelHost(host);
    this.#root.setAttribute('data-editor', 'ready');
    performance.mark('pg-editor-ready');
    return this.#editor;
  }
}
