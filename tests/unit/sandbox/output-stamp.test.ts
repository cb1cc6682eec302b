import { describe, expect, it } from 'vitest';
import { unstampLine } from '../../../playground-server/sandbox/output-stamp.ts';

describe('unstampLine: a learner line and the time the program wrote it', () => {
  const startedAt = 1_000_000;
  const readAt = 1_005_000;

  it('takes the stamp off and keeps its time', () => {
    expect(unstampLine('\0' + '1002500' + '\0서버가 8080 포트에서 기다립니다', startedAt, readAt)).toEqual({ text: '서버가 8080 포트에서 기다립니다', time: 1_002_500 });
  });

  it('keeps the read time for a line without a stamp (Node\'s own report of an uncaught error)', () => {
    expect(unstampLine('TypeError: x is not a function', startedAt, readAt)).toEqual({ text: 'TypeError: x is not a function', time: readAt });
    expect(unstampLine('', startedAt, readAt)).toEqual({ text: '', time: readAt });
  });

  it('believes a stamp only between the start and the read: the program may write anything', () => {
    expect(unstampLine('\0' + '9999999999999' + '\0미래', startedAt, readAt).time).toBe(readAt);
    expect(unstampLine('\0' + '1' + '\0과거', startedAt, readAt).time).toBe(startedAt);
    expect(unstampLine('\0' + '12345678901234567' + '\0너무 긴 숫자', startedAt, readAt)).toEqual({ text: '\0' + '12345678901234567' + '\0너무 긴 숫자', time: readAt });
    expect(unstampLine('\0abc\0', startedAt, readAt)).toEqual({ text: '\0abc\0', time: readAt });
  });

  it('takes off only the stamp at the start of the line', () => {
    expect(unstampLine('\0' + '1001000' + '\0a \0' + '1002000' + '\0b', startedAt, readAt)).toEqual({ text: 'a \0' + '1002000' + '\0b', time: 1_001_000 });
  });
});
