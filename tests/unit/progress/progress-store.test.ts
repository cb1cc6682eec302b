import { describe, expect, it } from 'vitest';
import { loadProgress, markPassed, passedAt, PROGRESS_KEY, resetProgress } from '../../../src/progress/progress-store.ts';

/** An in-memory Storage, as localStorage behaves. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

describe('the learner’s progress in localStorage', () => {
  it('remembers a passed challenge with the time of its first pass, and only that', () => {
    const store = memoryStorage();
    markPassed('heartbeat/half-open', 1000, store);
    markPassed('heartbeat/half-open', 2000, store);
    expect(passedAt('heartbeat/half-open', store)).toBe(1000);
    expect(passedAt('frames/lengths', store)).toBeNull();
    expect(JSON.parse(store.getItem(PROGRESS_KEY) ?? '')).toEqual({ version: 1, passed: { 'heartbeat/half-open': 1000 } });
  });

  it('forgets everything on reset', () => {
    const store = memoryStorage();
    markPassed('heartbeat/half-open', 1000, store);
    resetProgress(store);
    expect(store.getItem(PROGRESS_KEY)).toBeNull();
    expect(loadProgress(store).passed).toEqual({});
  });

  it('reads a stored value it does not understand as no progress (hand-edited, older, not JSON)', () => {
    const store = memoryStorage();
    for (const value of ['not json', '{"version":2,"passed":{}}', '{"version":1,"passed":{"../x":1}}', '{"version":1,"passed":{"a/b":"yesterday"}}', '[]']) {
      store.setItem(PROGRESS_KEY, value);
      expect(loadProgress(store).passed).toEqual({});
    }
    // A challenge passed after that replaces the unreadable value.
    markPassed('a/b', 5, store);
    expect(passedAt('a/b', store)).toBe(5);
  });

  it('works without storage at all (blocked): nothing is remembered, nothing throws', () => {
    expect(() => markPassed('a/b', 1, null)).not.toThrow();
    expect(passedAt('a/b', null)).toBeNull();
    expect(() => resetProgress(null)).not.toThrow();
  });
});
