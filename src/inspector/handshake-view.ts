/**
 * `<wsi-handshake>`: the upgrade request and the 101 answer exactly as sent, each line explained on
 * hover and on keyboard focus, and Sec-WebSocket-Accept recomputed step by step (RFC 6455 §4.2.2),
 * with a field where the learner can try a key of their own.
 */
import { acceptSteps, type AcceptSteps } from '../../protocol/wire/accept.ts';
import type { HttpHead } from '../../protocol/wire/http-head.ts';
import type { InspectedConnection } from './capture-store.ts';
import { h, uniqueId } from './dom.ts';
import { checkAccept, findHandshake, type Handshake } from './recorded-handshake.ts';
import { headLines } from './head-lines.ts';
import { describeHeader, describeStartLine } from './header-descriptions.ts';
import { formatMs } from './labels.ts';
import { tlsList } from './tls-facts.ts';

/** The key RFC 6455 §1.3 uses as its example (its accept is s3pPLMBiTxaQ9kYGzzhZRbK+xOo=). */
const RFC_SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

/** A term that shows its explanation while hovered or focused (Escape hides it), described by it for screen readers. */
function explained(text: string, description: string | null, className: string): HTMLElement {
  if (description === null) return h('span', { class: className }, text);
  const tip = uniqueId('wsi-tip');
  const term = h('span', { class: `${className} wsi-term`, tabindex: 0, 'aria-describedby': tip }, text);
  term.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') term.setAttribute('data-dismissed', '');
  });
  term.addEventListener('blur', () => term.removeAttribute('data-dismissed'));
  term.addEventListener('pointerleave', () => term.removeAttribute('data-dismissed'));
  return h('span', { class: 'wsi-explained' }, term, h('span', { class: 'wsi-tip', role: 'tooltip', id: tip }, description));
}

/** One head, line by line as sent: the header name is the explained term. */
function headBlock(title: string, lines: readonly string[], head: HttpHead, time: number | null): HTMLElement {
  const [startLine = '', ...headerLines] = lines;
  const list = h('ol', { class: 'wsi-head', 'aria-label': title });
  list.append(h('li', null, explained(startLine, describeStartLine(head), 'wsi-start-line')));
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    list.append(h('li', null, explained(name, describeHeader(name), 'wsi-header-name'), colon === -1 ? '' : line.slice(colon)));
  }
  // The blank line that ends the head is part of what was sent.
  list.append(h('li', { class: 'wsi-blank-line' }, h('span', { class: 'wsi-muted' }, '(빈 줄: 헤더 끝)')));
  return h('section', { class: 'wsi-head-block', 'aria-label': title }, h('h4', null, title, ' ', h('span', { class: 'wsi-muted' }, formatMs(time))), list);
}

/** What TLS negotiated before the first byte of the handshake (wss://, https://); the heads are the decrypted bytes. */
function tlsBlock(connection: InspectedConnection): HTMLElement | null {
  if (connection.tls === null) return null;
  return h(
    'section',
    { class: 'wsi-tls', 'aria-label': 'TLS 연결' },
    h('h4', null, 'TLS 연결'),
    h('p', { class: 'wsi-muted' }, '이 연결은 TLS로 암호화되었습니다. 아래 헤더와 프레임은 놀이터 서버가 복호화한 바이트입니다.'),
    tlsList(connection.tls),
  );
}

/** The four steps of §4.2.2 item 5.4 as a description list. */
function stepsList(steps: AcceptSteps): HTMLElement {
  return h(
    'ol',
    { class: 'wsi-steps' },
    h('li', null, h('span', { class: 'wsi-step-name' }, '① 키(Sec-WebSocket-Key)'), h('code', null, steps.key)),
    h('li', null, h('span', { class: 'wsi-step-name' }, '② 키 + GUID'), h('code', null, steps.key, h('mark', null, steps.guid))),
    h('li', null, h('span', { class: 'wsi-step-name' }, '③ SHA-1 (16진수 20바이트)'), h('code', null, steps.sha1Hex)),
    h('li', null, h('span', { class: 'wsi-step-name' }, '④ base64 = Sec-WebSocket-Accept'), h('code', null, steps.accept)),
  );
}

export class WsiHandshake extends HTMLElement {
  #connection: InspectedConnection | null = null;
  /** What the current rendering was made from, to redraw only when that changes. */
  #signature = '';
  #render = 0;

  /** The connection to show; null shows nothing. */
  set connection(connection: InspectedConnection | null) {
    this.#connection = connection;
    this.refresh();
  }

