/**
 * Chat fan-out across instances: N `/ws/chat` clients, M messages a second spread over them, every
 * message delivered to all N. Measured on one playground instance (the baseline) and on two
 * instances sharing Redis pub/sub (half the clients on each), alternately in the same run, as real
 * processes (`node playground-server/main.ts`) with a real redis-server. Latency is from the send
 * to each delivery, both timed by this process. Run alone: `node bench/fanout-instances.ts`.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startMain } from '../tests/helpers/main-process.ts';
import { RedisProcess } from '../tests/helpers/redis-process.ts';
import { waitUntil } from '../tests/helpers/wait.ts';
import { median, ms, quantile, table, type Row } from './stats.ts';

export interface FanoutOptions {
  /** Chat clients, spread evenly over the instances. Default 200. */
  clients: number;
  /** Messages per second, all clients together. Default 100. */
  rate: number;
  /** Seconds of sending per measurement. Default 3. */
  seconds: number;
  /** Measurements of each setup, alternating; medians are reported. Default 5. */
  runs: number;
}

const DEFAULTS: FanoutOptions = { clients: 200, rate: 100, seconds: 3, runs: 5 };

const pause = (msValue: number) => new Promise((resolve) => setTimeout(resolve, msValue));

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** One playground process (`npm start`, as the tests start it) on a free port; resolves once /readyz says 200. */
async function startInstance(distDir: string, redisUrl: string | undefined): Promise<{ port: number; child: ChildProcess }> {
  const main = await startMain({
    env: {
      DIST_DIR: distDir,
      LOG_LEVEL: 'error',
      REDIS_URL: redisUrl ?? '',
      // What is measured is fan-out, not the per-client limits: every client here has one address.
      WS_MAX_CONNECTIONS_PER_IP: '0',
      WS_RATE_PER_SECOND: '0',
      WS_ADDRESS_MESSAGES_PER_SECOND: '0',
      WS_ADDRESS_BYTES_PER_SECOND: '0',
      WS_ADDRESS_JOINS_PER_SECOND: '0',
    },
  });
  try {
    await waitUntil(`${main.origin}/readyz answers 200`, async () => (await fetch(`${main.origin}/readyz`).then((answer) => answer.status, () => 0)) === 200, 10_000);
  } catch (error) {
    await stop(main.child);
    throw new Error(`${String(error)}\n${main.stderr()}`);
  }
  return { port: Number(new URL(main.origin).port), child: main.child };
}

interface Measurement {
  latencies: number[];
  expected: number;
}

/** N clients over the given ports, M msg/s for `seconds`, every delivery timed. */
async function measure(ports: readonly number[], options: FanoutOptions): Promise<Measurement> {
  const clients: WebSocket[] = [];
  const latencies: number[] = [];
  const pattern = /: fanout\|(\d+)\|([\d.]+)$/;
  for (let i = 0; i < options.clients; i++) {
    const ws = new WebSocket(`ws://127.0.0.1:${ports[i % ports.length]}/ws/chat`);
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const match = pattern.exec(data.toString());
      if (match?.[2]) latencies.push(performance.now() - Number(match[2]));
    });
    clients.push(ws);
  }
  await Promise.all(clients.map((ws) => new Promise<void>((resolve, reject) => (ws.once('open', () => resolve()), ws.once('error', reject)))));
  // Let the join notices (N × N of them) drain before timing anything.
  await pause(1000);
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const started = performance.now();
  for (let seq = 0; seq < total; seq++) {
    const due = started + seq * interval;
    const wait = due - performance.now();
    if (wait > 1) await pause(wait);
    clients[seq % clients.length]?.send(`fanout|${seq}|${performance.now()}`);
  }
  const expected = total * options.clients;
  const deadline = performance.now() + 5000;
  while (latencies.length < expected && performance.now() < deadline) await pause(20);
  await Promise.all(clients.map((ws) => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : (ws.once('close', () => resolve()), ws.close())))));
  return { latencies, expected };
}

export async function fanoutInstances(overrides: Partial<FanoutOptions> = {}): Promise<Row[]> {
  const options = { ...DEFAULTS, ...overrides };
  const distDir = await mkdtemp(join(tmpdir(), 'ws-noriteo-bench-site-'));
  await writeFile(join(distDir, 'index.html'), '<!doctype html><title>bench</title>');
  const redis = await RedisProcess.start();
  const results = { one: [] as Measurement[], two: [] as Measurement[] };
  try {
    for (let run = 0; run < options.runs; run++) {
      // Alternate which setup goes first, so neither always gets the warmer machine.
      const order = run % 2 === 0 ? (['one', 'two'] as const) : (['two', 'one'] as const);
      for (const setup of order) {
        const instances = setup === 'one' ? [await startInstance(distDir, undefined)] : await Promise.all([startInstance(distDir, redis.url), startInstance(distDir, redis.url)]);
        try {
          results[setup].push(await measure(instances.map((instance) => instance.port), options));
        } finally {
          await Promise.all(instances.map((instance) => stop(instance.child)));
        }
      }
    }
  } finally {
    await redis.stop();
    await rm(distDir, { recursive: true, force: true });
  }

  const summary = (list: Measurement[]) => ({
    p50: median(list.map((m) => quantile(m.latencies, 0.5))),
    p99: median(list.map((m) => quantile(m.latencies, 0.99))),
    delivered: Math.min(...list.map((m) => m.latencies.length / m.expected)),
  });
  const one = summary(results.one);
  const two = summary(results.two);
  const load = `${options.clients} clients, ${options.rate} msg/s × ${options.seconds} s`;
  const pct = (fraction: number) => `${(fraction * 100).toFixed(2)} %`;
  return [
    { bench: 'fanout', metric: `chat delivery p50, 2 instances + Redis (${load})`, value: ms(two.p50), baseline: `${ms(one.p50)} 1 instance`, note: `median of ${options.runs} runs` },
    { bench: 'fanout', metric: `chat delivery p99, 2 instances + Redis (${load})`, value: ms(two.p99), baseline: `${ms(one.p99)} 1 instance`, note: `median of ${options.runs} runs` },
    { bench: 'fanout', metric: 'deliveries that arrived (worst run)', value: pct(two.delivered), baseline: `${pct(one.delivered)} 1 instance`, note: 'goal 100 %' },
  ];
}

if (import.meta.main) {
  process.stdout.write(`${table(await fanoutInstances())}\n`);
}
