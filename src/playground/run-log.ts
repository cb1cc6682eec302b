import type { ConsoleRecord } from './challenge-api.ts';
import type { ConsoleLine, ConsolePanel } from './console-panel.ts';

/**
 * A playground's console: the panel the learner reads, and the current run's lines as a check
 * reads them (a new run starts them afresh; the panel keeps what came before).
 */
export class RunLog {
  readonly #panel: Pick<ConsolePanel, 'append' | 'clear'>;
  #records: ConsoleRecord[] = [];

  constructor(panel: Pick<ConsolePanel, 'append' | 'clear'>) {
    this.#panel = panel;
  }

  append(line: ConsoleLine): void {
    this.#panel.append(line);
    this.#records.push({ side: line.side ?? null, level: line.kind, text: line.text, time: line.time });
  }

  /** The current run's lines, oldest first. */
  get records(): readonly ConsoleRecord[] {
    return this.#records;
  }

  newRun(): void {
    this.#records = [];
  }

  /** 지우기: empties the panel (a check still sees the run's lines). */
  clear(): void {
    this.#panel.clear();
  }
}
