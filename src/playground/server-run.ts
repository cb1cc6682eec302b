import type { ConsoleLine } from './console-panel.ts';
import { programShown, serverShown, type ErrorMark, type Shown } from './console-lines.ts';
import type { PlaygroundFiles } from './files.ts';
import type { RunChannel } from './program-run.ts';
import type { SnippetServer } from './sandbox-document.ts';

/** How long a learner's server gets to start listening before the run gives up on it. */
export const SERVER_START_TIMEOUT_MS = 20_000;

export interface ServerRunEvents {
  /** A line for the console (a server-side one, or the program's). */
  line(line: ConsoleLine): void;
  /** An error at a file's line, for the editor. */
  mark(mark: ErrorMark): void;
  /** The server listens on one more port after the run began (the browser side learns it). */
  ports(server: SnippetServer): void;
  /** The server or program ended by itself (not by `stop`). */
  ended(): void;
}

export interface ServerStart {
  /** Unique per run, so a late message of the previous run is not mistaken for this one's. */
  runId: string;
  entry: string;
  files: PlaygroundFiles;
  /** The playground's name in the page's capture tag: the tap records the server's connections under it. */
  capture: string;
  /** What the proxy puts into a page the server serves (the bridge to this page's console). */
  inject: string;
}

/**
 * The playground's Node side in the sandbox, over the control channel: a learner's server
 * (started, awaited until it listens, its output and end shown) or one whole Node program (its
 * output and exit code). One at a time; `stop` ends it.
 */
export class ServerRun {
  readonly #events: ServerRunEvents;
  /** Unsubscribes from the current run's messages; set while something runs. */
  #unsubscribe: (() => void) | undefined;
  #runId = '';
  #channel: RunChannel | undefined;

  constructor(events: ServerRunEvents) {
    this.#events = events;
  }

  /** Something runs on the Node side. */
  get running(): boolean {
    return this.#unsubscribe !== undefined;
  }

  #show({ line, mark }: Shown): void {
    if (line) this.#events.line(line);
    if (mark) this.#events.mark(mark);
  }

  #finish(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /** Asks the sandbox to stop what runs; true if something was running. */
  stop(): boolean {
    if (!this.#unsubscribe) return false;
    this.#finish();
    this.#channel?.send({ type: 'stop-server', runId: this.#runId });
    return true;
  }

  /**
   * Starts the learner's server and resolves once it listens (with where the page reaches it), or
   * with null when it ended, failed or did not listen in time.
   */
  startServer(channel: RunChannel, start: ServerStart): Promise<SnippetServer | null> {
    this.#channel = channel;
    this.#runId = start.runId;
    return new Promise<SnippetServer | null>((resolve) => {
      const ports: number[] = [];
      let settled = false;
      const settle = (server: SnippetServer | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(server);
      };
      const timer = setTimeout(() => {
        this.#events.line({ kind: 'error', text: `서버가 ${SERVER_START_TIMEOUT_MS / 1000}초 안에 포트를 열지(listen) 않았습니다.`, time: Date.now(), side: 'server' });
        this.stop();
        settle(null);
      }, SERVER_START_TIMEOUT_MS);
      this.#unsubscribe = channel.onRun(start.runId, (message) => {
        this.#show(serverShown(message, start.entry, Date.now()));
        switch (message.type) {
          case 'server-listening':
            if (!ports.includes(message.port)) ports.push(message.port);
            if (settled) this.#events.ports({ base: message.base, ports });
            settle({ base: message.base, ports });
            break;
          case 'server-exit':
            this.#finish();
            this.#events.ended();
            settle(null);
            break;
          case 'error':
            // The channel dropped: the server went with it (nothing left to stop).
            if (message.code === 'CONTROL_CLOSED') this.#finish();
            settle(null);
            break;
          default:
            break;
        }
      });
      channel.send({ type: 'run-server', runId: start.runId, entry: start.entry, capture: start.capture, files: start.files, inject: start.inject });
    });
  }

  /** Runs the files as one Node program (a test file, say); resolves once it started. Stop ends it like a server. */
  async startProgram(channel: RunChannel, start: Omit<ServerStart, 'capture' | 'inject'>): Promise<void> {
    const { runProgram } = await import('./program-run.ts');
    this.#channel = channel;
    this.#runId = start.runId;
    // Only marks that something runs (stop() sends stop-server); the run keeps its own listener.
    this.#unsubscribe = () => {};
    const run = runProgram(channel, { files: start.files, entry: start.entry, runId: start.runId, onMessage: (message) => this.#show(programShown(message, start.entry, Date.now())) });
    void run.done.then(() => {
      if (this.#runId !== start.runId) return;
      this.#unsubscribe = undefined;
      this.#events.ended();
    });
  }
}
