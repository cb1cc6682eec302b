import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEED = join(ROOT, 'tests/fixtures/seed/article.md');
const DOCS = join(ROOT, 'content/docs');

/** Whitespace-insensitive: runs of whitespace become one space, and the ends are trimmed. */
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The fenced code blocks of a Markdown text. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? '');
}

/** Everything a learner can read or run in the course: lessons and their example files. */
async function courseText(): Promise<string> {
  const entries = await readdir(DOCS, { withFileTypes: true, recursive: true });
  const files = entries.filter((entry) => entry.isFile() && /\.(mdx?|js|mjs|cjs|html|ts)$/.test(entry.name));
  const texts = await Promise.all(files.map((entry) => readFile(join(entry.parentPath, entry.name), 'utf8')));
  return normalise(texts.join('\n'));
}

describe('the seed article', () => {
  it('has its code blocks (the test would be empty otherwise)', async () => {
    expect(codeBlocks(await readFile(SEED, 'utf8')).length).toBeGreaterThanOrEqual(13);
  });

  it('appears in the course: every code block, whitespace aside', async () => {
    const course = await courseText();
    const missing = codeBlocks(await readFile(SEED, 'utf8')).filter((block) => !course.includes(normalise(block)));
    expect(missing.map((block) => block.slice(0, 80))).toEqual([]);
  });
});
