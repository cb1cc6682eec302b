import { spawn } from 'node:child_process';
import { cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * A lesson as plain Starlight would show it: every `<Playground …/>` replaced by fenced code blocks
 * of the same files. Imports of `?raw` example files are resolved to their text.
 */
export async function bareLesson(mdxPath: string): Promise<string> {
  const source = await readFile(mdxPath, 'utf8');
  const files = new Map<string, string>();
  for (const match of source.matchAll(/^import (\w+) from '(\.[^']+)\?raw';$/gm)) {
    const [, name, path] = match;
    if (name && path) files.set(name, await readFile(join(dirname(mdxPath), path), 'utf8'));
  }
  return source
    .replace(/^import Playground from .*$/m, '')
    .replace(/<Playground\b([\s\S]*?)\/>/g, (_tag, attributes: string) => {
      const used = [...attributes.matchAll(/\b(\w+)\b/g)].map((m) => m[1] ?? '').filter((word) => files.has(word));
      return [...new Set(used)].map((name) => `\n\`\`\`js\n${files.get(name)?.replace(/\n$/, '')}\n\`\`\`\n`).join('\n');
    });
}

/** Builds a copy of the site whose lessons use plain code blocks; returns its dist folder. */
export async function buildBareSite(lessons: readonly string[]): Promise<string> {
  // Inside the project (git-ignored .cache/), so packages resolve from the project's node_modules
  // by walking up, as they do for the real site: a symlinked node_modules confuses Vite's paths.
  const root = join(ROOT, '.cache', 'bench-bare-site');
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  // tests/fixtures: lessons import recorded captures from there.
  for (const entry of ['astro.config.mjs', 'tsconfig.json', 'package.json', 'src', 'content', 'public', 'playground-server', 'protocol', 'tests/fixtures']) {
    await cp(join(ROOT, entry), join(root, entry), { recursive: true });
  }
  // The editor's type bundle (src/integrations/editor-types.ts) reads these by path under the project's root.
  await mkdir(join(root, 'node_modules', '@socket.io'), { recursive: true });
  for (const name of ['@types', '@socket.io/component-emitter', 'socket.io-client', 'engine.io-client', 'engine.io-parser', 'socket.io-parser', 'socket.io', 'engine.io', 'socket.io-adapter']) {
    await symlink(join(ROOT, 'node_modules', name), join(root, 'node_modules', name));
  }
  for (const lesson of lessons) {
    const path = join(root, 'content', 'docs', lesson, 'index.mdx');
    await writeFile(path, await bareLesson(path));
  }
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], { cwd: root, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`bare site build failed (exit ${code}) in ${root}`);
  return join(root, 'dist');
}
