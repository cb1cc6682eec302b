/**
 * `<ws-inspector>`: what crossed the wire, connection by connection. It renders a `CaptureStore`
 * (its own, or one handed to it through the `store` property) and follows it live: a toolbar
 * (export JSON, copy or download the text log, open a capture file, clear), a connection picker,
 * and three views: 핸드셰이크, 프레임 (list + bit-level detail), Socket.IO (sessions by sid).
 *
 *   const inspector = document.createElement('ws-inspector');
 *   inspector.store = store;        // e.g. fed from the control channel with store.apply(event)
 *   host.append(inspector);
 *
 * Example captures: buttons with `data-capture-url` (and `data-capture-name`) placed inside the
 * element before it connects are moved into its toolbar and load that file when pressed.
 * `data-empty-text` replaces the sentence shown while nothing is recorded, e.g. inside a
 * playground: "▶ 실행을 누르면 이 코드가 연 연결이 여기에 나타납니다."
 */
import { CaptureStore, type InspectedConnection, type StoreChange } from './capture-store.ts';
import { append, h, uniqueId } from './dom.ts';
import { engineIoSessions, sessionOfConnection, type EngineIoSession } from './engine-io-sessions.ts';
import { WsiFrameDetail } from './frame-detail.ts';
import { WsiFrameList, type FrameSelection } from './frame-list.ts';
import { WsiHandshake } from './handshake-view.ts';
import css from './inspector.css?inline';
import { captureGapNote } from './labels.ts';
import { WsiSocketIo } from './socket-io-view.ts';

type View = 'handshake' | 'frames' | 'socket-io';

const VIEWS: ReadonlyArray<{ view: View; label: string }> = [
  { view: 'handshake', label: '핸드셰이크' },
  { view: 'frames', label: '프레임' },
  { view: 'socket-io', label: 'Socket.IO' },
];

let styleInjected = false;

/** One `<style>` per document, added by the first inspector (so lazily loaded inspectors bring their CSS). */
function injectStyle(): void {
  if (styleInjected) return;
  styleInjected = true;
  const style = document.createElement('style');
  style.dataset['wsInspector'] = '';
  style.textContent = css;
  document.head.append(style);
}

/** The 101 comes early: looking for it stops within the first few events. */
function isUpgraded(connection: InspectedConnection): boolean {
  return connection.events.some((event) => event.type === 'websocket-open');
}

function connectionLabel(connection: InspectedConnection): string {
  const { frames, engineIo } = connection.counts;
  const kind = isUpgraded(connection) ? `WebSocket · 프레임 ${frames}개` : engineIo > 0 ? 'HTTP 롱 폴링' : 'HTTP';
  const state = connection.endedAt === null ? ' · 열려 있음' : '';
  return `#${connection.id} ${connection.target} · ${kind}${state}${captureGapNote(connection)}`;
}

