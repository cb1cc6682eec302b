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
import { changeBetween } from './text-change.ts';

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
/** Space above the first line, as the code block's (0.5rem). */
const PADDING_TOP = 8;
/** The tallest the editor gets before it scrolls: the code block's max-height (34rem). */
const MAX_HEIGHT = 544;
const themeOf = () => (document.documentElement.dataset['theme'] === 'light' ? 'vs' : 'vs-dark');
let instances = 0;

const prepared = new Set<string>();

/**
 * Gets Monaco ready for an editor while the learner is still on the way to it (editor-loader.ts
 * calls this on intent): the services every editor shares start, the theme writes its stylesheet
 * (icons and colours), and the colouring of the playground's languages loads. A new stylesheet
 * makes the browser restyle the whole lesson page once; done here, that happens in a frame of its
 * own instead of inside the click, and the click requests nothing.
 */
export function prepare(languages: Iterable<string>): void {
  if (prepared.size === 0) monaco.editor.setTheme(themeOf());
  // An HTML page colours the script and style inside it with those languages' rules.
  const wanted = [...languages].flatMap((language) => (language === 'html' ? ['html', 'javascript', 'css'] : [language]));
  for (const language of wanted.length > 0 ? wanted : ['plaintext']) {
    if (prepared.has(language)) continue;
    prepared.add(language);
    void monaco.editor.colorize('', language, {});
  }
}

/** What every playground editor is made with (the warm-up editor too, so it measures the same font). */
const EDITOR_OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  fontSize: 14,
  lineHeight: LINE_HEIGHT,
  tabSize: 2,
  padding: { top: PADDING_TOP, bottom: 8 },
  accessibilitySupport: 'auto',
  fixedOverflowWidgets: true,
  wordWrap: 'on',
  // The gutter as the code block's and the light editor's (playground.css .pg-lines): line numbers
  // three digits wide, 10 px before the text, no glyph margin or folding column; the text stays put
  // when Monaco takes over.
  lineNumbersMinChars: 3,
  lineDecorationsWidth: 10,
  glyphMargin: false,
  folding: false,
};

/** The code block's font (Starlight's monospace), for Monaco: the same letters at the same places. */
const codeFont = (): string => {
  const root = getComputedStyle(document.documentElement);
  return root.getPropertyValue('--sl-font-mono').trim() || root.getPropertyValue('--sl-font-system-mono').trim() || 'monospace';
};

let warmed = false;

/**
 * Makes and drops one editor out of sight, ahead of the learner's click (editor-loader.ts calls it
 * while the page is idle, never on the way to an activation): the first editor of a page pays for
 * measuring the font, resolving the language's settings and compiling Monaco's drawing code, and
 * this one pays it instead. Skipped once a real editor exists.
 */
export function warmUp(language: string): void {
  if (warmed || instances > 0) return;
  warmed = true;
  const host = document.createElement('div');
  host.className = 'not-content';
  host.setAttribute('aria-hidden', 'true');
  // Off screen, its own layout root: laying it out touches nothing else on the page.
  host.style.cssText = 'position:fixed;left:-10000px;top:0;width:600px;height:120px;contain:strict;visibility:hidden';
  document.body.append(host);
  const model = monaco.editor.createModel('const a = 1;\nconsole.log(a);\n', language, monaco.Uri.parse('file:///pg-warm-up/warm-up'));
  const editor = monaco.editor.create(host, { ...EDITOR_OPTIONS, fontFamily: codeFont(), model, theme: themeOf(), automaticLayout: false });
  // Dropped after it has drawn once (Monaco draws in an animation frame).
  requestAnimationFrame(() =>
    setTimeout(() => {
      editor.dispose();
      model.dispose();
      host.remove();
    }, 0),
  );
}

/**
 * Brings a model made at the text the light editor started from to the text it has now, as one
 * undoable edit between two undo stops: one Ctrl/Cmd+Z after the takeover goes back to where the
 * learner started (the caret at the start of the change), one redo comes forward again. Should the
 * model not come out at `content` exactly (line endings it normalises), it is set to `content`:
 * the text is never lost, only the undo step.
 */
