import { describe, expect, it } from 'vitest';
import { challengesByLesson, lessonOfHref, lessonProgress } from '../../../src/progress/challenges.ts';

describe('challenges by lesson', () => {
  it('groups check modules by the lesson folder they sit in, named as <Playground check> names them', () => {
    expect(
      challengesByLesson([
        '/content/docs/heartbeat/checks/half-open.ts',
        '/content/docs/frames/checks/lengths.ts',
        '/content/docs/frames/checks/close.ts',
        '/content/docs/frames/examples/not-a-check.ts',
      ]),
    ).toEqual({ heartbeat: ['heartbeat/half-open'], frames: ['frames/close', 'frames/lengths'] });
  });

  it('reads the lesson from a link to it, whatever its trailing slash, query or fragment', () => {
    expect(lessonOfHref('/heartbeat/')).toBe('heartbeat');
    expect(lessonOfHref('/heartbeat')).toBe('heartbeat');
    expect(lessonOfHref('/heartbeat/#간격-정하기')).toBe('heartbeat');
    expect(lessonOfHref('/')).toBeNull();
    expect(lessonOfHref('https://socket.io/docs/v4/')).toBeNull();
    expect(lessonOfHref('/a/b/')).toBeNull();
  });

  it('calls a lesson done only when every one of its challenges passed; a lesson without challenges has no progress', () => {
    const passed = new Set(['frames/close']);
    expect(lessonProgress(['frames/close', 'frames/lengths'], (name) => passed.has(name))).toEqual({ passed: 1, total: 2, done: false });
    passed.add('frames/lengths');
    expect(lessonProgress(['frames/close', 'frames/lengths'], (name) => passed.has(name))).toEqual({ passed: 2, total: 2, done: true });
    expect(lessonProgress(undefined, () => true)).toBeNull();
    expect(lessonProgress([], () => true)).toBeNull();
  });
});
