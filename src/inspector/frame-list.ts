/**
 * `<wsi-frame-list>`: the frames of one connection, both directions, as a grid that grows while
 * frames arrive. One row is selected; arrow keys, Home/End and PageUp/PageDown move the selection
 * (which follows focus, with one row in the tab order), and a click selects too. Selecting fires
 * `wsi-frame-select` with the frame in `detail`.
 */
import type { Direction } from '../../protocol/wire/constants.ts';
import type { DecodedFrame } from '../../protocol/wire/frame.ts';
import type { InspectedConnection } from './capture-store.ts';
import { h } from './dom.ts';
import { DIRECTION_LABELS, formatBytes, formatMs, frameKindLabel, framePreview, messageOfFrame, messagesByIndex, type MessageEvent } from './labels.ts';

/** A frame as listed: which way it went and when. */
export interface FrameRow {
  /** Its place in the list of both directions, from 1 (the decoder counts each direction apart). */
  number: number;
  frame: DecodedFrame;
  direction: Direction;
  time: number | null;
}

/** The frame selected, and the message it completes (for compressed messages, its inflated data). */
export interface FrameSelection extends FrameRow {
  message: MessageEvent | undefined;
}

const PAGE = 10;

export class WsiFrameList extends HTMLElement {
  #connection: InspectedConnection | null = null;
  #rows: FrameRow[] = [];
  /** Events of the connection already looked at (they only grow). */
  #seen = 0;
  #selected = -1;
  #tbody: HTMLTableSectionElement | null = null;
  #table: HTMLTableElement | null = null;
  #empty: HTMLElement | null = null;

