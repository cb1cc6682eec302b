import { changedFiles, type PlaygroundFiles } from './files.ts';

/** Where a learner's edits are kept between visits (EditStore: localStorage). */
export interface EditKeeper {
  load(original: PlaygroundFiles): PlaygroundFiles | null;
  save(files: PlaygroundFiles): void;
  clear(): void;
}

/**
 * A playground's files: the lesson's originals and the learner's current ones, kept between
 * visits while they differ. Other files never come in: a solution, a share link or saved edits
 * only replace files the playground has. No DOM, so the rules are tested alone.
 */
export class FileState {
  readonly original: Readonly<PlaygroundFiles>;
  readonly #keeper: EditKeeper;
  #files: PlaygroundFiles;
  /** The files came from an earlier visit's edits. */
  readonly restored: boolean;

  constructor(original: PlaygroundFiles, keeper: EditKeeper) {
    this.original = { ...original };
    this.#keeper = keeper;
    this.#files = keeper.load(this.original) ?? { ...this.original };
    this.restored = this.changed().length > 0;
  }

  /** The current files, in tab order (a copy). */
  get files(): PlaygroundFiles {
    return { ...this.#files };
  }

  get(name: string): string {
    return this.#files[name] ?? '';
  }

  /** Names of the files that differ from the originals. */
  changed(): string[] {
    return changedFiles(this.#files, this.original);
  }

  /** A keystroke's result; kept by `persist`, which the caller calls once typing pauses. */
  edit(name: string, value: string): void {
    this.#files[name] = value;
  }

  /** Keeps the edits, or forgets them once the files are the originals again. */
  persist(): void {
    if (this.changed().length === 0) this.#keeper.clear();
    else this.#keeper.save(this.#files);
  }

  /** Loads some files over the current ones (a solution) and keeps them; returns those it took. */
  load(files: Readonly<PlaygroundFiles>): PlaygroundFiles {
    const taken = this.#known(files);
    Object.assign(this.#files, taken);
    this.#keeper.save(this.#files);
    return taken;
  }

  /** The originals with a shared link's files over them (not kept until the learner edits). */
  share(files: Readonly<PlaygroundFiles>): void {
    this.#files = { ...this.original, ...this.#known(files) };
  }

  /** Back to the originals; the kept edits are forgotten. */
  reset(): void {
    this.#files = { ...this.original };
    this.#keeper.clear();
  }

  #known(files: Readonly<PlaygroundFiles>): PlaygroundFiles {
    return Object.fromEntries(Object.keys(this.original).flatMap((name) => (files[name] === undefined ? [] : [[name, files[name]]])));
  }
}
