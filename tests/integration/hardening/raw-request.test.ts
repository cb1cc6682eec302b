import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../../helpers/server.ts';
import { openControl } from '../../helpers/control.ts';
import { waitUntil } from '../../helpers/wait.ts';

/**
 * The network panel's hand-written request (`raw-request`) goes from the playground server to itself, so it is not
 * counted against the visitor's address (found by the hostile pass, issue 17). Before: every request pipelined in
 * its 16 KiB was served, about 300 per message; 150 messages made 44,550 requests in 5.5 s, and an echo round trip
 * elsewhere went from 3 ms to 129 ms. Now only the first request goes, and one at a time per page.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let served = 0;
beforeAll(async () => {
  server = await startTestServer();
  server.server.on('request', () => {
    served += 1;
  });
});
afterAll(() => server.close());

const GET = 'GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

describe('a hand-written request from the network panel', () => {
  it('sends only the first of pipelined requests', async () => {
    const page = await openControl(server.origin);
    const before = served;
    page.send({ type: 'raw-request', capture: 'pg', text: GET.repeat(300) });
    const reply = await page.waitFor('raw-response');
    expect(reply.text.match(/^HTTP\/1\.1 200 /gm)).toHaveLength(1);
    expect(served - before).toBe(1);
    await page.close();
  });

  it('keeps a body as long as its Content-Length, and nothing after it', async () => {
    const page = await openControl(server.origin);
    const before = served;
    page.send({ type: 'raw-request', capture: 'pg', text: `POST /index.html HTTP/1.1\nHost: 127.0.0.1\nContent-Length: ${GET.length}\n\n${GET}${GET}` });
    const reply = await page.waitFor('raw-response');
    expect(reply.text).toMatch(/^HTTP\/1\.1 405 /);
    expect(reply.text.match(/^HTTP\/1\.1 /gm)).toHaveLength(1);
    expect(served - before).toBe(1);
    await page.close();
  });

  it('answers a second request while the first is out with CONTROL_BUSY, in Korean', async () => {
    const page = await openControl(server.origin);
    // A request without its end keeps the first one waiting for the server's answer (up to 2 s).
    page.send({ type: 'raw-request', capture: 'a', text: 'POST /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\n' });
    for (let i = 0; i < 20; i += 1) page.send({ type: 'raw-request', capture: 'b', text: GET });
    await waitUntil('the refusals', () => page.all('error').length === 20);
    expect(new Set(page.all('error').map((m) => m.code))).toEqual(new Set(['CONTROL_BUSY']));
    expect(page.all('error')[0]?.message).toMatch(/[가-힣]/);
    await page.waitFor('raw-response', (m) => m.capture === 'a');
    page.send({ type: 'raw-request', capture: 'c', text: GET });
    expect((await page.waitFor('raw-response', (m) => m.capture === 'c')).text).toMatch(/^HTTP\/1\.1 200 /);
    await page.close();
  });
});
