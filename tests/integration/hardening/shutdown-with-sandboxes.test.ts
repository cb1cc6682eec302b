import { existsSync } from 'node:fs';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { liveDescendants, processesMentioning, runningProcess, SOCKET_IO_SEED_PAGE, SOCKET_IO_SEED_SERVER, WS_SEED_SERVER } from '../../helpers/sandbox-harness.ts';
import { openControl } from '../../helpers/control.ts';
import { startMain } from '../../helpers/main-process.ts';
import { waitUntil } from '../../helpers/wait.ts';
import { TestClient } from '../../helpers/ws.ts';


describe('SIGTERM with learners’ servers running and Socket.IO clients polling', () => {
  it('exits with code 0 before its 2 s deadline, and leaves no process and no sandbox folder behind', async () => {
    const main = await startMain({ env: { SANDBOX_PER_OWNER: '3' } });
    const { child, exited, origin, wsBase } = main;
    const root = main.events('sandbox_isolation')[0]?.['root'] as string | undefined;
    expect(root).toMatch(/ws-noriteo-sandbox-/);

    // Two pages, three learners' servers (ws and Socket.IO seeds).
    const pages = await Promise.all([0, 1].map(() => openControl(origin)));
    pages[0]!.runServer({ 'server.js': WS_SEED_SERVER });
    pages[0]!.runServer({ 'server.js': SOCKET_IO_SEED_SERVER, 'index.html': SOCKET_IO_SEED_PAGE });
    pages[1]!.runServer({ 'server.js': WS_SEED_SERVER });
    const listening = () => pages.flatMap((page) => page.all('server-listening')).length;
    await waitUntil('three servers listen', () => listening() === 3, 20_000);
    const sandboxPids = liveDescendants(child.pid).map((p) => p.pid);
    expect(sandboxPids.length).toBeGreaterThanOrEqual(3);
    expect(processesMentioning(root!).length).toBeGreaterThanOrEqual(3);

    // Socket.IO clients on long polling (a GET hangs on the server at any moment), and one on WebSocket.
    const pollers = Array.from({ length: 5 }, () => io(origin, { transports: ['polling'], reconnection: false }));
    const wsClient = io(origin, { transports: ['websocket'], reconnection: false });
    await Promise.all([...pollers, wsClient].map((socket) => new Promise<void>((resolve) => socket.once('connect', () => resolve()))));
    const disconnected = Promise.all([...pollers, wsClient].map((socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve))));
    const echo = await TestClient.open(`${wsBase}/ws/echo`);

    child.kill('SIGTERM');
    // Exit code 0: the shutdown finished before main.ts's 2 s deadline (past it, the process exits 1 with
    // shutdown_timeout). That is the promise; how long the machine took to run it is not.
    expect(await exited).toBe(0);
    expect((await echo.closed).code).toBe(1001);
    for (const page of pages) expect((await page.client.closed).code).toBe(1001);
    expect(await disconnected).toHaveLength(6);

    expect(sandboxPids.map(runningProcess).filter((p) => p !== null)).toEqual([]);
    expect(processesMentioning(root!)).toEqual([]);
    expect(existsSync(root!)).toBe(false);
    expect(main.stderr()).toContain('"event":"sandbox_closed"');
    expect(main.stderr()).not.toContain('shutdown_timeout');
  }, 60_000);
});
