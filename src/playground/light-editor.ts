import type { CodeEditor, EditorOptions, EditorView } from './code-editor.ts';
import { createTextareaEditor } from './textarea-editor.ts';

/**
 * What the learner types into when they reach for a playground before Monaco's code has run (a
 * playground far from the viewport, focused straight after the page loaded): the textarea editor
 * (textarea-editor.ts) in the code block's box, with its font, size, line height, padding and
 * scroll, the caret where the learner clicked. Nothing on screen moves; the keystrokes, Tab and
 * Ctrl/Cmd+Enter go where Monaco's would (the playground's onChange and onRun). Monaco takes over
 * once it is ready (editor-slot.ts), at the same text, selection, scroll and focus, with an undo
 * step back to the text the light editor opened on (editor.ts replays the typing as one edit).
 */
export interface LightEditor extends CodeEditor {
  /** The shown file's selection and scroll, for Monaco to open at. */
  view(): EditorView;
  /** Whether the learner's focus is in it. */
  hasFocus(): boolean;
  /**
   * Resolves once nothing is under way that a swap would break: an IME composition (a Korean
   * syllable being composed) or a pointer pressed in it (a selection being dragged).
   */
  settled(): Promise<void>;
}

/** The tallest the light editor grows to as the learner writes: the code block's max-height (34rem), as Monaco's. */
const MAX_HEIGHT = 544;

/** Where the caret goes for a click at (x, y) in `code`: an offset into its text, or undefined outside it. */
export function offsetAt(code: HTMLElement, x: number, y: number): number | undefined {
  let node: Node | undefined;
  let offset = 0;
  if ('caretPositionFromPoint' in document) {
    const position = document.caretPositionFromPoint(x, y);
    if (position) [node, offset] = [position.offsetNode, position.offset];
  } else {
    // Safari before 18.4.
    const range = (document as Document & { caretRangeFromPoint?(x: number, y: number): Range | null }).caretRangeFromPoint?.(x, y);
    if (range) [node, offset] = [range.startContainer, range.startOffset];
  }
  if (!node || !code.contains(node)) return undefined;
  const before = document.createRange();
  before.setStart(code, 0);
  before.setEnd(node, offset);
  return before.toString().length;
}

/** Where the light editor opens in the shown file: the caret, the code block's scroll, and whether it takes the focus. */
export interface LightStart {
  caret: number;
  scrollTop: number;
  scrollLeft: number;
  focus: boolean;
}

/** Opens the light editor in `host` (shown in the code block's place, `options.height` tall). */
export function openLightEditor(host: HTMLElement, options: EditorOptions, start: LightStart): LightEditor {
  host.classList.add('pg-light');
  if (options.height) host.style.height = `${options.height}px`;
  const editor = createTextareaEditor(host, options);
  const area = editor.shown();
  if (area) {
    area.setSelectionRange(start.caret, start.caret);
    if (start.focus) area.focus({ preventScroll: true });
    area.scrollTop = start.scrollTop;
    area.scrollLeft = start.scrollLeft;
  }

  let composing = false;
  let pressed = false;
  let wake: (() => void) | undefined;
  const grow = (event: Event) => {
    const field = event.target as HTMLTextAreaElement;
    if (field.scrollHeight > host.offsetHeight && host.offsetHeight < MAX_HEIGHT) host.style.height = `${Math.min(field.scrollHeight, MAX_HEIGHT)}px`;
  };
  const composed = () => {
    composing = false;
    wake?.();
  };
  const released = () => {
    pressed = false;
    wake?.();
  };
  const listeners: [EventTarget, string, (event: Event) => void][] = [
    [host, 'input', grow],
    [host, 'compositionstart', () => (composing = true)],
    [host, 'compositionend', composed],
    [host, 'pointerdown', () => (pressed = true)],
    [window, 'pointerup', released],
    [window, 'pointercancel', released],
  ];
  for (const [target, type, listener] of listeners) target.addEventListener(type, listener);

  return {
    ...editor,
    view() {
      const field = editor.shown();
      if (!field) return { selectionStart: 0, selectionEnd: 0, backward: false, scrollTop: 0, scrollLeft: 0 };
      return {
        selectionStart: field.selectionStart,
        selectionEnd: field.selectionEnd,
        backward: field.selectionDirection === 'backward',
        scrollTop: field.scrollTop,
        scrollLeft: field.scrollLeft,
      };
    },
    hasFocus: () => host.contains(document.activeElement),
    async settled() {
      while (composing || pressed) {
        await new Promise<void>((resolve) => (wake = resolve));
        // The composition's last input event may come after compositionend: a task later its text is in.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    },
    dispose() {
      for (const [target, type, listener] of listeners) target.removeEventListener(type, listener);
      editor.dispose();
      host.classList.remove('pg-light');
    },
  };
}
