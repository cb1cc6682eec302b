import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdConnection, rawRequest, upgradeRequest } from '../../helpers/raw.ts';
import { startTestServer } from '../../helpers/server.ts';
import { TestClient } from '../../helpers/ws.ts';

/**
 * More malformed handshakes than tests/integration/bad-handshakes.test.ts tries. Each gets a status (or a
 * close) within a timeout, and the connection that stays open all along keeps working.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let bystander: TestClient;
beforeAll(async () => {
  server = await startTestServer({ limits: { pingIntervalMs: 300 } });
  bystander = await TestClient.open(`${server.wsUrl}/ws/echo`);
});
afterAll(async () => {
  await bystander.expectEcho('무사합니다');
  bystander.ws.close();
  await server.close();
});

const TIMEOUT = 5000;
const head = (overrides: Record<string, string | null>, firstLine?: string) => upgradeRequest('/ws/echo', server.port, overrides, firstLine);

describe('malformed upgrade requests, over raw TCP', () => {
  it.each([
    ['a Sec-WebSocket-Key sent twice', 400, 'HANDSHAKE_BAD_KEY', () => head({}).replace('\r\n\r\n', '\r\nSec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n\r\n')],
    ['a key with characters outside base64', 400, 'HANDSHAKE_BAD_KEY', () => head({ 'Sec-WebSocket-Key': '!!!!!!!!!!!!!!!!!!!!!!==' })],
    ['a key of 24 characters that decodes to 17 bytes', 400, 'HANDSHAKE_BAD_KEY', () => head({ 'Sec-WebSocket-Key': 'AQIDBAUGBwgJCgsMDQ4PEBE=' })],
    ['no Sec-WebSocket-Version at all', 426, 'HANDSHAKE_BAD_VERSION', () => head({ 'Sec-WebSocket-Version': null })],
    ['Sec-WebSocket-Version sent twice', 426, 'HANDSHAKE_BAD_VERSION', () => head({}).replace('\r\n\r\n', '\r\nSec-WebSocket-Version: 13\r\n\r\n')],
    ['Upgrade: websocket sent twice', 400, 'HANDSHAKE_BAD_UPGRADE', () => head({}).replace('\r\n\r\n', '\r\nUpgrade: websocket\r\n\r\n')],
    ['a second Host naming the Origin’s site (Node keeps the first Host; the origin check uses it)', 403, 'ORIGIN_REJECTED', () => head({ Origin: 'http://evil.example' }).replace('\r\n\r\n', '\r\nHost: evil.example\r\n\r\n')],
    ['a PUT upgrade', 400, 'HANDSHAKE_BAD_METHOD', () => head({ 'Content-Length': '0' }, 'PUT /ws/echo HTTP/1.1')],
  ])('answers %s with %i', async (_case, status, code, request) => {
    const response = await rawRequest(server.port, request(), TIMEOUT);
    expect(response.status).toBe(status);
    if (code !== undefined) expect(response.headers.get('x-playground-error')).toBe(code);
    expect(response.closedByServer).toBe(true);
  });

  it('answers 2,000 short header lines (10 KB, under the 16 KiB limit) with 431 before ws sees them (CVE-2024-37890)', async () => {
    const many = Array.from({ length: 2000 }, () => 'a:1').join('\r\n');
    const request = head({}).replace('\r\n\r\n', `\r\n${many}\r\n\r\n`);
    expect(Buffer.byteLength(request)).toBeLessThan(16 * 1024);
    const response = await rawRequest(server.port, request, TIMEOUT);
    expect(response.status).toBe(431);
    expect(response.closedByServer).toBe(true);
  });

  it('still accepts 980 extra header lines, with the key after them', async () => {
    const many = Array.from({ length: 980 }, () => 'a:1').join('\r\n');
    const request = `GET /ws/echo HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n${many}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;
    const response = await rawRequest(server.port, request);
    expect(response.status).toBe(101);
  });

  it('answers 4,000 header lines (over 16 KiB) with 431', async () => {
    const many = Array.from({ length: 4000 }, (_, i) => `x-h${i}: v`).join('\r\n');
    const response = await rawRequest(server.port, head({}).replace('\r\n\r\n', `\r\n${many}\r\n\r\n`), TIMEOUT);
    expect(response.status).toBe(431);
  });

  it('answers a request line over 16 KiB with 431', async () => {
    const response = await rawRequest(server.port, upgradeRequest(`/ws/echo?${'q'.repeat(20_000)}`, server.port), TIMEOUT);
    expect(response.status).toBe(431);
  });

  it('treats Connection without the upgrade token as a plain request: 426 with Upgrade: websocket', async () => {
    const response = await rawRequest(server.port, head({ Connection: 'keep-alive' }));
    expect(response.status).toBe(426);
    expect(response.headers.get('upgrade')).toBe('websocket');
    expect(response.headers.get('x-playground-error')).toBe('NOT_A_WEBSOCKET_REQUEST');
  });

  it('treats Connection: Upgrade without an Upgrade header as a plain request: 426', async () => {
    const response = await rawRequest(server.port, head({ Upgrade: null }));
    expect(response.status).toBe(426);
  });

  it.each([
    ['a lowercase method', () => head({}, 'get /ws/echo HTTP/1.1')],
    ['a NUL byte in a header value', () => head({ 'X-Evil': 'a\0b' })],
    ['an obsolete folded header line', () => head({}).replace('\r\n\r\n', '\r\nX-Folded: a\r\n b\r\n\r\n')],
    ['an HTTP/2 preface', () => 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
    ['a bare LF instead of CRLF', () => head({}).replaceAll('\r\n', '\n')],
  ])('answers %s with 400 from Node’s parser', async (_case, request) => {
    const response = await rawRequest(server.port, request(), TIMEOUT);
    expect(response.status).toBe(400);
  });

  it('accepts the absolute form of the request target (RFC 9112 §3.2.2)', async () => {
    const response = await rawRequest(server.port, head({}, `GET http://127.0.0.1:${server.port}/ws/echo HTTP/1.1`));
    expect(response.status).toBe(101);
  });

  it('answers a keep-alive GET, then an upgrade sent on the same socket after the response', async () => {
    const text = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`));
      let received = '';
      socket.on('data', (chunk: Buffer) => {
        const first = received === '';
        received += chunk.toString('latin1');
        if (first) socket.write(head({}));
        if (received.includes('\r\n\r\nHTTP/1.1 101') || received.includes('</html>HTTP/1.1 101')) {
          socket.destroy();
          resolve(received);
        }
      });
      setTimeout(() => {
        socket.destroy();
        resolve(received);
      }, TIMEOUT);
    });
    expect(text.startsWith('HTTP/1.1 200 OK')).toBe(true);
    expect(text).toContain('HTTP/1.1 101 Switching Protocols');
  });

  it('does not offer permessage-deflate, even when asked (OWASP: compression bombs)', async () => {
    const response = await rawRequest(server.port, head({ 'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits' }));
    expect(response.status).toBe(101);
    expect(response.headers.has('sec-websocket-extensions')).toBe(false);
  });

  it('refuses a Socket.IO upgrade with an unknown Engine.IO session id', async () => {
    const response = await rawRequest(server.port, upgradeRequest('/socket.io/?EIO=4&transport=websocket&sid=nope', server.port), TIMEOUT);
    expect(response.status).toBe(400);
  });
});

describe('slow clients after the handshake', () => {
  it('drops a client that completes the handshake, then dribbles a frame and never answers pings (slowloris on frames)', async () => {
    // A masked frame header, one byte every 200 ms (two in all): the frame never completes, so no pong can be read either.
    const bytes = Buffer.from('8185', 'hex');
    let i = 0;
    const held = await holdConnection(server.port, { first: head({}), drip: () => (i < bytes.length ? bytes.subarray(i, ++i) : null), everyMs: 200, giveUpMs: 20_000 });
    // The handshake did complete: it was the silence afterwards that ended the connection.
    expect(held.received.toString('latin1')).toMatch(/^HTTP\/1\.1 101 /);
    // pingIntervalMs is 300 here: pinged at the first sweep, dropped at a later one.
    expect(held.byServer).toBe(true);
    expect(held.closedAfter).toBeGreaterThanOrEqual(300);
  });
});
