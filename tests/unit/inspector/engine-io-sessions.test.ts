import { describe, expect, it } from 'vitest';
import { CaptureStore } from '../../../src/inspector/capture-store.ts';
import { engineIoSessions, sessionOfConnection } from '../../../src/inspector/engine-io-sessions.ts';
import { socketIoSummary } from '../../../src/inspector/packet-labels.ts';
import { fixtureText } from './capture-fixtures.ts';

function sessionsOf(text: string) {
  const store = new CaptureStore();
  const result = store.fromCaptureFile(text);
  if (!result.ok) throw new Error(result.error);
  return { store, sessions: engineIoSessions(store.connections) };
}

describe('engineIoSessions', () => {
  it('groups the polling connection and the WebSocket of one Socket.IO client by sid', () => {
    const { sessions } = sessionsOf(fixtureText('socket-io-upgrade.json'));
    expect(sessions).toHaveLength(1);
    const [session] = sessions;
    expect(session?.sid).toBe('9cf7SeaG3dlF9PdpAAAA');
    expect(session?.open).toEqual({ sid: '9cf7SeaG3dlF9PdpAAAA', upgrades: ['websocket'], pingInterval: 400, pingTimeout: 2000, maxPayload: 1_000_000 });
    expect(session?.connectionIds).toEqual(['1', '2']);
    expect(session === undefined ? undefined : sessionOfConnection(sessions, '2')).toBe(session);
  });

  it('lays out the upgrade: polling handshake, open, WebSocket request and 101, 2probe, 3probe, noop, 5', () => {
    const [session] = sessionsOf(fixtureText('socket-io-upgrade.json')).sessions;
    expect(session?.timeline.map((step) => [step.kind, step.transport, step.connectionId, step.wire])).toEqual([
      ['polling-handshake', 'polling', '1', 'GET /socket.io/?EIO=4&transport=polling&t=kt6sre84 HTTP/1.1'],
      ['open', 'polling', '1', '0{"sid":"9cf7SeaG3dlF9PdpAAAA","upgrades":["websocket"],"pingInterval":400,"pingTimeout":2000,"maxPayload":1000000}'],
      ['websocket-request', 'websocket', '2', 'GET /socket.io/?EIO=4&transport=websocket&sid=9cf7SeaG3dlF9PdpAAAA HTTP/1.1'],
      ['websocket-open', 'websocket', '2', 'HTTP/1.1 101 Switching Protocols'],
      ['probe-ping', 'websocket', '2', '2probe'],
      ['probe-pong', 'websocket', '2', '3probe'],
      ['noop', 'polling', '1', '6'],
      ['upgrade', 'websocket', '2', '5'],
    ]);
    const times = session?.timeline.map((step) => step.at) ?? [];
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('keeps every packet beside its raw form and the Socket.IO packets in it, across both transports', () => {
    const [session] = sessionsOf(fixtureText('socket-io-upgrade.json')).sessions;
    const rows = session?.packets.map((row) => `${row.transport} ${row.direction === 'client-to-server' ? 'C' : 'S'} ${row.raw} | ${row.socketIo.map(socketIoSummary).join(' / ')}`);
    expect(rows).toEqual([
      'polling S 0{"sid":"9cf7SeaG3dlF9PdpAAAA","upgrades":["websocket"],"pingInterval":400,"pingTimeout":2000,"maxPayload":1000000} | ',
      'polling C 40 | Socket.IO CONNECT(0)',
      'polling S 40{"sid":"F_SxNGHqi_q-_0QmAAAA"} | Socket.IO CONNECT(0) {"sid": "F_SxNGHqi_q-_0QmAAAA"}',
      'polling S 42["welcome","어서 오세요",{"room":"로비"}] | Socket.IO EVENT(2) "welcome" ["어서 오세요", {"room": "로비"}]',
      'websocket C 2probe | ',
      'websocket S 3probe | ',
      'polling S 6 | ',
      'websocket C 5 | ',
      'websocket C 420["chat","안녕하세요"] | Socket.IO EVENT(2) "chat" ["안녕하세요"] ack 0',
      'websocket S 430["받았습니다: 안녕하세요"] | Socket.IO ACK(3) ["받았습니다: 안녕하세요"] ack 0',
      'websocket C 451-["image",{"_placeholder":true,"num":0},"logo.png"] | Socket.IO BINARY_EVENT(5) "image" [{"_placeholder": true, "num": 0}, "logo.png"] (첨부 1개가 뒤따름)',
      'websocket C 89 50 4e 47 0d 0a 1a 0a | Socket.IO 첨부 1/1 8바이트: 89 50 4e 47 0d 0a 1a 0a / Socket.IO BINARY_EVENT(5) "image" [<바이너리 8바이트: 89 50 4e 47 0d 0a 1a 0a>, "logo.png"] (첨부 1개를 합친 결과)',
      'websocket S 42["image-size","logo.png",8] | Socket.IO EVENT(2) "image-size" ["logo.png", 8]',
      'websocket S 2 | ',
      'websocket C 3 | ',
      'websocket C 41 | Socket.IO DISCONNECT(1)',
    ]);
  });

  it('finds no session in plain WebSocket captures', () => {
    expect(sessionsOf(fixtureText('ws-echo-chromium.json')).sessions).toEqual([]);
  });

  it('groups one session whose polling requests were each recorded as their own connection, as the tap records them', () => {
    const { store } = sessionsOf(fixtureText('socket-io-upgrade.json'));
    const polling = store.get('1');
    if (polling === undefined) throw new Error('no polling connection');
    // Split the keep-alive connection into one recorded connection per request/response pair.
    const split = new CaptureStore();
    let exchange = 0;
    let lastDirection = 'server-to-client';
    for (const chunk of polling.chunks) {
      if (chunk.direction === 'client-to-server' && lastDirection === 'server-to-client') {
        exchange++;
        split.open(`p${exchange}`, '/socket.io/', polling.startedAt);
      }
      split.chunk(`p${exchange}`, chunk.direction, chunk.t, chunk.bytes);
      lastDirection = chunk.direction;
    }
    const sessions = engineIoSessions([...split.connections, ...store.connections.filter((connection) => connection.id === '2')]);
    expect(sessions.map((session) => [session.sid, session.connectionIds])).toEqual([['9cf7SeaG3dlF9PdpAAAA', ['p1', 'p2', 'p3', 'p4', '2']]]);
    expect(sessions[0]?.timeline.map((step) => step.kind)).toEqual(['polling-handshake', 'open', 'websocket-request', 'websocket-open', 'probe-ping', 'probe-pong', 'noop', 'upgrade']);
  });
});
