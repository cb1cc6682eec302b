import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { rm } from 'node:fs/promises';
import { connect as netConnect, type OnReadOpts, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { LearnerErrorCode } from '../../protocol/error-codes.ts';
import type { Logger } from '../log.ts';
import { parseChildLine } from './child-messages.ts';
import { OUTPUT_STAMP, unstampLine } from './output-stamp.ts';
import { REPORT_FD, INFO_FD, SANDBOX_PORTS_DIR, SECCOMP_FD, sandboxCommand, type IsolationMode, type SandboxView } from './isolation.ts';
import { describeLocation, parseLearnerError, type LearnerError, type LearnerErrorLocation } from './learner-error.ts';
import { LineSplitter } from './line-splitter.ts';
import type { SandboxLimits } from './options.ts';
import { filterApplies, noNewNamesFilter } from './seccomp-filter.ts';
import { killProcesses, killTree, sampleTree, waitGone, type ProcessRef } from './process-tree.ts';
import { sandboxError, SandboxError } from './sandbox-error.ts';
import type { OwnerId, Sandbox, SandboxEvents, SandboxExitInfo, VirtualPort } from './sandbox-types.ts';
import { stopMessage, type SandboxStopReason } from './stop-reasons.ts';

export interface SpawnSandboxOptions {
  id: string;
  owner: OwnerId;
  dir: string;
  entry: string;
  mode: IsolationMode;
  view: SandboxView;
  limits: SandboxLimits;
  bwrapPath: string;
  prlimitPath: string | null;
  runAs: { uid: number; gid: number } | undefined;
  logger: Logger;
}

const SECCOMP_PROGRAM = noNewNamesFilter();

/** How many stderr lines are kept to find the learner's error in when the program dies. */
const STDERR_TAIL_LINES = 200;
/** How long stop() waits for the killed tree to be reaped before it gives up and logs. */
const KILL_DEADLINE_MS = 5000;

function sandboxEnv(options: SpawnSandboxOptions): NodeJS.ProcessEnv {
  return {
    // Nothing of the server's environment (tokens, NODE_OPTIONS) leaks into the child.
    PATH: '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: options.dir,
    TMPDIR: options.dir,
    // ICU inside Node carries the zone data, so the learner's clock matches the page's even where /etc is hidden.
    TZ: process.env['TZ'] ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    WS_NORITEO_SANDBOX: JSON.stringify({
      dir: options.dir,
      portsDir: options.mode === 'bwrap' ? SANDBOX_PORTS_DIR : options.dir,
      reportFd: REPORT_FD,
      listeningPorts: options.limits.listeningPorts,
      outboundConnections: options.limits.outboundConnections,
      packages: [...options.view.packages],
    }),
  };
}

/**
 * The sandbox's root as the server sees it, `/proc/<pid>/root`, from the JSON bubblewrap writes on --info-fd
 * (`"child-pid"` is its pid-1 process, inside every namespace). null if bubblewrap ended without saying.
 */
function readSandboxRoot(stream: Readable): Promise<string | null> {
  return new Promise((resolve) => {
    let text = '';
    const settle = () => {
      const match = /"child-pid"\s*:\s*(\d+)/.exec(text);
      if (match === null) return false;
      // Not destroyed: bubblewrap may still be writing the rest, and a closed pipe would kill it with SIGPIPE.
      resolve(`/proc/${match[1]}/root`);
      return true;
    };
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      // The info is a few hundred bytes; more is not bubblewrap's.
      if (text.length < 4096) text += chunk;
      settle();
    });
    stream.once('error', () => resolve(null));
    stream.once('close', () => settle() || resolve(null));
  });
}

/**
 * One learner program in a child process: its console lines, its virtual ports, its limits and
 * its end. Built by the manager; see sandbox-types.ts for the contract.
 */
