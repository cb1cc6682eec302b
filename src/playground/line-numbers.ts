/**
 * The gutter of line numbers beside the code: in the static code block (written at build time by
 * Playground.astro), in the textarea editors (light-editor.ts, the touch editor) and in Monaco
 * (its own, set to the same width in editor.ts), so the text sits at the same place in all three.
 * The numbers are drawn by CSS from the gutter's `data-lines` (playground.css `.pg-lines`): no text
 * in the page's DOM, so copying the code or reading its text never picks them up.
 */

/** The fewest digits the gutter is wide, as Monaco's `lineNumbersMinChars`. */
export const GUTTER_MIN_DIGITS = 3;

/** How many lines a text has: as Monaco counts them (a final newline starts an empty last line). */
export const lineCount = (text: string): number => text.split('\n').length;

/** The gutter's numbers for `count` lines, one a line. */
export const lineNumbers = (count: number): string => Array.from({ length: count }, (_, i) => i + 1).join('\n');

/** How many digits wide the gutter is for `count` lines (Monaco widens its gutter the same way at 1,000 lines). */
export const gutterDigits = (count: number): number => Math.max(GUTTER_MIN_DIGITS, String(count).length);

/** Numbers `gutter` for `text`; `box` (what holds the gutter and the text) takes the width as `--pg-digits`. */
export function numberLines(gutter: HTMLElement, box: HTMLElement, text: string): void {
  const count = lineCount(text);
  if (gutter.dataset['count'] === String(count)) return;
  gutter.dataset['count'] = String(count);
  gutter.dataset['lines'] = lineNumbers(count);
  box.style.setProperty('--pg-digits', String(gutterDigits(count)));
}
