import { courseChallengeNames } from '../challenges/course-challenges.ts';
import { challengesByLesson, type ChallengesByLesson } from './challenges.ts';

/** The course's challenges by lesson, found at build time from the challenge folders beside the lessons (server side only). */
export function courseChallenges(): ChallengesByLesson {
  return challengesByLesson(courseChallengeNames());
}
