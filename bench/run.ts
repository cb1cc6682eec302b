/**
 * `npm run bench [name…]`: runs the benchmarks (all by default) and prints one table, each figure
 * beside a baseline measured in the same run. Results go to bench/RESULTS.md too.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { createLogger } from '../playground-server/log.ts';
import { ensureSiteBuilt } from '../playground-server/site-build.ts';
import { launchChromium } from './browser.ts';
import { echoBench } from './echo-throughput.ts';
import { editorLatency } from './editor-latency.ts';
import { fanoutInstances } from './fanout-instances.ts';
import { idleBench } from './idle-connections.ts';
import { lighthouseBench } from './lighthouse.ts';
import { pageWeight } from './page-weight.ts';
import { runnerLatency } from './runner-latency.ts';
import { sandboxBench } from './sandbox-costs.ts';
import { sioFanoutBench } from './sio-fanout.ts';
import { table, type Row } from './stats.ts';

const BENCHES: Record<string, () => Promise<Row[]>> = {
  'page-weight': () => withBrowser(pageWeight),
  editor: () => withBrowser(editorLatency),
  runner: () => withBrowser(runnerLatency),
  fanout: () => fanoutInstances(),
  echo: echoBench,
  'sio-fanout': sioFanoutBench,
  idle: idleBench,
  sandbox: sandboxBench,
  lighthouse: lighthouseBench,
};

async function withBrowser(fn: (browser: Awaited<ReturnType<typeof launchChromium>>) => Promise<Row[]>): Promise<Row[]> {
  const browser = await launchChromium();
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  process.stderr.write(`알 수 없는 벤치마크: ${unknown.join(', ')}. 가능한 것: ${Object.keys(BENCHES).join(', ')}\n`);
  process.exit(2);
}
// DIST_DIR: a build of one's own (several people share dist/); otherwise dist/ is rebuilt when stale.
if (process.env['DIST_DIR'] === undefined) await ensureSiteBuilt(createLogger('warn'));
const loadBefore = loadavg()[0] ?? 0;
const rows: Row[] = [];
for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES)) {
  process.stderr.write(`bench: ${name}…\n`);
  rows.push(...(await BENCHES[name]!()));
}
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString()}; load average ${loadBefore.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at end (other work on the machine shows there)`;
const output = `${table(rows)}\n\nMachine: ${machine}\n`;
process.stdout.write(`\n${output}`);
await writeFile(new URL('./RESULTS.md', import.meta.url), `# Benchmark results\n\nWritten by \`npm run bench\`. Compare ratios to the baselines of the same run; machines are shared and noisy.\n\n${output}`);
