import type { PlaygroundFiles } from './files.ts';

/**
 * The seam between the playground and whatever edits its files: Monaco on desktops, a plain
 * textarea on touch devices. Value in, change out, one file shown at a time.
 */
export interface CodeEditor {
  /** Shows this file (each keeps its own undo history). */
  show(filename: string): void;
  getValue(filename: string): string;
  setValue(filename: string, value: string): void;
  focus(): void;
  /** Underlines a line of a file with an error message. */
  markError(filename: string, line: number, message: string): void;
  clearErrors(): void;
  dispose(): void;
}

/** Where the learner was in the shown file: what Monaco takes over from the light editor (light-editor.ts). */
export interface EditorView {
  /** The selection as offsets into the text (equal: a caret); `backward` when it was made from the end. */
  selectionStart: number;
  selectionEnd: number;
  backward: boolean;
  scrollTop: number;
  scrollLeft: number;
}

export interface EditorOptions {
  files: PlaygroundFiles;
  active: string;
  /** Accessible name of the editing area for a file. */
  label(filename: string): string;
  onRun(): void;
  onChange(filename: string, value: string): void;
  /** The playground runs a Node server: load Node's, ws's and socket.io's types too. */
  hasServer?: boolean;
  /** Height in px of the code block the editor replaces (0 or absent: from the line count). */
  height?: number;
  /** Selection and scroll to open the active file at (the light editor's, when Monaco takes over from it). */
  view?: EditorView;
  /**
   * The text each file had when the light editor opened (when Monaco takes over from it): Monaco
   * starts each file's undo history there and applies what was typed since as one edit, so
   * Ctrl/Cmd+Z right after the takeover brings that text back.
   */
  startedFrom?: PlaygroundFiles;
}