export class ChildSandbox extends EventEmitter<SandboxEvents> implements Sandbox {
  readonly id: string;
  readonly owner: OwnerId;
  readonly mode: IsolationMode;
  readonly listening: Promise<{ virtualPort: VirtualPort }>;
  readonly exited: Promise<SandboxExitInfo>;
  readonly maxConnections: number;
  /** The process-group leader spawned for this sandbox (undefined when spawning failed). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  readonly #options: SpawnSandboxOptions;
  readonly #child: ChildProcess;
  readonly #ports = new Set<VirtualPort>();
  readonly #connections = new Set<Socket>();
  readonly #stderrTail: string[] = [];
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #startedAt = Date.now();
  #pendingReason: SandboxStopReason | undefined;
  /** Where the learner's code hit a limit the preload enforces (ports, outgoing connections). */
  #limitLocation: LearnerErrorLocation | null = null;
  #outputBytes = 0;
  /** A server has listened at some point (closing it later is the program's business, not a timeout). */
  #hasListened = false;
  /** Everyone seen in the tree so far, so nobody outlives the sandbox. */
  #seen: ProcessRef[] = [];
  #finished = false;
  #resolveListening!: (value: { virtualPort: VirtualPort }) => void;
  #rejectListening!: (error: SandboxError) => void;
  #resolveExited!: (info: SandboxExitInfo) => void;
  #stopping: Promise<void> | undefined;
  /** Where the server finds the port sockets (in bubblewrap mode, through the sandbox's /proc/<pid>/root). */
  readonly #socketDir: Promise<string | null>;

