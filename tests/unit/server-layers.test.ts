import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SERVER = fileURLToPath(new URL('../../playground-server/', import.meta.url));

/** Every relative module a file imports (static `from '…'` and dynamic `import('…')`), as paths inside playground-server/. */
async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(join(SERVER, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => relative(SERVER, resolve(dirname(join(SERVER, file)), specifier)));
}

async function filesIn(folder: string): Promise<string[]> {
  const entries = await readdir(join(SERVER, folder), { recursive: true });
  return entries.filter((entry) => entry.endsWith('.ts')).map((entry) => join(folder, entry));
}

/**
 * Data flows one way: the entry points (main.ts, entry/) build the app through app.ts, the one
 * composition root; the app uses scale/, health/ and supervise/; none of those reach back up.
 */
describe('the server’s layers', () => {
  it.each(['scale', 'health', 'supervise'])('%s/ imports neither the app nor an entry point', async (folder) => {
    for (const file of await filesIn(folder)) {
      for (const target of await importsOf(file)) {
        expect(target, `${file} → ${target}`).not.toBe('app.ts');
        expect(target, `${file} → ${target}`).not.toMatch(/^(entry\/|main\.ts$)/);
      }
    }
  });

  it('app.ts imports no entry point', async () => {
    for (const target of await importsOf('app.ts')) expect(target).not.toMatch(/^(entry\/|main\.ts$)/);
  });

  it('health/ does not depend on scale/ (one instance serves health and metrics without it)', async () => {
    for (const file of await filesIn('health')) for (const target of await importsOf(file)) expect(target, file).not.toMatch(/^scale\//);
  });
});
