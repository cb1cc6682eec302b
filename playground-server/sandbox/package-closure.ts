import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface PackageClosure {
  /** The allowed packages themselves: name → real folder. The sandbox links these into its node_modules. */
  roots: Map<string, string>;
  /** Real folders of the allowed packages and of everything they depend on, for read-only access. */
  folders: string[];
}

/** Finds `name` the way Node does: `node_modules/<name>` in `from` and each folder above it. */
function findPackage(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

function dependencyNames(folder: string): string[] {
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
  };
  return [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {})];
}

/**
 * The installed folders the sandbox needs for `packages`: each package and its dependencies,
 * transitively, found from `modulesDir` by Node's lookup (so nested copies such as
 * socket.io-adapter/node_modules/ws are found where Node would find them). Missing optional
 * dependencies are skipped; a missing allowed package throws.
 */
export function resolvePackageClosure(packages: readonly string[], modulesDir: string): PackageClosure {
  const start = dirname(modulesDir.replace(/\/+$/, ''));
  const roots = new Map<string, string>();
  const folders = new Set<string>();
  const visit = (folder: string) => {
    if (folders.has(folder)) return;
    folders.add(folder);
    for (const dependency of dependencyNames(folder)) {
      const found = findPackage(dependency, folder);
      if (found !== undefined) visit(found);
    }
  };
  for (const name of packages) {
    const folder = findPackage(name, start);
    if (folder === undefined) throw new Error(`sandbox package "${name}" is not installed in ${modulesDir}`);
    roots.set(name, folder);
    visit(folder);
  }
  // A folder inside another one (a nested node_modules copy) is already readable through its parent.
  const sorted = [...folders].sort();
  return { roots, folders: sorted.filter((folder) => !sorted.some((other) => other !== folder && folder.startsWith(other + '/'))) };
}
