import { lessonOfHref, lessonProgress, type ChallengesByLesson } from './challenges.ts';
import { loadProgress, PROGRESS_EVENT, PROGRESS_KEY, resetProgress } from './progress-store.ts';

/** Links that name lessons: the sidebar's and the course map's on the home page. */
const LESSON_LINKS = 'nav.sidebar a[href], [data-course-map] a[href]';
const MARK_CLASS = 'pg-progress-mark';

/**
 * `<ws-progress data-challenges='{"<lesson>":["<lesson>/<name>"]}'>`: marks every lesson link on the
 * page by the learner's progress, in text (‘✓ 완료’, or ‘1/2’ for a lesson partly done), so a
 * screen reader hears it as part of the link's name and it does not rest on colour. It follows
 * changes made on this page and in other tabs.
 */
export class WsProgress extends HTMLElement {
  #challenges: ChallengesByLesson = {};
  readonly #update = () => this.mark();
  readonly #storage = (event: StorageEvent) => {
    if (event.key === PROGRESS_KEY || event.key === null) this.mark();
  };

  connectedCallback(): void {
    try {
      this.#challenges = JSON.parse(this.dataset['challenges'] ?? '{}') as ChallengesByLesson;
    } catch {
      this.#challenges = {};
    }
    addEventListener(PROGRESS_EVENT, this.#update);
    addEventListener('storage', this.#storage);
    this.mark();
  }

  disconnectedCallback(): void {
    removeEventListener(PROGRESS_EVENT, this.#update);
    removeEventListener('storage', this.#storage);
  }

  mark(): void {
    const { passed } = loadProgress();
    for (const link of document.querySelectorAll<HTMLAnchorElement>(LESSON_LINKS)) {
      link.querySelector(`:scope > .${MARK_CLASS}`)?.remove();
      const lesson = lessonOfHref(link.getAttribute('href') ?? '');
      const progress = lesson === null ? null : lessonProgress(this.#challenges[lesson], (name) => passed[name] !== undefined);
      if (progress === null || progress.passed === 0) continue;
      const mark = document.createElement('span');
      mark.className = MARK_CLASS;
      mark.dataset['state'] = progress.done ? 'done' : 'partial';
      const tick = document.createElement('span');
      tick.setAttribute('aria-hidden', 'true');
      tick.textContent = '✓ ';
      mark.append(tick, progress.done ? (progress.total === 1 ? '완료' : `완료 (도전 과제 ${progress.total}개)`) : `도전 과제 ${progress.total}개 중 ${progress.passed}개`);
      // A space of its own before the mark, so the link's accessible name reads "제목 완료", not "제목완료".
      const gap = document.createElement('span');
      gap.className = 'sr-only';
      gap.textContent = ' ';
      mark.prepend(gap);
      link.append(mark);
    }
  }
}

/**
 * `<ws-progress-reset>`: how many challenges this browser remembers as passed, and a button that
 * forgets them all. The count is a live status, so the reset is announced.
 */
export class WsProgressReset extends HTMLElement {
  readonly #update = () => this.#render();

  connectedCallback(): void {
    this.querySelector('button')?.addEventListener('click', () => {
      resetProgress();
      this.#say('진행 상황을 지웠습니다. 해결한 도전 과제가 없습니다.');
    });
    addEventListener(PROGRESS_EVENT, this.#update);
    addEventListener('storage', this.#update);
    this.#render();
  }

  disconnectedCallback(): void {
    removeEventListener(PROGRESS_EVENT, this.#update);
    removeEventListener('storage', this.#update);
  }

  #render(): void {
    const count = Object.keys(loadProgress().passed).length;
    this.#say(count === 0 ? '아직 해결한 도전 과제가 없습니다.' : `해결한 도전 과제: ${count}개`);
  }

  #say(text: string): void {
    const status = this.querySelector('[role="status"]');
    if (status) status.textContent = text;
  }
}

if (!customElements.get('ws-progress')) customElements.define('ws-progress', WsProgress);
if (!customElements.get('ws-progress-reset')) customElements.define('ws-progress-reset', WsProgressReset);
