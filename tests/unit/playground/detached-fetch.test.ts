import { describe, expect, it } from 'vitest';
import { holdFetchesOfDetachedFrame, type FetchScope } from '../../../src/playground/detached-fetch.ts';
import { buildSandboxDocument } from '../../../src/playground/sandbox-document.ts';

/** A promise settled from outside, as the network settles a fetch. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A frame's window as far as the hold sees it: a fetch the test settles, a Response with body readers, a parent. */
function fakeFrame() {
  const pending: Array<ReturnType<typeof deferred<string>>> = [];
  const calls: Array<{ self: unknown; args: unknown[] }> = [];
  class FakeResponse {
    body = deferred<string>();
    text() {
      return this.body.promise;
    }
  }
  const scope = {
    parent: {} as unknown,
    fetch(this: unknown, ...args: unknown[]) {
      calls.push({ self: this, args });
      const next = deferred<string>();
      pending.push(next);
      return next.promise;
    },
    Response: FakeResponse,
  };
  // In the frame the hold arrives as text (Function.prototype.toString), so it is run that way here too.
  new Function('scope', `(${holdFetchesOfDetachedFrame.toString()})(scope);`)(scope as unknown as FetchScope);
  const remove = () => (scope.parent = null);
  return { scope, pending, calls, remove, FakeResponse };
}

/** What a promise did by the time every already-queued job has run. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  let seen = 'pending';
  promise.then(
    (value) => (seen = `resolved ${String(value)}`),
    (reason: unknown) => (seen = `rejected ${String(reason)}`),
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  return seen;
}

describe('holdFetchesOfDetachedFrame', () => {
  it('passes fetches through while the frame is on the page: same arguments, same window, same outcome', async () => {
    const frame = fakeFrame();
    const ok = frame.scope.fetch('/a', { method: 'HEAD' });
    const failed = frame.scope.fetch('/b');
    expect(frame.calls).toEqual([
      { self: frame.scope, args: ['/a', { method: 'HEAD' }] },
      { self: frame.scope, args: ['/b'] },
    ]);
    frame.pending[0]?.resolve('response');
    frame.pending[1]?.reject(new TypeError('Load failed'));
    const [okOutcome, failedOutcome] = await Promise.all([outcome(ok), outcome(failed)]);
    expect(okOutcome).toBe('resolved response');
    expect(failedOutcome).toBe('rejected TypeError: Load failed');
  });

  it('never settles a fetch that the removal of its frame aborts, nor one that answers after it', async () => {
    const frame = fakeFrame();
    const aborted = frame.scope.fetch('/slow');
    const late = frame.scope.fetch('/late');
    frame.remove();
    frame.pending[0]?.reject(new TypeError('Load failed'));
    frame.pending[1]?.resolve('response');
    expect(await outcome(aborted)).toBe('pending');
    expect(await outcome(late)).toBe('pending');
  });

  it('holds body reads the same way', async () => {
    const frame = fakeFrame();
    const before = new frame.FakeResponse();
    const reading = before.text();
    before.body.resolve('본문');
    expect(await outcome(reading)).toBe('resolved 본문');

    const after = new frame.FakeResponse();
    const cut = after.text();
    frame.remove();
    after.body.reject(new TypeError('Load failed'));
    expect(await outcome(cut)).toBe('pending');
  });

  it('is installed in every run before the learner code', () => {
    const { html } = buildSandboxDocument({ runId: 'r1', origin: 'http://localhost:4321', files: { 'main.js': 'await fetch("/x");' } });
    const hold = html.indexOf('holdFetchesOfDetachedFrame');
    expect(hold).toBeGreaterThan(0);
    expect(hold).toBeLessThan(html.indexOf('<script type="module"'));
  });
});
