import { describe, expect, it } from 'vitest';
import { checkSummary } from '../../../src/playground/challenge-part.ts';

describe('a check’s summary', () => {
  it('calls the challenge solved only when every result passed', () => {
    expect(checkSummary([{ ok: true, text: 'a' }, { ok: true, text: 'b' }])).toEqual({ passed: true, text: '도전 과제를 해결했습니다! 🎉' });
    expect(checkSummary([{ ok: true, text: 'a' }, { ok: false, text: 'b' }, { ok: false, text: 'c' }])).toEqual({ passed: false, text: '2가지가 아직 통과하지 못했습니다.' });
  });

  it('never calls a check without results solved', () => {
    expect(checkSummary([]).passed).toBe(false);
  });
});
