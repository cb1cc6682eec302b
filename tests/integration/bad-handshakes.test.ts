import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdConnection, rawRequest, upgradeRequest } from '../helpers/raw.ts';
import { startTestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/ws.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let bystander: TestClient;
beforeAll(async () => {
  server = await startTestServer();
  bystander = await TestClient.open(`${server.wsUrl}/ws/echo`);
});
afterAll(async () => {
  // Whatever the bad requests did, the connection that was open all along still works.
  await bystander.expectEcho('무사합니다');
  bystander.ws.close();
  await server.close();
});

describe('malformed upgrade requests, over raw TCP (RFC 6455 §4.2.1, §4.2.2)', () => {
  it('completes a good handshake with the accept value of RFC 6455 §1.3', async () => {
    const response = await rawRequest(server.port, upgradeRequest('/ws/echo', server.port));
    expect(response.status).toBe(101);
    expect(response.headers.get('sec-websocket-accept')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it.each([
    ['no Sec-WebSocket-Key', { 'Sec-WebSocket-Key': null }, 'HANDSHAKE_BAD_KEY'],
    ['a key that is not 16 bytes of base64', { 'Sec-WebSocket-Key': 'c2hvcnQ=' }, 'HANDSHAKE_BAD_KEY'],
    ['no Upgrade: websocket', { Upgrade: 'h2c' }, 'HANDSHAKE_BAD_UPGRADE'],
    ['no Host', { Host: null }, 'HANDSHAKE_NO_HOST'],
  ])('answers %s with 400 and closes', async (_case, overrides, code) => {
    const response = await rawRequest(server.port, upgradeRequest('/ws/echo', server.port, overrides));
    expect(response.status).toBe(400);
    expect(response.headers.get('x-playground-error')).toBe(code);
    expect(response.body).toMatch(/RFC 6455/);
    expect(response.closedByServer).toBe(true);
  });

  it('answers a wrong Sec-WebSocket-Version with 426 and the version it speaks', async () => {
    const response = await rawRequest(server.port, upgradeRequest('/ws/echo', server.port, { 'Sec-WebSocket-Version': '8' }));
    expect(response.status).toBe(426);
    expect(response.headers.get('sec-websocket-version')).toBe('13');
    expect(response.closedByServer).toBe(true);
  });

  it('answers a POST upgrade with 400', async () => {
    const response = await rawRequest(server.port, upgradeRequest('/ws/echo', server.port, { 'Content-Length': '0' }, 'POST /ws/echo HTTP/1.1'));
    expect(response.status).toBe(400);
    expect(response.headers.get('x-playground-error')).toBe('HANDSHAKE_BAD_METHOD');
  });

  it('answers an HTTP/1.0 upgrade with 400', async () => {
    const response = await rawRequest(server.port, upgradeRequest('/ws/echo', server.port, {}, 'GET /ws/echo HTTP/1.0'));
    expect(response.status).toBe(400);
    expect(response.headers.get('x-playground-error')).toBe('HANDSHAKE_BAD_HTTP_VERSION');
  });

  it('answers an upgrade to an unknown path with 404 and closes the socket', async () => {
    const response = await rawRequest(server.port, upgradeRequest('/ws/nowhere', server.port));
    expect(response.status).toBe(404);
    expect(response.body).toContain('/ws/echo');
    expect(response.closedByServer).toBe(true);
  });

  it('refuses a page from another site with 403 (cross-site WebSocket hijacking)', async () => {
    const response = await rawRequest(server.port, upgradeRequest('/ws/chat', server.port, { Origin: 'https://evil.example' }));
    expect(response.status).toBe(403);
    expect(response.headers.get('x-playground-error')).toBe('ORIGIN_REJECTED');
  });

  it('applies the same checks to Socket.IO’s WebSocket upgrade', async () => {
    const response = await rawRequest(
      server.port,
      upgradeRequest('/socket.io/?EIO=4&transport=websocket', server.port, { 'Sec-WebSocket-Version': '7' }),
    );
    expect(response.status).toBe(426);
  });

  it('answers garbage that is not HTTP with 400 and stays up', async () => {
    const response = await rawRequest(server.port, Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x0d, 0x0a, 0x0d, 0x0a]));
    expect(response.status).toBe(400);
  });

  it('answers headers over 16 KiB with 431', async () => {
    const response = await rawRequest(server.port, upgradeRequest('/ws/echo', server.port, { 'X-Big': 'a'.repeat(20_000) }));
    expect(response.status).toBe(431);
  });

  it('survives a client that resets the connection mid-handshake', async () => {
    const { connect } = await import('node:net');
    await new Promise<void>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.write('GET /ws/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n');
        socket.resetAndDestroy();
        resolve();
      });
    });
    const response = await fetch(`${server.origin}/`);
    expect(response.status).toBe(200);
  });
});

describe('slow clients', () => {
  it('cuts a client that sends its headers too slowly (slowloris) after the headers timeout', async () => {
    const slow = await startTestServer();
    const held = await holdConnection(slow.port, { first: 'GET /ws/echo HTTP/1.1\r\nHost: x\r\n', drip: () => 'X-Drip: 1\r\n', everyMs: 1000 });
    await slow.close();
    expect(held.byServer).toBe(true);
    expect(held.closedAfter).toBeGreaterThan(9_000);
  }, 45_000);
});

describe('pipelining', () => {
  it('answers an upgrade pipelined behind a keep-alive GET only after that response', async () => {
    const request = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n${upgradeRequest('/ws/echo', server.port)}`;
    const response = await rawRequest(server.port, request);
    const ok = response.text.indexOf('HTTP/1.1 200 OK');
    const switching = response.text.indexOf('HTTP/1.1 101 Switching Protocols');
    expect(ok).toBe(0);
    expect(switching).toBeGreaterThan(ok);
    expect(Buffer.from(response.text.slice(0, switching), 'latin1').toString('utf8')).toContain('안녕하세요');
  });
});
