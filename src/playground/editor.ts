/**
 * Monaco, self-hosted: this module (and with it all of Monaco, its CSS and workers) is only
 * imported when a learner reaches for an editor. Everything else talks to the small `CodeEditor`
 * interface, so the editor can be swapped or faked in tests.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/languages/definitions/typescript/register';
import { javascriptDefaults } from 'monaco-editor/languages/features/typescript/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker();
  },
};

javascriptDefaults.setCompilerOptions({
  ...javascriptDefaults.getCompilerOptions(),
  allowNonTsExtensions: true,
  checkJs: false,
  lib: ['esnext', 'dom', 'dom.iterable'],
});

export interface CodeEditor {
  getValue(): string;
  setValue(value: string): void;
  focus(): void;
  /** Underlines a line of the learner's code with an error message; null clears. */
  markError(line: number | null, message?: string): void;
  dispose(): void;
}

export interface EditorOptions {
  value: string;
  language: 'javascript' | 'typescript';
  /** Accessible name of the editing area. */
  label: string;
  onRun(): void;
  onChange?(value: string): void;
}

const LINE_HEIGHT = 19;
const themeOf = () => (document.documentElement.dataset['theme'] === 'light' ? 'vs' : 'vs-dark');

export function createEditor(host: HTMLElement, options: EditorOptions): CodeEditor {
  const lines = options.value.split('\n').length;
  host.style.height = `${Math.min(Math.max(lines + 2, 6), 28) * LINE_HEIGHT + 16}px`;
  const editor = monaco.editor.create(host, {
    value: options.value,
    language: options.language,
    theme: themeOf(),
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 14,
    lineHeight: LINE_HEIGHT,
    tabSize: 2,
    padding: { top: 8, bottom: 8 },
    ariaLabel: options.label,
    accessibilitySupport: 'auto',
    fixedOverflowWidgets: true,
    wordWrap: 'on',
  });
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => options.onRun());
  if (options.onChange) {
    const onChange = options.onChange;
    editor.onDidChangeModelContent(() => onChange(editor.getValue()));
  }
  const themeWatcher = new MutationObserver(() => monaco.editor.setTheme(themeOf()));
  themeWatcher.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  return {
    getValue: () => editor.getValue(),
    setValue: (value) => editor.setValue(value),
    focus: () => editor.focus(),
    markError(line, message = '') {
      const model = editor.getModel();
      if (!model) return;
      if (line === null || line < 1 || line > model.getLineCount()) {
        monaco.editor.setModelMarkers(model, 'playground', []);
        return;
      }
      monaco.editor.setModelMarkers(model, 'playground', [
        {
          severity: monaco.MarkerSeverity.Error,
          message,
          startLineNumber: line,
          startColumn: model.getLineFirstNonWhitespaceColumn(line) || 1,
          endLineNumber: line,
          endColumn: model.getLineMaxColumn(line),
        },
      ]);
      editor.revealLineInCenterIfOutsideViewport(line);
    },
    dispose() {
      themeWatcher.disconnect();
      editor.getModel()?.dispose();
      editor.dispose();
    },
  };
}
