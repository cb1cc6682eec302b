/**
 * How the editor's code reaches the page, in three steps, each ahead of the next so that the
 * click finds the work done:
 * 1. a playground comes near the viewport while the page is idle: the code is downloaded and
 *    compiled, not run (`<link rel="modulepreload">`; no main-thread work the reader would feel);
 * 2. a playground is in the viewport and the page idle, or the learner shows intent (pointer over,
 *    focus in a playground): the code runs and Monaco gets ready (editor.ts `prepare`: services,
 *    theme stylesheet, the page's one restyle for it). Running Monaco's core (about 3.5 MB) is
 *    most of what an editor costs; done while the learner reads, the click does not wait for it;
 * 3. activation (editor-slot.ts): the editor is created.
 * Before step 1 nothing of the editor is requested. Touch screens get a textarea (editor-slot.ts)
 * and never load Monaco.
 */
import { EDITOR_CHUNKS } from './editor-chunks.ts';

type EditorModule = typeof import('./editor.ts');

/** Coarse pointer only (a phone, a tablet): the textarea editor instead of Monaco. */
export const usesTouch = (): boolean => matchMedia('(pointer: coarse)').matches && !matchMedia('(pointer: fine)').matches;

/** How far outside the viewport a playground counts as near: one screen above and below. */
const NEAR = '100% 0px';

let downloaded = false;
let running: Promise<EditorModule> | undefined;
let nearObserver: IntersectionObserver | undefined;

/** Step 1: fetches and compiles the editor's code without running it; once per page. */
export function downloadEditor(): void {
  if (downloaded || usesTouch()) return;
  downloaded = true;
  nearObserver?.disconnect();
  for (const file of EDITOR_CHUNKS) {
    const href = `${import.meta.env.BASE_URL}${file}`;
    if (document.head.querySelector(`link[rel="modulepreload"][href="${href}"]`)) continue;
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = href;
    document.head.append(link);
  }
}

/** A page that is never idle still gets the code run this long after its playground came into view. */
const IDLE_TIMEOUT_MS = 2000;

const whenIdle = (task: () => void): void => {
  if ('requestIdleCallback' in window) requestIdleCallback(task, { timeout: IDLE_TIMEOUT_MS });
  else setTimeout(task, 200);
};

/**
 * Step 2 ahead of activation (the playground in view, or the learner's intent): runs the editor's
 * code, then, at the next idle moment, makes a first editor out of sight (editor.ts `warmUp`) so
 * that the learner's is not the first.
 */
export function readyEditor(languages: readonly string[]): Promise<EditorModule> {
  return prepareEditor(languages).then((editor) => {
    whenIdle(() => editor.warmUp(languages[0] ?? 'plaintext'));
    return editor;
  });
}

/**
 * Step 2: runs the editor's code (once per page, again after a failure) and readies Monaco for
 * these languages (none: only the code).
 */
export function prepareEditor(languages: readonly string[]): Promise<EditorModule> {
  running ??= import('./editor.ts').catch((error: unknown) => {
    running = undefined;
    throw error;
  });
  return running.then((editor) => {
    if (languages.length > 0) editor.prepare(languages);
    return editor;
  });
}


/** A reader who asked to save data gets the editor on intent only. */
const savesData = (): boolean => (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData === true;

/** Downloads the editor's code (step 1) once `element` is near the viewport and the page is idle. */
export function downloadWhenNear(element: Element): void {
  if (downloaded || usesTouch() || savesData()) return;
  nearObserver ??= new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) whenIdle(downloadEditor);
    },
    { rootMargin: NEAR },
  );
  nearObserver.observe(element);
}

let inViewObserver: IntersectionObserver | undefined;
const runWhenSeen = new Map<Element, () => void>();

/**
 * Runs the editor's code ahead of intent (step 2) once `element` is in the viewport and the page
 * is idle: `run` is called once (it calls prepareEditor with the playground's languages), after
 * the editor's code has run in slices (runInSlices), so that `run` itself only readies Monaco.
 */
export function runWhenInView(element: Element, run: () => void): void {
  if (usesTouch() || savesData()) return;
  inViewObserver ??= new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const task = runWhenSeen.get(entry.target);
      if (!entry.isIntersecting || !task) continue;
      runWhenSeen.delete(entry.target);
      inViewObserver?.unobserve(entry.target);
      void runInSlices().then(() => whenIdle(task));
    }
  });
  runWhenSeen.set(element, run);
  inViewObserver.observe(element);
}

let slices: Promise<void> | undefined;
/** A chunk of one of Monaco's layers (editor-chunks-plugin.ts EDITOR_LAYERS: their names start with `monaco-`). */
const LAYER_CHUNK = /(^|\/)monaco-[a-z]+\.[\w-]+\.js$/;

/**
 * Runs the editor's code one chunk per idle moment, Monaco's layers lowest first, then editor.ts
 * (editor-chunks-plugin.ts cuts them): importing a chunk whose imports have already run runs that
 * chunk alone, so no slice is one long task of all of Monaco (about 400 ms in one piece). Once
 * the learner has shown intent (prepareEditor ran), the rest is left to that import, which runs
 * whatever is left at once: intent never waits for an idle moment. Never rejects: a chunk that
 * fails to load is left to activation, which retries and reports.
 */
export function runInSlices(): Promise<void> {
  slices ??= (async () => {
    // Monaco's layers only: the other chunks are small, or the page's own (already run); they come with editor.ts.
    for (const file of EDITOR_CHUNKS.filter((chunk) => LAYER_CHUNK.test(chunk))) {
      if (running) return;
      await idle();
      if (running) return;
      performance.mark('pg-editor-slice', { detail: file });
      await import(/* @vite-ignore */ `${import.meta.env.BASE_URL}${file}`);
    }
    if (running) return;
    await idle();
    performance.mark('pg-editor-slice', { detail: 'editor.ts' });
    await prepareEditor([]).catch(() => undefined);
  })().catch(() => undefined);
  return slices;
}

const idle = (): Promise<void> => new Promise((resolve) => whenIdle(resolve));
