import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Plugin } from 'vite';

/**
 * The real type definitions behind the editor's IntelliSense for browser code: socket.io-client
 * and the packages its types import. They are read from node_modules at build time into the
 * virtual module `virtual:ws-noriteo/editor-types`, which only the (lazily loaded) editor imports,
 * so hover and completion work offline and cost nothing until an editor opens.
 */
const VIRTUAL_ID = 'virtual:ws-noriteo/editor-types';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/** Package → folder (inside the package) holding the .d.ts files the browser build uses. */
const TYPED_PACKAGES: Record<string, string> = {
  'socket.io-client': 'build/esm',
  'engine.io-client': 'build/esm',
  'engine.io-parser': 'build/esm',
  'socket.io-parser': 'build/esm',
  '@socket.io/component-emitter': 'lib/esm',
};

export interface ExtraLib {
  /** A file:/// path as the TypeScript worker sees it (under /node_modules, so imports resolve). */
  path: string;
  content: string;
}

async function declarationFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.d.ts')).map((entry) => join(entry.parentPath, entry.name));
}

export async function collectExtraLibs(root: string): Promise<ExtraLib[]> {
  const libs: ExtraLib[] = [];
  for (const [name, typesDir] of Object.entries(TYPED_PACKAGES)) {
    // npm hoists these (socket.io-client's dependencies); not every one exports its package.json.
    const packageDir = join(root, 'node_modules', name);
    for (const file of await declarationFiles(join(packageDir, typesDir))) {
      libs.push({ path: `file:///node_modules/${name}/${relative(packageDir, file)}`, content: await readFile(file, 'utf8') });
    }
    libs.push({
      path: `file:///node_modules/${name}/package.json`,
      content: JSON.stringify({ name, types: `${typesDir}/index.d.ts` }),
    });
  }
  return libs;
}

export function editorTypes(root: string): Plugin {
  return {
    name: 'ws-noriteo:editor-types',
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : null),
    async load(id) {
      if (id !== RESOLVED_ID) return null;
      return `export default ${JSON.stringify(await collectExtraLibs(root))};`;
    },
  };
}
