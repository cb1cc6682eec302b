import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openControl } from '../helpers/control.ts';
import { rawRequest, upgradeRequest } from '../helpers/raw.ts';
import { runToExit, startDev, type DevProcess } from '../helpers/main-process.ts';
import { TestClient } from '../helpers/ws.ts';

/**
 * `npm run dev` mounts the same app as `npm start` (playground-server/app.ts through
 * entry/dev.ts): the same config, read and refused the same way, and the same guards.
 */
describe('npm run dev refuses a bad setting exactly as npm start does', () => {
  it.each([
    ['WS_MAX_PAYLOAD', 'lots'],
    ['WS_MAX_PAYLOAD', '12'],
    ['ALLOWED_ORIGINS', 'not a url'],
    ['SANDBOX_TOTAL', '-1'],
  ])('%s=%s: exit code 2 and the same Korean message', async (name, value) => {
    const [start, dev] = await Promise.all([runToExit('start', { [name]: value }), runToExit('dev', { [name]: value })]);
    expect(start.code).toBe(2);
    expect(start.stderr).toContain('설정이 올바르지 않습니다');
    expect(dev.code).toBe(2);
    expect(dev.stderr).toContain(start.stderr.trim());
  }, 60_000);
});

describe('npm run dev serves with the same config and guards', () => {
  let dev: DevProcess;
  beforeAll(async () => {
    dev = await startDev({ env: { WS_MAX_PAYLOAD: '200', LOG_LEVEL: 'silent' } });
  }, 60_000);
  afterAll(async () => {
    dev?.child.kill('SIGTERM');
    await dev?.exited;
  });

  it('applies WS_MAX_PAYLOAD to the endpoints: a larger message is refused with 1009', async () => {
    const echo = await TestClient.open(`ws://127.0.0.1:${dev.port}/ws/echo`);
    await echo.expectEcho('x'.repeat(200));
    echo.ws.send('x'.repeat(201));
    expect((await echo.closed).code).toBe(1009);
  });

  it('answers an upgrade pipelined behind a keep-alive GET only after that response', async () => {
    const request = `GET /favicon.svg HTTP/1.1\r\nHost: 127.0.0.1:${dev.port}\r\n\r\n${upgradeRequest('/ws/echo', dev.port)}`;
    const response = await rawRequest(dev.port, request, 15_000);
    const ok = response.text.indexOf('HTTP/1.1 200 OK');
    const switching = response.text.indexOf('HTTP/1.1 101 Switching Protocols');
    expect(ok).toBe(0);
    expect(switching).toBeGreaterThan(ok);
    expect(response.text.slice(0, switching)).toContain('</svg>');
  });

  it('sends the network panel’s hand-written request to itself, as npm start does', async () => {
    const page = await openControl(dev.origin);
    page.send({ type: 'raw-request', capture: 'pg', text: `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${dev.port}\r\n\r\n` });
    expect((await page.waitFor('raw-response')).text).toMatch(/^HTTP\/1\.1 200 [^]*"status":"ok"/);
    await page.close();
  });

  it('serves /healthz where a single instance does', async () => {
    const answer = await fetch(`${dev.origin}/healthz`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ status: 'ok' });
  });
});
