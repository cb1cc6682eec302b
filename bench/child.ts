import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_FLAGS } from '../playground-server/entry/node-flags.ts';
import type { LoopDelay, ProcessStats, Request } from './servers/bench-ipc.ts';

/** A bench server in its own process, so its CPU and memory are its own. */
export interface BenchChild {
  port: number;
  stats(): Promise<ProcessStats>;
  gc(): Promise<void>;
  loopDelayStart(): Promise<void>;
  loopDelayStop(): Promise<LoopDelay>;
  stop(): Promise<void>;
}

/**
 * Starts bench/servers/<name>.ts with --expose-gc (ours, and the bare pipe that stands for its floor, also with the
 * server's V8 flags) and waits for its port.
 */
export async function startChild(name: 'bare-ws' | 'bare-socket-io' | 'bare-pipe' | 'playground-server', env: Record<string, string> = {}): Promise<BenchChild> {
  const child: ChildProcess = fork(fileURLToPath(new URL(`./servers/${name}.ts`, import.meta.url)), {
    // Our server runs with the flags npm start gives its workers; the bare baselines with Node's defaults.
    execArgv: ['--expose-gc', ...(name === 'playground-server' || name === 'bare-pipe' ? SERVER_NODE_FLAGS : [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
    child.once('message', (message: { port: number }) => resolve(message.port));
  });
  let nextId = 1;
  const ask = <T>(type: Request['type']) =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      const onMessage = (message: { id?: number; body: T }) => {
        if (message.id !== id) return;
        child.off('message', onMessage);
        resolve(message.body);
      };
      child.on('message', onMessage);
      child.send({ id, type } satisfies Request);
    });
  return {
    port,
    stats: () => ask<ProcessStats>('stats'),
    gc: () => ask<void>('gc'),
    loopDelayStart: () => ask<void>('eld-start'),
    loopDelayStop: () => ask<LoopDelay>('eld-stop'),
    async stop() {
      child.removeAllListeners('exit');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await Promise.race([ask<void>('stop'), exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      child.kill('SIGKILL');
    },
  };
}

/** A lesson page's control channel in its own process (bench/servers/capture-sink.ts). */
export interface CaptureSink {
  captureTag: string;
  /** Runs a learner's server through the control channel; resolves with its proxy base. */
  run(runId: string, files: Record<string, string>): Promise<string>;
  captured(): Promise<number>;
  stop(): Promise<void>;
}

export async function startCaptureSink(port: number): Promise<CaptureSink> {
  const child = fork(fileURLToPath(new URL('./servers/capture-sink.ts', import.meta.url)), {
    env: { ...process.env, BENCH_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const first = <T>(pick: (message: Record<string, unknown>) => T | undefined) =>
    new Promise<T>((resolve) => {
      const onMessage = (message: Record<string, unknown>) => {
        const value = pick(message);
        if (value === undefined) return;
        child.off('message', onMessage);
        resolve(value);
      };
      child.on('message', onMessage);
    });
  const captureTag = await first((m) => m['captureTag'] as string | undefined);
  return {
    captureTag,
    run(runId, files) {
      const base = first((m) => {
        const listening = m['listening'] as { runId: string; base: string } | undefined;
        return listening?.runId === runId ? listening.base : undefined;
      });
      child.send({ type: 'run', runId, files });
      return base;
    },
    captured() {
      const answer = first((m) => m['captured'] as number | undefined);
      child.send({ type: 'stats' });
      return answer;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      child.kill('SIGKILL');
    },
  };
}
