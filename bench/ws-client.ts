import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';

/** Opens a `ws` client and resolves once it is open. */
export function openWs(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...options });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

export function closeWs(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) return resolve();
    ws.once('close', () => resolve());
    ws.close(1000);
  });
}

/**
 * A lesson page's control channel, as the browser opens it: its welcome carries the capture tag
 * that makes the tap record connections for it. Capture batches are read and dropped, as a page
 * would read them into its inspector.
 */
export async function openControl(port: number): Promise<{ ws: WebSocket; captureTag: string; captured: () => number; request(message: object): void; next(type: string, runId?: string): Promise<Record<string, unknown>> }> {
  const origin = `http://127.0.0.1:${port}`;
  // Listening before 'open': the welcome can arrive in the same read as the 101 and be emitted at once.
  const ws = new WebSocket(`ws://127.0.0.1:${port}/_playground?session=${randomUUID()}`, { perMessageDeflate: false, headers: { Origin: origin } });
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  let capturedBytes = 0;
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      capturedBytes += (data as Buffer).length;
      return;
    }
    messages.push(JSON.parse(data.toString()) as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  /** The first message of `type` (for `runId`); an error for that run, or 20 s of silence, rejects. */
  const next = async (type: string, runId?: string) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = messages.find((m) => m['type'] === type && (runId === undefined || m['runId'] === runId));
      if (found) return found;
      const failed = messages.find((m) => m['type'] === 'error' && runId !== undefined && m['runId'] === runId);
      if (failed) throw new Error(`${runId}: ${String(failed['code'])} ${String(failed['message'])}`);
      if (Date.now() > deadline) throw new Error(`no ${type} for ${runId ?? 'the page'} in 20 s`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 1000);
      });
    }
  };
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const welcome = await next('welcome');
  return { ws, captureTag: String(welcome['captureTag']), captured: () => capturedBytes, request: (message) => ws.send(JSON.stringify(message)), next };
}
