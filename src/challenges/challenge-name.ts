/**
 * Where a 도전 과제 lives and what it is called. A challenge is a folder beside its lesson,
 * `content/docs/<chapter>/challenges/<name>/`, and its name is "<chapter>/<name>": the check it runs,
 * the key of the learner's progress and what `<Playground challenge>` takes. Pure and free of
 * imports, so the browser (loading the check), the build (loading the files) and the tests share it.
 */

/** "<chapter>/<name>", each part a folder name of letters, digits, `_` and `-`. */
export const CHALLENGE_NAME = /^([\w-]+)\/([\w-]+)$/;

/** The folder of a challenge, from the project root (as Vite's import.meta.glob keys are). */
export function challengeFolderPath(name: string): string | null {
  const match = CHALLENGE_NAME.exec(name);
  return match ? `/content/docs/${match[1]}/challenges/${match[2]}` : null;
}

/** The check module of a challenge, or null when the name is malformed. */
export function checkModulePath(name: string): string | null {
  const folder = challengeFolderPath(name);
  return folder === null ? null : `${folder}/check.ts`;
}

/** A file inside a challenge folder: which challenge, and its path inside the folder ("start/server.js", "check.ts"). */
export interface ChallengeFile {
  name: string;
  chapter: string;
  file: string;
}

const FILE_PATH = /\/content\/docs\/([\w-]+)\/challenges\/([\w-]+)\/(.+)$/;

/** Reads a path inside a challenge folder (absolute, root-relative or relative), or null for any other path. */
export function challengeFileOf(path: string): ChallengeFile | null {
  const match = FILE_PATH.exec(path.replaceAll('\\', '/'));
  if (!match) return null;
  const [, chapter = '', folder = '', file = ''] = match;
  return { name: `${chapter}/${folder}`, chapter, file };
}
