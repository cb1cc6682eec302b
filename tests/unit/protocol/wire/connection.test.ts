import { describe, expect, it } from 'vitest';
import { createConnectionDecoder, type ConnectionEvent } from '../../../../protocol/wire/connection.ts';
import type { Direction } from '../../../../protocol/wire/constants.ts';
import { encodeClosePayload, encodeFrame } from '../../../../protocol/wire/frame.ts';
import { concatBytes, hex, utf8 } from './bytes.ts';

const C: Direction = 'client-to-server';
const S: Direction = 'server-to-client';
const key = hex('37fa213d');

const upgrade = (target = '/chat', extra = ''): Uint8Array => utf8(`GET ${target} HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`);
const switching = (extra = ''): Uint8Array => utf8(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n${extra}\r\n`);

function run(steps: Array<[Direction, Uint8Array] | ['end', Direction]>): ConnectionEvent[] {
  const decoder = createConnectionDecoder();
  return steps.flatMap((step) => (step[0] === 'end' ? decoder.end(step[1]) : decoder.push(step[0], step[1])));
}

/** A compact view: what happened, which way. */
function summary(events: ConnectionEvent[]): string[] {
  return events.flatMap((event) => {
    const way = event.direction === C ? 'C' : 'S';
    switch (event.type) {
      case 'http': return [`${way} http ${event.head.kind === 'request' ? `${event.head.method} ${event.head.target}` : event.head.status}${event.body ? ` body=${event.body.size}` : ''}`];
      case 'websocket-open': return [`${way} open deflate=${event.deflate !== null}`];
      case 'frame': return [`${way} frame ${event.frame.opcodeName}${event.frame.masked ? ' masked' : ''} @${event.frame.offset}${event.frame.problems.length ? ` ${event.frame.problems.map((p) => p.code).join(',')}` : ''}`];
      case 'message': return [`${way} message ${event.text?.value ?? event.data.length}${event.inflated ? ' (inflated)' : ''}`];
      case 'engine.io': return [`${way} eio ${event.transport} ${event.packet.type}${event.packet.type !== 'error' && typeof event.packet.data === 'string' ? ` ${event.packet.data}` : ''}`];
      case 'socket.io': return [`${way} sio ${event.event.type}${event.event.type === 'packet' ? ` ${event.event.packet.typeName} ${JSON.stringify(event.event.packet.event)}` : ''}`];
      case 'problem': return [`${way} problem ${event.problem.code}`];
      case 'skipped': return [`${way} skipped ${event.length}`];
    }
  });
}

const clientFrames = concatBytes([encodeFrame({ opcode: 0x1, payload: 'Hello', maskingKey: key }), encodeFrame({ opcode: 0x8, payload: encodeClosePayload(1000), maskingKey: key })]);
const serverFrames = concatBytes([encodeFrame({ opcode: 0x1, payload: 'Hi' }), encodeFrame({ opcode: 0x8, payload: encodeClosePayload(1000) })]);

describe('decoding a whole connection', () => {
  it('follows the handshake into frames on both sides, counting offsets from the start of each stream', () => {
    const events = run([[C, upgrade()], [S, concatBytes([switching(), serverFrames])], [C, clientFrames], ['end', C], ['end', S]]);
    expect(summary(events)).toEqual([
      'C http GET /chat',
      'S http 101',
      'S open deflate=false',
      `S frame text @${switching().length}`,
      'S message Hi',
      `S frame close @${switching().length + 4}`,
      `C frame text masked @${upgrade().length}`,
      'C message Hello',
      `C frame close masked @${upgrade().length + 11}`,
    ]);
  });

  it('decodes the same when the whole client stream is pushed before the server stream', () => {
    const inOrder = run([[C, upgrade()], [S, concatBytes([switching(), serverFrames])], [C, clientFrames]]);
    const clientFirst = run([[C, concatBytes([upgrade(), clientFrames])], ['end', C], [S, concatBytes([switching(), serverFrames])], ['end', S]]);
    expect(summary(clientFirst).sort()).toEqual(summary(inOrder).sort());
  });

  it('decodes the same when the whole server stream is pushed before the client stream', () => {
    const inOrder = run([[C, upgrade()], [S, concatBytes([switching(), serverFrames])], [C, clientFrames]]);
    const serverFirst = run([[S, concatBytes([switching(), serverFrames])], [C, concatBytes([upgrade(), clientFrames])]]);
    expect(summary(serverFirst).sort()).toEqual(summary(inOrder).sort());
  });

  it('goes back to HTTP when the server refuses the upgrade', () => {
    const events = run([
      [C, upgrade()],
      [S, utf8('HTTP/1.1 426 Upgrade Required\r\nContent-Length: 3\r\n\r\nno!')],
      [C, utf8('GET /next HTTP/1.1\r\nHost: a\r\n\r\n')],
    ]);
    expect(summary(events)).toEqual(['C http GET /chat', 'S http 426 body=3', 'C http GET /next body=0']);
  });

  it('inflates permessage-deflate messages (the "Hello" of RFC 7692 §7.2.3.1)', () => {
    const compressed = hex('f248cdc9c90700');
    const request = upgrade('/chat', 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n');
    const response = switching('Sec-WebSocket-Extensions: permessage-deflate\r\n');
    const events = run([
      [C, request],
      [S, concatBytes([response, encodeFrame({ opcode: 0x1, rsv1: true, payload: compressed })])],
      [C, encodeFrame({ opcode: 0x1, rsv1: true, payload: compressed, maskingKey: key })],
    ]);
    expect(summary(events)).toEqual([
      'C http GET /chat',
      'S http 101',
      'S open deflate=true',
      `S frame text @${response.length}`,
      'S message Hello (inflated)',
      `C frame text masked @${request.length}`,
      'C message Hello (inflated)',
    ]);
  });

  it('reports compressed text that inflates to invalid UTF-8 (1007)', () => {
    const compressed = new Uint8Array(Buffer.from('0afaff0f00', 'hex')); // inflates to ff ff
    const events = run([[C, upgrade()], [S, concatBytes([switching('Sec-WebSocket-Extensions: permessage-deflate\r\n'), encodeFrame({ opcode: 0x1, rsv1: true, payload: compressed })])]]);
    const message = events.find((event) => event.type === 'message');
    expect(message).toMatchObject({ inflated: true, problems: [{ code: 'INVALID_UTF8', closeCode: 1007 }] });
  });

  it('decodes Engine.IO and Socket.IO inside WebSocket messages when the request names EIO=4', () => {
    const events = run([
      [C, upgrade('/socket.io/?EIO=4&transport=websocket')],
      [S, concatBytes([switching(), encodeFrame({ opcode: 0x1, payload: '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000}' }), encodeFrame({ opcode: 0x1, payload: '40{"sid":"xyz"}' })])],
      [C, concatBytes([encodeFrame({ opcode: 0x1, payload: '42["chat","안녕"]', maskingKey: key })])],
    ]);
    expect(summary(events).filter((line) => line.includes('eio') || line.includes('sio'))).toEqual([
      'S eio websocket open {"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000}',
      'S eio websocket message 0{"sid":"xyz"}',
      'S sio packet CONNECT null',
      'C eio websocket message 2["chat","안녕"]',
      'C sio packet EVENT "chat"',
    ]);
  });

  it('decodes Engine.IO payloads in polling bodies, chunked or not, over one keep-alive connection', () => {
    const chunkedBody = '0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000}\x1e40';
    const body = utf8(chunkedBody);
    const events = run([
      [C, utf8('GET /socket.io/?EIO=4&transport=polling&t=1 HTTP/1.1\r\nHost: a\r\n\r\n')],
      [S, concatBytes([utf8(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n`), body, utf8('\r\n0\r\n\r\n')])],
      [C, utf8('POST /socket.io/?EIO=4&transport=polling&t=2&sid=abc HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n40\x1e42["a"]')],
      [S, utf8('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')],
    ]);
    expect(summary(events)).toEqual([
      'C http GET /socket.io/?EIO=4&transport=polling&t=1 body=0',
      `S http 200 body=${body.length}`,
      'S eio polling open {"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000}',
      'S eio polling message 0',
      'S sio packet CONNECT null',
      'C http POST /socket.io/?EIO=4&transport=polling&t=2&sid=abc body=10',
      'C eio polling message 0',
      'C sio packet CONNECT null',
      'C eio polling message 2["a"]',
      'C sio packet EVENT "a"',
      'S http 200 body=2',
    ]);
  });

  it('reports bytes that are not HTTP, and skips the rest of that direction', () => {
    expect(summary(run([[C, hex('810548656c6c6f')], [C, hex('00')]]))).toEqual(['C problem HTTP_BAD_CHARACTER', 'C skipped 7', 'C skipped 1']);
  });

  it('reports a frame cut short when the stream ends', () => {
    const events = run([[C, upgrade()], [S, concatBytes([switching(), hex('81 05 48')])], ['end', S]]);
    expect(summary(events).slice(-2)).toEqual([`S frame text @${switching().length} INCOMPLETE_FRAME`, 'S message H']);
    expect(events.at(-1)).toMatchObject({ type: 'message', message: { complete: false } });
  });
});
