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

export function editorChunks(): Plugin {
  return {
    name: 'ws-noriteo:editor-chunks',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = editorChunkFiles(bundle);
      if (files === null) return;
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
