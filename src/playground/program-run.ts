import type { ServerMessage } from '../../protocol/control-messages.ts';
import type { ControlClient } from './control-client.ts';

/** How a Node program run in the sandbox ended, with what it printed. */
export interface ProgramOutcome {
  /** The process's exit code; null when it was stopped, killed by a limit, or could not start. */
  exitCode: number | null;
  /** The sandbox's reason (exited, crashed, stopped, cpu-time, …) or the error code when it could not start. */
  reason: string;
  /** Korean: how it ended, for the console. */
  message: string;
  /** stdout and stderr lines, in order. */
  output: Array<{ stream: 'stdout' | 'stderr'; text: string; time: number }>;
}

/** The part of the control channel a run needs: its messages, and commands. */
export type RunChannel = Pick<ControlClient, 'onRun' | 'send'>;

export interface ProgramRun {
  readonly runId: string;
  /** Resolves once the program ended (never rejects). */
  readonly done: Promise<ProgramOutcome>;
  /** Stops it; `done` then resolves with reason "stopped". */
  stop(): void;
}

/**
 * Runs `files` as a Node program in the sandbox, `entry` first, and waits for it to end: a test
 * file, or a check's own probe next to a learner's server. Unlike a playground's server, it need
 * not keep listening; its exit code is its result. `onMessage` sees the run's messages as they
 * come (a console); after `timeoutMs` it is stopped.
 */
export function runProgram(
  control: RunChannel,
  options: { files: Record<string, string>; entry: string; runId?: string; timeoutMs?: number; onMessage?: (message: ServerMessage) => void },
): ProgramRun {
  const runId = options.runId ?? `program:${crypto.randomUUID()}`;
  const output: ProgramOutcome['output'] = [];
  let stop = () => {};
  const done = new Promise<ProgramOutcome>((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: Omit<ProgramOutcome, 'output'>) => {
      clearTimeout(timer);
      unsubscribe();
      resolve({ ...outcome, output });
    };
    const unsubscribe = control.onRun(runId, (message) => {
      options.onMessage?.(message);
      if (message.type === 'server-output') output.push({ stream: message.stream, text: message.text, time: message.time });
      else if (message.type === 'server-exit') finish({ exitCode: message.code, reason: message.reason, message: message.message });
      else if (message.type === 'error') finish({ exitCode: null, reason: message.code, message: message.message });
    });
    stop = () => control.send({ type: 'stop-server', runId });
    if (options.timeoutMs !== undefined) timer = setTimeout(stop, options.timeoutMs);
    control.send({ type: 'run-server', runId, entry: options.entry, files: options.files });
  });
  return { runId, done, stop: () => stop() };
}
