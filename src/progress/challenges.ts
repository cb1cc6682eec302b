import { CHALLENGE_NAME } from '../challenges/challenge-name.ts';

/**
 * Which 도전 과제 belong to which lesson, from the challenges' names ("<lesson>/<name>": the folder
 * content/docs/<lesson>/challenges/<name>/, the name `<Playground challenge>` takes). Pure, so the
 * mapping is tested without a build.
 */
export type ChallengesByLesson = Record<string, string[]>;

export function challengesByLesson(challengeNames: readonly string[]): ChallengesByLesson {
  const lessons: ChallengesByLesson = {};
  for (const name of challengeNames) {
    const lesson = CHALLENGE_NAME.exec(name)?.[1];
    if (lesson !== undefined) (lessons[lesson] ??= []).push(name);
  }
  for (const names of Object.values(lessons)) names.sort();
  return lessons;
}

/** The lesson slug an href points at (`/heartbeat/`, `/heartbeat`, `/heartbeat/#x` → "heartbeat"), or null. */
export function lessonOfHref(href: string): string | null {
  const match = /^\/([\w-]+)\/?(?:[?#].*)?$/.exec(href);
  return match?.[1] ?? null;
}

/** How far a lesson is: every challenge passed (done), some, or none; null for a lesson without challenges. */
export function lessonProgress(challenges: readonly string[] | undefined, isPassed: (name: string) => boolean): { passed: number; total: number; done: boolean } | null {
  if (!challenges || challenges.length === 0) return null;
  const passed = challenges.filter(isPassed).length;
  return { passed, total: challenges.length, done: passed === challenges.length };
}
