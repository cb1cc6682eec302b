/**
 * A lesson page's control channel in its own process, as the browser tab is in reality: it opens
 * /_playground, watches its capture (as a page with an inspector open), reports its capture tag and
 * proxy bases over IPC, and counts (then drops) every capture batch, so the bench's clients do not
 * pay for the inspector's traffic.
 *   IPC in: { type: 'run', runId, files } → out: { listening: { runId, base } }; 'stop'
 */
import { openControl } from '../../tests/helpers/control.ts';

const port = Number(process.env['BENCH_PORT']);
const control = await openControl(`http://127.0.0.1:${port}`, { keepCapture: false });
// As a page with its inspector open: the server streams the capture live (otherwise it holds it).
control.send({ type: 'capture-watch' });
process.on('message', (message: { type: string; runId?: string; files?: Record<string, string> }) => {
  if (message.type === 'run') {
    const runId = control.runServer(message.files ?? {}, { ...(message.runId ? { runId: message.runId } : {}) });
    void control.waitFor('server-listening', (listening) => listening.runId === runId, 20_000).then((listening) => process.send?.({ listening: { runId, base: listening.base } }));
  } else if (message.type === 'stats') {
    process.send?.({ captured: control.capturedBytes() });
  } else if (message.type === 'stop') {
    void control.close().then(() => process.exit(0));
  }
});
process.send?.({ captureTag: control.welcome.captureTag });
