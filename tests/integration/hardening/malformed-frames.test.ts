import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeClosePayload } from '../../../protocol/wire/frame.ts';
import { startTestServer } from '../../helpers/server.ts';
import { TestClient } from '../../helpers/ws.ts';
import { clientFrame, MASK, RawWsClient } from './raw-ws.ts';

/**
 * Frames a conforming client never sends, written byte by byte after a good handshake. Each must
 * end that connection with the close code RFC 6455 §7.4.1 gives it, read from the server's own
 * close frame, and nobody else may notice.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let bystander: TestClient;
beforeAll(async () => {
  server = await startTestServer();
  bystander = await TestClient.open(`${server.wsUrl}/ws/echo`);
});
afterAll(async () => {
  bystander.ws.close();
  await server.close();
});

const text = (payload: string | Uint8Array, fields: { fin?: boolean; opcode?: number } = {}) => clientFrame({ opcode: 0x1, payload, ...fields });
const tinyFragments = (count: number) =>
  Buffer.concat([text('a', { fin: false }), ...Array.from({ length: count }, (_, i) => clientFrame({ opcode: 0x0, fin: i === count - 1, payload: 'a' }))]);

const CASES: Array<[string, Buffer, number]> = [
  ['RSV1 set without a negotiated extension', clientFrame({ opcode: 0x1, rsv1: true, payload: 'hi' }), 1002],
  ['RSV2 set', clientFrame({ opcode: 0x1, rsv2: true, payload: 'hi' }), 1002],
  ['RSV3 set', clientFrame({ opcode: 0x2, rsv3: true, payload: 'hi' }), 1002],
  ['reserved data opcode 0x3', clientFrame({ opcode: 0x3, payload: 'hi' }), 1002],
  ['reserved control opcode 0xB', clientFrame({ opcode: 0xb }), 1002],
  ['an unmasked client frame (§5.1)', Buffer.from('81026869', 'hex'), 1002],
  ['a fragmented control frame (ping without FIN)', clientFrame({ opcode: 0x9, fin: false, payload: 'x' }), 1002],
  ['a control frame over 125 bytes', clientFrame({ opcode: 0x9, payload: 'p'.repeat(126), lengthForm: '16-bit' }), 1002],
  ['a continuation with no message to continue', clientFrame({ opcode: 0x0, payload: 'x' }), 1002],
  ['a new text frame inside a fragmented message', Buffer.concat([text('a', { fin: false }), text('b')]), 1002],
  ['invalid UTF-8 in a text message', text(Buffer.from('cebae1bdb9ff', 'hex')), 1007],
  ['a text message ending inside a code point', text(Buffer.from('e282', 'hex')), 1007],
  ['a close frame with a one-byte payload', clientFrame({ opcode: 0x8, payload: Buffer.from('03', 'hex') }), 1002],
  ['close code 1005 (reserved for "no status")', clientFrame({ opcode: 0x8, payload: encodeClosePayload(1005) }), 1002],
  ['close code 1006 (reserved for "abnormal")', clientFrame({ opcode: 0x8, payload: encodeClosePayload(1006) }), 1002],
  ['close code 999', clientFrame({ opcode: 0x8, payload: encodeClosePayload(999) }), 1002],
  ['close code 5000', clientFrame({ opcode: 0x8, payload: encodeClosePayload(5000) }), 1002],
  ['a close reason that is not UTF-8', clientFrame({ opcode: 0x8, payload: Buffer.concat([Buffer.from(encodeClosePayload(1000)), Buffer.from('ff', 'hex')]) }), 1007],
  // FIN + text, masked, 127 = 64-bit length 0x8000000000000000: the high bit must be 0 (§5.2).
  ['a 64-bit length with the most significant bit set', Buffer.concat([Buffer.from('81ff8000000000000000', 'hex'), MASK]), 1009],
  ['a 64-bit length of 2^53 (beyond what a JavaScript number holds exactly)', Buffer.concat([Buffer.from('81ff0020000000000000', 'hex'), MASK]), 1009],
  ['a message over WS_MAX_PAYLOAD (64 KiB)', text('x'.repeat(64 * 1024 + 1)), 1009],
  ['a flood of 1,025 one-byte fragments (more than maxFragments)', tinyFragments(1025), 1008],
];

describe.each(['/ws/echo', '/ws/chat'])('malformed frames on %s, over raw TCP', (path) => {
  it.each(CASES)('closes on %s with the RFC 6455 code, and the others carry on', async (_case, bytes, code) => {
    const client = await RawWsClient.open(server.port, path);
    client.write(bytes);
    expect(await client.closeCode()).toBe(code);
    await client.ended;

    await bystander.expectEcho(`무사합니다 ${code}`);
  });

  it('still accepts the same kind of fragmented message when it stays under maxFragments', async () => {
    const client = await RawWsClient.open(server.port, path);
    client.write(tinyFragments(1000));
    const message = await client.waitForFrame((frame) => frame.opcode === 0x1 && frame.payloadLength >= 1001);
    expect(message?.text?.value).toMatch(/a{1001}$/);
    client.write(clientFrame({ opcode: 0x8, payload: encodeClosePayload(1000) }));
    expect(await client.closeCode()).toBe(1000);
  });

  it('answers a ping with a pong carrying the same payload, and a good close with the same code', async () => {
    const client = await RawWsClient.open(server.port, path);
    client.write(clientFrame({ opcode: 0x9, payload: 'ping' }));
    const pong = await client.waitForFrame((frame) => frame.opcode === 0xa);
    expect(Buffer.from(pong?.payload ?? []).toString()).toBe('ping');
    client.write(clientFrame({ opcode: 0x8, payload: encodeClosePayload(4001, '안녕') }));
    expect(await client.closeCode()).toBe(4001);
  });
});

describe('a second upgrade request on an upgraded socket', () => {
  it('is read as frame bytes: "G" (0x47) has RSV1 set and no FIN, so the connection closes with 1002', async () => {
    const client = await RawWsClient.open(server.port, '/ws/echo');
    client.write(`GET /ws/echo HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`);
    expect(await client.closeCode()).toBe(1002);
  });
});
