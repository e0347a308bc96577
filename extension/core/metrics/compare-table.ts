/**
 * How a compare table reads (pure, no imports: the Compare webview bundles it, `vla-lab compare`
 * prints with it): which run is best on a metric, and how a metric value is written.
 */

/** What bestIndex reads of a metric row (core/metrics/compare.ts MetricRow, shared/messages MetricRow). */
export interface ComparedMetric {
  name?: string;
  values: readonly (number | null)[];
  better: 'lower' | 'higher';
  digits?: number;
}

/** Index of the best value in a metric row (ties: the first), or -1 when fewer than two runs have one. */
export function bestIndex(row: ComparedMetric): number {
  let best = -1;
  let have = 0;
  row.values.forEach((v, i) => {
    if (v === null) return;
    have++;
    if (best < 0 || (row.better === 'lower' ? v < (row.values[best] as number) : v > (row.values[best] as number))) best = i;
  });
  return have >= 2 ? best : -1;
}

export function formatMetric(v: number | null, digits: number): string {
  if (v === null) return '—';
  if (digits === 0) return Math.round(v).toLocaleString('en-US');
  const a = Math.abs(v);
  if (a !== 0 && a < 10 ** -digits) return v.toExponential(2);
  return v.toFixed(digits);
}
