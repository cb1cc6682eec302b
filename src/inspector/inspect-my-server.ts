/**
 * `<inspect-my-server>` (‘내 서버 검사하기’ on /inspector/): the learner types the address of their own
 * WebSocket or Socket.IO server, the playground server connects to it on their behalf (the page's
 * control channel: inspect-connect / inspect-send / inspect-disconnect), and the connection's
 * capture — the handshake as sent and answered, every frame, the Engine.IO session — shows in an
 * inspector below, live. A composer sends text, hex bytes, JSON, ping and close (WebSocket) or
 * events with an optional acknowledgement (Socket.IO).
 */
import { MAX_COMPOSED_BYTES, type InspectServerMessage } from '../../protocol/inspect-messages.ts';
import type { ServerMessage } from '../../protocol/control-messages.ts';
import type { ControlClient } from '../playground/control-client.ts';
import { CaptureStore } from './capture-store.ts';
import { h, uniqueId } from './dom.ts';
import { checkAddress, parseHeaderLines, parseProtocols, type InspectMode } from './inspect-form.ts';
import { tlsList } from './tls-facts.ts';
import './ws-inspector.ts';
import type { WsInspector } from './ws-inspector.ts';

/** The largest file sent as one message: the composer's limit on the server (inspect-messages.ts). */
const MAX_FILE_BYTES = MAX_COMPOSED_BYTES;

/** Addresses whose certificate the learner chose to trust, for this tab only. */
const TRUSTED_KEY = 'ws-noriteo:inspect-trusted';

