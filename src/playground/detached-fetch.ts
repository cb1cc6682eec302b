/** What holdFetchesOfDetachedFrame touches of the frame's window (the window itself in the frame; a fake in tests). */
export interface FetchScope {
  fetch: (...args: never[]) => Promise<unknown>;
  /** null once the frame is removed from the lesson page (HTML: a window without a navigable has no parent). */
  readonly parent: unknown;
  Response?: { prototype: object };
}

/**
 * Installed in the sandboxed frame before the learner's code (sandbox-document.ts; self-contained, inlined with
 * `Function.prototype.toString`). A `fetch` (or a body read) that settles after the frame was removed never settles
 * for the learner's code: the run is over by then, and in WebKit a module's top-level `await` that resumes in a
 * removed frame spins the lesson page's main thread for ever (WebKitGTK 2.x: ■ 정지 during `await fetch(…)` at the
 * top of an example froze the page; a frame whose module awaits a slow fetch, removed while it is in flight, is the
 * whole repro). Removing a frame aborts its fetches, so without this every stop during a fetch resumed such an await.
 */
export function holdFetchesOfDetachedFrame(scope: FetchScope): void {
  const hold = <T>(settling: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      settling.then(
        (value) => {
          if (scope.parent !== null) resolve(value);
        },
        (reason: unknown) => {
          if (scope.parent !== null) reject(reason);
        },
      );
    });
  const nativeFetch = scope.fetch;
  scope.fetch = (...args: never[]) => hold(nativeFetch.apply(scope, args));
  const prototype = scope.Response?.prototype as Record<string, unknown> | undefined;
  if (prototype === undefined) return;
  // The Response methods that read a body: removing the frame rejects them too.
  for (const name of ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text']) {
    const read = prototype[name];
    if (typeof read !== 'function') continue;
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      return hold((read as (...args: unknown[]) => Promise<unknown>).apply(this, args));
    };
  }
}
