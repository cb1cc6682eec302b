/**
 * Monaco, self-hosted: this module (and with it all of Monaco, its CSS, workers and type
 * definitions) is only imported when a learner reaches for an editor.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/definitions/html/register';
import 'monaco-editor/languages/features/html/register';
import 'monaco-editor/languages/features/json/register';
import { javascriptDefaults, ModuleKind, ModuleResolutionKind, ScriptTarget, typescriptDefaults } from 'monaco-editor/languages/features/typescript/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import HtmlWorker from 'monaco-editor/languages/features/html/html.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
import extraLibs from 'virtual:ws-noriteo/editor-types';
import type { CodeEditor, EditorOptions } from './code-editor.ts';
import { languageOf } from './files.ts';
import { SOCKET_IO_IMPORTS } from './socket-io-imports.ts';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    if (label === 'html' || label === 'handlebars' || label === 'razor') return new HtmlWorker();
    if (label === 'json') return new JsonWorker();
    return new EditorWorker();
  },
};

// Types for what lesson code imports: the Socket.IO client, by package name and by the CDN URL the
// seed article uses (which the sandbox maps to the same client). The DOM lib brings WebSocket.
const cdnDeclarations = Object.keys(SOCKET_IO_IMPORTS)
  .filter((specifier) => specifier.startsWith('https:'))
  .map((url) => `declare module ${JSON.stringify(url)} {\n  export * from 'socket.io-client';\n  export { io as default } from 'socket.io-client';\n}`).join('\n');
for (const defaults of [javascriptDefaults, typescriptDefaults]) {
  defaults.setCompilerOptions({
    ...defaults.getCompilerOptions(),
    target: ScriptTarget.ESNext,
    module: ModuleKind.ESNext,
    moduleResolution: ModuleResolutionKind.NodeJs,
    allowJs: true,
    allowNonTsExtensions: true,
    lib: ['esnext', 'dom', 'dom.iterable'],
  });
  for (const lib of extraLibs) defaults.addExtraLib(lib.content, lib.path);
  defaults.addExtraLib(cdnDeclarations, 'file:///node_modules/@types/ws-noriteo-cdn/index.d.ts');
}

const LINE_HEIGHT = 19;
/** The tallest the editor gets before it scrolls: the code block's max-height (34rem). */
const MAX_HEIGHT = 544;
const themeOf = () => (document.documentElement.dataset['theme'] === 'light' ? 'vs' : 'vs-dark');
let instances = 0;

let serverTypes: Promise<void> | undefined;

/** Node's types, ws and socket.io, for server files: loaded once, the first time a playground with a server opens. */
function loadServerTypes(): Promise<void> {
  serverTypes ??= import('virtual:ws-noriteo/server-types').then(({ default: libs }) => {
    for (const defaults of [javascriptDefaults, typescriptDefaults]) for (const lib of libs) defaults.addExtraLib(lib.content, lib.path);
  });
  return serverTypes;
}

export function createEditor(host: HTMLElement, options: EditorOptions): CodeEditor {
  if (options.hasServer) void loadServerTypes();
  const scope = `pg${++instances}`;
  const models = new Map(
    Object.entries(options.files).map(([filename, content]) => [
      filename,
      monaco.editor.createModel(content, languageOf(filename), monaco.Uri.parse(`file:///${scope}/${filename}`)),
    ]),
  );
  const longest = Math.max(...Object.values(options.files).map((content) => content.split('\n').length));
  // Open at the height of the code block the editor replaces, so nothing below it moves (a click
  // aimed at the console or the preview still lands there); then grow with what the learner writes.
  const opening = options.height !== undefined && options.height > 0 ? options.height : Math.min(Math.max(longest + 2, 6), 28) * LINE_HEIGHT + 16;
  host.style.height = `${Math.min(opening, MAX_HEIGHT)}px`;
  const editor = monaco.editor.create(host, {
    model: models.get(options.active) ?? null,
    theme: themeOf(),
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 14,
    lineHeight: LINE_HEIGHT,
    tabSize: 2,
    padding: { top: 8, bottom: 8 },
    ariaLabel: options.label(options.active),
    accessibilitySupport: 'auto',
    fixedOverflowWidgets: true,
    wordWrap: 'on',
  });
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => options.onRun());
  let edited = false;
  for (const [filename, model] of models)
    model.onDidChangeContent(() => {
      edited = true;
      options.onChange(filename, model.getValue());
    });
  editor.onDidContentSizeChange(({ contentHeight }) => {
    const wanted = Math.min(contentHeight, MAX_HEIGHT);
    if (edited && wanted > host.offsetHeight) host.style.height = `${wanted}px`;
  });
  const themeWatcher = new MutationObserver(() => monaco.editor.setTheme(themeOf()));
  themeWatcher.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  return {
    show(filename) {
      const model = models.get(filename);
      if (!model) return;
      editor.setModel(model);
      editor.updateOptions({ ariaLabel: options.label(filename) });
    },
    getValue: (filename) => models.get(filename)?.getValue() ?? '',
    setValue(filename, value) {
      const model = models.get(filename);
      if (model && model.getValue() !== value) model.setValue(value);
    },
    focus: () => editor.focus(),
    markError(filename, line, message) {
      const model = models.get(filename);
      if (!model || line < 1 || line > model.getLineCount()) return;
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
      if (editor.getModel() === model) editor.revealLineInCenterIfOutsideViewport(line);
    },
    clearErrors() {
      for (const model of models.values()) monaco.editor.setModelMarkers(model, 'playground', []);
    },
    dispose() {
      themeWatcher.disconnect();
      editor.dispose();
      for (const model of models.values()) model.dispose();
    },
  };
}
