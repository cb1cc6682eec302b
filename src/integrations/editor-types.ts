import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Plugin } from 'vite';

/**
 * The real type definitions behind the editor's IntelliSense, read from node_modules at build time
 * into virtual modules that only the (lazily loaded) editor imports, so hover and completion work
 * offline and cost nothing until an editor opens:
 * - `virtual:ws-noriteo/editor-types`: socket.io-client and what its types import (browser code);
 * - `virtual:ws-noriteo/server-types`: Node's own types, ws and socket.io (server files), loaded
 *   only when a playground with a Node server opens its editor.
 */
const MODULES: Record<string, readonly TypedPackage[]> = {
  'virtual:ws-noriteo/editor-types': [
    { name: 'socket.io-client', dir: 'build/esm', types: 'build/esm/index.d.ts' },
    { name: 'engine.io-client', dir: 'build/esm', types: 'build/esm/index.d.ts' },
    { name: 'engine.io-parser', dir: 'build/esm', types: 'build/esm/index.d.ts' },
    { name: 'socket.io-parser', dir: 'build/esm', types: 'build/esm/index.d.ts' },
    { name: '@socket.io/component-emitter', dir: 'lib/esm', types: 'lib/esm/index.d.ts' },
  ],
  'virtual:ws-noriteo/server-types': [
    { name: '@types/node', dir: '.', types: 'index.d.ts', skip: /^ts\d/ },
    { name: '@types/ws', dir: '.', types: 'index.d.ts' },
    { name: '@types/cors', dir: '.', types: 'index.d.ts' },
    { name: 'socket.io', dir: 'dist', types: 'dist/index.d.ts' },
    { name: 'engine.io', dir: 'build', types: 'build/engine.io.d.ts' },
    { name: 'socket.io-adapter', dir: 'dist', types: 'dist/index.d.ts' },
  ],
};

interface TypedPackage {
  name: string;
  /** Folder (inside the package) holding its .d.ts files. */
  dir: string;
  /** Its types entry, relative to the package. */
  types: string;
  /** Sub-folders to leave out (e.g. @types/node's copies for older TypeScript versions). */
  skip?: RegExp;
}

export interface ExtraLib {
  /** A file:/// path as the TypeScript worker sees it (under /node_modules, so imports resolve). */
  path: string;
  content: string;
}

async function declarationFiles(dir: string, skip: RegExp | undefined): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !skip?.test(relative(dir, file)) && !relative(dir, file).split('/').includes('node_modules'));
}

export async function collectExtraLibs(root: string, packages: readonly TypedPackage[] = MODULES['virtual:ws-noriteo/editor-types'] ?? []): Promise<ExtraLib[]> {
  const libs: ExtraLib[] = [];
  for (const { name, dir, types, skip } of packages) {
    // npm hoists these; not every one exports its package.json, so they are read by path.
    const packageDir = join(root, 'node_modules', name);
    for (const file of await declarationFiles(join(packageDir, dir), skip)) {
      libs.push({ path: `file:///node_modules/${name}/${relative(packageDir, file)}`, content: await readFile(file, 'utf8') });
    }
    libs.push({ path: `file:///node_modules/${name}/package.json`, content: JSON.stringify({ name, types }) });
  }
  return libs;
}

export function editorTypes(root: string): Plugin {
  return {
    name: 'ws-noriteo:editor-types',
    resolveId: (id) => (id in MODULES ? `\0${id}` : null),
    async load(id) {
      const packages = id.startsWith('\0') ? MODULES[id.slice(1)] : undefined;
      if (!packages) return null;
      return `export default ${JSON.stringify(await collectExtraLibs(root, packages))};`;
    },
  };
}
