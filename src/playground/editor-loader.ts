/**
 * How the editor's code reaches the page, in three steps, each ahead of the next so that the
 * click finds the work done:
 * 1. a playground comes near the viewport while the page is idle: the code is downloaded and
 *    compiled, not run (`<link rel="modulepreload">`; no main-thread work the reader would feel);
 * 2. the learner shows intent (pointer over, focus in a playground): the code runs and Monaco gets
 *    ready (editor.ts `prepare`: services, theme stylesheet, the page's one restyle for it);
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

/** Step 2: runs the editor's code (once per page, again after a failure) and readies Monaco for these languages. */
export function prepareEditor(languages: readonly string[]): Promise<EditorModule> {
  running ??= import('./editor.ts').catch((error: unknown) => {
    running = undefined;
    throw error;
  });
  return running.then((editor) => {
    editor.prepare(languages);
    return editor;
  });
}

const whenIdle = (task: () => void): void => {
  if ('requestIdleCallback' in window) requestIdleCallback(task);
  else setTimeout(task, 200);
};

/** Downloads the editor's code (step 1) once `element` is near the viewport and the page is idle. */
export function downloadWhenNear(element: Element): void {
  if (downloaded || usesTouch()) return;
  // A reader who asked to save data gets the editor on intent only.
  if ((navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData) return;
  nearObserver ??= new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) whenIdle(downloadEditor);
    },
    { rootMargin: NEAR },
  );
  nearObserver.observe(element);
}
