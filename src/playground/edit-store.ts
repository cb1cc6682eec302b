import type { PlaygroundFiles } from './files.ts';

/**
 * A learner's edits, kept per page and playground in localStorage until Reset. Storage may be
 * missing or full (private windows, quotas): every call degrades to "nothing saved".
 */
export class EditStore {
  readonly #key: string;

  constructor(pathname: string, playgroundId: string) {
    this.#key = `ws-noriteo:v1:${pathname}:${playgroundId}`;
  }

  load(original: PlaygroundFiles): PlaygroundFiles | null {
    try {
      const raw = localStorage.getItem(this.#key);
      if (raw === null) return null;
      const saved = JSON.parse(raw) as unknown;
      if (typeof saved !== 'object' || saved === null) return null;
      // Only files the example still has, so a renamed example file does not resurrect.
      const restored: PlaygroundFiles = { ...original };
      for (const name of Object.keys(original)) {
        const content = (saved as Record<string, unknown>)[name];
        if (typeof content === 'string') restored[name] = content;
      }
      return restored;
    } catch {
      return null;
    }
  }

  save(files: PlaygroundFiles): void {
    try {
      localStorage.setItem(this.#key, JSON.stringify(files));
    } catch {
      // Quota or disabled storage: edits live only in the page.
    }
  }

  clear(): void {
    try {
      localStorage.removeItem(this.#key);
    } catch {
      // Nothing to clear.
    }
  }
}
