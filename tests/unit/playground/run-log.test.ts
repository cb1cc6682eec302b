import { describe, expect, it } from 'vitest';
import type { ConsoleLine } from '../../../src/playground/console-panel.ts';
import { RunLog } from '../../../src/playground/run-log.ts';

describe('a playground’s console', () => {
  it('shows every line and gives a check only the current run’s, even after 지우기', () => {
    const shown: ConsoleLine[] = [];
    const log = new RunLog({ append: (line) => shown.push(line), clear: () => shown.splice(0) });
    log.append({ kind: 'log', text: 'first run', time: 1 });
    log.newRun();
    log.append({ kind: 'error', text: 'second run', time: 2, side: 'server' });
    log.clear();
    log.append({ kind: 'log', text: 'after clearing', time: 3 });
    expect(shown.map((line) => line.text)).toEqual(['after clearing']);
    expect(log.records).toEqual([
      { side: 'server', level: 'error', text: 'second run', time: 2 },
      { side: null, level: 'log', text: 'after clearing', time: 3 },
    ]);
  });
});
