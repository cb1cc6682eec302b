import { io, type Socket } from 'socket.io-client';
import { startChild, type BenchChild } from './child.ts';
import { quantile, type Row } from './stats.ts';

/**
 * Socket.IO chat fan-out: BENCH_FANOUT_CLIENTS (1,000) clients in one room (the default namespace,
 * `io.emit` to all), one of them sending BENCH_FANOUT_RATE (20) messages a second for
 * BENCH_FANOUT_SECONDS (10). Delivery latency = receipt − send, on one clock (all clients live in
 * this process); server CPU from the server process's own counters. Our server (default limits:
 * the sender stays within 20/s, clients come from 25 loopback addresses so the 50-per-address cap
 * holds) against a bare socket.io server with the same handler, in the same run.
 */
const CLIENTS = Number(process.env['BENCH_FANOUT_CLIENTS'] ?? 1000);
const RATE = Number(process.env['BENCH_FANOUT_RATE'] ?? 20);
const SECONDS = Number(process.env['BENCH_FANOUT_SECONDS'] ?? 10);
const ADDRESSES = Array.from({ length: 25 }, (_, i) => `127.0.1.${i + 1}`);

interface Result {
  p50: number;
  p99: number;
  delivered: number;
  expected: number;
  /** Server CPU over the sending window, % of one core. */
  cpu: number;
}

async function connectAll(port: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < CLIENTS; i += 100) {
    const batch = Array.from({ length: Math.min(100, CLIENTS - i) }, (_, j) => {
      const socket = io(`http://127.0.0.1:${port}`, {
        transports: ['websocket'],
        reconnection: false,
        localAddress: ADDRESSES[(i + j) % ADDRESSES.length],
      } as Parameters<typeof io>[1]);
      return new Promise<Socket>((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    });
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

async function run(server: BenchChild): Promise<Result> {
  const sockets = await connectAll(server.port);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // let the join notices settle
  const latencies: number[] = [];
  for (const socket of sockets) {
    socket.on('message', (text: string) => {
      const match = /: t=([\d.]+)$/.exec(text);
      if (match) latencies.push(performance.now() - Number(match[1]));
    });
  }
  const sender = sockets[0]!;
  const count = RATE * SECONDS;
  const cpuBefore = (await server.stats()).cpuMicros;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sender.emit('message', `t=${performance.now()}`);
  }
  const deadline = performance.now() + 5000;
  while (latencies.length < count * CLIENTS && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const window = performance.now() - started;
  const cpu = ((await server.stats()).cpuMicros - cpuBefore) / 1000 / window;
  for (const socket of sockets) socket.close();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), delivered: latencies.length, expected: count * CLIENTS, cpu: cpu * 100 };
}

export async function sioFanoutBench(): Promise<Row[]> {
  const bare = await startChild('bare-socket-io');
  const ours = await startChild('playground-server');
  try {
    const baseline = await run(bare);
    const mine = await run(ours);
    const label = `fan-out ${CLIENTS.toLocaleString('en-US')} × ${RATE}/s`;
    return [
      {
        bench: label,
        metric: 'Socket.IO delivery p50 / p99',
        value: `${mine.p50.toFixed(1)} / ${mine.p99.toFixed(1)} ms`,
        baseline: `${baseline.p50.toFixed(1)} / ${baseline.p99.toFixed(1)} ms bare socket.io`,
        note: `${mine.delivered.toLocaleString('en-US')}/${mine.expected.toLocaleString('en-US')} delivered (bare ${baseline.delivered.toLocaleString('en-US')}), ${SECONDS} s`,
      },
      {
        bench: label,
        metric: 'server CPU while sending',
        value: `${mine.cpu.toFixed(0)} % of a core`,
        baseline: `${baseline.cpu.toFixed(0)} %`,
        note: 'WebSocket transport only',
      },
    ];
  } finally {
    await Promise.all([bare.stop(), ours.stop()]);
  }
}
