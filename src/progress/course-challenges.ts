import { challengesByLesson, type ChallengesByLesson } from './challenges.ts';

/**
 * The course's challenges by lesson, found at build time from the check modules beside the lessons.
 * Used by components only (server side): the keys are read, no module is loaded.
 */
export function courseChallenges(): ChallengesByLesson {
  return challengesByLesson(Object.keys(import.meta.glob('/content/docs/*/checks/*.ts')));
}
