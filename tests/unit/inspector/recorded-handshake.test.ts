import { describe, expect, it } from 'vitest';
import { CaptureStore, type InspectedConnection } from '../../../src/inspector/capture-store.ts';
import { checkAccept, findHandshake } from '../../../src/inspector/recorded-handshake.ts';
import { fixtureText, type FixtureName } from './capture-fixtures.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

function connectionsOf(name: FixtureName): InspectedConnection[] {
  const store = new CaptureStore();
  const result = store.fromCaptureFile(fixtureText(name));
  if (!result.ok) throw new Error(result.error);
  return store.connections;
}

describe('findHandshake and checkAccept', () => {
  it('recompute the accept of the key Chromium sent and find it equal to what ws answered', async () => {
    const [connection] = connectionsOf('ws-echo-chromium.json');
    const handshake = connection === undefined ? null : findHandshake(connection);
    expect(handshake?.request?.lines[0]).toBe('GET /echo HTTP/1.1');
    expect(handshake?.response.lines).toEqual(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Accept: WJ0EM+dwr1rjpWZmLmOqzL5Pa6I=']);
    expect(handshake?.deflate).toBeNull();
    if (handshake === null || handshake === undefined) return;
    expect(await checkAccept(handshake)).toEqual({
      key: 'ugiDRTdGM+7Z/oQK59XqEg==',
      steps: {
        key: 'ugiDRTdGM+7Z/oQK59XqEg==',
        guid: '258EAFA5-E914-47DA-95CA-C5AB0DC85B11',
        concatenated: 'ugiDRTdGM+7Z/oQK59XqEg==258EAFA5-E914-47DA-95CA-C5AB0DC85B11',
        sha1Hex: '589d0433e770af5ae3a566662e63aaccbe4f6ba2',
        accept: 'WJ0EM+dwr1rjpWZmLmOqzL5Pa6I=',
      },
      sent: 'WJ0EM+dwr1rjpWZmLmOqzL5Pa6I=',
      matches: true,
    });
  });

  it('find the negotiated permessage-deflate parameters, and the Socket.IO WebSocket among its polling requests', async () => {
    const [deflate] = connectionsOf('ws-permessage-deflate.json');
    expect(deflate === undefined ? null : findHandshake(deflate)?.deflate).toEqual({ serverNoContextTakeover: false, clientNoContextTakeover: false, serverMaxWindowBits: null, clientMaxWindowBits: null });
    const [polling, websocket] = connectionsOf('socket-io-upgrade.json');
    expect(polling === undefined ? undefined : findHandshake(polling)).toBeNull();
    const handshake = websocket === undefined ? null : findHandshake(websocket);
    expect(handshake?.request?.head.target).toBe('/socket.io/?EIO=4&transport=websocket&sid=9cf7SeaG3dlF9PdpAAAA');
    if (handshake === null || handshake === undefined) return;
    expect((await checkAccept(handshake)).matches).toBe(true);
  });

  it('report a mismatch, keeping the header lines exactly as sent (spacing and case)', async () => {
    const store = new CaptureStore();
    store.open('1', '/x', 0);
    store.chunk('1', 'client-to-server', 0, utf8('GET /x HTTP/1.1\r\nhost:a\r\nUPGRADE:  WebSocket\r\nConnection: upgrade\r\nSec-WebSocket-Key:   dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'));
    store.chunk('1', 'server-to-client', 1, utf8('HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo\r\n\r\n'));
    const [connection] = store.connections;
    const handshake = connection === undefined ? null : findHandshake(connection);
    expect(handshake?.request?.lines).toEqual(['GET /x HTTP/1.1', 'host:a', 'UPGRADE:  WebSocket', 'Connection: upgrade', 'Sec-WebSocket-Key:   dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13']);
    if (handshake === null || handshake === undefined) return;
    const check = await checkAccept(handshake);
    expect(check).toMatchObject({ key: 'dGhlIHNhbXBsZSBub25jZQ==', sent: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo', matches: false });
    expect(check.steps?.accept).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('report a missing key or accept instead of failing', async () => {
    const store = new CaptureStore();
    store.open('1', '/x', 0);
    store.chunk('1', 'client-to-server', 0, utf8('GET /x HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'));
    store.chunk('1', 'server-to-client', 1, utf8('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'));
    const [connection] = store.connections;
    const handshake = connection === undefined ? null : findHandshake(connection);
    if (handshake === null) throw new Error('no handshake');
    expect(await checkAccept(handshake)).toEqual({ key: null, steps: null, sent: null, matches: false });
  });
});
