import { describe, expect, it } from 'vitest';
import { parseCaptureFile } from '../../../protocol/capture-file.ts';
import { FIXTURES, fixture, fixtureText } from '../inspector/capture-fixtures.ts';

const valid = () => ({
  format: 'ws-noriteo-capture',
  version: 1,
  exportedAt: '2026-11-25T00:00:00.000Z',
  connections: [{ id: '1', target: '/ws/echo', startedAt: 1, endedAt: null, truncated: false, chunks: [{ direction: 'client-to-server', t: 0, base64: 'SGVsbG8=' }] }],
});
type Valid = ReturnType<typeof valid>;
const broken = (change: (file: Valid) => void): string => {
  const file = valid();
  change(file);
  return JSON.stringify(file);
};
const errorOf = (input: unknown): string => {
  const result = parseCaptureFile(input);
  if (result.ok) throw new Error('expected an error');
  return result.error;
};

describe('parseCaptureFile', () => {
  it('reads every example capture, from text or from a parsed value', () => {
    for (const name of FIXTURES) {
      const result = parseCaptureFile(fixtureText(name));
      expect(result).toEqual({ ok: true, file: fixture(name) });
      expect(parseCaptureFile(fixture(name))).toEqual(result);
    }
  });

  it('says in Korean that text which is not JSON is not a capture file', () => {
    expect(errorOf('{"format": ')).toBe('캡처 파일을 열 수 없습니다. JSON 형식이 아닙니다. 검사기의 ‘JSON 내보내기’로 저장한 파일인지 확인하세요.');
  });

  it('names the format it expects for other JSON', () => {
    const message = '캡처 파일을 열 수 없습니다. WebSocket 놀이터의 캡처 파일이 아닙니다(format이 "ws-noriteo-capture"여야 합니다).';
    expect(errorOf('[]')).toBe(message);
    expect(errorOf('null')).toBe(message);
    expect(errorOf(JSON.stringify({ log: { entries: [] } }))).toBe(message);
  });

  it('refuses other versions, saying which it reads', () => {
    expect(errorOf(broken((file) => Object.assign(file, { version: 2 })))).toBe('캡처 파일을 열 수 없습니다. 지원하지 않는 버전입니다(version 2). 이 검사기는 version 1을 읽습니다.');
  });

  it('points at the first bad field by its path', () => {
    expect(errorOf(broken((file) => Object.assign(file.connections[0]!.chunks[0]!, { base64: 'not base64!' })))).toBe('캡처 파일을 열 수 없습니다. connections[0].chunks[0].base64: 올바른 base64 문자열이 아닙니다.');
    expect(errorOf(broken((file) => Object.assign(file.connections[0]!.chunks[0]!, { direction: 'up' })))).toBe('캡처 파일을 열 수 없습니다. connections[0].chunks[0].direction: "client-to-server", "server-to-client" 중 하나여야 합니다.');
    expect(errorOf(broken((file) => Object.assign(file.connections[0]!.chunks[0]!, { t: -1 })))).toBe('캡처 파일을 열 수 없습니다. connections[0].chunks[0].t: 0 이상이어야 합니다.');
    expect(errorOf(broken((file) => Object.assign(file, { connections: {} })))).toBe('캡처 파일을 열 수 없습니다. connections: 배열이어야 합니다.');
    expect(errorOf(broken((file) => Object.assign(file.connections[0]!, { id: '', truncated: 'no' })))).toBe('캡처 파일을 열 수 없습니다. connections[0].id: 1글자 이상이어야 합니다. 그 밖에도 문제가 1개 더 있습니다.');
  });

  it('reads a connection\'s TLS facts and checks their shape', () => {
    const tls = { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', alpn: null, subject: 'CN=localhost', issuer: 'CN=Test CA', validFrom: 'a', validTo: 'b', fingerprint256: 'AA', trusted: true, untrustedReason: null };
    const withTls = JSON.parse(broken((file) => Object.assign(file.connections[0]!, { tls }))) as unknown;
    const read = parseCaptureFile(withTls);
    expect(read.ok && read.file.connections[0]?.tls).toEqual(tls);
    expect(errorOf(broken((file) => Object.assign(file.connections[0]!, { tls: { ...tls, trusted: 'yes' } })))).toBe('캡처 파일을 열 수 없습니다. connections[0].tls.trusted: true나 false여야 합니다.');
    expect(errorOf(broken((file) => Object.assign(file.connections[0]!, { tls: { ...tls, subject: 'x'.repeat(2001) } })))).toBe('캡처 파일을 열 수 없습니다. connections[0].tls.subject: 2000글자 이하여야 합니다.');
  });

  it('refuses two connections with the same id', () => {
    expect(errorOf(broken((file) => file.connections.push(file.connections[0]!)))).toBe('캡처 파일을 열 수 없습니다. 두 연결의 id가 "1"로 같습니다. 연결마다 id가 달라야 합니다.');
  });
});
