import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostPolicy, hostName } from '../../../playground-server/host-policy.ts';
import { rawRequest, upgradeRequest } from '../../helpers/raw.ts';
import { startTestServer } from '../../helpers/server.ts';

/**
 * DNS rebinding: a page of rebind.evil.example, once its name points at 127.0.0.1, talks to the
 * playground with Host *and* Origin "rebind.evil.example:PORT" — the Origin check alone (Origin's
 * host equals Host) let it open the control channel and run code. What runs code answers only the
 * names the site is served as.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ publicHosts: ['ws.school.example'] });
});
afterAll(() => server.close());

const control = () => `/_playground?session=${randomUUID()}`;
const upgrade = (path: string, host: string, origin = `http://${host}`) => rawRequest(server.port, upgradeRequest(path, server.port, { Host: host, Origin: origin }));

describe('the Host check against DNS rebinding', () => {
  it('refuses the control channel to a rebinding page (Host and Origin both its own name) with 421', async () => {
    const answer = await upgrade(control(), `rebind.evil.example:${server.port}`);
    expect(answer.status).toBe(421);
    expect(answer.headers.get('x-playground-error')).toBe('HOST_REJECTED');
    expect(answer.body).toContain('DNS 리바인딩');
  });

  it.each(['localhost', '127.0.0.1', '[::1]', 'ws.school.example', 'WS.School.Example', 'app.localhost'])('opens the control channel for the site’s own page at %s', async (name) => {
    const host = `${name}:${server.port}`;
    const answer = await upgrade(control(), host);
    expect(answer.status).toBe(101);
  });

  it('refuses the proxy to learners’ servers, over HTTP and WebSocket, to a rebinding name', async () => {
    const path = `/_sandbox/${randomUUID()}/8080/`;
    const http = await rawRequest(server.port, `GET ${path} HTTP/1.1\r\nHost: rebind.evil.example:${server.port}\r\nConnection: close\r\n\r\n`);
    expect(http.status).toBe(421);
    expect((await upgrade(path, `rebind.evil.example:${server.port}`, 'null')).status).toBe(421);
    // The same unknown run from a served name gets as far as the proxy (which finds no such server).
    const served = await rawRequest(server.port, `GET ${path} HTTP/1.1\r\nHost: localhost:${server.port}\r\nConnection: close\r\n\r\n`);
    expect(served.status).toBe(502);
  });

  it('answers /healthz and /metrics on loopback only to the served names (a rebinding page gets the 404)', async () => {
    const get = (host: string) => rawRequest(server.port, `GET /metrics HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect((await get(`rebind.evil.example:${server.port}`)).status).toBe(404);
    expect((await get(`localhost:${server.port}`)).status).toBe(200);
  });

  it('leaves the lesson endpoints open to any name: they run no code and already take any page (Origin: null)', async () => {
    expect((await upgrade('/ws/echo', `rebind.evil.example:${server.port}`)).status).toBe(101);
  });
});

describe('host names', () => {
  it('reads the name out of a Host header, or nothing from what is not one', () => {
    expect(hostName('LocalHost:4321')).toBe('localhost');
    expect(hostName('[::1]:4321')).toBe('::1');
    expect(hostName('example.com.')).toBe('example.com');
    expect(hostName('evil.example@127.0.0.1')).toBeUndefined();
    expect(hostName('a b')).toBeUndefined();
    expect(hostName(undefined)).toBeUndefined();
  });

  it('serves IP literals, loopback names and the listed names only', () => {
    const served = createHostPolicy({ publicHosts: ['ws.school.example'], allowedOrigins: ['https://other.example:8443'] });
    for (const host of ['192.168.0.5:4321', '[fe80::1]:4321', 'localhost', 'x.localhost:1', 'ws.school.example', 'other.example']) expect(served(host), host).toBe(true);
    for (const host of ['rebind.evil.example:4321', 'localhost.evil.example', '127.0.0.1.nip.io', '', undefined]) expect(served(host), String(host)).toBe(false);
  });
});
