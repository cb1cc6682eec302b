/**
 * The playground server for the soak, in its own process so its memory and handles are measured
 * apart from the clients'. Answers IPC: "stats" → memory, handles and connections after a full GC
 * (run with --expose-gc); "stop" → closes and exits.
 */
import { startTestServer } from '../helpers/server.ts';

export interface SoakStats {
  rss: number;
  /** The most RSS the process has ever held (getrusage), so a reading can be set beside the peak that preceded it. */
  maxRss: number;
  heapUsed: number;
  heapTotal: number;
  /** Memory outside the JS heap that V8 knows of (Buffers, ArrayBuffers): what a connection's buffers would leak into. */
  external: number;
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
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    const maxRss = process.resourceUsage().maxRSS * 1024;
    process.send?.({ stats: { rss, maxRss, heapUsed, heapTotal, external, handles, connections: app.playground.connectionCount() } satisfies SoakStats });
  } else if (message === 'stop') {
    void app.close().then(() => process.exit(0));
  }
});
process.send?.({ port: app.port });
