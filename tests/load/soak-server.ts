/**
 * The playground server for the soak, in its own process so its memory and handles are measured
 * apart from the clients'. Answers IPC: "stats" → { rss, heapUsed, handles, connections } after
 * a full GC (run with --expose-gc); "stop" → closes and exits.
 */
import { startTestServer } from '../helpers/server.ts';

export interface SoakStats {
  rss: number;
  heapUsed: number;
  handles: Record<string, number>;
  connections: number;
}

const app = await startTestServer();
const gc = (globalThis as { gc?: () => void }).gc;

process.on('message', (message) => {
  if (message === 'stats') {
    gc?.();
    const handles: Record<string, number> = {};
    for (const kind of process.getActiveResourcesInfo()) handles[kind] = (handles[kind] ?? 0) + 1;
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ stats: { rss, heapUsed, handles, connections: app.playground.connectionCount() } satisfies SoakStats });
  } else if (message === 'stop') {
    void app.close().then(() => process.exit(0));
  }
});
process.send?.({ port: app.port });
