import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The folders whose files are named for what they hold. content/ is left out: a challenge folder repeats start/,
 * solution/ and check.ts by convention (TutorialKit's), and a lesson's examples are named by the lesson.
 */
const FOLDERS = ['src', 'protocol', 'playground-server', 'scripts', 'bench', 'tests'];
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs|astro|css)$/;

/** Names that two files may share, each with the reason: the same job done in two places, not two jobs. */
const SHARED: Record<string, string> = {
  'course-facts.test.ts': 'both protect sentences of the lessons: the unit one from the recorded captures and the config, the integration one from the running ws and socket.io',
};

async function sourceFiles(): Promise<string[]> {
  const found: string[] = [];
  for (const folder of FOLDERS) {
    const entries = await readdir(join(ROOT, folder), { recursive: true });
    for (const entry of entries) if (SOURCE.test(entry) && !entry.split('/').includes('node_modules')) found.push(join(folder, entry));
  }
  return found;
}

/** Every file name that more than one file has, with those files. */
function sharedNames(files: readonly string[]): Record<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const file of files) byName.set(basename(file), [...(byName.get(basename(file)) ?? []), file]);
  return Object.fromEntries([...byName].filter(([, paths]) => paths.length > 1).map(([name, paths]) => [name, paths.sort()]));
}

/**
 * A file's name says its job, so a name found twice is two jobs under one name (two control-channel.ts, two
 * handshake.ts) unless the job really is the same. A new pair either gets a name for what it holds, or its
 * reason here.
 */
describe('names', () => {
  it('no two source files share a name, except the listed pairs that do one job', async () => {
    const files = await sourceFiles();
    expect(files.length).toBeGreaterThan(300);
    const shared = sharedNames(files);
    expect(Object.keys(shared).filter((name) => !(name in SHARED)).map((name) => `${name}: ${shared[name]!.join(', ')}`)).toEqual([]);
  });

  it('every listed pair still exists (a stale entry would let the next pair in silently)', async () => {
    const shared = sharedNames(await sourceFiles());
    expect(Object.keys(SHARED).filter((name) => !(name in shared))).toEqual([]);
  });

  it('finds a shared name wherever the two files are', () => {
    expect(sharedNames(['src/a/handshake.ts', 'protocol/wire/handshake.ts', 'src/b.ts'])).toEqual({ 'handshake.ts': ['protocol/wire/handshake.ts', 'src/a/handshake.ts'] });
  });
});
