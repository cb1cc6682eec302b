import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { systemProgram } from '../../playground-server/system-packages.ts';
import { freePort } from './free-port.ts';
import { waitUntil } from './wait.ts';

/** Debian's redis-server (system-packages.txt; REDIS_SERVER overrides): missing, the tests fail with its apt line. */
export const REDIS_SERVER = systemProgram('redis-server');

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const running = new Set<ChildProcess>();
// A test that throws past its afterAll must still not leave a redis-server behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * A real redis-server of our own on a free loopback port, without persistence. `stop()` kills it
 * (as a crash would) and waits until it is gone; `start()` brings it back on the same port.
 */
export class RedisProcess {
  readonly port: number;
  #child: ChildProcess | null = null;

  private constructor(port: number) {
    this.port = port;
  }

  static async start(): Promise<RedisProcess> {
    return RedisProcess.startOn(await freePort());
  }

  /** On a given port, e.g. one a client has been trying to reach. */
  static async startOn(port: number): Promise<RedisProcess> {
    const redis = new RedisProcess(port);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.#child) return;
    const child = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
    this.#child = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    const failed = new Promise<never>((_, reject) => child.once('error', (error) => reject(new Error(`${REDIS_SERVER} did not start: ${error.message}`))));
    await waitUntil(`redis-server accepts connections on ${this.port}`, () => Promise.race([accepts(this.port), failed]), 15_000);
  }

  /** SIGKILL, as a crash: clients see their connection drop without a goodbye. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = null;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    }
  }
}
