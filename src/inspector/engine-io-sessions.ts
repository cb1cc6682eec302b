/**
 * Engine.IO sessions across TCP connections. One Socket.IO client opens several: long-polling
 * requests (maybe on keep-alive connections, or one recorded exchange each) and then a WebSocket,
 * all naming the same session id (`sid`). This groups their packets by sid, keeps each packet
 * beside its raw form and the Socket.IO packets inside it, and lays out the transport upgrade
 * (polling handshake → WebSocket request → 2probe/3probe → 5 upgrade) as a timeline.
 */
import type { Direction } from '../../protocol/wire/constants.ts';
import type { EngineIoDecoded, OpenInfo } from '../../protocol/wire/engine-io.ts';
import type { HttpRequestHead } from '../../protocol/wire/http-head.ts';
import type { SocketIoEvent } from '../../protocol/wire/socket-io.ts';
import type { InspectedConnection } from './capture-store.ts';
import { engineIoRaw } from './packet-labels.ts';

export type Transport = 'polling' | 'websocket';

/** One Engine.IO packet, where it was seen, and what Socket.IO found in it. */
export interface EngineIoPacketRow {
  connectionId: string;
  direction: Direction;
  transport: Transport;
  /** Wall-clock ms (connection start + offset), to order packets of several connections. */
  at: number;
  packet: EngineIoDecoded;
  /** The packet as written on the wire (see engineIoRaw). */
  raw: string;
  socketIo: SocketIoEvent[];
}

export type TimelineStepKind = 'polling-handshake' | 'open' | 'websocket-request' | 'websocket-open' | 'probe-ping' | 'probe-pong' | 'noop' | 'upgrade' | 'close';

export interface TimelineStep {
  kind: TimelineStepKind;
  at: number;
  connectionId: string;
  direction: Direction;
  transport: Transport;
  /** What happened, in Korean. */
  label: string;
  /** What was on the wire, e.g. "GET /socket.io/?EIO=4&transport=websocket&sid=… HTTP/1.1" or "2probe". */
  wire: string;
}

export interface EngineIoSession {
  sid: string;
  /** The open packet's handshake values, when it was captured. */
  open: OpenInfo | null;
  /** Connections that carried this session, in the order they opened. */
  connectionIds: string[];
  packets: EngineIoPacketRow[];
  timeline: TimelineStep[];
  /** The earliest time seen, for times relative to the session. */
  startedAt: number;
}

const ENGINE_IO_QUERY = /[?&]EIO=\d/;

function queryParam(target: string, name: string): string | null {
  const query = target.indexOf('?');
  if (query === -1) return null;
  return new URLSearchParams(target.slice(query + 1)).get(name);
}

function transportOf(request: HttpRequestHead): Transport | null {
  const transport = queryParam(request.target, 'transport');
  return transport === 'polling' || transport === 'websocket' ? transport : null;
}

interface Builder {
  session: EngineIoSession;
  connections: Set<string>;
}

