/**
 * V8 flags every process that serves runs with: the supervisor's worker and each `--workers`
 * worker (`npm run dev` runs inside astro's process and takes Node's defaults).
 *
 * `--max-semi-space-size=1` (MiB, V8's smallest): while the server loads its modules V8 grows the
 * young generation to its ceiling (16 MiB a semi-space, 33.6 MB in all) and never shrinks it. So
 * large a young generation rarely fills under a WebSocket echo of 16 KB messages, and the messages'
 * buffers (outside the JS heap, freed only when a GC finds their Buffer dead) pile up until V8 runs
 * a full mark-compact for the external memory: 12–24 of them in 4 s, each marking the whole heap,
 * where bare `ws` (whose young generation never grew) ran 63–85 scavenges and 1–6 of them. Server
 * CPU per 16 KB echo was 47–62 µs against 30–37 µs for bare ws. Capped at 2 MiB: 45–50 scavenges
 * and 0–2 mark-compacts in the same 4 s; at 4 MiB still 15. At 1 MiB the scavenges come twice as
 * often and free the buffers sooner still: in 6 + 6 alternating `npm run bench echo` runs (16 KB) the
 * server CPU per message went from a median 67 to 46 µs on /ws/echo and 53 to 46 µs recorded (bare
 * ws 32–45 µs in the same runs); through the sandbox proxy (little JS allocated per message, so
 * few scavenges) 45 → 25 mark-compacts in 4 s (one traced run each), its throughput unchanged
 * (issue 14, goal 7; bench/echo-throughput.ts). The 2 MiB cap also halved the idle server's RSS (goal 6).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];

/** What a worker is forked with: the server's flags, then this process's own (so a flag given to `node` by hand wins). */
export function workerExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  return [...SERVER_NODE_FLAGS, ...execArgv];
}
