import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * Monaco's ESM files import their CSS for side effects (`import './x.css';`). Inside a lazily
 * imported chunk, Astro hoists those into render-blocking `<link>`s on every page
 * (withastro/astro#9495), about 175 KB on pages with no editor at all. This plugin rewrites each
 * such import into a `?inline` string handed to one `<style>` element when the chunk runs, so the
 * CSS arrives only with the editor.
 */
const CSS_IMPORT = /^[ \t]*import\s+(['"])([^'"]+\.css)\1;?[ \t]*$/gm;
const MONACO_ESM = /[\\/]node_modules[\\/]monaco-editor[\\/]esm[\\/].*\.js$/;
const INJECTOR = fileURLToPath(new URL('../playground/monaco-css.ts', import.meta.url));

/** Rewrites a Monaco module's CSS imports; returns null when it has none. */
export function inlineCssImports(code: string): string | null {
  let count = 0;
  const rewritten = code.replace(CSS_IMPORT, (_line, _quote: string, specifier: string) => {
    const name = `__monacoCss${count++}`;
    return `import ${name} from ${JSON.stringify(`${specifier}?inline`)};\n__injectMonacoCss(${name});`;
  });
  if (count === 0) return null;
  return `import { injectMonacoCss as __injectMonacoCss } from ${JSON.stringify(INJECTOR)};\n${rewritten}`;
}

export function monacoCssInline(): Plugin {
  return {
    name: 'ws-noriteo:monaco-css-inline',
    enforce: 'pre',
    transform(code, id) {
      if (!MONACO_ESM.test(id.split('?')[0] ?? id)) return null;
      const rewritten = inlineCssImports(code);
      return rewritten === null ? null : { code: rewritten, map: null };
    },
  };
}
