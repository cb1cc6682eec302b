import type { ControlClient } from './control-client.ts';
import { CAPTURE_PARAM } from '../../protocol/page-tag.ts';

const LATENCIES = [0, 100, 300, 1000, 3000];
const BANDWIDTHS: Array<[number, string]> = [
  [0, '제한 없음'],
  [1024 * 1024, '1 MB/s'],
  [64 * 1024, '64 KB/s'],
  [8 * 1024, '8 KB/s'],
  [1024, '1 KB/s'],
];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/**
 * Experiments on one playground's own connections, done by the playground server: added latency
 * and a bandwidth cap (the browser's bufferedAmount grows for real), a ping from the server (the
 * browser answers pong by itself; the inspector shows both), cutting every connection (as a lost
 * network: 1006, no close frame), silencing them (a half-open connection: open, but every byte is
 * lost, and neither end is told), and sending a hand-written HTTP request to see the server's answer.
 */
export function createNetworkPanel(control: ControlClient, capture: () => string, captureTag: () => string | null): HTMLElement {
  const status = el('p', { class: 'pg-net-status', role: 'status', 'aria-live': 'polite' });
  const say = (text: string) => (status.textContent = text);
  const fail = (error: unknown) => say(error instanceof Error ? error.message : String(error));

  const latency = el('select', { 'aria-label': '지연 시간' }, ...LATENCIES.map((ms) => el('option', { value: String(ms) }, ms === 0 ? '없음' : `${ms} ms`)));
  const bandwidth = el('select', { 'aria-label': '대역폭' }, ...BANDWIDTHS.map(([bytes, label]) => el('option', { value: String(bytes) }, label)));
  const apply = () =>
    control
      .request({ type: 'set-conditions', capture: capture(), latencyMs: Number(latency.value), bytesPerSecond: Number(bandwidth.value) }, 'conditions')
      .then((reply) =>
        say(
          reply.latencyMs === 0 && reply.bytesPerSecond === 0
            ? '네트워크 조건을 껐습니다.'
            : `이 예제의 연결에 지연 ${reply.latencyMs} ms, 대역폭 ${reply.bytesPerSecond === 0 ? '제한 없음' : `${reply.bytesPerSecond} B/s`}를 겁니다 (양방향, 이미 열린 연결에도).`,
        ),
      )
      .catch(fail);
  latency.addEventListener('change', () => void apply());
  bandwidth.addEventListener('change', () => void apply());

  const ping = el('button', { type: 'button', class: 'pg-button pg-small' }, '서버에서 ping 보내기');
  ping.addEventListener('click', () =>
    void control
      .request({ type: 'ping', capture: capture() }, 'ping')
      .then((reply) => say(reply.connections === 0 ? 'ping을 보낼 연결이 없습니다. 놀이터의 엔드포인트(/ws/echo, /ws/chat)에 연결한 뒤 눌러 보세요.' : `연결 ${reply.connections}개에 ping 프레임을 보냈습니다. 브라우저가 스스로 pong으로 답합니다 (검사기의 프레임 목록).`))
      .catch(fail),
  );
  const cut = el('button', { type: 'button', class: 'pg-button pg-small' }, '연결 끊기');
  cut.addEventListener('click', () =>
    void control
      .request({ type: 'cut', capture: capture() }, 'cut')
      .then((reply) => say(reply.connections === 0 ? '끊을 연결이 없습니다.' : `연결 ${reply.connections}개를 닫기 프레임 없이 끊었습니다. 브라우저는 1006(비정상 종료)을 봅니다.`))
      .catch(fail),
  );
  const silence = el('button', { type: 'button', class: 'pg-button pg-small', title: '노트북 덮개를 닫았거나 NAT가 연결을 잊은 것처럼: 연결은 열린 채로 두고 바이트만 버립니다' }, '조용히 끊기');
  silence.addEventListener('click', () =>
    void control
      .request({ type: 'cut', capture: capture(), silent: true }, 'cut')
      .then((reply) =>
        say(
          reply.connections === 0
            ? '조용히 끊을 연결이 없습니다.'
            : `연결 ${reply.connections}개를 조용히 끊었습니다. 연결은 열려 있지만 이제부터 어느 쪽으로도 바이트가 닿지 않습니다. 브라우저도 서버도 이것을 알려 주지 않습니다. 새로 여는 연결은 그대로 통합니다.`,
        ),
      )
      .catch(fail),
  );

  const request = el('textarea', { rows: '7', spellcheck: 'false', 'aria-label': '보낼 HTTP 요청' });
  const reset = () => {
    const tag = captureTag();
    request.value = [
      `GET /ws/echo${tag ? `?${CAPTURE_PARAM}=${tag}` : ''} HTTP/1.1`,
      `Host: ${location.host}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
    ].join('\n');
  };
  reset();
  const answer = el('pre', { class: 'pg-net-answer', tabindex: '0', 'aria-label': '서버의 응답' });
  const send = el('button', { type: 'button', class: 'pg-button pg-small' }, '보내기');
  send.addEventListener('click', () => {
    answer.textContent = '보내는 중…';
    void control
      .request({ type: 'raw-request', capture: capture(), text: request.value }, 'raw-response')
      .then((reply) => {
        answer.textContent = reply.text === '' ? '(응답 없음)' : reply.text.replace(/\r\n/g, '\n');
      })
      .catch((error: unknown) => {
        answer.textContent = String(error);
      });
  });
  const resetButton = el('button', { type: 'button', class: 'pg-button pg-small' }, '올바른 요청으로 되돌리기');
  resetButton.addEventListener('click', reset);

  return el(
    'fieldset',
    { class: 'pg-network' },
    el('legend', {}, '네트워크 실험'),
    el('div', { class: 'pg-net-row' }, el('label', {}, '지연 ', latency), el('label', {}, '대역폭 ', bandwidth), ping, cut, silence),
    status,
    el(
      'details',
      {},
      el('summary', {}, '직접 핸드셰이크 보내기'),
      el('p', {}, 'Sec-WebSocket-Key를 지우거나, 버전을 8로 바꾸거나, GET을 POST로 바꿔 보내 보세요. 서버가 RFC 6455 §4.2에 따라 어떻게 답하는지 보입니다.'),
      request,
      el('div', { class: 'pg-net-row' }, send, resetButton),
      answer,
    ),
  );
}
