import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CLOSE_REASONS } from '../../../playground-server/errors.ts';
import { WS_SEED_SERVER } from '../../helpers/sandbox-harness.ts';
import { startTestServer } from '../../helpers/server.ts';
import { openControl as openPage } from '../../helpers/control.ts';
import { TestClient } from '../../helpers/ws.ts';
import { waitUntil } from '../../helpers/wait.ts';
import { MAX_CONDITIONED_PLAYGROUNDS } from '../../../playground-server/control-channel.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({
    sandbox: { perOwner: 2, total: 3, listenTimeoutMs: 5000, ownerGraceMs: 200 },
    limits: { rateBurst: 40, ratePerSecond: 10 },
  });
});
afterAll(() => server.close());

const openControl = () => openPage(server.origin);

describe('control-channel messages the schema refuses', () => {
  it.each([
    ['a binary message', Buffer.from('{"type":"stop-server","runId":"x"}')],
    ['JSON null', 'null'],
    ['a JSON number', '42'],
    ['a JSON array', '[{"type":"stop-server","runId":"x"}]'],
    ['a JSON string', '"stop-server"'],
    ['truncated JSON', '{"type":"run-server","runId":"x"'],
    ['a run without files', '{"type":"run-server","runId":"x","entry":"server.js"}'],
    ['a run whose file is over 256 KiB', JSON.stringify({ type: 'run-server', runId: 'x', entry: 'a.js', files: { 'a.js': 'x'.repeat(256 * 1024 + 1) } })],
    ['a file name that is an absolute path', JSON.stringify({ type: 'run-server', runId: 'x', entry: '/etc/passwd', files: { '/etc/passwd': '' } })],
    ['a runId over 64 characters', JSON.stringify({ type: 'stop-server', runId: 'r'.repeat(65) })],
    ['a type in the wrong case', '{"type":"RUN-SERVER","runId":"x"}'],
    ['latency as a string', '{"type":"set-conditions","capture":"a","latencyMs":"100","bytesPerSecond":0}'],
    ['100,000 nested arrays', '['.repeat(100_000) + ']'.repeat(100_000)],
    // Found by the hostile pass (issue 17): each of its 81,000 names went through the schema (30–90 ms of blocked event
    // loop per message beyond JSON.parse, 20 messages a second allowed) before the sandbox refused more than 20 files.
    ['a run of 81,000 files in one 1 MiB message', JSON.stringify({ type: 'run-server', runId: 'x', entry: 'f0', files: Object.fromEntries(Array.from({ length: 81_000 }, (_, i) => [`f${i}`, ''])) })],
  ])('answers %s with CONTROL_BAD_MESSAGE and stays open', async (_case, data) => {
    const control = await openControl();
    control.client.ws.send(data);
    const error = await control.waitFor('error');
    expect(error).toMatchObject({ code: 'CONTROL_BAD_MESSAGE', message: expect.stringMatching(/[가-힣]/) });
    expect(control.client.ws.readyState).toBe(WebSocket.OPEN);
    control.client.ws.close();
  });

  it('ignores a __proto__ key instead of polluting the server’s prototypes', async () => {
    const control = await openControl();
    control.client.ws.send('{"type":"stop-server","runId":"x","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    control.client.ws.send('{"type":"nope"}');
    await control.waitFor('error');
    expect(control.all('error')).toHaveLength(1);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    control.client.ws.close();
  });

  it('closes with 1009 on a message over 1 MiB, and the next page is served as usual', async () => {
    const control = await openControl();
    control.client.ws.send(JSON.stringify({ type: 'stop-server', runId: 'x', padding: 'p'.repeat(1024 * 1024) }));
    expect((await control.client.closed).code).toBe(1009);
    const next = await openControl();
    expect(next.client.ws.readyState).toBe(WebSocket.OPEN);
    next.client.ws.close();
  });

  it('closes a page that floods its control channel with 1008, like every endpoint', async () => {
    const control = await openControl();
    for (let i = 0; i < 60; i++) control.send({ type: 'stop-server', runId: `r${i}` });
    expect(await control.client.closed).toEqual({ code: 1008, reason: CLOSE_REASONS.RATE_LIMITED });
  });
});

describe('network conditions per page', () => {
  // Found by the hostile pass (issue 17): every playground name got its own entry, kept as long as the page stays
  // (control channels are never idle), so a page could grow the server by ~150 bytes a message for hours.
  it('holds conditions for at most MAX_CONDITIONED_PLAYGROUNDS playgrounds of a page; clearing one frees its place', async () => {
    const control = await openControl();
    const set = (capture: string, latencyMs: number) => control.send({ type: 'set-conditions', capture, latencyMs, bytesPerSecond: 0 });
    for (let i = 0; i < MAX_CONDITIONED_PLAYGROUNDS; i += 1) set(`pg${i}`, 10);
    await waitUntil('every playground slowed', () => control.all('conditions').length === MAX_CONDITIONED_PLAYGROUNDS);
    set('one-more', 10);
    expect(await control.waitFor('error')).toMatchObject({ code: 'CONTROL_TOO_MANY_PLAYGROUNDS', message: expect.stringMatching(/[가-힣]/) });
    set('pg0', 20);
    await control.waitFor('conditions', (m) => m.capture === 'pg0' && m.latencyMs === 20);
    set('pg0', 0);
    await control.waitFor('conditions', (m) => m.capture === 'pg0' && m.latencyMs === 0);
    set('one-more', 10);
    await control.waitFor('conditions', (m) => m.capture === 'one-more');
    control.client.ws.close();
  });
});

describe('concurrent sandboxes (2 per page, 3 in all)', () => {
  it('answers a page over its own limit and a page over the total with Korean errors; the running servers are unaffected', async () => {
    const a = await openControl();
    const b = await openControl();
    const c = await openControl();
    const run = (control: Awaited<ReturnType<typeof openControl>>, runId: string) =>
      control.send({ type: 'run-server', runId, entry: 'server.js', files: { 'server.js': WS_SEED_SERVER } });

    run(a, 'a1');
    run(a, 'a2');
    await a.waitFor('server-listening', (m) => m['runId'] === 'a1');
    await a.waitFor('server-listening', (m) => m['runId'] === 'a2');
    run(a, 'a3');
    expect(await a.waitFor('error', (m) => m['runId'] === 'a3')).toMatchObject({ code: 'SANDBOX_LIMIT_OWNER', message: expect.stringMatching(/[가-힣]/) });

    run(b, 'b1');
    const listening = await b.waitFor('server-listening', (m) => m['runId'] === 'b1');
    run(c, 'c1');
    expect(await c.waitFor('error', (m) => m['runId'] === 'c1')).toMatchObject({ code: 'SANDBOX_LIMIT_TOTAL', message: expect.stringMatching(/[가-힣]/) });

    // b's server still answers through the proxy.
    const client = await TestClient.open(`${server.wsUrl}${String(listening['base'])}/8080/`, { headers: { Origin: 'null' } });
    client.ws.send('안녕');
    await client.waitFor(1);
    expect(client.texts).toEqual(['메세지 수신완료.']);
    client.ws.close();

    // A freed slot can be taken again.
    a.send({ type: 'stop-server', runId: 'a1' });
    await a.waitFor('server-exit', (m) => m['runId'] === 'a1');
    run(c, 'c2');
    await c.waitFor('server-listening', (m) => m['runId'] === 'c2');
    for (const control of [a, b, c]) control.client.ws.close();
  }, 60_000);
});
