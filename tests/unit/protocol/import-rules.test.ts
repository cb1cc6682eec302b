import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Every module a file imports or re-exports (static, side-effect and dynamic), as written. */
async function specifiersOf(file: string): Promise<string[]> {
  const text = await readFile(join(ROOT, file), 'utf8');
  const found = text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\1/gm);
  return [...found].map((match) => match[2]!);
}

/** Where a specifier of `file` points: a path from the repository root, or the package name for a bare one. */
function targetOf(file: string, specifier: string): { path: string } | { package: string } {
  const bare = specifier.split('?')[0]!;
  if (bare.startsWith('.')) return { path: relative(ROOT, resolve(dirname(join(ROOT, file)), bare)) };
  if (bare.startsWith('~/')) return { path: join('src', bare.slice(2)) };
  return { package: bare };
}

async function filesUnder(folder: string, pattern: RegExp): Promise<string[]> {
  const entries = await readdir(join(ROOT, folder), { recursive: true });
  return entries.filter((entry) => pattern.test(entry)).map((entry) => join(folder, entry));
}

/** "from → to" for every import of `files` that `forbidden` picks out. */
async function offending(files: string[], forbidden: (target: { path: string } | { package: string }) => boolean): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) {
    for (const specifier of await specifiersOf(file)) if (forbidden(targetOf(file, specifier))) found.push(`${file} → ${specifier}`);
  }
  return found;
}

const inside = (folder: string) => (target: { path: string } | { package: string }) => 'path' in target && (target.path === folder || target.path.startsWith(`${folder}/`));

/**
 * The protocol layer (protocol/) is what the browser (src/) and the server (playground-server/) share: the arrows point
 * into it from both sides and never out of it, and the browser reaches the server's code only through it.
 */
describe('the import rules between the three sides', () => {
  it('the protocol layer imports nothing from src/ or playground-server/, and only what a browser has', async () => {
    const files = await filesUnder('protocol', /\.ts$/);
    expect(files.length).toBeGreaterThan(20);
    expect(await offending(files, (target) => !('path' in target ? inside('protocol')(target) : !target.package.startsWith('node:')))).toEqual([]);
  });

  it('the browser side (src/, the lessons’ checks) imports nothing from playground-server/', async () => {
    const files = [...(await filesUnder('src', /\.(ts|astro|mjs)$/)), ...(await filesUnder('content', /(^|\/)check\.ts$/))];
    expect(files.length).toBeGreaterThan(50);
    expect(await offending(files, inside('playground-server'))).toEqual([]);
  });

  it('playground-server/ imports nothing from src/', async () => {
    const files = await filesUnder('playground-server', /\.(ts|cjs)$/);
    expect(await offending(files, inside('src'))).toEqual([]);
  });

  it('reads the imports it checks (a specifier it would miss fails here)', async () => {
    expect(targetOf('src/inspector/labels.ts', '../../protocol/wire/constants.ts')).toEqual({ path: 'protocol/wire/constants.ts' });
    expect(targetOf('src/x.ts', '~/playground/files.ts')).toEqual({ path: 'src/playground/files.ts' });
    expect(targetOf('content/docs/a/check.ts', './start/server.js?raw')).toEqual({ path: 'content/docs/a/start/server.js' });
    const specifiers = await specifiersOf('src/playground/ws-playground.ts');
    expect(specifiers).toContain('./playground-capture.ts');
    expect(specifiers).toContain('./sandbox-document.ts'); // a dynamic import
    expect(await specifiersOf('src/playground/capture-router.ts')).toEqual(['../../protocol/capture.ts', '../../protocol/page-tag.ts']);
  });
});

/**
 * One zod flavour: zod/mini, which the browser bundle needs (classic zod's methods cannot be tree-shaken), everywhere,
 * so a schema reads the same on both sides. Operators still read zod's English messages: playground-server/
 * validation-messages.ts passes them per parse.
 */
describe('one zod flavour', () => {
  it('nothing imports zod but zod/mini', async () => {
    const files = [
      ...(await filesUnder('protocol', /\.ts$/)),
      ...(await filesUnder('src', /\.(ts|astro|mjs)$/)),
      ...(await filesUnder('playground-server', /\.(ts|cjs|mjs)$/)),
      ...(await filesUnder('content', /\.(ts|mjs)$/)),
      ...(await filesUnder('scripts', /\.(ts|mjs)$/)),
      ...(await filesUnder('bench', /\.ts$/)),
      ...(await filesUnder('tests', /\.ts$/)),
    ];
    // Imports zod in a learner's code, a string the sandbox must refuse to run.
    const learnerCode = new Set(['tests/integration/sandbox/attacks.test.ts']);
    const zod = (target: { path: string } | { package: string }) => 'package' in target && /^(astro\/)?zod(\/|$)/.test(target.package) && target.package !== 'zod/mini';
    const found = await offending(files.filter((file) => !learnerCode.has(file)), zod);
    // Astro's own zod (classic) where Astro requires it: Starlight's docsSchema merges the lesson frontmatter's schema into its own.
    expect(found.filter((entry) => entry !== 'src/content.config.ts → astro/zod')).toEqual([]);
  });
});
