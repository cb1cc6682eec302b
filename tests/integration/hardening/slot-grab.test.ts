import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_SEED_SERVER } from '../../helpers/sandbox-harness.ts';
import { startTestServer } from '../../helpers/server.ts';
import { waitUntil } from '../../helpers/wait.ts';
import { openControl } from '../../helpers/control.ts';

/**
 * One visitor opening many pages (sessions) used to take every sandbox slot (10 sessions × 2 = all
 * 20 in 1.8 s, held up to 5 minutes). Slots are counted per client address too.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ sandbox: { perOwner: 2, perClient: 3, total: 20 } });
});
afterAll(() => server.close());

describe('sandbox slots per client', () => {
  it('ten pages from one address get perClient servers between them; the rest are refused in Korean', async () => {
    const pages = await Promise.all(Array.from({ length: 10 }, () => openControl(server.origin)));
    for (const page of pages) {
      for (const runId of ['a', 'b']) page.runServer({ 'server.js': WS_SEED_SERVER }, { runId });
    }
    const messages = () => pages.flatMap((page) => page.messages());
    await waitUntil('every run is answered', () => messages().filter((m) => m.type === 'server-listening' || m.type === 'error').length >= 20, 20_000);
    expect(messages().filter((m) => m.type === 'server-listening')).toHaveLength(3);
    const refusals = messages().filter((m) => m.type === 'error');
    expect(refusals).toHaveLength(17);
    expect(new Set(refusals.map((m) => m.code))).toEqual(new Set(['SANDBOX_LIMIT_CLIENT']));
    expect(refusals[0]?.message).toContain('이 주소에서 동시에 실행할 수 있는 서버는 3개까지입니다');
    await Promise.all(pages.map((page) => page.close()));
  }, 60_000);
});
