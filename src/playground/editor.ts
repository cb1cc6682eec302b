/**
 * Monaco, self-hosted: this module (Monaco's editor, its CSS and the features a lesson uses) is
 * only imported when a learner reaches for an editor, and it is all that stands between the click
 * and an editor to type in. What makes the editor understand the code follows once it is on
 * screen: the language services (editor-languages.ts), their workers (TypeScript's alone is about
 * 1.5 MB compressed) and the type definitions (editor-intellisense.ts). Completion, hover and
 * error squiggles arrive a moment after the learner can type.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import './monaco-features.ts';
// Colouring (Monarch tokenizers, each a few hundred bytes, loaded with the first model of its language).
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/definitions/html/register';
import 'monaco-editor/languages/definitions/css/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import HtmlWorker from 'monaco-editor/languages/features/html/html.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
import type { CodeEditor, EditorOptions } from './code-editor.ts';
import { languageOf } from './files.ts';

/** Resolves once the first editor has been drawn: the frame after its creation, then a task. */
let drawn: () => void = () => {};
const firstDraw = new Promise<void>((resolve) => (drawn = resolve));

self.MonacoEnvironment = {
  // Monaco accepts a promise here: no worker starts before an editor is on screen.
  getWorker(_workerId: string, label: string) {
    return firstDraw.then(() => {
      if (label === 'typescript' || label === 'javascript') return new TsWorker();
      if (label === 'html' || label === 'handlebars' || label === 'razor') return new HtmlWorker();
      if (label === 'json') return new JsonWorker();
      return new EditorWorker();
    });
  },
};

/**
 * Languages of the models created before the language services listen for them: those are started
 * by hand (editor-languages.ts); once the services listen, new languages start themselves.
 */
const seenLanguages = new Set<string>();
let servicesListen = false;
let services: Promise<typeof import('./editor-intellisense.ts')> | undefined;

/** Language services, then type definitions: once, after the first draw. */
function loadServices(): Promise<typeof import('./editor-intellisense.ts')> {
  services ??= firstDraw
    .then(() => import('./editor-languages.ts'))
    .then((languages) => {
      servicesListen = true;
      return languages.startLanguageServices(seenLanguages);
    })
    .then(() => import('./editor-intellisense.ts'));
  return services;
}

const LINE_HEIGHT = 19;
/** The tallest the editor gets before it scrolls: the code block's max-height (34rem). */
const MAX_HEIGHT = 544;
const themeOf = () => (document.documentElement.dataset['theme'] === 'light' ? 'vs' : 'vs-dark');
let instances = 0;

export function createEditor(host: HTMLElement, options: EditorOptions): CodeEditor {
  if (!servicesListen) for (const filename of Object.keys(options.files)) seenLanguages.add(languageOf(filename));
  void loadServices().then((intellisense) => (options.hasServer ? intellisense.loadServerTypes() : undefined));
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
  requestAnimationFrame(() => setTimeout(drawn, 0));
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
