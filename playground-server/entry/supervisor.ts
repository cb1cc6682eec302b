import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PlaygroundConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { isSandboxReport, SUPERVISED_ENV, SUPERVISED_PORT_ENV, type ParentToSupervised } from '../supervise/ipc.ts';
import { RestartPolicy } from '../supervise/restart-policy.ts';
import { REAPED_GONE_MS, SandboxReaper } from '../supervise/sandbox-reaper.ts';
import { workerExecArgv } from './node-flags.ts';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
/** The worker gets this long to close its clients and sandboxes before it is killed (all within 2 s). */
const WORKER_STOP_MS = 1800;

export interface RunningSupervisor {
  port: number;
  /** Stops restarting, asks the worker to shut down (1001 to every WebSocket), waits for it. */
  close(): Promise<void>;
  /** At the shutdown deadline, just before this process exits: the worker killed, its learners' servers too, its folder removed. */
  abort(): void;
}

function isListening(message: unknown): message is { type: 'pg:listening'; port: number } {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'pg:listening'
    && Number.isInteger((message as { port?: unknown }).port);
}

/**
 * `npm start` with one worker: this process only watches. Its one child runs the whole playground
 * and listens on the port itself (no connection passes through here, so supervision costs nothing
 * per connection). Should the child die — an uncaught error it logged (`worker_crash`), a kill —
 * this process reaps the learners' servers it left behind, says why in the log, and starts a new
 * child on the same port, at once the first time and with a growing pause when deaths follow each
 * other (restart-policy.ts), saying so in Korean on stdout. Learners' pages reconnect by themselves.
 */
export async function startSupervisor(config: PlaygroundConfig, logger: Logger, announce: (text: string) => void): Promise<RunningSupervisor> {
  const policy = new RestartPolicy();
  let port = config.port;
  let child: ChildProcess | undefined;
  let childReaper: SandboxReaper | undefined;
  let stopping = false;

  /** The first start must succeed (its failure ends `npm start`); a restart that fails is one more death. */
  const start = (first: boolean) =>
    new Promise<number>((resolve, reject) => {
      const worker = fork(MAIN, process.argv.slice(2), {
        env: { ...process.env, [SUPERVISED_ENV]: '1', [SUPERVISED_PORT_ENV]: String(port) },
        execArgv: workerExecArgv(),
        stdio: 'inherit',
      });
      child = worker;
      const reaper = new SandboxReaper(worker.pid ?? -1);
      childReaper = reaper;
      let listening = false;
      worker.on('message', (message: unknown) => {
        if (isSandboxReport(message)) reaper.note(message);
        else if (isListening(message) && !listening) {
          listening = true;
          port = message.port;
          resolve(message.port);
        }
      });
      worker.on('error', (error) => logger.debug('worker_ipc_error', { message: error.message }));
      worker.once('exit', (code, signal) => {
        const killed = reaper.reap(logger);
        if (killed > 0) logger.warn('sandboxes_reaped', { count: killed, pid: worker.pid });
        if (child === worker) child = undefined;
        if (!listening) reject(new Error(`놀이터 작업 프로세스가 준비되기 전에 끝났습니다 (종료 코드 ${code ?? signal}).`));
        if (stopping || first && !listening) return;
        const decision = policy.died(Date.now());
        logger.error('worker_exited', { pid: worker.pid, code: code ?? undefined, signal: signal ?? undefined, restartInMs: decision.delayMs, recentDeaths: decision.recentDeaths });
        if (decision.crashLoop) {
          logger.error('crash_loop', { recentDeaths: decision.recentDeaths, restartInMs: decision.delayMs });
          announce(`놀이터 작업 프로세스가 짧은 시간에 ${decision.recentDeaths}번 멈췄습니다. ${(decision.delayMs / 1000).toFixed(1)}초 뒤에 다시 시작합니다 (로그의 worker_crash를 보세요).`);
        }
        setTimeout(() => {
          if (stopping) return;
          start(false).then(
            (again) => logger.info('worker_restarted', { port: again }),
            (error: unknown) => logger.error('worker_restart_failed', { message: String(error) }),
          );
        }, decision.delayMs);
      });
    });

  const listeningPort = await start(true);
  let closing: Promise<void> | undefined;
  return {
    port: listeningPort,
    close() {
      closing ??= (async () => {
        stopping = true;
        const worker = child;
        if (!worker || worker.exitCode !== null || worker.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        if (worker.connected) worker.send({ type: 'pg:shutdown' } satisfies ParentToSupervised, () => {});
        const late = await Promise.race([exited.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), WORKER_STOP_MS).unref())]);
        if (late) {
          logger.error('worker_killed', { pid: worker.pid, deadlineMs: WORKER_STOP_MS });
          worker.kill('SIGKILL');
          await exited;
        }
        // What the worker left (reaped when it exited) is killed; wait until it is gone, within the same budget.
        await childReaper?.gone(REAPED_GONE_MS);
      })();
      return closing;
    },
    abort() {
      stopping = true;
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      childReaper?.reap(logger);
    },
  };
}
