import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { challengeFromFolder } from '../../../src/challenges/challenge-folder.ts';

/**
 * Every challenge folder of the course, read from disk as the build reads it: a folder that would
 * stop the build, or that no lesson shows, fails here in a second (tests/e2e/challenges.spec.ts then
 * runs each one both ways in the browser).
 */
const DOCS = fileURLToPath(new URL('../../../content/docs/', import.meta.url));

const folders = readdirSync(DOCS, { withFileTypes: true })
  .filter((chapter) => chapter.isDirectory() && existsSync(join(DOCS, chapter.name, 'challenges')))
  .flatMap((chapter) =>
    readdirSync(join(DOCS, chapter.name, 'challenges'), { withFileTypes: true })
      .filter((folder) => folder.isDirectory())
      .map((folder) => ({ chapter: chapter.name, name: `${chapter.name}/${folder.name}`, path: join(DOCS, chapter.name, 'challenges', folder.name) })),
  );

function filesOf(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    const path = relative(folder, join(entry.parentPath, entry.name)).replaceAll('\\', '/');
    if (entry.isFile() && /^(start|solution)\//.test(path)) files[path] = readFileSync(join(folder, path), 'utf8');
  }
  return files;
}

describe('the course’s challenge folders', () => {
  it('exist', () => {
    expect(folders.length).toBeGreaterThan(0);
  });

  for (const { chapter, name, path } of folders) {
    it(`${name} is a complete folder that its lesson shows`, () => {
      const settingsFile = join(path, 'playground.json');
      const settings: unknown = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : undefined;
      const challenge = challengeFromFolder(name, filesOf(path), settings, existsSync(join(path, 'check.ts')));
      for (const [file, content] of Object.entries(challenge.solution)) expect(content, `solution/${file} differs from start/${file}`).not.toBe(challenge.files[file]);
      const lesson = readdirSync(join(DOCS, chapter)).filter((file) => /\.mdx?$/.test(file)).map((file) => readFileSync(join(DOCS, chapter, file), 'utf8'));
      expect(lesson.some((text) => text.includes(`challenge="${name}"`)), `content/docs/${chapter}/ has <Playground challenge="${name}" />`).toBe(true);
    });
  }
});
