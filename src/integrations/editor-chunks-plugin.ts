import type { Plugin } from 'vite';

/**
 * Writes the file names of the editor's code (the chunk of src/playground/editor.ts and every chunk
 * it imports, in load order) into src/playground/editor-chunks.ts at build time, so a page can
 * download them while the learner reads (`<link rel="modulepreload">`: fetched and compiled, not
 * run) before anything on the page imports the editor. Only known once the bundle is cut, hence a
 * placeholder replaced in the finished chunks. In `astro dev` the placeholder stays and the page
 * downloads nothing ahead.
 */
export const EDITOR_CHUNKS_PLACEHOLDER = '__WS_NORITEO_EDITOR_CHUNKS__';
const EDITOR_MODULE = /[\\/]src[\\/]playground[\\/]editor\.ts$/;

interface BundleChunk {
  type: 'chunk';
  fileName: string;
  code: string;
  imports: string[];
  facadeModuleId: string | null;
  name: string;
  isEntry: boolean;
}

/**
 * The page scripts (entry chunks) that import one of Monaco's layers statically, with the layer:
 * each would load Monaco on every page, before any intent. Empty when the cut is right.
 */
export function entriesImportingLayers(bundle: Record<string, { type: string }>): string[] {
  const chunks = Object.values(bundle).filter((item): item is BundleChunk => item.type === 'chunk');
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const layers = new Set(EDITOR_LAYERS.map((layer) => layer.name));
  const found: string[] = [];
  for (const entry of chunks.filter((chunk) => chunk.isEntry)) {
    const seen = new Set<string>();
    const visit = (fileName: string) => {
      if (seen.has(fileName)) return;
      seen.add(fileName);
      const chunk = byName.get(fileName);
      if (chunk && layers.has(chunk.name)) found.push(`${entry.fileName} → ${fileName}`);
      for (const imported of chunk?.imports ?? []) visit(imported);
    };
    visit(entry.fileName);
  }
  return found;
}

/** The editor's chunk and its static imports, dependencies first; null when the bundle has no editor. */
export function editorChunkFiles(bundle: Record<string, { type: string }>): string[] | null {
  const chunks = Object.values(bundle).filter((item): item is BundleChunk => item.type === 'chunk');
  const entry = chunks.find((chunk) => chunk.facadeModuleId !== null && EDITOR_MODULE.test(chunk.facadeModuleId));
  if (!entry) return null;
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const order: string[] = [];
  const visit = (fileName: string) => {
    if (order.includes(fileName)) return;
    for (const imported of byName.get(fileName)?.imports ?? []) visit(imported);
    order.push(fileName);
  };
  visit(entry.fileName);
  return order;
}

/**
 * Monaco's layers, lowest first (each imports only those before it: Monaco's own layering rule),
 * each cut into a chunk of its own, so that the page can run them one idle moment at a time
 * (editor-loader.ts) instead of in one long task. A module goes to the first layer that matches.
 * The names start with `monaco-`: that is how editor-loader.ts tells a layer's chunk from the rest.
 */
export const EDITOR_LAYERS: readonly { name: string; test: RegExp }[] = [
  { name: 'monaco-base', test: /[\\/]monaco-editor[\\/]esm[\\/](vs[\\/](base|nls)|external)[\\/.]|[\\/]src[\\/]playground[\\/]monaco-css\.ts$/ },
  { name: 'monaco-platform', test: /[\\/]monaco-editor[\\/]esm[\\/]vs[\\/]platform[\\/]/ },
  { name: 'monaco-common', test: /[\\/]monaco-editor[\\/]esm[\\/]vs[\\/]editor[\\/]common[\\/]/ },
  { name: 'monaco-browser', test: /[\\/]monaco-editor[\\/]esm[\\/]vs[\\/]editor[\\/]browser[\\/]/ },
];

const PRELOAD_HELPER = /^\0vite[\\/]preload-helper\.js$/;

export function editorChunks(): Plugin {
  return {
    name: 'ws-noriteo:editor-chunks',
    apply: 'build',
    outputOptions(options) {
      // A layer takes the modules its own import (includeDependenciesRecursively): Vite's helper for
      // dynamic imports, which Monaco's modules use too, keeps a chunk of its own, or every page
      // would import the layer that took it.
      const helper = { name: 'preload-helper', test: PRELOAD_HELPER, priority: 101 };
      const groups = EDITOR_LAYERS.map(({ name, test }, index) => ({ name, test, priority: 100 - index }));
      return { ...options, codeSplitting: { groups: [helper, ...groups] } };
    },
    generateBundle(_options, bundle) {
      const files = editorChunkFiles(bundle);
      if (files === null) return;
      const leaks = entriesImportingLayers(bundle);
      if (leaks.length > 0) this.error(`page scripts import Monaco's layers statically: ${leaks.join(', ')}`);
      // File names are [\w.-]+ under _astro/; spaces separate them (no quoting to survive the minifier's choice of quotes).
      if (files.some((file) => /\s/.test(file))) this.error(`editor chunk names with white space: ${files.join(', ')}`);
      let replaced = 0;
      for (const item of Object.values(bundle)) {
        if (item.type !== 'chunk' || !item.code.includes(EDITOR_CHUNKS_PLACEHOLDER)) continue;
        item.code = item.code.replaceAll(EDITOR_CHUNKS_PLACEHOLDER, files.join(' '));
        replaced++;
      }
      if (replaced === 0) this.error(`${EDITOR_CHUNKS_PLACEHOLDER} is in no chunk: the minifier folded src/playground/editor-chunks.ts away`);
    },
  };
}
