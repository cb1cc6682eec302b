import { WebSocket } from 'ws';
import { startCaptureSink, startChild, type BenchChild } from './child.ts';
import { median, quantile, type Row } from './stats.ts';
import { closeWs, openWs } from './ws-client.ts';

/**
 * Echo: messages/s (64 in flight on one connection) and round trip one at a time (p50/p99), for
 * 32 B, 1 KB (the size the inspector's goals are set at) and 16 KB messages, against a bare `ws`
 * echo server, our /ws/echo untagged, our /ws/echo recorded by the inspector (a control channel
 * attached and watching, so the capture streams live to it; the connection tagged with its capture
 * tag), and a learner's echo server run through the control channel and reached through the
 * proxy (also recorded); and, as the proxy's floor, the bare ws server behind a bare pipe
 * (bench/servers/bare-pipe.ts: a process of its own that only pipes bytes, the least a proxy in a
 * process of its own does; no goal). A flood like this one is past the tap's live rate within
 * milliseconds, so the recorded rows measure its snap length at work (live-trim.ts): every frame's
 * header, a payload prefix, and counts; "page got" says how many capture bytes per message the page received.
 * Servers run in their own processes; every round measures every target, and each figure is the
 * median of the rounds, its ratio the median of per-round ratios.
 *   BENCH_ECHO_ROUNDS (5), BENCH_ECHO_SECONDS (1.5), BENCH_ECHO_ROUND_TRIPS (400), BENCH_ECHO_SIZES (32,1024,16384)
 */
const ROUNDS = Number(process.env['BENCH_ECHO_ROUNDS'] ?? 5);
const SECONDS = Number(process.env['BENCH_ECHO_SECONDS'] ?? 1.5);
const ROUND_TRIPS = Number(process.env['BENCH_ECHO_ROUND_TRIPS'] ?? 400);
const WINDOW = 64;
const SIZES = (process.env['BENCH_ECHO_SIZES'] ?? '32,1024,16384').split(',').map(Number);

/** Limits stay on (their code runs on every message) but set so high the bench never trips them. */
const NO_TRIP_LIMITS = { rateBurst: 1e9, ratePerSecond: 1e9, addressMessagesPerSecond: 1e9, addressBytesPerSecond: 1e12, maxConnectionsPerIp: 0 };

const SNIPPET = `const { WebSocketServer } = require("ws");
new WebSocketServer({ port: 8080 }).on("connection", (socket) => socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary })));
`;

interface Measure {
  perSecond: number;
  p50: number;
  p99: number;
  /** Server CPU per message in the throughput phase, µs. */
  cpuPerMessage: number;
  /** Messages sent in both phases, to divide the capture bytes by. */
  messages: number;
  /** Capture bytes the page received per message (recorded targets only). */
  capturePerMessage: number;
}

/** Pipelined throughput, then one-at-a-time round trips, on one connection. */
async function measure(ws: WebSocket, server: BenchChild, size: number): Promise<Measure> {
  const payload = Buffer.alloc(size, 0x61);
  // Throughput: keep WINDOW messages in flight for SECONDS.
  let received = 0;
  const cpuBefore = (await server.stats()).cpuMicros;
  const started = performance.now();
  const stopAt = started + SECONDS * 1000;
  await new Promise<void>((resolve) => {
    let sent = 0;
    const onMessage = () => {
      received += 1;
      if (performance.now() < stopAt) {
        ws.send(payload);
        sent += 1;
      } else if (received === sent) {
        ws.off('message', onMessage);
        resolve();
      }
    };
    ws.on('message', onMessage);
    for (; sent < WINDOW; sent++) ws.send(payload);
  });
  const elapsed = (performance.now() - started) / 1000;
  const cpu = (await server.stats()).cpuMicros - cpuBefore;
  // Round trips, one at a time.
  const times: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve());
      ws.send(payload);
    });
    times.push((performance.now() - t0) * 1000);
  }
  return { perSecond: received / elapsed, p50: quantile(times, 0.5), p99: quantile(times, 0.99), cpuPerMessage: cpu / received, messages: received + ROUND_TRIPS, capturePerMessage: 0 };
}

