import { describe, expect, test } from 'vitest';
import { editorChunkFiles } from '../../src/integrations/editor-chunks-plugin.ts';

const chunk = (fileName: string, imports: string[], facadeModuleId: string | null = null) => ({ type: 'chunk', fileName, code: '', imports, facadeModuleId });

describe('the editor’s chunk list (downloaded ahead while the page is idle)', () => {
  test('lists the chunk of src/playground/editor.ts and everything it imports, each once, dependencies first', () => {
    const bundle = {
      'a.js': chunk('_astro/editor.api.X.js', ['_astro/helper.X.js']),
      'b.js': chunk('_astro/editor.Y.js', ['_astro/editor.api.X.js', '_astro/helper.X.js', '_astro/page.X.js'], '/repo/src/playground/editor.ts'),
      'c.js': chunk('_astro/helper.X.js', []),
      'd.js': chunk('_astro/page.X.js', ['_astro/helper.X.js']),
      'e.js': chunk('_astro/tsMode.Z.js', ['_astro/editor.api.X.js']),
      'f.css': { type: 'asset' },
    };
    expect(editorChunkFiles(bundle)).toEqual(['_astro/helper.X.js', '_astro/editor.api.X.js', '_astro/page.X.js', '_astro/editor.Y.js']);
  });

  test('is null for a bundle without the editor (the server build)', () => {
    expect(editorChunkFiles({ 'a.js': chunk('entry.mjs', []) })).toBeNull();
  });
});
