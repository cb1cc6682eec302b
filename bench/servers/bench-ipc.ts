import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What a bench server process reports about itself. */
export interface ProcessStats {
  rss: number;
  heapUsed: number;
  /** process.cpuUsage(): user + system microseconds since the process started. */
  cpuMicros: number;
}

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/** Event-loop delay sampling interval. */
const RESOLUTION_MS = 1;

export type Request = { id: number; type: 'stats' | 'gc' | 'eld-start' | 'eld-stop' | 'stop' };

/**
 * The child's side of the bench protocol over IPC: "stats" (after a GC when asked with "gc"),
 * event-loop delay between "eld-start" and "eld-stop" (ms), and "stop"; `close` runs before exit.
 */
export function serveBenchIpc(port: number, close: () => Promise<void> = async () => {}): void {
  let histogram: ReturnType<typeof monitorEventLoopDelay> | null = null;
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (request: Request) => {
    const reply = (body: unknown) => process.send?.({ id: request.id, body });
    switch (request.type) {
      case 'gc':
        gc?.();
        gc?.();
        reply(null);
        return;
      case 'stats': {
        const { rss, heapUsed } = process.memoryUsage();
        const { user, system } = process.cpuUsage();
        reply({ rss, heapUsed, cpuMicros: user + system } satisfies ProcessStats);
        return;
      }
      case 'eld-start':
        histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
        histogram.enable();
        reply(null);
        return;
      case 'eld-stop': {
        histogram?.disable();
        // The histogram records whole sampling intervals; the delay is what exceeds the resolution.
        const ms = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
        reply({ p50: ms(histogram?.percentile(50) ?? 0), p99: ms(histogram?.percentile(99) ?? 0), max: ms(histogram?.max ?? 0) } satisfies LoopDelay);
        return;
      }
      case 'stop':
        void close().then(() => {
          reply(null);
          process.exit(0);
        });
        return;
    }
  });
  process.send?.({ port });
}
