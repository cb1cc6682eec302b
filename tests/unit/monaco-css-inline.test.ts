import { describe, expect, it } from 'vitest';
import { inlineCssImports } from '../../src/integrations/monaco-css-inline.ts';

describe('inlineCssImports', () => {
  it('turns side-effect CSS imports into inline strings handed to one style element', () => {
    const out = inlineCssImports("import './a.css';\nimport \"../b.css\"\nexport const x = 1;\n");
    expect(out).toContain('import __monacoCss0 from "./a.css?inline";\n__injectMonacoCss(__monacoCss0);');
    expect(out).toContain('import __monacoCss1 from "../b.css?inline";');
    expect(out).toMatch(/^import \{ injectMonacoCss as __injectMonacoCss \} from ".*monaco-css\.ts";/);
    expect(out).toContain('export const x = 1;');
  });

  it('leaves modules without CSS imports alone', () => {
    expect(inlineCssImports("import { a } from './a.js';\nconst s = 'import \"./x.css\"';")).toBeNull();
  });
});