  constructor(options: SpawnSandboxOptions) {
    super();
    this.id = options.id;
    this.owner = options.owner;
    this.mode = options.mode;
    this.maxConnections = options.limits.connections;
    this.#options = options;
    this.listening = new Promise((resolve, reject) => {
      this.#resolveListening = resolve;
      this.#rejectListening = reject;
    });
    // Nobody has to await `listening`; a program that ends before it listens must not become an unhandled rejection.
    this.listening.catch(() => {});
    this.exited = new Promise((resolve) => (this.#resolveExited = resolve));

    const { file, args } = sandboxCommand({
      mode: options.mode,
      view: options.view,
      dir: options.dir,
      entry: options.entry,
      limits: options.limits,
      bwrapPath: options.bwrapPath,
      prlimitPath: options.prlimitPath,
      dropsPrivileges: options.runAs !== undefined,
    });
    this.#child = spawn(file, args, {
      cwd: options.dir,
      env: sandboxEnv(options),
      stdio: options.mode === 'bwrap' ? ['ignore', 'pipe', 'pipe', 'pipe', 'pipe', ...(filterApplies ? (['pipe'] as const) : [])] : ['ignore', 'pipe', 'pipe', 'pipe'],
      // Its own process group, so stop() reaches everything with one kill(-pid).
      detached: true,
      ...(options.runAs ?? {}),
    });
    this.#child.once('error', (error) => {
      options.logger.error('sandbox_spawn_failed', { id: this.id, message: error.message });
      this.#pendingReason ??= 'start-failed';
      // 'close' follows 'error' when the process never started.
    });
    this.#child.once('close', (code, signal) => void this.#finish(code, signal));
    this.#pipeOutput(this.#child.stdout!, 'stdout');
    this.#pipeOutput(this.#child.stderr!, 'stderr');
    this.#readReports(this.#child.stdio[REPORT_FD] as Readable);
    const seccompInput = (this.#child.stdio as ReadonlyArray<unknown>)[SECCOMP_FD] as Writable | null | undefined;
    if (options.mode === 'bwrap' && filterApplies && seccompInput) {
      // bubblewrap reads it to EOF before it starts the program; a few hundred bytes, far below a socket's buffer.
      seccompInput.on('error', () => {});
      seccompInput.end(SECCOMP_PROGRAM);
    }
    this.#socketDir = options.mode === 'bwrap' ? readSandboxRoot(this.#child.stdio[INFO_FD] as Readable).then((root) => (root === null ? null : `${root}${SANDBOX_PORTS_DIR}`)) : Promise.resolve(options.dir);

    const { limits } = options;
    this.#timers.push(
      setTimeout(() => void this.stop('wall-time'), limits.wallTimeMs),
      setTimeout(() => {
        // After the loop was held (a long GC, a busy machine) Node runs due timers before it polls the pipes, so the
        // 'listening' report of a server that did listen in time may still wait unread in the report pipe. An
        // immediate runs after the next poll has read it: only a program that really did not listen is stopped.
        if (!this.#hasListened) setImmediate(() => this.#hasListened || void this.stop('listen-timeout'));
      }, limits.listenTimeoutMs),
      setInterval(() => this.#sample(), limits.pollIntervalMs),
    );
    for (const timer of this.#timers) timer.unref();
  }

  ports(): VirtualPort[] {
    return [...this.#ports];
  }

  connectionCount(): number {
    return this.#connections.size;
  }

  async connect(virtualPort: VirtualPort, onread?: OnReadOpts): Promise<Socket> {
    if (this.#finished || this.#stopping !== undefined) throw sandboxError('SANDBOX_NOT_RUNNING');
    if (!this.#ports.has(virtualPort)) throw sandboxError('SANDBOX_NOT_LISTENING', virtualPort);
    if (this.#connections.size >= this.maxConnections) throw sandboxError('SANDBOX_TOO_MANY_CONNECTIONS', this.maxConnections);
    const socketDir = await this.#socketDir;
    if (socketDir === null || this.#finished || this.#stopping !== undefined) throw sandboxError('SANDBOX_NOT_RUNNING');
    if (this.#connections.size >= this.maxConnections) throw sandboxError('SANDBOX_TOO_MANY_CONNECTIONS', this.maxConnections);
    const socket = netConnect({ path: join(socketDir, `port-${virtualPort}.sock`), ...(onread ? { onread } : {}) });
    this.#connections.add(socket);
    socket.once('close', () => this.#connections.delete(socket));
    return new Promise((resolve, reject) => {
      const onError = () => {
        socket.destroy();
        reject(sandboxError('SANDBOX_NOT_LISTENING', virtualPort));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        resolve(socket);
      });
    });
  }

  stop(reason: SandboxStopReason = 'stopped'): Promise<void> {
    if (this.#finished) return this.exited.then(() => undefined);
    this.#stopping ??= (async () => {
      this.#pendingReason ??= reason;
      for (const socket of this.#connections) socket.destroy();
      const pid = this.#child.pid;
      if (pid !== undefined) this.#remember(killTree(pid));
      const deadline = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), KILL_DEADLINE_MS).unref());
      if ((await Promise.race([this.exited, deadline])) === 'late') {
        this.#options.logger.error('sandbox_kill_timeout', { id: this.id, pid });
        await this.#finish(null, 'SIGKILL');
      }
    })();
    return this.#stopping;
  }

  #pipeOutput(stream: Readable, name: 'stdout' | 'stderr'): void {
    const { dir } = this.#options;
    const splitter = new LineSplitter(this.#options.limits.lineLength, (stamped) => {
      const { text: raw, time } = unstampLine(stamped, this.#startedAt, Date.now());
      // The output limit counts what the program wrote, not the stamps the preload added (counted with their chunk).
      this.#outputBytes -= stamped.length - raw.length;
      if (name === 'stderr') {
        this.#stderrTail.push(raw);
        if (this.#stderrTail.length > STDERR_TAIL_LINES) this.#stderrTail.shift();
      }
      if (this.#pendingReason === 'output') return;
      const text = raw.replaceAll(`file://${dir}/`, '').replaceAll(`${dir}/`, '');
      this.emit('output', { stream: name, text, time });
    }, OUTPUT_STAMP);
    stream.on('data', (chunk: Buffer) => {
      if (this.#countOutput(chunk.length)) splitter.push(chunk);
    });
    stream.once('end', () => splitter.end());
  }

  #readReports(stream: Readable): void {
    const splitter = new LineSplitter(1024, (line) => {
      const message = parseChildLine(line);
      if (message === null) {
        this.#options.logger.debug('sandbox_report_ignored', { id: this.id });
        return;
      }
      switch (message.type) {
        case 'listening':
          this.#ports.add(message.port);
          if (this.#ports.size > this.#options.limits.listeningPorts) {
            void this.stop('ports');
            return;
          }
          this.#hasListened = true;
          this.#options.logger.debug('sandbox_listening', { id: this.id, port: message.port, ms: Date.now() - this.#startedAt });
          this.#resolveListening({ virtualPort: message.port });
          this.emit('listening', { virtualPort: message.port });
          return;
        case 'closed':
          if (this.#ports.delete(message.port)) this.emit('closed', { virtualPort: message.port });
          return;
        case 'limit':
          if (this.#pendingReason === undefined) this.#limitLocation = message.at;
          void this.stop(message.kind);
          return;
      }
    });
    stream.on('data', (chunk: Buffer) => {
      if (this.#countOutput(chunk.length)) splitter.push(chunk);
    });
  }

  /** Counts bytes against the output limit; false once it is spent (the sandbox is then stopping). */
  #countOutput(bytes: number): boolean {
    if (this.#pendingReason === 'output') return false;
    this.#outputBytes += bytes;
    if (this.#outputBytes <= this.#options.limits.outputBytes) return true;
    void this.stop('output');
    return false;
  }

  #sample(): void {
    const pid = this.#child.pid;
    if (pid === undefined || this.#finished) return;
    const sample = sampleTree(pid);
    this.#remember(sample.processes);
    const { limits } = this.#options;
    if (sample.cpuMs > limits.cpuTimeMs) void this.stop('cpu-time');
    else if (sample.rssBytes > limits.rssMb * 1024 * 1024) void this.stop('memory');
  }

  #remember(processes: readonly ProcessRef[]): void {
    for (const ref of processes) {
      if (!this.#seen.some((known) => known.pid === ref.pid && known.start === ref.start)) this.#seen.push(ref);
    }
  }

  async #finish(code: number | null, signal: NodeJS.Signals | string | null): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    for (const timer of this.#timers) clearTimeout(timer);
    for (const socket of this.#connections) socket.destroy();

    // The tree's root is gone; bwrap's --die-with-parent takes the rest, and this makes sure of it.
    killProcesses(this.#seen);
    const survivors = await waitGone(this.#seen, KILL_DEADLINE_MS);
    if (survivors.length > 0) this.#options.logger.error('sandbox_survivors', { id: this.id, pids: survivors.map((ref) => ref.pid).join(',') });
    try {
      await rm(this.#options.dir, { recursive: true, force: true });
    } catch (error) {
      this.#options.logger.error('sandbox_cleanup_failed', { id: this.id, message: String(error) });
    }

    let error = parseLearnerError(this.#stderrTail, this.#options.dir);
    const reason = this.#pendingReason ?? (error?.code === 'ERR_HEAP_OUT_OF_MEMORY' ? 'memory' : code === 0 ? 'exited' : 'crashed');
    if (this.#limitLocation !== null && (error === null || error.location === null)) {
      // Killed at the limit before Node could print the error: the preload said where it happened.
      error = { message: stopMessage(reason, this.#options.limits), location: this.#limitLocation, hint: null, code: 'ERR_SANDBOX_LIMIT' satisfies LearnerErrorCode };
    }
    const info: SandboxExitInfo = {
      code,
      signal,
      reason,
      message: exitMessage(reason, this.#options.limits, code, signal, error),
      error,
    };
    this.#options.logger.info('sandbox_exit', { id: this.id, reason, code: code ?? undefined, signal: signal ?? undefined, ms: Date.now() - this.#startedAt });
    this.#rejectListening(new SandboxError('SANDBOX_EXITED', info.message, info));
    this.emit('exit', info);
    this.#resolveExited(info);
  }
}

/** bwrap reports a child killed by signal N as exit code 128 + N. */
const SIGKILL_EXIT_CODE = 128 + 9;

function exitMessage(reason: SandboxStopReason, limits: SandboxLimits, code: number | null, signal: string | null, error: LearnerError | null): string {
  const base = stopMessage(reason, limits, code);
  if (error === null) {
    // Nobody here killed it, so the kernel did: the hard rlimits behind the sampled limits.
    if (reason === 'crashed' && (signal === 'SIGKILL' || signal === 'SIGXCPU' || code === SIGKILL_EXIT_CODE)) {
      return `${base} 운영체제가 프로그램을 강제로 끝냈습니다. CPU 시간이나 메모리 한도를 넘었을 수 있습니다.`;
    }
    return base;
  }
  // A limit the learner's own line ran into: say which line.
  if (reason === 'ports' || reason === 'outbound-connections') return error.location === null ? base : `${base} (${describeLocation(error.location)})`;
  // Otherwise errors matter only when the program died by itself; after a kill, stderr holds nothing the learner caused.
  if (reason !== 'crashed') return base;
  const where = error.location === null ? '' : `${describeLocation(error.location)}: `;
  const hint = error.hint === null ? '' : ` — ${error.hint}`;
  return `${base} ${where}${error.message}${hint}`;
}
