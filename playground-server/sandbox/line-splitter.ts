import { StringDecoder } from 'node:string_decoder';

/** Appended to a line that was longer than the limit. */
export const CUT_NOTICE = ' … (줄이 너무 길어 나머지를 생략했습니다)';

/**
 * Turns a byte stream into text lines: UTF-8 characters split across chunks stay whole (Korean
 * console output arrives intact), "\r\n" and "\n" both end a line, and a line longer than
 * `maxLength` characters is cut once with a notice and its rest dropped up to the next newline.
 */
export class LineSplitter {
  readonly #decoder = new StringDecoder('utf8');
  readonly #maxLength: number;
  readonly #onLine: (text: string) => void;
  #partial = '';
  /** The current line was already cut; drop text until its newline. */
  #dropping = false;

  /** What a line may begin with that is not counted as its text (the sandbox's time stamp, output-stamp.ts). */
  readonly #uncounted: RegExp | null;

  constructor(maxLength: number, onLine: (text: string) => void, uncounted: RegExp | null = null) {
    this.#maxLength = maxLength;
    this.#onLine = onLine;
    this.#uncounted = uncounted;
  }

  /** How many characters of `line` may be kept: the limit, plus what it begins with that does not count. */
  #room(line: string): number {
    return this.#maxLength + (this.#uncounted?.exec(line)?.[0].length ?? 0);
  }

  push(chunk: Buffer): void {
    this.#take(this.#decoder.write(chunk));
  }

  /** Flushes the last line when it had no newline. */
  end(): void {
    this.#take(this.#decoder.end());
    if (this.#partial !== '' && !this.#dropping) this.#onLine(this.#partial);
    this.#partial = '';
    this.#dropping = false;
  }

  #take(text: string): void {
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      const piece = text.slice(start, newline);
      start = newline + 1;
      if (this.#dropping) {
        this.#dropping = false;
        this.#partial = '';
        continue;
      }
      const line = (this.#partial + piece).replace(/\r$/, '');
      this.#partial = '';
      const room = this.#room(line);
      if (line.length > room) this.#onLine(line.slice(0, room) + CUT_NOTICE);
      else this.#onLine(line);
    }
    if (this.#dropping) return;
    this.#partial += text.slice(start);
    const room = this.#room(this.#partial);
    if (this.#partial.length > room) {
      this.#onLine(this.#partial.slice(0, room) + CUT_NOTICE);
      this.#partial = '';
      this.#dropping = true;
    }
  }
}