export async function echoBench(): Promise<Row[]> {
  const bare = await startChild('bare-ws');
  const pipe = await startChild('bare-pipe', { BENCH_PIPE_TO: String(bare.port) });
  const ours = await startChild('playground-server', { BENCH_CONFIG: JSON.stringify({ limits: NO_TRIP_LIMITS, sandbox: { wallTimeMs: 30 * 60_000, cpuTimeMs: 30 * 60_000 } }) });
  // The page whose inspector records: in its own process, as a browser tab would be.
  const page = await startCaptureSink(ours.port);
  const base = await page.run('echo', { 'server.js': SNIPPET });
  /** `goal`: the ratio to bare ws it must reach (issue 14, goal 7); none for the baseline and the floor. */
  const targets: Array<{ name: string; server: BenchChild; url: string; goal?: number; headers?: Record<string, string>; recorded?: boolean }> = [
    { name: 'bare ws', server: bare, url: `ws://127.0.0.1:${bare.port}/` },
    { name: '/ws/echo', server: ours, url: `ws://127.0.0.1:${ours.port}/ws/echo`, goal: 0.9 },
    { name: '/ws/echo recorded', server: ours, url: `ws://127.0.0.1:${ours.port}/ws/echo?pg=${page.captureTag}`, goal: 0.9, recorded: true },
    { name: 'proxy → snippet, recorded', server: ours, url: `ws://127.0.0.1:${ours.port}${base}/8080/`, goal: 0.8, headers: { Origin: 'null' }, recorded: true },
    // Its server CPU is the pipe's alone (the bare ws behind it works as in the first row).
    { name: 'bare pipe → bare ws (proxy floor)', server: pipe, url: `ws://127.0.0.1:${pipe.port}/` },
  ];
  const rows: Row[] = [];
  try {
    const sockets = await Promise.all(targets.map((target) => openWs(target.url, { headers: target.headers ?? {} })));
    for (const size of SIZES) {
      const results = targets.map(() => [] as Measure[]);
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, target] of targets.entries()) {
          const before = target.recorded ? await page.captured() : 0;
          const result = await measure(sockets[i]!, target.server, size);
          // The last batch leaves the server up to CAPTURE_FLUSH_MS after the last message.
          if (target.recorded) await new Promise((resolve) => setTimeout(resolve, 50));
          if (target.recorded) result.capturePerMessage = ((await page.captured()) - before) / result.messages;
          results[i]!.push(result);
        }
      }
      const base = results[0]!;
      const label = size < 1024 ? `${size} B` : `${size / 1024} KB`;
      for (const [i, target] of targets.entries()) {
        const mine = results[i]!;
        const ratio = median(mine.map((m, round) => m.perSecond / base[round]!.perSecond));
        const goal = target.goal === undefined ? '' : ` (goal ≥ ${target.goal})`;
        const met = target.goal === undefined ? '' : ratio >= target.goal ? ' OK' : ' UNDER';
        rows.push(
          {
            bench: `echo ${label}`,
            metric: `${target.name}: messages/s (${WINDOW} in flight)`,
            value: Math.round(median(mine.map((m) => m.perSecond))).toLocaleString('en-US'),
            baseline: i === 0 ? '—' : `${Math.round(median(base.map((m) => m.perSecond))).toLocaleString('en-US')} bare ws`,
            note:
              (i === 0 ? `median of ${ROUNDS} rounds` : `ratio ${ratio.toFixed(2)}${goal}${met}`) +
              (target.recorded ? `; page got ${median(mine.map((m) => m.capturePerMessage)).toFixed(0)} B/msg of capture (${(2 * size).toLocaleString('en-US')} B crossed)` : ''),
          },
          {
            bench: `echo ${label}`,
            metric: `${target.name}: round trip p50 / p99`,
            value: `${median(mine.map((m) => m.p50)).toFixed(0)} / ${median(mine.map((m) => m.p99)).toFixed(0)} µs`,
            baseline: i === 0 ? '—' : `${median(base.map((m) => m.p50)).toFixed(0)} / ${median(base.map((m) => m.p99)).toFixed(0)} µs`,
            note: `server CPU ${median(mine.map((m) => m.cpuPerMessage)).toFixed(1)} µs/msg${i === 0 ? '' : ` (bare ${median(base.map((m) => m.cpuPerMessage)).toFixed(1)})`}`,
          },
        );
      }
    }
    await Promise.all(sockets.map(closeWs));
  } finally {
    await page.stop();
    await Promise.all([bare.stop(), pipe.stop(), ours.stop()]);
  }
  return rows;
}
