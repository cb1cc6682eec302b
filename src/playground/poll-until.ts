/** Calls `find` every 20 ms until it returns something, or resolves null after `timeoutMs`. */
export async function poll<T>(find: () => T | undefined, timeoutMs: number): Promise<T | null> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (performance.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
