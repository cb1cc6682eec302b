/** Our server, as `npm start` runs it, with the config the bench passes in BENCH_CONFIG (JSON). */
import { startApp } from '../../playground-server/app.ts';
import { parseConfig } from '../../playground-server/config.ts';
import { createLogger } from '../../playground-server/log.ts';
import { serveBenchIpc } from './ipc.ts';

const config = parseConfig({ port: 0, logLevel: 'silent', buildIfStale: false, ...(JSON.parse(process.env['BENCH_CONFIG'] ?? '{}') as object) });
const app = await startApp(config, createLogger('silent'));
serveBenchIpc(app.port, () => app.close());
