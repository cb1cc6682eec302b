import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_SEED_SERVER } from '../../helpers/sandbox-harness.ts';
import { startTestServer } from '../../helpers/server.ts';
import { openControl } from '../../helpers/control.ts';
import { waitUntil } from '../../helpers/wait.ts';

/**
 * Run and stop arriving while a learner's server is still starting (found by the hostile pass, issue 17). Before:
 * a page that closed while its server was starting left it running for the whole wall time (5 minutes) with no page
 * to stop it, a stop sent during the start was lost, and two runs of one runId started two servers, one of which no
 * page could stop. Each held a slot of the page and of its address.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ sandbox: { perOwner: 2, perClient: 4, total: 20, ownerGraceMs: 200 } });
});
afterAll(() => server.close());

/** The servers running for one tab (its session id is their owner). */
const running = (session: string) => server.sandboxes?.count(session) ?? 0;
const noneRunning = (session: string) => waitUntil('none of the tab\'s servers running', () => running(session) === 0, 15_000, () => `${running(session)} running`);

describe('start and stop races on the control channel', () => {
  it('a page that closes while its server starts leaves nothing running after the grace period', async () => {
    const page = await openControl(server.origin);
    // The close right behind the run: the server reads both before the start has made the server's folder.
    page.runServer({ 'server.js': WS_SEED_SERVER });
    await page.close();
    await noneRunning(page.session);
  });

  it('a stop sent while the server starts stops it', async () => {
    const page = await openControl(server.origin);
    const runId = page.runServer({ 'server.js': WS_SEED_SERVER });
    page.send({ type: 'stop-server', runId });
    expect(await page.waitFor('server-exit', (m) => m.runId === runId)).toMatchObject({ reason: 'stopped' });
    await noneRunning(page.session);
    // The page still runs servers afterwards: nothing of the stopped one holds its slots.
    const again = page.runServer({ 'server.js': WS_SEED_SERVER });
    await page.waitFor('server-listening', (m) => m.runId === again);
    page.send({ type: 'stop-server', runId: again });
    await page.waitFor('server-exit', (m) => m.runId === again);
    await page.close();
    await noneRunning(page.session);
  });

  it('two runs of one runId leave one server, and its stop leaves none', async () => {
    const page = await openControl(server.origin);
    page.runServer({ 'server.js': WS_SEED_SERVER }, { runId: 'x' });
    page.runServer({ 'server.js': WS_SEED_SERVER }, { runId: 'x' });
    await waitUntil('both runs answered', () => page.all('server-starting').length === 2 && page.all('server-listening').length >= 1, 15_000);
    await waitUntil('one server left', () => running(page.session) === 1, 15_000, () => `${running(page.session)} running`);
    page.send({ type: 'stop-server', runId: 'x' });
    await noneRunning(page.session);
    await page.close();
  });
});
