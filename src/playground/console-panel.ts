import type { ConsoleLevel } from './messages.ts';

/** Lines kept in the panel; older ones are dropped so a long run cannot grow the page forever. */
const MAX_LINES = 1000;
const FRAME_MS = 16;
/** Lines drawn as they come within one frame's time; more wait for the next frame, drawn together. */
const AT_ONCE_PER_FRAME = 3;
/** How far back a late line may be placed (lines from the two sides rarely cross by more). */
const SORT_WINDOW = 50;

export type LineKind = ConsoleLevel | 'system' | 'notice';

export interface ConsoleLine {
  kind: LineKind;
  text: string;
  time: number;
  /** Which program printed it, when a run has both a server and a browser side. */
  side?: 'server' | 'client';
}

const LABELS: Partial<Record<LineKind, string>> = { warn: '경고', error: '오류', system: '놀이터', notice: '안내' };

function clock(time: number): string {
  const date = new Date(time);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/**
 * The console panel (role="log"): each line timestamped and written as text, never as HTML.
 * Lines arriving in a burst are drawn together on the next animation frame, so a flood of output
 * costs one layout per frame, not one per line.
 */
export class ConsolePanel {
  readonly #element: HTMLElement;
  #pending: ConsoleLine[] = [];
  #scheduled = false;
  /** When the current frame's time began, and how many lines were drawn at once in it. */
  #windowStart = -Infinity;
  #drawnAtOnce = 0;
  /** The learner has not scrolled up from the newest line: new lines keep it in view. */
  #stuck = true;
  #scrollScheduled = false;
  #lastTop = 0;

  constructor(element: HTMLElement) {
    this.#element = element;
    // Read where the learner scrolled to when they scroll, not when a line arrives: reading
    // layout right after adding rows forces the browser to lay out the page there and then.
    element.addEventListener('scroll', () => this.#onScroll(), { passive: true });
  }

  /**
   * At the bottom: follow. Moved up and away from it: the learner scrolled up, stay. Moved down
   * but not to the bottom: our own scroll, overtaken by lines that came since; keep following.
   */
  #onScroll(): void {
    const element = this.#element;
    const top = element.scrollTop;
    if (element.scrollHeight - top - element.clientHeight < 24) this.#stuck = true;
    else if (top < this.#lastTop) this.#stuck = false;
    this.#lastTop = top;
  }

  append(line: ConsoleLine): void {
    this.#pending.push(line);
    if (this.#pending.length > MAX_LINES) this.#pending.splice(0, this.#pending.length - MAX_LINES);
    if (this.#scheduled) return;
    // The first few lines of a frame's time are drawn at once (Run → first output is what learners
    // feel, and a run's first line often comes within a frame of 실행합니다.); lines that keep
    // coming are drawn together once per frame.
    const now = performance.now();
    if (now - this.#windowStart > FRAME_MS) {
      this.#windowStart = now;
      this.#drawnAtOnce = 0;
    }
    if (this.#drawnAtOnce < AT_ONCE_PER_FRAME) {
      this.#drawnAtOnce += 1;
      this.#flush();
      return;
    }
    this.#scheduled = true;
    requestAnimationFrame(() => this.#flush());
  }

  clear(): void {
    this.#pending = [];
    this.#element.replaceChildren();
    this.#stuck = true;
  }

  #flush(): void {
    this.#scheduled = false;
    const fragment = document.createDocumentFragment();
    for (const line of this.#pending) fragment.append(this.#render(line));
    this.#pending = [];
    for (const row of [...fragment.children] as HTMLElement[]) this.#place(row);
    const excess = this.#element.childElementCount - MAX_LINES;
    for (let i = 0; i < excess; i++) this.#element.firstElementChild?.remove();
    if (this.#stuck && !this.#scrollScheduled) {
      // Scrolled in the next frame, when the page is laid out anyway (before it is painted).
      this.#scrollScheduled = true;
      requestAnimationFrame(() => {
        this.#scrollScheduled = false;
        if (this.#stuck) this.#element.scrollTop = this.#element.scrollHeight;
      });
    }
  }

  /**
   * Server and browser lines travel different ways (control channel, postMessage), so a line can
   * arrive after a later one. Rows are kept in timestamp order (both clocks are this machine's when
   * the playground runs locally); equal times keep their arrival order.
   */
  #place(row: HTMLElement): void {
    const time = Number(row.dataset['time']);
    let before: Element | null = null;
    let scanned = 0;
    for (let other = this.#element.lastElementChild; other && scanned < SORT_WINDOW; other = other.previousElementSibling, scanned++) {
      if (Number((other as HTMLElement).dataset['time']) <= time) break;
      before = other;
    }
    this.#element.insertBefore(row, before);
  }

  #render(line: ConsoleLine): HTMLElement {
    const row = document.createElement('div');
    row.dataset['time'] = String(line.time);
    row.className = `pg-line pg-line-${line.kind}`;
    const time = document.createElement('time');
    time.dateTime = new Date(line.time).toISOString();
    time.textContent = clock(line.time);
    row.append(time);
    if (line.side) {
      const side = document.createElement('span');
      side.className = `pg-side pg-side-${line.side}`;
      side.textContent = line.side === 'server' ? '서버' : '클라이언트';
      row.append(side);
    }
    const label = LABELS[line.kind];
    if (label) {
      const badge = document.createElement('span');
      badge.className = 'pg-badge';
      badge.textContent = label;
      row.append(badge);
    }
    const text = document.createElement('span');
    text.className = 'pg-text';
    text.textContent = line.text;
    row.append(text);
    return row;
  }
}
