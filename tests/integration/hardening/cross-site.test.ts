import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../helpers/chromium.ts';
import { openControl, type ControlPage } from '../../helpers/control.ts';
import { WS_SEED_SERVER } from '../../helpers/sandbox-harness.ts';
import { makeFixtureSite, startTestServer } from '../../helpers/server.ts';
import { waitUntil } from '../../helpers/wait.ts';

/**
 * In a real browser: a page from another origin (another loopback port) tries to drive a learner's
 * sandbox — open the control channel with the learner's session id, reach the learner's server
 * through the proxy — and a sandboxed frame (Origin: null) tries the control channel. All fail,
 * while the same attempts from the site's own page succeed (so the test can tell).
 */

/** Runs in the page: tries a WebSocket and reports whether it opened (and the close code it got). */
const PROBE = `
window.tryWebSocket = (url) => new Promise((resolve) => {
  const ws = new WebSocket(url);
  const timer = setTimeout(() => resolve({ opened: false, code: 'timeout' }), 20000);
  ws.onopen = () => { clearTimeout(timer); ws.close(1000); resolve({ opened: true }); };
  ws.onclose = (event) => { clearTimeout(timer); resolve({ opened: false, code: event.code }); };
});
window.tryFetch = (url) => fetch(url).then((r) => ({ status: r.status }), (e) => ({ failed: String(e.name) }));
window.tryInSandboxedFrame = (url) => new Promise((resolve) => {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.srcdoc = '<script>const ws = new WebSocket(' + JSON.stringify(url) + ');' +
    'ws.onopen = () => parent.postMessage({ opened: true }, "*");' +
    'ws.onclose = (e) => parent.postMessage({ opened: false, code: e.code }, "*");<' + '/script>';
  window.addEventListener('message', (event) => resolve(event.data), { once: true });
  document.body.append(frame);
});
`;
const PAGE = `<!doctype html><html lang="ko"><title>probe</title><body><script>${PROBE}</script></body></html>`;

/** The seed's ws server on 8080, and an HTTP server on 3000 that logs every request it gets. */
const SERVER = `${WS_SEED_SERVER}\nrequire("node:http").createServer((req, res) => { console.log("HTTP " + req.url); res.end("ok"); }).listen(3000);\n`;

let browser: Browser;
let server: Awaited<ReturnType<typeof startTestServer>>;
let evil: Server;
let evilOrigin: string;
let victim: ControlPage;
let victimSession: string;
let base: string;
let victimLines = () => [] as string[];

beforeAll(async () => {
  const site = await makeFixtureSite();
  await writeFile(join(site, 'probe.html'), PAGE);
  server = await startTestServer({ distDir: site, sandbox: { listenTimeoutMs: 5000 } });
  evil = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;

  // The learner: a lesson page's control channel running the seed's ws server.
  victimSession = randomUUID();
  victim = await openControl(server.origin, { session: victimSession });
  victim.runServer({ 'server.js': SERVER });
  await waitUntil('both ports listen', () => victim.all('server-listening').length === 2, 20_000);
  base = victim.all('server-listening')[0]!.base;
  victimLines = () => victim.all('server-output').map((m) => m.text);

  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await victim?.close();
  await new Promise<void>((resolve) => evil.close(() => resolve()));
  await server.close();
});

async function openPage(url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url);
  return page;
}

describe('a page from another site', () => {
  it('cannot open the control channel, even with the learner’s session id, and does not displace the learner', async () => {
    const page = await openPage(`${evilOrigin}/`);
    const result = await page.evaluate((url) => (window as unknown as { tryWebSocket(u: string): Promise<unknown> }).tryWebSocket(url), `${server.wsUrl}/_playground?session=${victimSession}`);
    expect(result).toEqual({ opened: false, code: 1006 });
    expect(victim.client.ws.readyState).toBe(victim.client.ws.OPEN);
    await page.close();
  });

  it('cannot reach the learner’s server through the proxy, by WebSocket or by fetch', async () => {
    const page = await openPage(`${evilOrigin}/`);
    const ws = await page.evaluate((url) => (window as unknown as { tryWebSocket(u: string): Promise<unknown> }).tryWebSocket(url), `${server.wsUrl}${base}/8080/`);
    expect(ws).toEqual({ opened: false, code: 1006 });
    const fetched = await page.evaluate((url) => (window as unknown as { tryFetch(u: string): Promise<unknown> }).tryFetch(url), `${server.origin}${base}/3000/from-evil`);
    expect(fetched).toEqual({ failed: 'TypeError' });
    const refused = await fetch(`${server.origin}${base}/3000/from-evil`, { headers: { Origin: evilOrigin } });
    expect(refused.status).toBe(403);
    await page.close();
    // The learner's servers never saw a connection or a request: a request of ours made after them is the first.
    expect((await fetch(`${server.origin}${base}/3000/marker`)).status).toBe(200);
    await waitUntil('the marker request is logged', () => victimLines().includes('HTTP /marker'));
    expect(victimLines()).not.toContain('클라이언트가 접속하였습니다.');
    expect(victimLines()).not.toContain('HTTP /from-evil');
  });

  it('cannot open the control channel from a sandboxed frame it embeds (Origin: null)', async () => {
    const page = await openPage(`${evilOrigin}/`);
    const result = await page.evaluate((url) => (window as unknown as { tryInSandboxedFrame(u: string): Promise<unknown> }).tryInSandboxedFrame(url), `${server.wsUrl}/_playground?session=${randomUUID()}`);
    expect(result).toEqual({ opened: false, code: 1006 });
    await page.close();
  });
});

describe('the site’s own page (the control case)', () => {
  it('opens the control channel itself, but not from a sandboxed frame of its own (learner code runs there)', async () => {
    const page = await openPage(`${server.origin}/probe.html`);
    const own = await page.evaluate((url) => (window as unknown as { tryWebSocket(u: string): Promise<unknown> }).tryWebSocket(url), `${server.wsUrl}/_playground?session=${randomUUID()}`);
    expect(own).toEqual({ opened: true });
    const framed = await page.evaluate((url) => (window as unknown as { tryInSandboxedFrame(u: string): Promise<unknown> }).tryInSandboxedFrame(url), `${server.wsUrl}/_playground?session=${randomUUID()}`);
    expect(framed).toEqual({ opened: false, code: 1006 });
    await page.close();
  });

  it('reaches the learner’s servers through the proxy: WebSocket from the lesson’s sandboxed frame, fetch from the page', async () => {
    const page = await openPage(`${server.origin}/probe.html`);
    const framed = await page.evaluate((url) => (window as unknown as { tryInSandboxedFrame(u: string): Promise<unknown> }).tryInSandboxedFrame(url), `${server.wsUrl}${base}/8080/`);
    expect(framed).toEqual({ opened: true });
    const fetched = await page.evaluate((url) => (window as unknown as { tryFetch(u: string): Promise<unknown> }).tryFetch(url), `${server.origin}${base}/3000/from-own-page`);
    expect(fetched).toEqual({ status: 200 });
    await page.close();
    await waitUntil('the learner’s servers log both', () => victimLines().includes('클라이언트가 접속하였습니다.') && victimLines().includes('HTTP /from-own-page'));
    expect(victimLines()).toContain('클라이언트가 접속하였습니다.');
    expect(victimLines()).toContain('HTTP /from-own-page');
  });
});
