import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The course speaks one Korean: content/terms.json lists its terms (each glossed with its English name where a learner
 * first meets it, in the order of src/sidebar.ts) and the spellings it never uses (「」 brackets, Socket.io, 머리 for a
 * header…). This test reads every lesson, example, check and UI string a learner can see.
 */

interface Forbidden {
  pattern: string;
  instead: string;
}
interface TermList {
  forbidden: Forbidden[];
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const list = JSON.parse(await readFile(join(ROOT, 'content/terms.json'), 'utf8')) as TermList;

async function filesUnder(dir: string, pattern: RegExp): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && pattern.test(entry.name)).map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

const learnerFiles = [
  ...(await filesUnder('content/docs', /\.(mdx?|js|html|ts)$/)),
  ...(await filesUnder('src', /\.(ts|astro)$/)),
  'README.md',
  ...(await filesUnder('docs', /\.md$/)),
  'astro.config.mjs',
];

describe('what a learner reads', () => {
  it('covers the lessons, their examples and checks, the UI and the README', () => {
    expect(learnerFiles.length).toBeGreaterThan(100);
  });

  for (const { pattern, instead } of list.forbidden) {
    it(`never writes /${pattern}/ (write ${instead})`, async () => {
      const found: string[] = [];
      for (const file of learnerFiles) {
        const lines = (await readFile(join(ROOT, file), 'utf8')).split('\n');
        lines.forEach((line, i) => {
          if (new RegExp(pattern, 'u').test(line)) found.push(`${file}:${i + 1}: ${line.trim().slice(0, 80)}`);
        });
      }
      expect(found).toEqual([]);
    });
  }
});