function timestamp(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export class WsInspector extends HTMLElement {
  #store: CaptureStore | null = null;
  #unsubscribe: (() => void) | null = null;
  #built = false;
  #selectedId: string | null = null;
  #view: View = 'handshake';
  #renderScheduled = false;
  #sessionSignature = '';

  #status!: HTMLElement;
  #error!: HTMLElement;
  #empty!: HTMLElement;
  #main!: HTMLElement;
  #select!: HTMLSelectElement;
  #tabs = new Map<View, HTMLButtonElement>();
  #panels = new Map<View, HTMLElement>();
  #handshake!: WsiHandshake;
  #frameList!: WsiFrameList;
  #frameDetail!: WsiFrameDetail;
  #socketIo!: WsiSocketIo;
  #actions: HTMLButtonElement[] = [];

  /** The store shown. Setting one shows it at once and follows its changes. */
  get store(): CaptureStore {
    this.#store ??= new CaptureStore();
    return this.#store;
  }

  set store(store: CaptureStore) {
    if (store === this.#store) return;
    this.#unsubscribe?.();
    this.#store = store;
    this.#selectedId = null;
    if (this.isConnected) this.#follow();
  }

  connectedCallback(): void {
    injectStyle();
    if (!this.#built) this.#build();
    this.#follow();
  }

  disconnectedCallback(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /** Opens a capture file's text (from a file input, an example, a paste); shows the Korean error if it is not one. */
  loadCapture(text: string, source: string): boolean {
    if (!this.#built) this.#build();
    const result = this.store.fromCaptureFile(text);
    if (!result.ok) {
      this.#error.textContent = result.error;
      this.#error.hidden = false;
      this.#setStatus('');
      return false;
    }
    this.#error.hidden = true;
    this.#error.textContent = '';
    const dropped = result.dropped > 0 ? ` 연결이 많아 앞의 ${result.dropped}개는 뺐습니다.` : '';
    this.#setStatus(`${source}을(를) 열었습니다: 연결 ${result.connections}개.${dropped}`);
    return true;
  }

  #follow(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = this.store.subscribe((change) => this.#onChange(change));
    this.#selectedId = null;
    this.#scheduleRender();
  }

  #onChange(change: StoreChange): void {
    if (change.type === 'reset' || (change.type === 'evict' && change.id === this.#selectedId)) this.#selectedId = null;
    this.#scheduleRender();
  }

  #scheduleRender(): void {
    if (this.#renderScheduled) return;
    this.#renderScheduled = true;
    requestAnimationFrame(() => {
      this.#renderScheduled = false;
      this.#render();
    });
  }

  #build(): void {
    this.#built = true;
    const examples = [...this.querySelectorAll<HTMLButtonElement>('button[data-capture-url]')];
    this.replaceChildren();

    const fileId = uniqueId('wsi-file');
    const fileInput = h('input', { id: fileId, type: 'file', accept: '.json,application/json', class: 'wsi-file-input' });
    const action = (label: string, title: string, run: () => void | Promise<void>) => {
      const button = h('button', { type: 'button', class: 'wsi-button', title }, label);
      button.addEventListener('click', () => void run());
      this.#actions.push(button);
      return button;
    };
    const toolbar = h(
      'div',
      { class: 'wsi-toolbar' },
      action('JSON 내보내기', '기록을 캡처 파일(JSON)로 내려받습니다. ‘캡처 파일 열기’로 다시 열 수 있습니다.', () => this.#export()),
      action('텍스트 로그 복사', '질문에 붙여 넣을 수 있는 텍스트 로그를 클립보드에 복사합니다.', () => this.#copyLog()),
      action('텍스트 로그 내려받기', '텍스트 로그를 .txt 파일로 내려받습니다.', () => this.#downloadLog()),
      h('label', { class: 'wsi-button wsi-file', for: fileId }, '캡처 파일 열기', fileInput),
      action('지우기', '기록한 연결을 모두 지웁니다.', () => {
        this.store.clear();
        this.#setStatus('기록을 모두 지웠습니다.');
      }),
    );
    fileInput.addEventListener('change', () => void this.#openFile(fileInput));

    const exampleBar = examples.length === 0 ? null : h('div', { class: 'wsi-examples', role: 'group', 'aria-label': '예제 캡처' }, h('span', { class: 'wsi-examples-label' }, '예제 캡처:'));
    for (const button of examples) {
      button.type = 'button';
      button.classList.add('wsi-button');
      button.addEventListener('click', () => void this.#loadExample(button));
      exampleBar?.append(button);
    }

    this.#status = h('p', { class: 'wsi-status', role: 'status', 'aria-live': 'polite' });
    this.#error = h('p', { class: 'wsi-error', role: 'alert', hidden: true });
    const hint = examples.length > 0 ? '예제 캡처를 불러오거나 캡처 파일을 여세요.' : '캡처 파일을 열면 여기에 나타납니다.';
    this.#empty = h('p', { class: 'wsi-empty' }, this.dataset['emptyText'] ?? `아직 기록된 연결이 없습니다. ${hint}`);

    const selectId = uniqueId('wsi-connection');
    this.#select = h('select', { id: selectId, class: 'wsi-select' });
    this.#select.addEventListener('change', () => {
      this.#selectedId = this.#select.value;
      this.#render();
    });

    const tablist = h('div', { class: 'wsi-tabs', role: 'tablist', 'aria-label': '보기' });
    const panels = h('div', { class: 'wsi-panels' });
    this.#handshake = new WsiHandshake();
    this.#frameList = new WsiFrameList();
    this.#frameDetail = new WsiFrameDetail();
    this.#socketIo = new WsiSocketIo();
    this.#frameDetail.show(null);
    this.#frameList.addEventListener('wsi-frame-select', (event) => this.#frameDetail.show((event as CustomEvent<FrameSelection | null>).detail));
    const content: Record<View, HTMLElement[]> = {
      handshake: [this.#handshake],
      frames: [this.#frameList, this.#frameDetail],
      'socket-io': [this.#socketIo],
    };
    for (const [index, { view, label }] of VIEWS.entries()) {
      const tabId = uniqueId('wsi-tab');
      const panelId = uniqueId('wsi-panel');
      const tab = h('button', { type: 'button', role: 'tab', id: tabId, class: 'wsi-tab', 'aria-controls': panelId, 'aria-selected': index === 0 ? 'true' : 'false', tabindex: index === 0 ? 0 : -1 }, label);
      const panel = h('section', { role: 'tabpanel', id: panelId, class: 'wsi-panel', 'aria-labelledby': tabId, hidden: index !== 0 });
      append(panel, content[view]);
      tab.addEventListener('click', () => this.#selectView(view, false));
      tab.addEventListener('keydown', (event) => this.#onTabKey(event, view));
      this.#tabs.set(view, tab);
      this.#panels.set(view, panel);
      tablist.append(tab);
      panels.append(panel);
    }

    this.#main = h(
      'div',
      { class: 'wsi-main' },
      h('div', { class: 'wsi-picker' }, h('label', { for: selectId }, '연결'), this.#select),
      tablist,
      panels,
    );
    this.append(exampleBar ?? '', toolbar, this.#status, this.#error, this.#empty, this.#main);
  }

  #selectView(view: View, focus: boolean): void {
    const changed = view !== this.#view;
    this.#view = view;
    if (changed && view === 'socket-io') this.#scheduleRender();
    for (const [name, tab] of this.#tabs) {
      const selected = name === view;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      const panel = this.#panels.get(name);
      if (panel !== undefined) panel.hidden = !selected;
    }
    if (focus) this.#tabs.get(view)?.focus();
  }

  #onTabKey(event: KeyboardEvent, view: View): void {
    const visible = VIEWS.map(({ view: name }) => name).filter((name) => !(this.#tabs.get(name)?.hidden ?? true));
    const index = visible.indexOf(view);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const target = event.key === 'Home' ? visible[0] : event.key === 'End' ? visible.at(-1) : step !== 0 ? visible[(index + step + visible.length) % visible.length] : undefined;
    if (target === undefined) return;
    event.preventDefault();
    this.#selectView(target, true);
  }

  #render(): void {
    if (!this.#built) return;
    const connections = this.store.connections;
    const empty = connections.length === 0;
    this.#empty.hidden = !empty;
    this.#main.hidden = empty;
    for (const button of this.#actions) button.disabled = empty;

    if (this.#selectedId === null || this.store.get(this.#selectedId) === undefined) {
      this.#selectedId = (connections.find(isUpgraded) ?? connections[0])?.id ?? null;
    }
    const options = connections.map((connection) => h('option', { value: connection.id }, connectionLabel(connection)));
    const labels = options.map((option) => `${option.value}\u0000${option.textContent ?? ''}`).join('\u0001');
    if (this.#select.dataset['labels'] !== labels) {
      this.#select.replaceChildren(...options);
      this.#select.dataset['labels'] = labels;
    }
    if (this.#selectedId !== null) this.#select.value = this.#selectedId;

    const selected = this.#selectedId === null ? null : (this.store.get(this.#selectedId) ?? null);
    this.#handshake.connection = selected;
    this.#handshake.refresh();
    this.#frameList.connection = selected;
    this.#frameList.refresh();

    // Grouping by sid walks every event: do it only while the Socket.IO view is open.
    const engineIo = connections.some((connection) => connection.counts.engineIo > 0);
    const socketTab = this.#tabs.get('socket-io');
    if (socketTab !== undefined) socketTab.hidden = !engineIo;
    if (!engineIo && this.#view === 'socket-io') this.#selectView('handshake', false);
    if (this.#view !== 'socket-io') return;
    const sessions = engineIoSessions(connections);
    const session: EngineIoSession | null = (selected === null ? undefined : sessionOfConnection(sessions, selected.id)) ?? sessions[0] ?? null;
    const signature = session === null ? '' : `${session.sid}:${session.packets.length}:${session.timeline.length}:${session.packets.reduce((n, row) => n + row.socketIo.length, 0)}`;
    if (signature !== this.#sessionSignature) {
      this.#sessionSignature = signature;
      this.#socketIo.show(session);
    }
  }

  #setStatus(text: string): void {
    this.#status.textContent = text;
  }

  #export(): void {
    const file = this.store.toCaptureFile();
    download(`ws-capture-${timestamp(new Date())}.json`, JSON.stringify(file), 'application/json');
    this.#setStatus(`캡처 파일을 내려받았습니다: 연결 ${file.connections.length}개.`);
  }

  async #copyLog(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.store.toTextLog());
      this.#setStatus('텍스트 로그를 클립보드에 복사했습니다. 질문 글에 붙여 넣으세요.');
    } catch {
      this.#setStatus('클립보드에 복사할 수 없습니다. ‘텍스트 로그 내려받기’를 쓰세요.');
    }
  }

  #downloadLog(): void {
    download(`ws-capture-${timestamp(new Date())}.txt`, this.store.toTextLog(), 'text/plain;charset=utf-8');
    this.#setStatus('텍스트 로그를 내려받았습니다.');
  }

  async #openFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (file === undefined) return;
    try {
      this.loadCapture(await file.text(), `‘${file.name}’`);
    } catch {
      this.#error.textContent = '캡처 파일을 열 수 없습니다. 파일을 읽지 못했습니다.';
      this.#error.hidden = false;
    }
    // The same file can be chosen again (e.g. after fixing it).
    input.value = '';
  }

  async #loadExample(button: HTMLButtonElement): Promise<void> {
    const url = button.dataset['captureUrl'] ?? '';
    const name = button.dataset['captureName'] ?? button.textContent ?? '';
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(String(response.status));
      this.loadCapture(await response.text(), `예제 ‘${name}’`);
    } catch {
      this.#error.textContent = `예제 ‘${name}’를 불러오지 못했습니다. 네트워크 연결을 확인하세요.`;
      this.#error.hidden = false;
    }
  }
}

if (!customElements.get('ws-inspector')) customElements.define('ws-inspector', WsInspector);
