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
