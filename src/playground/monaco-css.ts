let sheet: HTMLStyleElement | undefined;

/** Appends one of Monaco's stylesheets (inlined at build time) to a single `<style>` element. */
export function injectMonacoCss(css: string): void {
  if (sheet === undefined) {
    sheet = document.createElement('style');
    sheet.dataset['monaco'] = '';
    document.head.append(sheet);
  }
  sheet.append(css);
}
