/** The q-quantile (0..1) of a list of numbers, by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

export interface Row {
  bench: string;
  metric: string;
  value: string;
  baseline: string;
  note: string;
}

/** A plain Markdown table, readable in a terminal and in bench/RESULTS.md. */
export function table(rows: readonly Row[]): string {
  const header: Row = { bench: 'bench', metric: 'metric', value: 'value', baseline: 'baseline (same run)', note: 'goal / note' };
  const all = [header, ...rows];
  const keys = Object.keys(header) as Array<keyof Row>;
  const widths = keys.map((key) => Math.max(...all.map((row) => [...row[key]].length)));
  const line = (row: Row) => `| ${keys.map((key, i) => row[key] + ' '.repeat((widths[i] ?? 0) - [...row[key]].length)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
export const ms = (value: number) => `${value.toFixed(1)} ms`;
