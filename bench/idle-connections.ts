import { readFileSync } from 'node:fs';
import type { WebSocket } from 'ws';
import { startChild, type BenchChild } from './child.ts';
import type { Row } from './stats.ts';
import { openWs } from './ws-client.ts';

/**
 * Memory per idle WebSocket: BENCH_IDLE_CONNECTIONS (10,000) connections opened and left open,
 * server RSS and heap (after a GC) before and after, divided by the count. Our /ws/echo (with its
 * limits on: heartbeat and idle timeout through the shared sweeper, the rate's token bucket made at
 * a connection's first message; 200 loopback addresses so the per-address cap holds; the V8 flags
 * npm start gives its workers) against a bare `ws` server, each in its own process, in the same run.
 */
const WANTED = Number(process.env['BENCH_IDLE_CONNECTIONS'] ?? 10_000);
const GOAL_RATIO = 1.2;

/** This process's soft limit on open files: each connection costs one here and one in the server. */
function openFileLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  return Number(line?.split(/\s+/)[3] ?? 1024);
}

async function measure(server: BenchChild, path: string, count: number) {
  await server.gc();
  const before = await server.stats();
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += 250) {
    const batch = Array.from({ length: Math.min(250, count - i) }, (_, j) => openWs(`ws://127.0.0.1:${server.port}${path}`, { localAddress: `127.0.2.${((i + j) % 200) + 1}` }));
    sockets.push(...(await Promise.all(batch)));
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await server.gc();
  const after = await server.stats();
  for (const ws of sockets) ws.terminate();
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { rss: (after.rss - before.rss) / count, heap: (after.heapUsed - before.heapUsed) / count };
}

export async function idleBench(): Promise<Row[]> {
  const count = Math.min(WANTED, Math.floor((openFileLimit() - 200) / 1));
  const bare = await startChild('bare-ws');
  const ours = await startChild('playground-server');
  try {
    const baseline = await measure(bare, '/', count);
    const mine = await measure(ours, '/ws/echo', count);
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
    const label = `idle ${count.toLocaleString('en-US')} WebSockets`;
    // Issue 14, goal 6: at most 1.2× bare ws, RSS and heap alike.
    const goal = (ratio: number) => `× ${ratio.toFixed(2)} (goal ≤ ${GOAL_RATIO}) ${ratio <= GOAL_RATIO ? 'OK' : 'UNDER'}`;
    const fewer = count < WANTED ? ` (ulimit -n allowed ${count} of ${WANTED})` : '';
    return [
      { bench: label, metric: 'server RSS per connection', value: kb(mine.rss), baseline: `${kb(baseline.rss)} bare ws`, note: `${goal(mine.rss / baseline.rss)}${fewer}` },
      { bench: label, metric: 'server JS heap per connection', value: kb(mine.heap), baseline: kb(baseline.heap), note: `${goal(mine.heap / baseline.heap)}, after a full GC` },
    ];
  } finally {
    await Promise.all([bare.stop(), ours.stop()]);
  }
}
