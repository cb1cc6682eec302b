import * as z from 'zod/mini';

/**
 * The learner's progress: which 도전 과제 they have passed, and when. It lives in this browser's
 * localStorage only (nothing is sent anywhere). What is stored is read back through a schema, as
 * any input: a hand-edited or older value counts as no progress rather than breaking the page.
 */
export const PROGRESS_KEY = 'ws-noriteo:progress';
/** Fired on window when this page changes the progress (other tabs get the `storage` event). */
export const PROGRESS_EVENT = 'ws-noriteo:progress';

const progressSchema = z.object({
  version: z.literal(1),
  /** Check name ("<lesson>/<name>") → when it was first passed (ms since the epoch). */
  passed: z.record(z.string().check(z.regex(/^[\w-]+\/[\w-]+$/)), z.number()),
});
export type Progress = z.infer<typeof progressSchema>;

const empty = (): Progress => ({ version: 1, passed: {} });

/** localStorage, or null where it cannot be used (blocked, or a sandboxed frame). */
function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function loadProgress(store: Storage | null = storage()): Progress {
  try {
    const raw = store?.getItem(PROGRESS_KEY);
    if (!raw) return empty();
    const parsed = progressSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : empty();
  } catch {
    return empty();
  }
}

function save(progress: Progress, store: Storage | null): void {
  try {
    store?.setItem(PROGRESS_KEY, JSON.stringify(progress));
  } catch {
    // Full or blocked storage: the pass still shows on this page, it just is not remembered.
  }
  globalThis.dispatchEvent?.(new Event(PROGRESS_EVENT));
}

/** Remembers that `check` passed (the first time counts; a later pass keeps the date). */
export function markPassed(check: string, now = Date.now(), store: Storage | null = storage()): void {
  const progress = loadProgress(store);
  if (progress.passed[check] !== undefined) return;
  progress.passed[check] = now;
  save(progress, store);
}

/** When `check` was first passed, or null. */
export function passedAt(check: string, store: Storage | null = storage()): number | null {
  return loadProgress(store).passed[check] ?? null;
}

/** Forgets every passed challenge. */
export function resetProgress(store: Storage | null = storage()): void {
  try {
    store?.removeItem(PROGRESS_KEY);
  } catch {
    // Blocked storage held nothing.
  }
  globalThis.dispatchEvent?.(new Event(PROGRESS_EVENT));
}
