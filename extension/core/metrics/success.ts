/**
 * Success rates of evaluations, for every place that shows them (the Results panel, `vla-lab show`).
 *
 * A chain evaluation (chain_length > 1, CALVIN style) is read as success at 1..N subtasks in a row
 * and the average length. A single-task evaluation (chain_length 1) is a success rate per task:
 * "success at 1" and "average length" would only restate the pooled rate under a chain's name, so it
 * is shown as successes / episodes per task with a 95% Wilson interval.
 *
 * Pure (imports nothing): the results webview bundles it. python/vlalab/sim/evaluation.py computes
 * the same interval for the trainer's log (test/python/test_eval_report.py compares the two).
 */

/** The 97.5% quantile of the standard normal: a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * The Wilson score interval of `success` out of `total`: unlike p ± z·√(p(1−p)/n) it stays inside
 * [0, 1] and is not zero-width at 0/n or n/n — what small evaluation counts need. 0/0: [0, 1].
 */
export function wilsonInterval(success: number, total: number, z = Z_95): Interval {
  if (!(total > 0)) return { low: 0, high: 1 };
  const p = success / total;
  const denom = 1 + (z * z) / total;
  const centre = (p + (z * z) / (2 * total)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Whether an evaluation with this chain length is a single-task evaluation (not a chain result). */
export function isSingleTask(chainLength: number | undefined): boolean {
  return chainLength === 1;
}

export interface TaskSuccess extends Interval {
  task: string;
  success: number;
  total: number;
  /** success / total (0 when nothing ran). */
  rate: number;
}

/** One row per task (sorted), and the pooled row over every task's episodes. */
export function successByTask(taskInfo: Record<string, { success: number; total: number }>): { tasks: TaskSuccess[]; all: TaskSuccess } {
  const row = (task: string, success: number, total: number): TaskSuccess => ({
    task,
    success,
    total,
    rate: total > 0 ? success / total : 0,
    ...wilsonInterval(success, total),
  });
  const tasks = Object.entries(taskInfo)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([t, c]) => row(t, c.success, c.total));
  const all = row(
    'all tasks',
    tasks.reduce((s, r) => s + r.success, 0),
    tasks.reduce((s, r) => s + r.total, 0),
  );
  return { tasks, all };
}

const pct = (v: number): string => `${Math.round(v * 100)}%`;

/** "17/20 · 85% (95% CI 64–95%)". */
export function formatSuccess(r: { success: number; total: number; rate: number; low: number; high: number }): string {
  return r.total > 0 ? `${r.success}/${r.total} · ${pct(r.rate)} (95% CI ${pct(r.low).slice(0, -1)}–${pct(r.high)})` : '0/0';
}
