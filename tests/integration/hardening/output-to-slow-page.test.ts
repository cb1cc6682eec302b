import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openControl } from '../../helpers/control.ts';
import { startTestServer } from '../../helpers/server.ts';

/**
 * A learner's server printing empty lines to a page that never reads its control channel (found by the hostile
 * pass, issue 17). The output limit counts the program's bytes, 1 per empty line, and each line went to the page as a
 * JSON message of about 85 bytes, queued in the server's memory however much was already waiting: two pages of one
 * visitor running two servers each grew the server's RSS by 836 MB in 15 s. Lines the page cannot take now are
 * skipped and counted, and the page is told how many (in Korean) once it reads again.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ sandbox: { outputBytes: 512 * 1024, listenTimeoutMs: 10_000 } });
});
afterAll(() => server.close());

const EMPTY_LINES = `require("http").createServer().listen(3000, () => {
  setInterval(() => { for (let i = 0; i < 5000; i += 1) console.log(""); }, 1);
});
`;

describe('console output to a page that does not read', () => {
  it('is skipped past what is waiting for the page, and the page is told how much', async () => {
    const page = await openControl(server.origin);
    const socket = (page.client.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    const runId = page.runServer({ 'server.js': EMPTY_LINES });
    // 512 Ki empty lines (the output limit) end the program; the page reads again only then.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (server.sandboxes?.count(page.session) === 0) {
          clearInterval(poll);
          resolve();
        }
      }, 100);
    });
    socket.resume();
    const exit = await page.waitFor('server-exit', (m) => m.runId === runId, 60_000);
    expect(exit.reason).toBe('output');
    const lines = page.all('server-output').filter((m) => m.runId === runId);
    const received = page.client.messages.reduce((sum, message) => sum + message.data.length, 0);
    // The kernel's socket buffers take some megabytes before anything waits in the server; all of it would be ~45 MB.
    expect(received).toBeLessThan(25 * 1024 * 1024);
    expect(lines.length).toBeLessThan(512 * 1024 / 2);
    expect(lines.some((m) => /출력 [\d,]+줄을 건너뛰었습니다/.test(m.text))).toBe(true);
    await page.close();
  }, 90_000);
});
