import { monitorEventLoopDelay } from 'node:perf_hooks';

/** One Prometheus metric family (text exposition format 0.0.4). */
export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: MetricSample[];
}

export interface MetricSample {
  labels?: Record<string, string>;
  value: number;
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Label values may hold anything; the format escapes backslash, double quote and newline. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** The families as Prometheus text: HELP and TYPE once per family, then one line per sample. */
export function renderPrometheus(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels ?? {});
      const labelText = labels.length === 0 ? '' : `{${labels.map(([key, value]) => `${key}="${escapeLabel(value)}"`).join(',')}}`;
      lines.push(`${family.name}${labelText} ${formatValue(sample.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Families from several processes (cluster workers) as one set: each sample gets the process's
 * label (e.g. worker="0"), and families of the same name are joined, so HELP and TYPE appear once.
 */
export function mergeFamilies(groups: ReadonlyArray<{ labels: Record<string, string>; families: readonly MetricFamily[] }>): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  for (const group of groups) {
    for (const family of group.families) {
      let merged = byName.get(family.name);
      if (!merged) {
        merged = { name: family.name, help: family.help, type: family.type, samples: [] };
        byName.set(family.name, merged);
      }
      for (const sample of family.samples) merged.samples.push({ labels: { ...group.labels, ...sample.labels }, value: sample.value });
    }
  }
  return [...byName.values()];
}

/** How often the event-loop delay is sampled, in ms. */
const DELAY_RESOLUTION_MS = 10;

/**
 * Event-loop delay: Node's histogram times a repeating 10 ms timer, and what it records is the
 * whole interval, so the 10 ms are taken off to leave the delay. Each read reports the window
 * since the previous read (a scrape), then starts a new one: a slow moment shows in the next
 * scrape instead of fading into the average of the whole uptime.
 */
export class EventLoopDelay {
  readonly #histogram: ReturnType<typeof monitorEventLoopDelay> = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });

  constructor() {
    this.#histogram.enable();
  }

  /** p99 and max in seconds since the previous call, then resets. */
  take(): { p99: number; max: number } {
    const histogram = this.#histogram;
    const seconds = (nanoseconds: number) => Math.max(0, nanoseconds - DELAY_RESOLUTION_MS * 1e6) / 1e9;
    const result = histogram.count === 0 ? { p99: 0, max: 0 } : { p99: seconds(histogram.percentile(99)), max: seconds(histogram.max) };
    histogram.reset();
    return result;
  }

  stop(): void {
    this.#histogram.disable();
  }
}
