/**
 * A lesson page's control channel in its own process, as the browser tab is in reality: it opens
 * /_playground, watches its capture (as a page with an inspector open), reports its capture tag and
 * proxy bases over IPC, and reads (then drops) every capture batch, so the bench's clients do not
 * pay for the inspector's traffic.
 *   IPC in: { type: 'run', runId, files } → out: { listening: { runId, base } }; 'stop'
 */
import { openControl, closeWs } from '../ws-client.ts';

const port = Number(process.env['BENCH_PORT']);
const control = await openControl(port);
// As a page with its inspector open: the server streams the capture live (otherwise it holds it).
control.request({ type: 'capture-watch' });
process.on('message', (message: { type: string; runId?: string; files?: Record<string, string> }) => {
  if (message.type === 'run') {
    control.request({ type: 'run-server', runId: message.runId, entry: 'server.js', files: message.files });
    void control.next('server-listening', message.runId).then((listening) => process.send?.({ listening: { runId: message.runId, base: listening['base'] } }));
  } else if (message.type === 'stats') {
    process.send?.({ captured: control.captured() });
  } else if (message.type === 'stop') {
    void closeWs(control.ws).then(() => process.exit(0));
  }
});
process.send?.({ captureTag: control.captureTag });
