import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../../protocol/wire/frame.ts';
import { CaptureStore } from '../../../src/inspector/capture-store.ts';
import { toTextLog } from '../../../src/inspector/text-log.ts';
import { fixtureText, type FixtureName } from './capture-fixtures.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

function logOf(name: FixtureName): string[] {
  const store = new CaptureStore();
  const result = store.fromCaptureFile(fixtureText(name));
  if (!result.ok) throw new Error(result.error);
  return store.toTextLog().split('\n');
}

describe('toTextLog', () => {
  it('writes the Chromium echo capture: a title, the handshake heads verbatim, then one line per frame', () => {
    const lines = logOf('ws-echo-chromium.json');
    expect(lines.slice(0, 32)).toEqual([
      '=== 연결 1 /echo · 2026-11-25T03:40:50.175Z 시작 · +65.2ms에 끝남 ===',
      '+1.3ms  클라이언트 → 서버  HTTP 요청 GET /echo HTTP/1.1',
      'GET /echo HTTP/1.1',
      'Host: 127.0.0.1:33047',
      'Connection: Upgrade',
      'Pragma: no-cache',
      'Cache-Control: no-cache',
      'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
      'Upgrade: websocket',
      'Origin: http://127.0.0.1:36151',
      'Sec-WebSocket-Version: 13',
      'Accept-Encoding: gzip, deflate, br, zstd',
      'Accept-Language: en-US,en;q=0.9',
      'Sec-WebSocket-Key: ugiDRTdGM+7Z/oQK59XqEg==',
      'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits',
      '',
      '+2.9ms  서버 → 클라이언트  HTTP 응답 101 Switching Protocols',
      'HTTP/1.1 101 Switching Protocols',
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Accept: WJ0EM+dwr1rjpWZmLmOqzL5Pa6I=',
      '',
      '+2.9ms  서버 → 클라이언트  WebSocket 열림: 이제부터 양쪽 모두 프레임입니다',
      '+8.7ms  클라이언트 → 서버  텍스트 프레임 FIN 마스킹 5바이트 "Hello"',
      '+9.5ms  서버 → 클라이언트  텍스트 프레임 FIN 5바이트 "Hello"',
      '+9.5ms  서버 → 클라이언트  ping 프레임 FIN 7바이트 ec 95 88 eb 85 95 3f ("안녕?")',
      '+10.1ms  클라이언트 → 서버  pong 프레임 FIN 마스킹 7바이트 ec 95 88 eb 85 95 3f ("안녕?")',
      '+10.3ms  클라이언트 → 서버  텍스트 프레임 FIN 마스킹 27바이트 "안녕하세요, WebSocket!"',
      '+53.0ms  서버 → 클라이언트  텍스트 프레임 FIN 27바이트 "안녕하세요, WebSocket!"',
      '+53.7ms  클라이언트 → 서버  바이너리 프레임 FIN 마스킹 8바이트 de ad be ef 00 01 02 03',
      '+53.9ms  서버 → 클라이언트  바이너리 프레임 FIN 8바이트 de ad be ef 00 01 02 03',
      expect.stringMatching(/^\+57\.7ms {2}클라이언트 → 서버 {2}텍스트 프레임 FIN 마스킹 210바이트 "가{60}"…$/),
    ]);
    expect(lines).toContain('+59.9ms  클라이언트 → 서버  바이너리 프레임 FIN 마스킹 66,000바이트 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f …');
    expect(lines.slice(-3)).toEqual([
      '+62.5ms  클라이언트 → 서버  닫기 프레임 FIN 마스킹 12바이트 1000 Normal Closure "수업 끝"',
      '+63.7ms  서버 → 클라이언트  닫기 프레임 FIN 12바이트 1000 Normal Closure "수업 끝"',
      '',
    ]);
  });

  it('shows compressed frames with what they inflate to', () => {
    const lines = logOf('ws-permessage-deflate.json');
    expect(lines).toContain('+2.7ms  클라이언트 → 서버  텍스트 프레임 FIN RSV1(압축) 마스킹 29바이트 → 풀면 62바이트 "압축해 보세요. 압축해 보세요. 압축해 보세요."');
    // The same sentence again: the shared compression context makes it 7 bytes.
    expect(lines).toContain('+5.8ms  클라이언트 → 서버  텍스트 프레임 FIN RSV1(압축) 마스킹 7바이트 → 풀면 62바이트 "압축해 보세요. 압축해 보세요. 압축해 보세요."');
  });

  it('adds the Engine.IO and Socket.IO packets under the frames and bodies that carried them', () => {
    const lines = logOf('socket-io-upgrade.json');
    expect(lines).toContain('+4.5ms  서버 → 클라이언트  Engine.IO open(0) sid=9cf7SeaG3dlF9PdpAAAA upgrades=["websocket"] pingInterval=400 pingTimeout=2000 maxPayload=1000000');
    const chat = lines.indexOf('+120.0ms  클라이언트 → 서버  텍스트 프레임 FIN 마스킹 29바이트 "420[\\"chat\\",\\"안녕하세요\\"]"');
    expect(chat).toBeGreaterThan(0);
    expect(lines.slice(chat + 1, chat + 3)).toEqual([
      '+120.0ms  클라이언트 → 서버  Engine.IO message(4)',
      '+120.0ms  클라이언트 → 서버  Socket.IO EVENT(2) "chat" ["안녕하세요"] ack 0',
    ]);
    expect(lines).toContain('+167.8ms  클라이언트 → 서버  Socket.IO BINARY_EVENT(5) "image" [<바이너리 8바이트: 89 50 4e 47 0d 0a 1a 0a>, "logo.png"] (첨부 1개를 합친 결과)');
    expect(lines).toContain('+129.4ms  서버 → 클라이언트  Engine.IO noop(6)');
  });

  it('lists problems with the close code the RFC prescribes', () => {
    const store = new CaptureStore();
    store.open('1', '/ws/echo', Date.UTC(2026, 10, 25));
    store.chunk('1', 'client-to-server', 0, utf8('GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'));
    store.chunk('1', 'server-to-client', 1, utf8('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'));
    store.chunk('1', 'client-to-server', 2, encodeFrame({ opcode: 1, payload: 'Hi' }));
    expect(toTextLog(store.connections).split('\n').slice(-3)).toEqual([
      '+2.0ms  클라이언트 → 서버  텍스트 프레임 FIN 2바이트 "Hi"',
      '+2.0ms  클라이언트 → 서버  문제 UNMASKED_CLIENT_FRAME (닫힘 코드 1002): 클라이언트가 보낸 프레임이 마스킹되지 않았습니다. 클라이언트 프레임은 반드시 마스킹해야 합니다 (RFC 6455 §5.1).',
      '',
    ]);
    expect(toTextLog(store.connections).split('\n')[0]).toBe('=== 연결 1 /ws/echo · 2026-11-25T00:00:00.000Z 시작 · 열려 있음 ===');
  });

  it('says so when there is nothing to log', () => {
    expect(toTextLog([])).toBe('기록된 연결이 없습니다.\n');
  });
});
