import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sidebarSlugs } from '../../src/sidebar.ts';

/**
 * The course speaks one Korean: content/terms.json lists its terms (each glossed with its English name where a learner
 * first meets it, in the order of src/sidebar.ts) and the spellings it never uses (「」 brackets, Socket.io, 머리 for a
 * header…). This test reads every lesson, example, check and UI string a learner can see.
 */

interface Term {
  ko: string;
  en: string;
  first: string;
  /** A regular expression that finds the term where the plain Korean word would also match inside other words. */
  match?: string;
}
interface Forbidden {
  pattern: string;
  instead: string;
}
interface TermList {
  terms: Term[];
  forbidden: Forbidden[];
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const list = JSON.parse(await readFile(join(ROOT, 'content/terms.json'), 'utf8')) as TermList;

async function filesUnder(dir: string, pattern: RegExp): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && pattern.test(entry.name)).map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** The running text of a lesson: the MDX without frontmatter, imports, headings, code and markup (text inside markup stays). */
function prose(mdx: string): string {
  return mdx
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/^(import|export) .*$/gm, '')
    .replace(/^#+ .*$/gm, '')
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/^#+ .*$/gm, '')
    .replace(/^```[\s\S]*?^```/gm, '')
    .replace(/`[^`\n]*`/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\]\([^)]*\)/g, ']');
}

const lessons = sidebarSlugs().filter((slug) => slug !== 'index');
const lessonProse = new Map<string, string>();
for (const slug of lessons) lessonProse.set(slug, prose(await readFile(join(ROOT, 'content/docs', slug, 'index.mdx'), 'utf8')));

const finder = (term: Term) => new RegExp(term.match ?? term.ko.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

describe('the term list', () => {
  it('has terms and forbidden spellings (the test would be empty otherwise)', () => {
    expect(list.terms.length).toBeGreaterThan(20);
    expect(list.forbidden.length).toBeGreaterThan(5);
  });

  it('names, for each term, the lesson where a learner first meets it, in the order of the sidebar', () => {
    const wrong = list.terms
      .map((term) => ({ term: term.ko, listed: term.first, actual: lessons.find((slug) => finder(term).test(lessonProse.get(slug) ?? '')) }))
      .filter(({ listed, actual }) => listed !== actual);
    expect(wrong).toEqual([]);
  });

  it('glosses each term with its English name where it first appears: 페이로드(payload), or (전이중, full-duplex)', () => {
    const unglossed = list.terms.flatMap((term) => {
      const text = lessonProse.get(term.first) ?? '';
      const at = finder(term).exec(text);
      if (!at) return [];
      const end = at.index + at[0].length;
      // The gloss follows the term in parentheses, or the term itself stands inside them beside its English name.
      const following = /^(?:\*\*)?\s?\(([^)]*)\)/.exec(text.slice(end, end + 120))?.[1];
      const open = text.lastIndexOf('(', at.index);
      const enclosing = open >= 0 && !text.slice(open, at.index).includes(')') ? text.slice(open + 1, text.indexOf(')', end)) : undefined;
      const gloss = `${following ?? ''} ${enclosing ?? ''}`.toLowerCase();
      return gloss.includes(term.en.toLowerCase()) ? [] : [`${term.first}: …${text.slice(Math.max(0, at.index - 20), end + 30).replace(/\s+/g, ' ')}`];
    });
    expect(unglossed).toEqual([]);
  });
});

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
