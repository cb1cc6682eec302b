import { describe, expect, it } from 'vitest';
import { checkAddress, parseHeaderLines, parseProtocols } from '../../../src/inspector/inspect-form.ts';
import { tlsRows } from '../../../src/inspector/tls-facts.ts';

describe('the ‘내 서버 검사하기’ form', () => {
  it('reads "Name: value" lines and names the line that is not one', () => {
    expect(parseHeaderLines('Authorization: Bearer abc\n\nOrigin:http://localhost:3000\n')).toEqual({ headers: [['Authorization', 'Bearer abc'], ['Origin', 'http://localhost:3000']] });
    expect(parseHeaderLines('X-Ok: 1\nnot a header')).toEqual({ error: '2번째 줄이 “이름: 값” 모양의 헤더가 아닙니다.' });
    expect(parseHeaderLines('X-Name: 한글')).toMatchObject({ error: expect.stringContaining('ASCII') });
    expect(parseHeaderLines(Array.from({ length: 21 }, (_, i) => `X-${i}: v`).join('\n'))).toEqual({ error: '헤더는 20개까지 정할 수 있습니다.' });
  });

  it('reads subprotocols as tokens', () => {
    expect(parseProtocols(' chat, v2.json ,')).toEqual({ protocols: ['chat', 'v2.json'] });
    expect(parseProtocols('a b')).toMatchObject({ error: expect.any(String) });
  });

  it('takes the schemes each mode can use, and says which address is TLS', () => {
    expect(checkAddress(' ws://localhost:8080 ', 'websocket')).toEqual({ url: 'ws://localhost:8080', tls: false });
    expect(checkAddress('wss://localhost:8443/', 'websocket')).toEqual({ url: 'wss://localhost:8443/', tls: true });
    expect(checkAddress('http://localhost:3000', 'websocket')).toEqual({ error: 'WebSocket 주소는 ws:// 또는 wss://로 시작합니다.' });
    expect(checkAddress('https://localhost:3000', 'socket.io')).toEqual({ url: 'https://localhost:3000', tls: true });
    expect(checkAddress('localhost:3000', 'socket.io')).toMatchObject({ error: expect.any(String) });
  });

  it('shows an untrusted certificate with the reason', () => {
    const rows = tlsRows({ protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', alpn: 'http/1.1', subject: 'CN=localhost', issuer: 'CN=localhost', validFrom: 'a', validTo: 'b', fingerprint256: 'AA:BB', trusted: false, untrustedReason: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(rows.at(-1)).toEqual(['신뢰', '✗ 믿을 수 없는 인증서입니다 (DEPTH_ZERO_SELF_SIGNED_CERT)']);
  });
});
