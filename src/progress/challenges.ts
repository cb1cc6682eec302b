/**
 * Which 도전 과제 belong to which lesson, from the paths of the check modules
 * (`/content/docs/<lesson>/checks/<name>.ts` → lesson "<lesson>", check "<lesson>/<name>", the name a
 * `<Playground check>` uses). Pure, so the mapping is tested without a build.
 */
export type ChallengesByLesson = Record<string, string[]>;

const CHECK_PATH = /\/content\/docs\/([\w-]+)\/checks\/([\w-]+)\.ts$/;

export function challengesByLesson(checkModulePaths: readonly string[]): ChallengesByLesson {
  const lessons: ChallengesByLesson = {};
  for (const path of checkModulePaths) {
    const match = CHECK_PATH.exec(path);
    if (!match) continue;
    const [, lesson = '', name = ''] = match;
    (lessons[lesson] ??= []).push(`${lesson}/${name}`);
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
