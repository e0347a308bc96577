/**
 * What the Compare and Sweep panels show, computed from runs on disk (plain Node, no `vscode`).
 * The comparison itself (spec differences, metrics) is core/metrics/compare.ts, shared with
 * `vla-lab compare`; this adds the panels' run summaries and the sweep grid.
 */
import { displayValue, METRICS, readRunForCompare, type RunMetrics } from '../../core/metrics/compare';
import { protocolNotes } from '../../core/metrics/compare-table';
import {
  STUDY_METRICS,
  studyInput,
  studyMetric,
  studyMetricsOf,
  studyOf,
  studyTasks,
  studyTrend,
  type StudyMetricKey,
} from '../../core/metrics/study-report';
import type { RunSummary, SweepAxis, SweepCell, SweepMetric, SweepStudy } from '../../shared/messages/results';
import { calvinSplitOf, parseRunKey, readRunRecord, runDir } from '../runs/files';

export { metricRows, runMetrics, specDifferences, type RunMetrics } from '../../core/metrics/compare';

export interface LoadedRun {
  summary: RunSummary;
  spec: unknown;
  metrics: RunMetrics;
  /** run.json's sweep.index: the study orders its runs by it, as `vla-lab report` does. */
  sweepIndex?: number;
}

/** Reads one run's record, resolved spec and events (whole file: compare/sweep panels are small). */
export function loadRun(runsDir: string, key: string): LoadedRun | undefined {
  const dir = runDir(runsDir, key);
  const p = parseRunKey(key);
  if (!dir || !p) return undefined;
  const record = readRunRecord(dir);
  const { spec, metrics, events } = readRunForCompare(dir);
  const end = [...events].reverse().find((e) => e.type === 'run_end');
  const status = record?.status ?? (end && end.type === 'run_end' ? end.status : events.length ? 'running' : 'queued');
  const summary: RunSummary = {
    key,
    experiment: p.experiment,
    id: p.id,
    status,
    kind: record?.kind,
    calvinSplit: calvinSplitOf(spec),
    step: metrics.steps ?? undefined,
    error: record?.error ?? undefined,
  };
  if (record?.sweep?.id) {
    const s = record.sweep;
    summary.sweep = {
      id: s.id!,
      point: { ...stringPoint(s.point), ...(s.labels ?? {}) },
      ...(s.cell ? { cell: s.cell } : {}),
      ...(s.seed !== undefined ? { seed: s.seed } : {}),
    };
  }
  return { summary, spec, metrics, ...(typeof record?.sweep?.index === 'number' ? { sweepIndex: record.sweep.index } : {}) };
}

function stringPoint(point: unknown): Record<string, string> {
  if (point === null || typeof point !== 'object') return {};
  return Object.fromEntries(Object.entries(point as Record<string, unknown>).map(([k, v]) => [k, displayValue(v)]));
}

/** The Sweep panel's state: its axes (in first-seen order of values), one cell per run, the metrics. */
export function sweepState(
  sweepId: string,
  runs: LoadedRun[],
  axisOrder?: Record<string, unknown[]>,
  view: StudyView = {},
): { axes: SweepAxis[]; cells: SweepCell[]; metrics: SweepMetric[]; study?: SweepStudy } {
  const axes = new Map<string, string[]>();
  if (axisOrder) for (const [path, values] of Object.entries(axisOrder)) axes.set(path, values.map(displayValue));
  for (const r of runs) {
    for (const [path, v] of Object.entries(r.summary.sweep?.point ?? {})) {
      const list = axes.get(path) ?? [];
      if (!list.includes(v)) list.push(v);
      axes.set(path, list);
    }
  }
  // A sweep compares its points: a point evaluated under another protocol is marked, not mixed in silently.
  const notes = protocolNotes(runs.map((r) => r.metrics.protocol));
  const cells: SweepCell[] = runs.map((r, i) => ({
    run: r.summary.key,
    status: r.summary.status,
    point: r.summary.sweep?.point ?? {},
    metrics: Object.fromEntries(METRICS.map((m) => [m.label, r.metrics[m.key] ?? null])),
    ...(notes[i] ? { protocolDiffers: notes[i]!.text } : {}),
    ...(r.summary.sweep?.seed !== undefined ? { seed: r.summary.sweep.seed } : {}),
  }));
  // Main axes first: those with more than one value.
  const axisList = [...axes.entries()]
    .map(([path, values]) => ({ path, values }))
    .sort((a, b) => (b.values.length > 1 ? 1 : 0) - (a.values.length > 1 ? 1 : 0));
  const study = sweepStudy(runs, view);
  return {
    axes: axisList,
    cells,
    metrics: METRICS.map((m) => ({ name: m.label, label: m.label, better: m.better, digits: m.digits, evaluation: m.evaluation })),
    ...(study ? { study } : {}),
  };
}