  connectedCallback(): void {
    if (this.#tbody !== null) return;
    this.#tbody = h('tbody');
    this.#table = h(
      'table',
      { class: 'wsi-grid', role: 'grid', 'aria-label': '프레임 목록', 'aria-readonly': 'true', 'aria-rowcount': 1 },
      h('thead', null, h('tr', null, ...['#', '시간', '방향', '종류', '크기', 'FIN', '마스킹', '미리 보기'].map((name) => h('th', { scope: 'col' }, name)))),
      this.#tbody,
    );
    this.#empty = h('p', { class: 'wsi-note' }, '이 연결에는 아직 WebSocket 프레임이 없습니다.');
    this.append(this.#empty, h('div', { class: 'wsi-scroll' }, this.#table));
    this.#tbody.addEventListener('keydown', (event) => this.#onKey(event));
    this.#tbody.addEventListener('click', (event) => {
      const row = (event.target as Element).closest('tr');
      if (row !== null) this.select(Number(row.dataset['index']), true);
    });
    this.#tbody.addEventListener('focusin', (event) => {
      const row = (event.target as Element).closest('tr');
      if (row !== null && Number(row.dataset['index']) !== this.#selected) this.select(Number(row.dataset['index']), false);
    });
    this.#rebuild();
  }

  /** Shows another connection (or none), clearing the selection. */
  set connection(connection: InspectedConnection | null) {
    if (connection === this.#connection) return;
    this.#connection = connection;
    this.#rebuild();
  }

  /** The rows listed so far. */
  get rows(): readonly FrameRow[] {
    return this.#rows;
  }

  get selection(): FrameSelection | null {
    const row = this.#rows[this.#selected];
    if (row === undefined || this.#connection === null) return null;
    return { ...row, message: messageOfFrame(row.frame, row.direction, messagesByIndex(this.#connection.events)) };
  }

  /** Adds rows for frames decoded since the last call. */
  refresh(): void {
    const connection = this.#connection;
    const tbody = this.#tbody;
    if (connection === null || tbody === null) return;
    const events = connection.events;
    if (this.#seen >= events.length) return;
    const messages = messagesByIndex(events);
    const start = this.#rows.length;
    for (let i = this.#seen; i < events.length; i++) {
      const event = events[i];
      if (event?.type === 'frame') this.#rows.push({ number: this.#rows.length + 1, frame: event.frame, direction: event.direction, time: event.time });
    }
    this.#seen = events.length;
    const fragment = document.createDocumentFragment();
    for (let i = start; i < this.#rows.length; i++) {
      const row = this.#rows[i];
      if (row !== undefined) fragment.append(this.#rowElement(row, i, messages));
    }
    tbody.append(fragment);
    if (start === 0 && this.#rows.length > 0) tbody.querySelector('tr')?.setAttribute('tabindex', '0');
    this.#table?.setAttribute('aria-rowcount', String(this.#rows.length + 1));
    if (this.#empty !== null) this.#empty.hidden = this.#rows.length > 0;
  }

  /** Selects row `index` (clamped), scrolls it into view and optionally focuses it. */
  select(index: number, focus: boolean): void {
    const tbody = this.#tbody;
    if (tbody === null || this.#rows.length === 0) return;
    const next = Math.max(0, Math.min(this.#rows.length - 1, index));
    const rows = tbody.rows;
    const previous = rows[this.#selected];
    if (previous !== undefined) {
      previous.setAttribute('aria-selected', 'false');
      previous.tabIndex = -1;
    }
    for (const row of rows) if (row.tabIndex === 0) row.tabIndex = -1;
    const row = rows[next];
    if (row === undefined) return;
    this.#selected = next;
    row.setAttribute('aria-selected', 'true');
    row.tabIndex = 0;
    if (focus) row.focus();
    row.scrollIntoView({ block: 'nearest' });
    this.dispatchEvent(new CustomEvent<FrameSelection | null>('wsi-frame-select', { detail: this.selection, bubbles: true }));
  }

  #rebuild(): void {
    this.#rows = [];
    this.#seen = 0;
    this.#selected = -1;
    this.#tbody?.replaceChildren();
    if (this.#empty !== null) this.#empty.hidden = false;
    this.refresh();
    this.dispatchEvent(new CustomEvent<FrameSelection | null>('wsi-frame-select', { detail: null, bubbles: true }));
  }

  #rowElement(row: FrameRow, index: number, messages: ReadonlyMap<string, MessageEvent>): HTMLTableRowElement {
    const { frame } = row;
    const problems = frame.problems;
    const preview = framePreview(frame, messageOfFrame(frame, row.direction, messages), 40);
    const tr = h(
      'tr',
      { 'data-index': index, 'aria-selected': 'false', tabindex: -1, 'aria-rowindex': index + 2, class: problems.length > 0 ? 'wsi-row-problem' : null, 'data-direction': row.direction },
      h('td', null, row.number),
      h('td', { class: 'wsi-num' }, formatMs(row.time)),
      h('td', null, h('span', { class: 'wsi-dir' }, DIRECTION_LABELS[row.direction])),
      h('td', null, frameKindLabel(frame).replace(' 프레임', ''), frame.compressed && frame.rsv1 ? ' (압축)' : ''),
      h('td', { class: 'wsi-num' }, formatBytes(frame.payloadLength)),
      h('td', null, frame.fin ? '1' : '0'),
      h('td', null, frame.masked ? '예' : '아니요'),
      h(
        'td',
        { class: 'wsi-preview' },
        problems.length > 0 ? h('span', { class: 'wsi-problem-badge' }, `⚠ ${problems.map((problem) => problem.closeCode ?? problem.code).join(', ')}`) : null,
        preview,
      ),
    );
    return tr;
  }

  #onKey(event: KeyboardEvent): void {
    const moves: Record<string, number> = {
      ArrowDown: this.#selected + 1,
      ArrowUp: this.#selected - 1,
      PageDown: this.#selected + PAGE,
      PageUp: this.#selected - PAGE,
      Home: 0,
      End: this.#rows.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    this.select(target, true);
  }
}

if (!customElements.get('wsi-frame-list')) customElements.define('wsi-frame-list', WsiFrameList);
