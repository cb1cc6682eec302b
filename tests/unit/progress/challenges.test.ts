import { describe, expect, it } from 'vitest';
import { challengesByLesson, lessonOfHref, lessonProgress } from '../../../src/progress/challenges.ts';

describe('challenges by lesson', () => {
  it('groups challenges by the lesson their folder sits in, each by its name, and skips a malformed name', () => {
    expect(
      challengesByLesson([
        'heartbeat/half-open',
        'frames/lengths',
        'frames/close',
        'frames/lengths/start',
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
