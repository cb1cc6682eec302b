import { challengeFileOf } from './challenge-name.ts';
import { challengeFromFolder, type Challenge } from './challenge-folder.ts';

/**
 * Every challenge folder of the course, read at build time (server side only: the files come in as
 * strings, the check modules are listed, never loaded here). A new folder is found without wiring.
 */
const FILES = import.meta.glob<string>('/content/docs/*/challenges/*/{start,solution}/**/*', { eager: true, query: '?raw', import: 'default' });
const SETTINGS = import.meta.glob<unknown>('/content/docs/*/challenges/*/playground.json', { eager: true, import: 'default' });
const CHECKS = Object.keys(import.meta.glob('/content/docs/*/challenges/*/check.ts'));

/** The names of every challenge folder that has a check ("<chapter>/<name>"), sorted. */
export function courseChallengeNames(): string[] {
  return CHECKS.flatMap((path) => challengeFileOf(path)?.name ?? []).sort();
}

/** The challenge in content/docs/<chapter>/challenges/<name>/; throws (failing the build) when it is missing or broken. */
export function loadChallenge(name: string): Challenge {
  const files: Record<string, string> = {};
  let settings: unknown;
  for (const [path, content] of Object.entries(FILES)) {
    const file = challengeFileOf(path);
    if (file?.name === name) files[file.file] = content;
  }
  for (const [path, content] of Object.entries(SETTINGS)) if (challengeFileOf(path)?.name === name) settings = content;
  const hasCheck = CHECKS.some((path) => challengeFileOf(path)?.name === name);
  if (!hasCheck && Object.keys(files).length === 0) {
    throw new Error(`도전 과제 ${name}이 없습니다. content/docs/<장>/challenges/<이름>/ 폴더의 "<장>/<이름>"을 적으세요. 있는 도전 과제: ${courseChallengeNames().join(', ')}`);
  }
  return challengeFromFolder(name, files, settings, hasCheck);
}
