import { describe, expect, it } from 'vitest';
import { decodeEngineIoPacket, decodeEngineIoPayload } from '../../../protocol/wire/engine-io.ts';
import { engineIoRaw, engineIoSummary, formatValue } from '../../../src/inspector/packet-labels.ts';

describe('packet labels', () => {
  it('write each Engine.IO packet as it was on the wire', () => {
    const [probe, binary] = decodeEngineIoPayload('2probe\x1ebAQID');
    expect(probe === undefined ? '' : engineIoRaw(probe, 'polling')).toBe('2probe');
    expect(binary === undefined ? '' : engineIoRaw(binary, 'polling')).toBe('bAQID');
    expect(engineIoRaw(decodeEngineIoPacket(Uint8Array.of(1, 2, 3)), 'websocket')).toBe('01 02 03');
    expect(engineIoRaw(decodeEngineIoPacket('9nope'), 'websocket')).toBe('9nope');
  });

  it('summarise Engine.IO packets, parser errors included', () => {
    expect(engineIoSummary(decodeEngineIoPacket('3probe'))).toBe('Engine.IO pong(3) probe');
    expect(engineIoSummary(decodeEngineIoPacket(Uint8Array.of(1)))).toBe('Engine.IO message(4) 바이너리 1바이트');
    expect(engineIoSummary(decodeEngineIoPacket('0{}'))).toBe('Engine.IO 해석 실패 ENGINE_IO_BAD_OPEN: Engine.IO open 패킷의 JSON에 sid, upgrades, pingInterval, pingTimeout이 있어야 합니다.');
  });

  it('format values with bytes shown as bytes', () => {
    expect(formatValue(['a', 1, null, { b: Uint8Array.of(255) }, undefined])).toBe('["a", 1, null, {"b": <바이너리 1바이트: ff>}, undefined]');
  });
});