/** Groups the Engine.IO traffic of `connections` into sessions, ordered by when each began. */
export function engineIoSessions(connections: readonly InspectedConnection[]): EngineIoSession[] {
  const builders = new Map<string, Builder>();
  const builder = (sid: string, at: number): Builder => {
    let found = builders.get(sid);
    if (found === undefined) {
      found = { session: { sid, open: null, connectionIds: [], packets: [], timeline: [], startedAt: at }, connections: new Set() };
      builders.set(sid, found);
    }
    found.session.startedAt = Math.min(found.session.startedAt, at);
    return found;
  };
  const step = (sid: string, connection: InspectedConnection, value: Omit<TimelineStep, 'connectionId'>) => {
    const target = builder(sid, value.at);
    target.connections.add(connection.id);
    target.session.timeline.push({ ...value, connectionId: connection.id });
  };

  for (const connection of connections) {
    const requests: HttpRequestHead[] = [];
    let answered = 0;
    /** The request each direction's packets belong to, and the session it named (or the open packet revealed). */
    const current: Record<Direction, { request: HttpRequestHead | null; sid: string | null; at: number }> = {
      'client-to-server': { request: null, sid: null, at: 0 },
      'server-to-client': { request: null, sid: null, at: 0 },
    };
    let websocketSid: string | null = null;
    /** The last packet row per direction: Socket.IO events follow the Engine.IO packet that carried them. */
    const lastRow: Partial<Record<Direction, EngineIoPacketRow>> = {};
    /** A polling handshake request waits for its open packet to learn its sid. */
    let pendingHandshake: { at: number; wire: string } | null = null;

    for (const event of connection.events) {
      const at = connection.startedAt + (event.time ?? 0);
      if (event.type === 'http') {
        const { head } = event;
        if (head.kind === 'request') {
          requests.push(head);
          const engineIo = ENGINE_IO_QUERY.test(head.target);
          const sid = engineIo ? queryParam(head.target, 'sid') : null;
          current['client-to-server'] = { request: engineIo ? head : null, sid, at };
          if (!engineIo) continue;
          if (transportOf(head) === 'websocket' && sid !== null) {
            websocketSid = sid;
            step(sid, connection, { kind: 'websocket-request', at, direction: event.direction, transport: 'websocket', label: 'WebSocket 업그레이드 요청: 같은 sid로 새 TCP 연결을 엽니다.', wire: head.startLine });
          } else if (transportOf(head) === 'websocket') {
            pendingHandshake = { at, wire: head.startLine };
          } else if (sid === null && head.method === 'GET') {
            pendingHandshake = { at, wire: head.startLine };
          }
        } else {
          const request = requests[answered++] ?? null;
          const engineIo = request !== null && ENGINE_IO_QUERY.test(request.target);
          current['server-to-client'] = { request: engineIo ? request : null, sid: engineIo && request !== null ? queryParam(request.target, 'sid') : null, at };
        }
        continue;
      }
      if (event.type === 'websocket-open') {
        const sid = websocketSid;
        if (sid !== null) {
          step(sid, connection, { kind: 'websocket-open', at, direction: event.direction, transport: 'websocket', label: '서버가 101 Switching Protocols로 답했습니다. 아직 폴링도 살아 있습니다.', wire: event.response.startLine });
        }
        continue;
      }
      if (event.type === 'socket.io') {
        lastRow[event.direction]?.socketIo.push(event.event);
        continue;
      }
      if (event.type !== 'engine.io') continue;

      const { packet, transport } = event;
      const context = current[event.direction];
      let sid = transport === 'websocket' ? websocketSid : context.sid;
      if (packet.type === 'open' && packet.open !== null) {
        sid = packet.open.sid;
        if (transport === 'polling') context.sid = sid;
        else websocketSid = sid;
      }
      if (sid === null) {
        delete lastRow[event.direction];
        continue;
      }
      const target = builder(sid, at);
      target.connections.add(connection.id);
      const row: EngineIoPacketRow = { connectionId: connection.id, direction: event.direction, transport, at, packet, raw: engineIoRaw(packet, transport), socketIo: [] };
      target.session.packets.push(row);
      lastRow[event.direction] = row;
      if (packet.type === 'error') continue;

      const wire = row.raw;
      if (packet.type === 'open') {
        target.session.open ??= packet.open;
        if (pendingHandshake !== null) {
          const kind = transport === 'polling' ? '폴링 핸드셰이크: transport=polling GET 요청으로 세션을 엽니다(아직 sid가 없습니다).' : 'WebSocket으로 바로 세션을 엽니다(아직 sid가 없습니다).';
          step(sid, connection, { kind: transport === 'polling' ? 'polling-handshake' : 'websocket-request', at: pendingHandshake.at, direction: 'client-to-server', transport, label: kind, wire: pendingHandshake.wire });
          pendingHandshake = null;
        }
        step(sid, connection, { kind: 'open', at, direction: event.direction, transport, label: `open 패킷: 서버가 sid를 정하고 업그레이드할 수 있는 전송(${packet.open?.upgrades.join(', ') || '없음'})을 알려 줍니다.`, wire });
      } else if (packet.type === 'ping' && packet.probe) {
        step(sid, connection, { kind: 'probe-ping', at, direction: event.direction, transport, label: '2probe: 클라이언트가 새 WebSocket이 동작하는지 시험합니다.', wire });
      } else if (packet.type === 'pong' && packet.probe) {
        step(sid, connection, { kind: 'probe-pong', at, direction: event.direction, transport, label: '3probe: 서버가 시험에 답했습니다. WebSocket이 동작합니다.', wire });
      } else if (packet.type === 'noop') {
        step(sid, connection, { kind: 'noop', at, direction: event.direction, transport, label: 'noop: 서버가 기다리던 폴링 요청을 빈 패킷으로 끝냅니다.', wire });
      } else if (packet.type === 'upgrade') {
        step(sid, connection, { kind: 'upgrade', at, direction: event.direction, transport, label: '5 upgrade: 업그레이드 완료. 이제부터 패킷은 WebSocket으로만 오갑니다.', wire });
      } else if (packet.type === 'close') {
        step(sid, connection, { kind: 'close', at, direction: event.direction, transport, label: 'close: 이 전송을 닫습니다.', wire });
      }
    }
  }

  const sessions: EngineIoSession[] = [];
  const byStart = new Map(connections.map((connection, index) => [connection.id, index]));
  for (const { session, connections: ids } of builders.values()) {
    session.connectionIds = [...ids].sort((a, b) => (byStart.get(a) ?? 0) - (byStart.get(b) ?? 0));
    session.packets.sort((a, b) => a.at - b.at);
    session.timeline.sort((a, b) => a.at - b.at);
    sessions.push(session);
  }
  return sessions.sort((a, b) => a.startedAt - b.startedAt);
}

/** The session a connection carried, if any. */
export function sessionOfConnection(sessions: readonly EngineIoSession[], connectionId: string): EngineIoSession | undefined {
  return sessions.find((session) => session.connectionIds.includes(connectionId));
}
