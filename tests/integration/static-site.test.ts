import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/raw.ts';
import { startTestServer } from '../helpers/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('the built site', () => {
  it('serves index.html for / as UTF-8 HTML', async () => {
    const response = await fetch(`${server.origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('안녕하세요');
  });

  it('redirects a folder without its trailing slash, then serves its index', async () => {
    const response = await fetch(`${server.origin}/lesson`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/lesson/');
    expect((await fetch(`${server.origin}/lesson/`)).status).toBe(200);
  });

  it('never redirects to another host: a path that starts with // gets a Location on this site', async () => {
    for (const target of ['/.//evil.example/x%2f..', '//evil.example%2f..', '/.//evil.example%2flesson', '//lesson', '/%2f%2fevil.example/..']) {
      const response = await rawRequest(server.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      const location = response.headers.get('location');
      if (location !== undefined) expect(location, target).toMatch(/^\/(?![/\\])/);
    }
    const folder = await rawRequest(server.port, 'GET //lesson HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(folder.status).toBe(301);
    expect(folder.headers.get('location')).toBe('/lesson/');
  });

  it('answers unknown pages with the site’s 404 page', async () => {
    const response = await fetch(`${server.origin}/no/such/page/`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('페이지를 찾을 수 없습니다');
  });

  it('caches hashed assets for a year and compresses them', async () => {
    const response = await fetch(`${server.origin}/_astro/app.abc123.js`, { headers: { 'Accept-Encoding': 'br' } });
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(response.headers.get('content-encoding')).toBe('br');
  });

  it('answers a matching ETag with 304', async () => {
    const first = await fetch(`${server.origin}/`);
    const etag = first.headers.get('etag') ?? '';
    const second = await fetch(`${server.origin}/`, { headers: { 'If-None-Match': etag } });
    expect(second.status).toBe(304);
  });

  it('never serves files outside dist/', async () => {
    for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd']) {
      const response = await rawRequest(server.port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(response.text).not.toContain('root:');
      expect([400, 404]).toContain(response.status);
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await fetch(`${server.origin}/`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
