import { describe, expect, it } from 'vitest';
import { FileState, type EditKeeper } from '../../../src/playground/file-state.ts';
import type { PlaygroundFiles } from '../../../src/playground/files.ts';

/** What localStorage would hold, in memory. */
function keeper(saved: PlaygroundFiles | null = null): EditKeeper & { saved: PlaygroundFiles | null } {
  return {
    saved,
    load(original) {
      return this.saved === null ? null : { ...original, ...Object.fromEntries(Object.entries(this.saved).filter(([name]) => name in original)) };
    },
    save(files) {
      this.saved = { ...files };
    },
    clear() {
      this.saved = null;
    },
  };
}

const original = { 'server.js': 'start server', 'client.js': 'start client' };

describe('a playground’s files', () => {
  it('start as the lesson’s, or as the learner left them (and says so)', () => {
    expect(new FileState(original, keeper()).restored).toBe(false);
    const back = new FileState(original, keeper({ 'client.js': 'edited' }));
    expect(back.restored).toBe(true);
    expect(back.files).toEqual({ 'server.js': 'start server', 'client.js': 'edited' });
    expect(back.changed()).toEqual(['client.js']);
  });

  it('keep an edit once persisted, and forget the kept edits when the learner typed the original back', () => {
    const store = keeper();
    const state = new FileState(original, store);
    state.edit('client.js', 'edited');
    expect(store.saved).toBeNull();
    state.persist();
    expect(store.saved).toEqual({ 'server.js': 'start server', 'client.js': 'edited' });
    state.edit('client.js', 'start client');
    state.persist();
    expect(store.saved).toBeNull();
  });

  it('take a solution’s files over the current ones and keep them, ignoring files the playground does not have', () => {
    const store = keeper();
    const state = new FileState(original, store);
    state.edit('client.js', 'my client');
    expect(state.load({ 'server.js': 'solved', 'extra.js': 'never' })).toEqual({ 'server.js': 'solved' });
    expect(state.files).toEqual({ 'server.js': 'solved', 'client.js': 'my client' });
    expect(store.saved).toEqual(state.files);
  });

  it('show a share link’s files over the originals, in tab order, without keeping them', () => {
    const store = keeper({ 'server.js': 'older edit' });
    const state = new FileState(original, store);
    state.share({ 'client.js': 'shared', 'evil.js': 'never' });
    expect(Object.entries(state.files)).toEqual([
      ['server.js', 'start server'],
      ['client.js', 'shared'],
    ]);
    expect(store.saved).toEqual({ 'server.js': 'older edit' });
  });

  it('reset to the originals and forget the kept edits', () => {
    const store = keeper({ 'client.js': 'edited' });
    const state = new FileState(original, store);
    state.reset();
    expect(state.files).toEqual(original);
    expect(state.changed()).toEqual([]);
    expect(store.saved).toBeNull();
  });

  it('hand out copies, so a caller cannot change them behind the state’s back', () => {
    const state = new FileState(original, keeper());
    state.files['client.js'] = 'changed outside';
    expect(state.get('client.js')).toBe('start client');
  });
});
