/**
 * `<wsi-socket-io>`: one Engine.IO session across its TCP connections. The handshake values of
 * the open packet, the transport upgrade as a timeline (polling handshake → WebSocket request →
 * 2probe/3probe → 5 upgrade), and every packet beside its raw form with the Socket.IO packets
 * decoded from it (namespace, ack id, event name and arguments, binary attachments).
 */
import { h } from './dom.ts';
import type { EngineIoPacketRow, EngineIoSession } from './engine-io-sessions.ts';
import { DIRECTION_LABELS, formatMs } from './labels.ts';
import { engineIoSummary, socketIoSummary } from './packet-labels.ts';

const TRANSPORT_LABELS = { polling: 'HTTP 롱 폴링', websocket: 'WebSocket' } as const;

function sessionFacts(session: EngineIoSession): HTMLElement {
  const open = session.open;
  const facts = h('dl', { class: 'wsi-facts', 'aria-label': 'Engine.IO 세션' });
  const fact = (term: string, value: string, note: string) => facts.append(h('dt', null, term), h('dd', null, h('code', null, value), note === '' ? '' : h('span', { class: 'wsi-muted' }, ` ${note}`)));
  fact('sid', session.sid, '세션 ID. 이후의 폴링 요청과 WebSocket 요청이 주소에 sid=로 붙입니다.');
  if (open !== null) {
    fact('upgrades', JSON.stringify(open.upgrades), '지금 전송에서 옮겨 갈 수 있는 전송입니다.');
    fact('pingInterval', `${open.pingInterval}ms`, '서버가 이 간격으로 ping(2)을 보냅니다.');
    fact('pingTimeout', `${open.pingTimeout}ms`, 'ping 뒤 이 시간 안에 pong(3)이 없으면 연결이 끊긴 것으로 봅니다.');
    if (open.maxPayload !== null) fact('maxPayload', `${open.maxPayload.toLocaleString('ko-KR')}바이트`, '폴링 요청 하나에 담을 수 있는 최대 크기입니다.');
  } else facts.append(h('dt', null, 'open 패킷'), h('dd', null, '이 기록에는 없습니다(세션이 기록 전에 열렸습니다).'));
  facts.append(h('dt', null, 'TCP 연결'), h('dd', null, session.connectionIds.map((id) => `#${id}`).join(', ')));
  return facts;
}

function timeline(session: EngineIoSession): HTMLElement {
  if (session.timeline.length === 0) return h('p', { class: 'wsi-muted' }, '이 세션에서는 전송 업그레이드를 기록하지 못했습니다.');
  return h(
    'ol',
    { class: 'wsi-timeline', 'aria-label': '전송 업그레이드 타임라인' },
    ...session.timeline.map((step) =>
      h(
        'li',
        { 'data-kind': step.kind, 'data-transport': step.transport },
        h('span', { class: 'wsi-timeline-meta' }, formatMs(step.at - session.startedAt), ' · ', TRANSPORT_LABELS[step.transport], ` · 연결 #${step.connectionId} · ${DIRECTION_LABELS[step.direction]}`),
        h('span', { class: 'wsi-timeline-label' }, step.label),
        h('code', { class: 'wsi-wire' }, step.wire),
      ),
    ),
  );
}

function packetRow(row: EngineIoPacketRow, session: EngineIoSession): HTMLTableRowElement {
  return h(
    'tr',
    { 'data-direction': row.direction, class: row.packet.type === 'error' ? 'wsi-row-problem' : null },
    h(
      'td',
      { class: 'wsi-packet-meta' },
      formatMs(row.at - session.startedAt),
      h('br'),
      DIRECTION_LABELS[row.direction],
      h('br'),
      h('span', { class: 'wsi-muted' }, `${TRANSPORT_LABELS[row.transport]} · 연결 #${row.connectionId}`),
    ),
    h('td', null, h('code', { class: 'wsi-wire' }, row.raw)),
    h(
      'td',
      null,
      h('span', { class: 'wsi-engine-io' }, engineIoSummary(row.packet)),
      ...row.socketIo.map((event) => h('span', { class: 'wsi-socket-io-line' }, socketIoSummary(event))),
    ),
  );
}

export class WsiSocketIo extends HTMLElement {
  /** Shows a session, or a note when there is none. */
  show(session: EngineIoSession | null): void {
    if (session === null) {
      this.replaceChildren(h('p', { class: 'wsi-note' }, '이 기록에는 Engine.IO(Socket.IO) 세션이 없습니다.'));
      return;
    }
    this.replaceChildren(
      h('h3', null, `Engine.IO 세션 ${session.sid}`),
      sessionFacts(session),
      h('h4', null, '전송 업그레이드'),
      h('p', null, 'Socket.IO 클라이언트는 먼저 HTTP 롱 폴링으로 세션을 열고, 같은 sid로 WebSocket을 따로 연 뒤 시험(2probe/3probe)이 통하면 5(upgrade)를 보내 옮겨 갑니다. 여러 TCP 연결이 sid로 묶입니다.'),
      timeline(session),
      h('h4', null, '패킷'),
      h(
        'div',
        { class: 'wsi-scroll' },
        h(
          'table',
          { class: 'wsi-table wsi-packets' },
          h('caption', null, 'Engine.IO 패킷과 그 안의 Socket.IO 패킷 (시간은 세션 시작부터)'),
          h('thead', null, h('tr', null, ...['시간·방향·전송', '보낸 그대로', 'Engine.IO → Socket.IO'].map((name) => h('th', { scope: 'col' }, name)))),
          h('tbody', null, ...session.packets.map((row) => packetRow(row, session))),
        ),
      ),
    );
  }
}

if (!customElements.get('wsi-socket-io')) customElements.define('wsi-socket-io', WsiSocketIo);
