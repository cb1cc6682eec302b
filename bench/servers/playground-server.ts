/** Our server, as `npm start` runs it, with the config the bench passes in BENCH_CONFIG (JSON). */
import { builtSite, startTestServer } from '../../tests/helpers/server.ts';
import { serveBenchIpc } from './bench-ipc.ts';

const app = await startTestServer({ distDir: builtSite(), ...(JSON.parse(process.env['BENCH_CONFIG'] ?? '{}') as object) });
serveBenchIpc(app.port, () => app.close());