function trustedAddresses(): Set<string> {
  try {
    return new Set(JSON.parse(sessionStorage.getItem(TRUSTED_KEY) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

function remember(address: string, trusted: boolean): void {
  const all = trustedAddresses();
  if (trusted) all.add(address);
  else all.delete(address);
  try {
    sessionStorage.setItem(TRUSTED_KEY, JSON.stringify([...all]));
  } catch {
    // Private mode: the choice lasts as long as the page.
  }
}

const hostOf = (url: string) => (URL.canParse(url) ? new URL(url).host : url);

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

function labelled<T extends Field>(label: string, field: T, hint?: string): HTMLElement {
  const id = uniqueId('ims-field');
  field.id = id;
  return h('div', { class: 'ims-field' }, h('label', { for: id }, label), field, hint ? h('small', { class: 'ims-hint' }, hint) : null);
}

export class InspectMyServer extends HTMLElement {
  #control: ControlClient | null = null;
  readonly #suffix = `inspect-${crypto.randomUUID().slice(0, 8)}`;
  readonly #store = new CaptureStore();
  #runId: string | null = null;
  #stopListening: (() => void) | null = null;
  #mode: InspectMode = 'websocket';
  #built = false;

  #address!: HTMLInputElement;
  #headers!: HTMLTextAreaElement;
  #protocols!: HTMLInputElement;
  #deflate!: HTMLInputElement;
  #path!: HTMLInputElement;
  #namespace!: HTMLInputElement;
  #trust!: HTMLInputElement;
  #trustRow!: HTMLElement;
  #connect!: HTMLButtonElement;
  #disconnect!: HTMLButtonElement;
  #watchButton!: HTMLButtonElement;
  #status!: HTMLElement;
  /** The refused certificate's TLS facts (an opened connection's are in the inspector's ‘핸드셰이크’ tab). */
  #tls!: HTMLElement;
  #composer!: HTMLFieldSetElement;
  #wsComposer!: HTMLElement;
  #ioComposer!: HTMLElement;
  #kind!: HTMLSelectElement;
  #body!: HTMLTextAreaElement;
  #closeCode!: HTMLInputElement;
  #closeReason!: HTMLInputElement;
  #event!: HTMLInputElement;
  #args!: HTMLTextAreaElement;
  #ack!: HTMLInputElement;
  #ackTimeout!: HTMLInputElement;
  #emitNamespace!: HTMLInputElement;
  #joinNamespace!: HTMLInputElement;
  #replies!: HTMLElement;

  connectedCallback(): void {
    if (this.#built) return;
    this.#built = true;
    this.replaceChildren(this.#buildForm(), this.#buildComposer(), this.#buildInspector());
    this.#setMode('websocket');
    this.#setConnected(false);
  }

  #buildForm(): HTMLElement {
    this.#address = h('input', { type: 'text', inputmode: 'url', spellcheck: 'false', autocomplete: 'off', value: 'ws://localhost:8080', placeholder: 'ws://localhost:8080' });
    const modeName = uniqueId('ims-mode');
    const modes = h(
      'fieldset',
      { class: 'ims-modes' },
      h('legend', null, '서버 종류'),
      ...(['websocket', 'socket.io'] as const).map((mode) => {
        const radio = h('input', { type: 'radio', name: modeName, value: mode, checked: mode === 'websocket' });
        radio.addEventListener('change', () => radio.checked && this.#setMode(mode));
        return h('label', null, radio, mode === 'websocket' ? ' WebSocket' : ' Socket.IO');
      }),
    );
    this.#headers = h('textarea', { rows: 3, spellcheck: 'false', placeholder: 'Authorization: Bearer 토큰\nOrigin: http://localhost:3000' });
    this.#protocols = h('input', { type: 'text', spellcheck: 'false', placeholder: 'chat, v2.json' });
    this.#deflate = h('input', { type: 'checkbox', checked: true });
    this.#path = h('input', { type: 'text', spellcheck: 'false', value: '/socket.io/' });
    this.#namespace = h('input', { type: 'text', spellcheck: 'false', value: '/' });
    this.#trust = h('input', { type: 'checkbox' });
    this.#trust.addEventListener('change', () => remember(hostOf(this.#address.value.trim()), this.#trust.checked));
    this.#address.addEventListener('input', () => this.#showTrust());
    this.#trustRow = h('label', { class: 'ims-trust' }, this.#trust, ' 이 주소의 인증서를 이번만 믿기 (내 컴퓨터의 자체 서명 인증서일 때만 켜세요. 이 탭을 닫으면 잊습니다)');
    this.#connect = h('button', { type: 'submit', class: 'wsi-button' }, '연결');
    this.#disconnect = h('button', { type: 'button', class: 'wsi-button' }, '연결 끊기');
    this.#disconnect.addEventListener('click', () => this.#send({ type: 'inspect-disconnect', runId: this.#runId ?? '' }));
    const watchProxy = h('button', { type: 'button', class: 'wsi-button', title: 'npm run inspect -- --target http://localhost:3000 으로 띄운 프록시를 거치는 연결을 아래 검사기에 보여 줍니다.' }, '프록시 기록 보기');
    watchProxy.addEventListener('click', () => void this.#watchProxy());
    this.#watchButton = watchProxy;
    this.#status = h('p', { class: 'ims-status', role: 'status', 'aria-live': 'polite' });
    this.#tls = h('div', { class: 'ims-tls', hidden: true });
    const form = h(
      'form',
      { class: 'ims-form', 'aria-label': '검사할 서버' },
      labelled('주소', this.#address, 'WebSocket은 ws://·wss://, Socket.IO는 http://·https:// 주소입니다. 기본으로는 이 컴퓨터(localhost)의 서버만 검사할 수 있습니다.'),
      modes,
      h(
        'details',
        { class: 'ims-options' },
        h('summary', null, '핸드셰이크 옵션'),
        labelled('추가 헤더 (한 줄에 하나, 이름: 값)', this.#headers),
        h('div', { class: 'ims-ws-only' }, labelled('하위 프로토콜 (쉼표로 구분)', this.#protocols)),
        h('label', { class: 'ims-check' }, this.#deflate, ' permessage-deflate 압축 제안하기'),
        h('div', { class: 'ims-io-only' }, labelled('Socket.IO 경로', this.#path), labelled('처음 연결할 네임스페이스', this.#namespace)),
      ),
      this.#trustRow,
      h('div', { class: 'ims-row' }, this.#connect, this.#disconnect, this.#watchButton),
      this.#status,
      this.#tls,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#open();
    });
    return form;
  }

  #buildComposer(): HTMLElement {
    this.#kind = h(
      'select',
      null,
      ...[
        ['text', '텍스트'],
        ['binary', '바이너리 (16진수)'],
        ['json', 'JSON'],
        ['ping', 'ping'],
        ['close', '닫기 (close)'],
      ].map(([value, label]) => h('option', { value }, label)),
    );
    this.#body = h('textarea', { rows: 3, spellcheck: 'false', value: '안녕하세요' });
    this.#closeCode = h('input', { type: 'number', min: 1000, max: 4999, value: 1000 });
    this.#closeReason = h('input', { type: 'text', maxlength: 123, value: '' });
    const closeFields = h('div', { class: 'ims-close', hidden: true }, labelled('닫힘 코드', this.#closeCode, '1000–1003, 1007–1011, 3000–4999'), labelled('이유', this.#closeReason, 'UTF-8로 123바이트까지'));
    const bodyField = labelled('내용', this.#body);
    this.#kind.addEventListener('change', () => {
      closeFields.hidden = this.#kind.value !== 'close';
      bodyField.hidden = this.#kind.value === 'close';
    });
    const sendWs = h('button', { type: 'button', class: 'wsi-button' }, '보내기');
    sendWs.addEventListener('click', () => this.#composeWs());
    const file = h('input', { type: 'file' });
    file.addEventListener('change', () => void this.#sendFile(file));
    this.#wsComposer = h(
      'div',
      { class: 'ims-ws-only' },
      labelled('종류', this.#kind),
      bodyField,
      closeFields,
      h('div', { class: 'ims-row' }, sendWs),
      labelled('파일을 바이너리 메시지로 보내기', file, `${MAX_FILE_BYTES / 1024} KiB까지`),
    );

    this.#event = h('input', { type: 'text', spellcheck: 'false', value: 'message' });
    this.#args = h('textarea', { rows: 2, spellcheck: 'false', value: '["안녕하세요"]' });
    this.#ack = h('input', { type: 'checkbox' });
    this.#ackTimeout = h('input', { type: 'number', min: 100, max: 60000, value: 5000 });
    this.#emitNamespace = h('input', { type: 'text', spellcheck: 'false', value: '/' });
    this.#joinNamespace = h('input', { type: 'text', spellcheck: 'false', placeholder: '/admin' });
    const emit = h('button', { type: 'button', class: 'wsi-button' }, 'emit');
    emit.addEventListener('click', () => this.#composeIo());
    const join = h('button', { type: 'button', class: 'wsi-button' }, '네임스페이스 연결');
    join.addEventListener('click', () => {
      const namespace = this.#joinNamespace.value.trim();
      if (!/^\/[\w\-./]*$/.test(namespace)) return this.#say('네임스페이스는 /admin 처럼 /로 시작합니다.');
      this.#send({ type: 'inspect-send', runId: this.#runId ?? '', message: { kind: 'join', namespace } });
    });
    this.#ioComposer = h(
      'div',
      { class: 'ims-io-only' },
      labelled('이벤트 이름', this.#event),
      labelled('인자 (JSON 배열)', this.#args, '바이너리 인자는 {"$hex": "00ff"} 처럼 씁니다.'),
      labelled('네임스페이스', this.#emitNamespace),
      h('label', { class: 'ims-check' }, this.#ack, ' 응답 확인(acknowledgement) 기다리기'),
      labelled('기다릴 시간 (ms)', this.#ackTimeout),
      h('div', { class: 'ims-row' }, emit),
      h('div', { class: 'ims-row' }, labelled('다른 네임스페이스', this.#joinNamespace), join),
    );
    this.#replies = h('ul', { class: 'ims-replies', 'aria-label': '서버의 응답 확인', 'aria-live': 'polite' });
    this.#composer = h('fieldset', { class: 'ims-composer' }, h('legend', null, '보내기'), this.#wsComposer, this.#ioComposer, this.#replies);
    return this.#composer;
  }

  #buildInspector(): HTMLElement {
    const inspector = document.createElement('ws-inspector') as WsInspector;
    inspector.classList.add('not-content');
    inspector.dataset['emptyText'] = '연결하면 놀이터 서버와 여러분 서버 사이의 핸드셰이크와 프레임이 여기에 기록됩니다.';
    inspector.store = this.#store;
    return inspector;
  }

  #setMode(mode: InspectMode): void {
    this.#mode = mode;
    this.dataset['mode'] = mode;
    for (const element of this.querySelectorAll<HTMLElement>('.ims-ws-only')) element.hidden = mode !== 'websocket';
    for (const element of this.querySelectorAll<HTMLElement>('.ims-io-only')) element.hidden = mode !== 'socket.io';
    const value = this.#address.value.trim();
    if (mode === 'socket.io' && /^wss?:\/\//.test(value)) this.#address.value = value.replace(/^ws/, 'http');
    if (mode === 'websocket' && /^https?:\/\//.test(value)) this.#address.value = value.replace(/^http/, 'ws');
    this.#showTrust();
  }

  #showTrust(): void {
    const checked = checkAddress(this.#address.value, this.#mode);
    this.#trustRow.hidden = !('url' in checked && checked.tls);
    this.#trust.checked = 'url' in checked && trustedAddresses().has(hostOf(checked.url));
  }

  #setConnected(connected: boolean): void {
    this.#connect.disabled = connected;
    this.#disconnect.disabled = !connected;
    this.#composer.disabled = !connected;
  }

  #say(text: string): void {
    this.#status.textContent = text;
  }

  async #ensureControl(): Promise<ControlClient> {
    if (!this.#control) {
      const [{ ControlClient }, { CaptureRouter }] = await Promise.all([import('../playground/control-client.ts'), import('../playground/capture-router.ts')]);
      this.#control = ControlClient.shared();
      // The page's one router hands this section the connections tagged with its name, as it does each playground's.
      CaptureRouter.of(this.#control).subscribe(this.#suffix, (update) => this.#store.apply(update));
    }
    await this.#control.connect();
    this.#control.watchCapture(this.#suffix);
    return this.#control;
  }

  async #open(): Promise<void> {
    const address = checkAddress(this.#address.value, this.#mode);
    if ('error' in address) return this.#say(address.error);
    const headers = parseHeaderLines(this.#headers.value);
    if ('error' in headers) return this.#say(headers.error);
    const protocols = parseProtocols(this.#mode === 'websocket' ? this.#protocols.value : '');
    if ('error' in protocols) return this.#say(protocols.error);
    this.#say('연결하는 중…');
    this.#tls.hidden = true;
    this.#connect.disabled = true;
    let control: ControlClient;
    try {
      control = await this.#ensureControl();
    } catch {
      this.#connect.disabled = false;
      return this.#say('놀이터 서버에 연결할 수 없습니다. 잠시 뒤 다시 누르세요.');
    }
    const runId = `inspect-${crypto.randomUUID()}`;
    this.#runId = runId;
    this.#stopListening?.();
    this.#stopListening = control.onRun(runId, (message) => this.#onReply(message));
    control.send({
      type: 'inspect-connect',
      runId,
      capture: this.#suffix,
      url: address.url,
      mode: this.#mode,
      headers: headers.headers,
      protocols: protocols.protocols,
      deflate: this.#deflate.checked,
      ...(this.#mode === 'socket.io' ? { path: this.#path.value.trim() || '/socket.io/', namespace: this.#namespace.value.trim() || '/' } : {}),
      trustCertificate: address.tls && this.#trust.checked,
    });
  }

  /** Shows `npm run inspect`'s proxied connections in this section's inspector, from now on. */
  async #watchProxy(): Promise<void> {
    let control: ControlClient;
    try {
      control = await this.#ensureControl();
    } catch {
      return this.#say('놀이터 서버에 연결할 수 없습니다. 잠시 뒤 다시 누르세요.');
    }
    const runId = `proxy-${crypto.randomUUID()}`;
    const stop = control.onRun(runId, (message) => {
      if (message.type !== 'inspect-proxy') return;
      stop();
      this.#say(
        message.listen === null
          ? '이 놀이터 서버에는 프록시가 없습니다. 터미널에서 npm run inspect -- --target http://localhost:3000 처럼 내 앱의 주소를 주고 시작하세요.'
          : `프록시 ${message.listen} → ${message.target ?? ''}를 거치는 연결을 아래 검사기에 기록합니다. 브라우저에서 ${message.listen}로 앱을 여세요.`,
      );
    });
    control.send({ type: 'inspect-proxy-watch', runId, capture: this.#suffix });
  }

  #onReply(message: ServerMessage): void {
    const reply = message as InspectServerMessage | Extract<ServerMessage, { type: 'error' }>;
    switch (reply.type) {
      case 'inspect-open':
        this.#setConnected(true);
        this.#say(
          reply.mode === 'websocket'
            ? `연결했습니다. 하위 프로토콜: ${reply.protocol || '(없음)'}, 확장: ${reply.extensions || '(없음)'}. 아래 검사기에 핸드셰이크와 프레임이 나타납니다.`
            : `Socket.IO 서버에 연결했습니다(전송 방식: ${reply.transport === 'polling' ? 'HTTP 롱 폴링' : reply.transport}). 아래 검사기의 ‘Socket.IO’ 탭에 Engine.IO 세션과 패킷이 나타납니다.`,
        );
        return;
      case 'inspect-transport':
        this.#say(`전송 방식을 ${reply.transport}(으)로 업그레이드했습니다.`);
        return;
      case 'inspect-namespace':
        this.#say(reply.connected ? `네임스페이스 ${reply.namespace}에 연결했습니다.` : `네임스페이스 ${reply.namespace}에 연결하지 못했습니다: ${reply.message}`);
        return;
      case 'inspect-ack':
        this.#replies.append(h('li', null, reply.timedOut ? `‘${reply.event}’: 기다린 시간 안에 응답 확인이 오지 않았습니다.` : `‘${reply.event}’의 응답 확인: ${reply.args ?? ''}`));
        return;
      case 'inspect-tls':
        // Shown here only while no capture carries them: a refused certificate never gets a byte, so the
        // inspector has no connection to show them with. An opened one shows them beside its handshake.
        if (reply.tls.trusted || this.#trust.checked) return;
        this.#tls.replaceChildren(h('p', { class: 'ims-tls-title' }, '거부한 인증서의 TLS 정보'), tlsList(reply.tls));
        this.#tls.hidden = false;
        return;
      case 'inspect-closed':
        this.#setConnected(false);
        this.#runId = null;
        this.#say(reply.error ? `${reply.error.message} (${reply.error.code})` : `연결이 닫혔습니다${reply.code !== null ? `: 코드 ${reply.code}${reply.reason ? `, 이유 “${reply.reason}”` : ''}` : ''}.`);
        return;
      case 'error':
        this.#say(`${reply.message} (${reply.code})`);
        // A refusal before the connection opened (or the control channel lost) leaves nothing open; a composer's
        // refusal (INSPECT_RATE, INSPECT_BAD_MESSAGE) leaves the connection as it was.
        if (reply.code === 'CONTROL_CLOSED' || this.#disconnect.disabled) {
          this.#setConnected(false);
          this.#runId = null;
        }
        return;
    }
  }

  #composeWs(): void {
    const kind = this.#kind.value;
    const text = this.#body.value;
    const message =
      kind === 'binary'
        ? { kind: 'binary' as const, hex: text }
        : kind === 'json'
          ? { kind: 'json' as const, json: text }
          : kind === 'ping'
            ? { kind: 'ping' as const, text: text.slice(0, 125) }
            : kind === 'close'
              ? { kind: 'close' as const, code: Number(this.#closeCode.value) || 1000, reason: this.#closeReason.value }
              : { kind: 'text' as const, text };
    this.#send({ type: 'inspect-send', runId: this.#runId ?? '', message });
  }

  /** A file's bytes as one binary message (the composer's limit: MAX_COMPOSED_BYTES). */
  async #sendFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (file === undefined) return;
    if (file.size > MAX_FILE_BYTES) return this.#say(`파일이 너무 큽니다(${file.size.toLocaleString('ko-KR')}바이트). ${MAX_FILE_BYTES / 1024} KiB까지 보낼 수 있습니다.`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
    this.#send({ type: 'inspect-send', runId: this.#runId ?? '', message: { kind: 'binary', hex } });
    this.#say(`‘${file.name}’ ${bytes.length.toLocaleString('ko-KR')}바이트를 바이너리 메시지로 보냈습니다.`);
  }

  #composeIo(): void {
    const timeoutMs = Math.min(60_000, Math.max(100, Number(this.#ackTimeout.value) || 5000));
    this.#send({
      type: 'inspect-send',
      runId: this.#runId ?? '',
      message: { kind: 'emit', namespace: this.#emitNamespace.value.trim() || '/', event: this.#event.value, args: this.#args.value.trim() || '[]', ack: this.#ack.checked, timeoutMs },
    });
  }

  #send(message: Parameters<ControlClient['send']>[0]): void {
    if (this.#runId === null || !this.#control) return this.#say('먼저 연결하세요.');
    this.#control.send(message);
  }
}

if (!customElements.get('inspect-my-server')) customElements.define('inspect-my-server', InspectMyServer);
