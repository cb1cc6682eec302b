import { describe, expect, test } from 'vitest';
import { EDITOR_LAYERS, editorChunkFiles, entriesImportingLayers } from '../../src/integrations/editor-chunks-plugin.ts';

const chunk = (fileName: string, imports: string[], facadeModuleId: string | null = null, name = '', isEntry = false) => ({ type: 'chunk', fileName, code: '', imports, facadeModuleId, name, isEntry });
const layerOf = (id: string) => EDITOR_LAYERS.find((layer) => layer.test.test(id))?.name;

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

describe('Monaco’s layers (a chunk each, run one per idle moment)', () => {
  test('each of Monaco’s modules goes to its layer, lowest first; the CSS injector goes with the lowest', () => {
    const monaco = '/repo/node_modules/monaco-editor/esm/vs';
    expect(layerOf(`${monaco}/base/common/lifecycle.js`)).toBe('monaco-base');
    expect(layerOf(`${monaco}/nls.js`)).toBe('monaco-base');
    expect(layerOf('/repo/src/playground/monaco-css.ts')).toBe('monaco-base');
    expect(layerOf(`${monaco}/platform/instantiation/common/instantiation.js`)).toBe('monaco-platform');
    expect(layerOf(`${monaco}/editor/common/model/textModel.js`)).toBe('monaco-common');
    expect(layerOf(`${monaco}/editor/browser/widget/codeEditor/codeEditorWidget.js`)).toBe('monaco-browser');
    expect(layerOf(`${monaco}/editor/contrib/find/browser/findController.js`)).toBeUndefined();
    expect(layerOf('/repo/src/playground/editor.ts')).toBeUndefined();
    // editor-loader.ts runs the chunks named so one per idle moment.
    for (const { name } of EDITOR_LAYERS) expect(name).toMatch(/^monaco-[a-z]+$/);
  });

  test('a page script that imports a layer statically is found (it would load Monaco before any intent)', () => {
    const bundle = {
      'a.js': chunk('_astro/monaco-base.X.js', [], null, 'monaco-base'),
      'b.js': chunk('_astro/helper.X.js', ['_astro/monaco-base.X.js']),
      'c.js': chunk('_astro/Page.X.js', ['_astro/helper.X.js'], '/repo/src/components/Page.astro', 'Page', true),
      'd.js': chunk('_astro/Other.X.js', [], '/repo/src/components/Other.astro', 'Other', true),
    };
    expect(entriesImportingLayers(bundle)).toEqual(['_astro/Page.X.js → _astro/monaco-base.X.js']);
    expect(entriesImportingLayers({ 'a.js': bundle['a.js'], 'd.js': bundle['d.js'] })).toEqual([]);
  });
});
