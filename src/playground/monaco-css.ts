let sheet: HTMLStyleElement | undefined;
const pending: string[] = [];

/**
 * Adds one of Monaco's stylesheets (inlined at build time, monaco-css-inline.ts). Monaco's modules
 * hand over about a hundred of them while its chunk is evaluated; each change to a `<style>` makes
 * the browser parse its whole text again, so they are gathered and written once, in the microtask
 * after the chunk has run (before the editor is created and drawn).
 */
export function injectMonacoCss(css: string): void {
  if (pending.length === 0) queueMicrotask(flush);
  pending.push(css);
}

function flush(): void {
  if (sheet === undefined) {
    sheet = document.createElement('style');
    sheet.dataset['monaco'] = '';
    document.head.append(sheet);
  }
  sheet.append(pending.join('\n'));
  pending.length = 0;
}