  /** Redraws if the connection gained a head since the last drawing (cheap to call on every change). */
  refresh(): void {
    const connection = this.#connection;
    const heads = connection === null ? 0 : connection.events.filter((event) => event.type === 'http').length;
    const signature = connection === null ? '' : `${connection.id}:${heads}`;
    if (signature === this.#signature) return;
    this.#signature = signature;
    const render = ++this.#render;
    this.replaceChildren();
    if (connection === null) return;
    const tls = tlsBlock(connection);
    if (tls !== null) this.append(tls);
    const handshake = findHandshake(connection);
    if (handshake === null) this.#showPlainHttp(connection);
    else void this.#showHandshake(handshake, render);
  }

  #showPlainHttp(connection: InspectedConnection): void {
    const heads = connection.events.flatMap((event) => (event.type === 'http' ? [event] : []));
    if (heads.length === 0) {
      this.append(h('p', { class: 'wsi-note' }, '이 연결에서는 아직 HTTP 헤더가 끝나지 않았습니다.'));
      return;
    }
    this.append(h('p', { class: 'wsi-note' }, '이 연결은 WebSocket으로 업그레이드되지 않았습니다(101 응답 없음). 오간 HTTP 메시지를 보낸 그대로 보여 줍니다. Engine.IO 롱 폴링이면 ‘Socket.IO’ 탭에서 패킷을 보세요.'));
    for (const event of heads) {
      const title = event.head.kind === 'request' ? `요청 ${event.head.method}` : `응답 ${event.head.status}`;
      this.append(headBlock(title, headLines(connection.chunks, event.direction, event.offset, event.head), event.head, event.time));
    }
  }

  async #showHandshake(handshake: Handshake, render: number): Promise<void> {
    const blocks = h('div', { class: 'wsi-heads' });
    if (handshake.request !== null) blocks.append(headBlock('클라이언트의 업그레이드 요청', handshake.request.lines, handshake.request.head, handshake.request.time));
    blocks.append(headBlock('서버의 101 응답', handshake.response.lines, handshake.response.head, handshake.response.time));
    const accept = h('section', { class: 'wsi-accept', 'aria-label': 'Sec-WebSocket-Accept 계산' });
    this.append(h('p', { class: 'wsi-note' }, '헤더 이름에 마우스를 올리거나 Tab 키로 옮겨 가면 설명이 나옵니다.'), blocks, accept, this.#calculator());

    const check = await checkAccept(handshake);
    if (render !== this.#render) return;
    accept.append(h('h4', null, 'Sec-WebSocket-Accept 확인 (RFC 6455 §4.2.2)'));
    if (check.steps === null) {
      accept.append(h('p', null, '요청에 Sec-WebSocket-Key가 없어 계산할 수 없습니다.'));
      return;
    }
    accept.append(
      h('p', null, '서버는 받은 키 뒤에 고정된 GUID를 붙이고, SHA-1로 해시한 20바이트를 base64로 적어 돌려줍니다. 같은 계산을 여기서 다시 해 봅니다.'),
      stepsList(check.steps),
      h(
        'p',
        { class: `wsi-verdict ${check.matches ? 'wsi-ok' : 'wsi-bad'}` },
        check.matches ? '✓ 일치: 서버가 보낸 값과 계산한 값이 같습니다 (' : '✗ 불일치: 서버가 보낸 값이 계산한 값과 다릅니다 (',
        h('code', null, check.sent ?? '보낸 값 없음'),
        check.matches ? '). 브라우저는 이 값을 확인한 뒤에야 연결을 엽니다.' : '). 브라우저라면 연결을 실패시킵니다 (RFC 6455 §4.1).',
      ),
    );
  }

  /** "Try your own key": the same steps for whatever the learner types. */
  #calculator(): HTMLElement {
    const inputId = uniqueId('wsi-key');
    const input = h('input', { id: inputId, type: 'text', class: 'wsi-input', value: RFC_SAMPLE_KEY, spellcheck: 'false', autocomplete: 'off' });
    const output = h('div', { class: 'wsi-calc-output', 'aria-live': 'polite' });
    let latest = 0;
    const update = async () => {
      const run = ++latest;
      const key = input.value.trim();
      if (key === '') {
        output.replaceChildren(h('p', { class: 'wsi-muted' }, '키를 입력하면 계산 과정이 나옵니다.'));
        return;
      }
      const steps = await acceptSteps(key);
      if (run === latest) output.replaceChildren(stepsList(steps));
    };
    input.addEventListener('input', () => void update());
    void update();
    return h(
      'section',
      { class: 'wsi-calc', 'aria-label': '직접 계산해 보기' },
      h('h4', null, '직접 계산해 보기'),
      h('label', { for: inputId }, '내 Sec-WebSocket-Key'),
      h('p', { class: 'wsi-muted' }, `처음 값은 RFC 6455 §1.3의 예시 키입니다. 답은 s3pPLMBiTxaQ9kYGzzhZRbK+xOo=입니다.`),
      input,
      output,
    );
  }
}

if (!customElements.get('wsi-handshake')) customElements.define('wsi-handshake', WsiHandshake);