/** The study view's choice (the panel's `study-view` message): a metric key, a task, a column to compare within; unset: the defaults. */
export interface StudyView {
  metric?: string;
  task?: string | null;
  within?: string | null;
}

/**
 * The study view of a sweep, as `vla-lab report --metric M --task T [--within AXIS]` writes it
 * (same core functions, same alpha): per cell the per-seed points and the mean with its
 * Student-t interval, pairwise Welch tests with Holm's correction, the evaluations the metric does
 * not apply to. The metric is one the evaluations have a value of (studyMetricsOf; the report's
 * default when the view names none or one the sweep lacks); the task one of studyTasks, kept only
 * for a per-task metric; `within` one of the table's columns. Only for sweeps whose cells have more than one training seed; undefined
 * otherwise.
 */
export function sweepStudy(runs: LoadedRun[], view: StudyView = {}): SweepStudy | undefined {
  const byIndex = [...runs].sort((a, b) => (a.sweepIndex ?? 0) - (b.sweepIndex ?? 0));
  const inputs = byIndex.map((r) => ({
    key: r.summary.key,
    status: r.summary.status,
    sweep: r.summary.sweep ?? null,
    spec: r.spec,
    metrics: r.metrics,
  }));
  const seeded = inputs.some((r) => r.sweep?.seed !== undefined) || inputs.some((r) => r.sweep?.point && 'train.seed' in r.sweep.point);
  if (!seeded) return undefined;
  const offered = studyMetricsOf(inputs);
  const fallback = studyMetric(inputs);
  const metric: StudyMetricKey = offered.find((k) => k === view.metric) ?? fallback;
  const info = STUDY_METRICS[metric];
  const tasks = studyTasks(inputs);
  const task = info.perTask && typeof view.task === 'string' && tasks.includes(view.task) ? view.task : undefined;
  const input = studyInput(inputs, metric, task !== undefined ? { task } : {});
  const within = typeof view.within === 'string' && input.axes.includes(view.within) ? view.within : undefined;
  const study = studyOf(input, within !== undefined ? { within } : {});
  const trend = studyTrend(input, study);
  return {
    metric: info.label,
    metricKey: metric,
    metrics: (offered.includes(metric) ? offered : [metric, ...offered]).map((k) => ({ key: k, label: STUDY_METRICS[k].label })),
    perTask: info.perTask,
    tasks,
    task: task ?? null,
    axes: input.axes,
    within: within ?? null,
    better: info.better,
    percent: info.percent,
    digits: info.digits,
    level: study.level,
    alpha: study.alpha,
    cells: study.cells.map((c) => ({
      label: input.axes.length ? input.axes.map((a) => c.point[a] ?? '—').join(' · ') : c.key,
      point: { ...c.point },
      points: c.points.map((p) => ({ seed: p.seed, value: p.value, run: p.run })),
      mean: c.stats.mean,
      lo: c.stats.lo,
      hi: c.stats.hi,
      clipped: c.stats.clipped,
      n: c.stats.n,
    })),
    comparisons: study.comparisons.map((c) => ({ a: c.a, b: c.b, diff: c.test.diff, p: c.test.p, pHolm: c.pHolm, holds: c.holds })),
    trend: trend
      ? {
          axis: trend.axis,
          slope: trend.result.slope,
          lo: trend.result.lo,
          hi: trend.result.hi,
          p: trend.result.p,
          holds: trend.holds,
        }
      : null,
    missing: input.missing.length,
    notApplicable: input.notApplicable,
  };
}
