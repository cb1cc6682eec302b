/**
 * Polls until `check` returns true, or fails with `what` (and `detail()`, what was seen instead) after the timeout.
 * The one wait of the tests: wait for what must happen, never for a fixed time, and let the timeout be generous — it
 * only bounds a failure, a passing test does not wait for it.
 */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000, detail?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}${detail ? `; saw ${detail()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Resolves after `ms`: for tests that must let time pass (a timer under test), never to wait for work to finish. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
