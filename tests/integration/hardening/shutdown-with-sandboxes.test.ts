import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { liveDescendants, processesMentioning, SOCKET_IO_SEED_PAGE, SOCKET_IO_SEED_SERVER, WS_SEED_SERVER } from '../../helpers/sandbox.ts';
import { startMain } from '../../helpers/main-process.ts';
import { TestClient } from '../../helpers/ws.ts';


/** Running (a zombie waiting for a parent that does not reap it is already dead). */
function isAlive(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' ? null : `${pid} ${state} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 100)}`;
  } catch {
    return null;
  }
}

describe('SIGTERM with learners’ servers running and Socket.IO clients polling', () => {
  it('exits within 2 s with code 0, and leaves no process and no sandbox folder behind', async () => {
    const main = await startMain({ env: { SANDBOX_PER_OWNER: '3' } });
    const { child, exited, origin, wsBase } = main;
    const root = main.events('sandbox_isolation')[0]?.['root'] as string | undefined;
    expect(root).toMatch(/ws-noriteo-sandbox-/);

    // Two pages, three learners' servers (ws and Socket.IO seeds).
    const pages = await Promise.all([0, 1].map(() => TestClient.open(`${wsBase}/_playground?session=${randomUUID()}`, { headers: { Origin: origin } })));
    const runs = [
      [pages[0]!, 'a', { 'server.js': WS_SEED_SERVER }],
      [pages[0]!, 'b', { 'server.js': SOCKET_IO_SEED_SERVER, 'index.html': SOCKET_IO_SEED_PAGE }],
      [pages[1]!, 'c', { 'server.js': WS_SEED_SERVER }],
    ] as const;
    for (const [page, runId, files] of runs) page.ws.send(JSON.stringify({ type: 'run-server', runId, entry: 'server.js', files }));
    const deadline = Date.now() + 10_000;
    const listening = () => pages.flatMap((page) => page.texts).filter((text) => text.includes('"server-listening"')).length;
    while (listening() < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(listening()).toBe(3);
    const sandboxPids = liveDescendants(child.pid).map((p) => p.pid);
    expect(sandboxPids.length).toBeGreaterThanOrEqual(3);
    expect(processesMentioning(root!).length).toBeGreaterThanOrEqual(3);

    // Socket.IO clients on long polling (a GET hangs on the server at any moment), and one on WebSocket.
    const pollers = Array.from({ length: 5 }, () => io(origin, { transports: ['polling'], reconnection: false }));
    const wsClient = io(origin, { transports: ['websocket'], reconnection: false });
    await Promise.all([...pollers, wsClient].map((socket) => new Promise<void>((resolve) => socket.once('connect', () => resolve()))));
    const disconnected = Promise.all([...pollers, wsClient].map((socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve))));
    const echo = await TestClient.open(`${wsBase}/ws/echo`);

    const started = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const took = Date.now() - started;
    expect(took).toBeLessThan(2000);
    expect((await echo.closed).code).toBe(1001);
    for (const page of pages) expect((await page.closed).code).toBe(1001);
    expect(await disconnected).toHaveLength(6);

    expect(sandboxPids.map(isAlive).filter((p) => p !== null)).toEqual([]);
    expect(processesMentioning(root!)).toEqual([]);
    expect(existsSync(root!)).toBe(false);
    expect(main.stderr()).toContain('"event":"sandbox_closed"');
    expect(main.stderr()).not.toContain('shutdown_timeout');
  }, 30_000);
});
