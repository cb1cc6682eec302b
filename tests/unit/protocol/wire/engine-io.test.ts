import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEngineIoPacket, decodeEngineIoPayload, parseOpenPacket } from '../../../../protocol/wire/engine-io.ts';
import { createSocketIoDecoder, type SocketIoEvent } from '../../../../protocol/wire/socket-io.ts';
import { hex, utf8 } from './bytes.ts';

const open = '0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';

describe('Engine.IO v4 packets', () => {
  it('reads the open packet: sid, upgrades, pingInterval, pingTimeout, maxPayload', () => {
    expect(decodeEngineIoPacket(open)).toMatchObject({
      type: 'open',
      open: { sid: 'lv_VI97HAXpY6yYWAAAC', upgrades: ['websocket'], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000 },
    });
  });

  it('recognises the upgrade probe (2probe, 3probe) and the upgrade packet (5)', () => {
    expect(['2probe', '3probe', '5', '2', '6'].map((text) => {
      const packet = decodeEngineIoPacket(text);
      return packet.type === 'error' ? 'error' : [packet.type, packet.probe];
    })).toEqual([['ping', true], ['pong', true], ['upgrade', false], ['ping', false], ['noop', false]]);
  });

  it('reads message packets as text, binary frames as binary messages, and "b" + base64 as binary', () => {
    expect(decodeEngineIoPacket('4hello')).toMatchObject({ type: 'message', data: 'hello', binary: false });
    expect(decodeEngineIoPacket(hex('010203'))).toMatchObject({ type: 'message', data: hex('010203'), binary: true });
    expect(decodeEngineIoPacket('bAQID')).toMatchObject({ type: 'message', data: hex('010203'), binary: true });
  });

  it('gives a Korean description for each packet type', () => {
    const packet = decodeEngineIoPacket('2probe');
    expect(packet.type !== 'error' && packet.description).toContain('2probe');
  });

  it('splits a polling body at \\x1e and stops at the first bad packet, as engine.io-parser does', () => {
    expect(decodeEngineIoPayload(utf8('4hello\x1e2\x1ebAQID')).map((packet) => packet.type)).toEqual(['message', 'ping', 'message']);
    expect(decodeEngineIoPayload('4a\x1ex\x1e4b').map((packet) => packet.type)).toEqual(['message', 'error']);
  });

  it.each([['an unknown type', '9hello'], ['an empty packet', ''], ['an open packet without a sid', '0{"upgrades":[]}'], ['an open packet that is not JSON', '0{']])('returns an error value for %s', (_case, text) => {
    expect(decodeEngineIoPacket(text)).toMatchObject({ type: 'error', raw: text });
  });

  it('rejects open packets with fields of the wrong type', () => {
    expect(parseOpenPacket('{"sid":1,"upgrades":[],"pingInterval":1,"pingTimeout":1}')).toBeNull();
    expect(parseOpenPacket('{"sid":"a","upgrades":[1],"pingInterval":1,"pingTimeout":1}')).toBeNull();
    expect(parseOpenPacket('{"sid":"a","upgrades":[],"pingInterval":1,"pingTimeout":1}')).toMatchObject({ maxPayload: null });
  });
});

describe('Socket.IO v5 packets', () => {
  const push = (...parts: Array<string | Uint8Array>): SocketIoEvent[] => {
    const decoder = createSocketIoDecoder();
    return parts.flatMap((part) => decoder.push(part));
  };

  it('reads CONNECT with its namespace and payload', () => {
    expect(push('0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"}')).toMatchObject([
      { type: 'packet', packet: { typeName: 'CONNECT', nsp: '/admin', data: { sid: 'oSO0OpakMV_3jnilAAAA' }, id: null } },
    ]);
  });

  it('reads an EVENT with its name, arguments and ack id', () => {
    expect(push('2/chat,12["message","안녕",{"n":1}]')).toMatchObject([
      { type: 'packet', packet: { type: 2, typeName: 'EVENT', nsp: '/chat', id: 12, event: 'message', args: ['안녕', { n: 1 }], attachments: 0 } },
    ]);
  });

  it('reads an ACK with all its elements as arguments', () => {
    expect(push('312["ok",2]')).toMatchObject([{ type: 'packet', packet: { typeName: 'ACK', id: 12, event: null, args: ['ok', 2] } }]);
  });

  it('reports a binary event in parts: the placeholder header, each attachment, then the reassembled packet', () => {
    const events = push('52-/chat,7["upload",{"_placeholder":true,"num":0},"x",{"_placeholder":true,"num":1}]', hex('0102'), hex('03'));
    expect(events).toMatchObject([
      { type: 'binary-header', packet: { typeName: 'BINARY_EVENT', nsp: '/chat', id: 7, event: 'upload', attachments: 2, args: [{ _placeholder: true, num: 0 }, 'x', { _placeholder: true, num: 1 }] } },
      { type: 'attachment', index: 0, of: 2, bytes: hex('0102') },
      { type: 'attachment', index: 1, of: 2, bytes: hex('03') },
      { type: 'packet', packet: { typeName: 'BINARY_EVENT', nsp: '/chat', id: 7, event: 'upload', attachments: 2, args: [hex('0102'), 'x', hex('03')] } },
    ]);
    // The header still shows the placeholders after reassembly filled in the packet.
    expect(events[0]?.type === 'binary-header' && events[0].packet.args[0]).toEqual({ _placeholder: true, num: 0 });
  });

  it.each([
    ['an unknown type', '9["a"]'],
    ['a reserved event name', '2["disconnect"]'],
    ['JSON that does not parse', '2["a"'],
    ['too many attachments', '511-["a"]'],
    ['binary with no packet waiting for it', hex('00')],
  ])('returns an error value for %s, and decodes the next packet normally', (_case, bad) => {
    const decoder = createSocketIoDecoder();
    expect(decoder.push(bad)).toMatchObject([{ type: 'error', problem: { code: 'SOCKET_IO_PARSER_ERROR' } }]);
    expect(decoder.push('2["ok"]')).toMatchObject([{ type: 'packet', packet: { event: 'ok' } }]);
  });

  it('recovers when text arrives while it was still waiting for attachments', () => {
    const decoder = createSocketIoDecoder();
    decoder.push('51-["a",{"_placeholder":true,"num":0}]');
    expect(decoder.push('2["b"]')).toMatchObject([{ type: 'error' }]);
    expect(decoder.push('2["c"]')).toMatchObject([{ type: 'packet', packet: { event: 'c' } }]);
  });
});

describe('Engine.IO and Socket.IO decoders under random input', () => {
  const packetish = fc.oneof(
    fc.string(),
    fc.tuple(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', 'b', '40', '42', '43', '451-', '52-', '4/a,'), fc.oneof(fc.string(), fc.json())).map(([prefix, rest]) => prefix + rest),
    fc.uint8Array({ maxLength: 40 }),
  );

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.array(packetish, { maxLength: 12 }), (inputs) => {
        const socketIo = createSocketIoDecoder();
        for (const input of inputs) {
          const packet = decodeEngineIoPacket(input);
          decodeEngineIoPayload(input);
          socketIo.push(input);
          if (packet.type === 'message' && packet.data !== null) socketIo.push(packet.data);
        }
      }),
      { numRuns: 500 },
    );
  });
});