function replayLightEdits(model: monaco.editor.ITextModel, content: string): void {
  const change = changeBetween(model.getValue(), content);
  if (change) {
    const range = monaco.Range.fromPositions(model.getPositionAt(change.start), model.getPositionAt(change.end));
    const caret = range.getStartPosition();
    model.pushStackElement();
    model.pushEditOperations([monaco.Selection.fromPositions(caret)], [{ range, text: change.text }], () => [
      monaco.Selection.fromPositions(model.getPositionAt(change.start + change.text.length)),
    ]);
    model.pushStackElement();
  }
  if (model.getValue() !== content) model.setValue(content);
}

export function createEditor(host: HTMLElement, options: EditorOptions): CodeEditor {
  void loadServices().then((intellisense) => (options.hasServer ? intellisense.loadServerTypes() : undefined));
  const scope = `pg${++instances}`;
  // Each file's model is made when the file is first shown (or written, or marked): the editor
  // needs only the one it opens with.
  const contents = new Map(Object.entries(options.files));
  const models = new Map<string, monaco.editor.ITextModel>();
  let edited = false;
  const modelOf = (filename: string): monaco.editor.ITextModel | undefined => {
    const existing = models.get(filename);
    const content = contents.get(filename);
    if (existing || content === undefined) return existing;
    const language = languageOf(filename);
    if (!servicesListen) seenLanguages.add(language);
    const started = options.startedFrom?.[filename] ?? content;
    const model = monaco.editor.createModel(started, language, monaco.Uri.parse(`file:///${scope}/${filename}`));
    if (started !== content) replayLightEdits(model, content);
    model.onDidChangeContent(() => {
      edited = true;
      options.onChange(filename, model.getValue());
    });
    models.set(filename, model);
    return model;
  };
  const longest = Math.max(...Object.values(options.files).map((content) => content.split('\n').length));
  // Open at the height of the code block the editor replaces, so nothing below it moves (a click
  // aimed at the console or the preview still lands there); then grow with what the learner writes.
  const opening = options.height !== undefined && options.height > 0 ? options.height : Math.min(Math.max(longest + 2, 6), 28) * LINE_HEIGHT + 16;
  host.style.height = `${Math.min(opening, MAX_HEIGHT)}px`;
  const editor = monaco.editor.create(host, {
    ...EDITOR_OPTIONS,
    fontFamily: codeFont(),
    model: modelOf(options.active) ?? null,
    theme: themeOf(),
    ariaLabel: options.label(options.active),
  });
  const view = options.view;
  const model = editor.getModel();
  if (view && model) {
    // Taking over from the light editor: the learner's selection (its direction too) and scroll.
    const [anchor, active] = view.backward ? [view.selectionEnd, view.selectionStart] : [view.selectionStart, view.selectionEnd];
    editor.setSelection(monaco.Selection.fromPositions(model.getPositionAt(anchor), model.getPositionAt(active)));
    // The same line at the top: the light editor does not wrap lines, Monaco does, so the pixels may differ.
    const inLines = view.scrollTop - PADDING_TOP;
    const topLine = Math.min(Math.floor(inLines / LINE_HEIGHT) + 1, model.getLineCount());
    const scrollTop = inLines <= 0 ? view.scrollTop : editor.getTopForLineNumber(topLine) + (inLines - (topLine - 1) * LINE_HEIGHT);
    editor.setScrollPosition({ scrollTop, scrollLeft: view.scrollLeft }, monaco.editor.ScrollType.Immediate);
  }
  requestAnimationFrame(() => setTimeout(drawn, 0));
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => options.onRun());
  editor.onDidContentSizeChange(({ contentHeight }) => {
    const wanted = Math.min(contentHeight, MAX_HEIGHT);
    if (edited && wanted > host.offsetHeight) host.style.height = `${wanted}px`;
  });
  const themeWatcher = new MutationObserver(() => monaco.editor.setTheme(themeOf()));
  themeWatcher.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });

  return {
    show(filename) {
      const model = modelOf(filename);
      if (!model) return;
      editor.setModel(model);
      editor.updateOptions({ ariaLabel: options.label(filename) });
    },
    getValue: (filename) => models.get(filename)?.getValue() ?? contents.get(filename) ?? '',
    setValue(filename, value) {
      const model = models.get(filename);
      if (model === undefined) {
        if (contents.has(filename)) contents.set(filename, value);
      } else if (model.getValue() !== value) model.setValue(value);
    },
    focus: () => editor.focus(),
    markError(filename, line, message) {
      const model = modelOf(filename);
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
