/**
 * What the Compare and Sweep panels show, computed from runs on disk (plain Node, no `vscode`):
 * the spec fields that differ between runs (flattened dot paths), and per run the metrics a
 * study compares — final train/val loss, average length and success rate of the last evaluation.
 */
import { join } from 'node:path';
import type { RunEvent } from '../../core/generated/events';
import { isSingleTask, successByTask } from '../../core/metrics/success';
import type { MetricRow, RunSummary, SpecDifference, SweepAxis, SweepCell, SweepMetric } from '../../shared/messages/results';
import { calvinSplitOf, EVENTS_FILE, parseRunKey, readJsonFile, readRunRecord, runDir, SPEC_FILE } from '../runs/files';

/** Flattens JSON to dot paths → leaf values (arrays of scalars stay one value, arrays of objects are indexed). */
export function flatten(value: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix) out.set(prefix, {});
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) {
    value.forEach((v, i) => flatten(v, `${prefix}.${i}`, out));
    if (value.length === 0) out.set(prefix, []);
  } else if (prefix) {
    out.set(prefix, value);
  }
  return out;
}

export function displayValue(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Fields where the specs differ (a field missing in some counts as different); `sameCount` the rest. */
export function specDifferences(specs: unknown[], ignore: (path: string) => boolean = (p) => p === 'name' || p === '$schema' || p === 'description'): { differences: SpecDifference[]; sameCount: number } {
  const flats = specs.map((s) => flatten(s));
  const paths = new Set<string>();
  for (const f of flats) for (const p of f.keys()) if (!ignore(p)) paths.add(p);
  const differences: SpecDifference[] = [];
  let sameCount = 0;
  for (const path of [...paths].sort()) {
    const values = flats.map((f) => displayValue(f.get(path)));
    if (values.every((v) => v === values[0])) sameCount++;
    else differences.push({ path, values });
  }
  return { differences, sameCount };
}

export interface RunMetrics {
  finalTrainLoss: number | null;
  finalValLoss: number | null;
  /** Average chain length (chain evaluations only). */
  avgLen: number | null;
  /** Success rate of the first subtask of chains. */
  success: number | null;
  /** Pooled success rate of a single-task evaluation (chain length 1): not a chain result. */
  singleTaskSuccess: number | null;
  steps: number | null;
}

const TRAIN_LOSS = /^(train[/_]loss|train_loss_act|loss)$/i;
const VAL_LOSS = /^(val|validation)[/_]loss(_act)?$/i;

/** The metrics of one run from its events. */
export function runMetrics(events: readonly RunEvent[]): RunMetrics {
  const m: RunMetrics = { finalTrainLoss: null, finalValLoss: null, avgLen: null, success: null, singleTaskSuccess: null, steps: null };
  for (const e of events) {
    if (e.type === 'scalar' && e.value !== null && Number.isFinite(e.value)) {
      if (TRAIN_LOSS.test(e.name)) m.finalTrainLoss = e.value;
      else if (VAL_LOSS.test(e.name)) m.finalValLoss = e.value;
    } else if (e.type === 'eval_result' && isSingleTask(e.chain_length)) {
      const { all } = successByTask(e.task_info);
      m.singleTaskSuccess = all.total > 0 ? all.rate : null;
    } else if (e.type === 'eval_result') {
      m.avgLen = e.avg_seq_len;
      const first = (e.chain_sr as Record<string, number>)['1'];
      m.success = typeof first === 'number' ? first : null;
    } else if (e.type === 'progress' && e.phase !== 'eval') {
      m.steps = e.step;
    } else if (e.type === 'scalar') {
      m.steps = Math.max(m.steps ?? 0, e.step);
    }
  }
  return m;
}

export const METRICS: { key: keyof RunMetrics; label: string; better: 'lower' | 'higher'; digits: number }[] = [
  { key: 'avgLen', label: 'Avg. len', better: 'higher', digits: 2 },
  { key: 'success', label: 'Success (1st subtask)', better: 'higher', digits: 3 },
  { key: 'singleTaskSuccess', label: 'Success (single task)', better: 'higher', digits: 3 },
  { key: 'finalValLoss', label: 'Final val loss', better: 'lower', digits: 4 },
  { key: 'finalTrainLoss', label: 'Final train loss', better: 'lower', digits: 4 },
  { key: 'steps', label: 'Steps', better: 'higher', digits: 0 },
];

export function metricRows(all: RunMetrics[]): MetricRow[] {
  return METRICS.map((m) => ({ name: m.label, values: all.map((r) => r[m.key]), better: m.better, digits: m.digits }));
}

export interface LoadedRun {
  summary: RunSummary;
  spec: unknown;
  metrics: RunMetrics;
}

/** Reads one run's record, resolved spec and events (whole file: compare/sweep panels are small). */
export function loadRun(runsDir: string, key: string): LoadedRun | undefined {
  const dir = runDir(runsDir, key);
  const p = parseRunKey(key);
  if (!dir || !p) return undefined;
  const record = readRunRecord(dir);
  const spec = readJsonFile(join(dir, SPEC_FILE));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readEvents } = require('../../core/events') as typeof import('../../core/events');
  const { events } = readEvents(join(dir, EVENTS_FILE));
  const metrics = runMetrics(events);
  const end = [...events].reverse().find((e) => e.type === 'run_end');
  const status = record?.status ?? (end && end.type === 'run_end' ? end.status : events.length ? 'running' : 'queued');
  const summary: RunSummary = {
    key, experiment: p.experiment, id: p.id, status, kind: record?.kind, calvinSplit: calvinSplitOf(spec),
    step: metrics.steps ?? undefined, error: record?.error ?? undefined,
  };
  if (record?.sweep?.id) summary.sweep = { id: record.sweep.id, point: stringPoint(record.sweep.point) };
  return { summary, spec, metrics };
}

function stringPoint(point: unknown): Record<string, string> {
  if (point === null || typeof point !== 'object') return {};
  return Object.fromEntries(Object.entries(point as Record<string, unknown>).map(([k, v]) => [k, displayValue(v)]));
}

/** The Sweep panel's state: its axes (in first-seen order of values), one cell per run, the metrics. */
export function sweepState(sweepId: string, runs: LoadedRun[], axisOrder?: Record<string, unknown[]>): { axes: SweepAxis[]; cells: SweepCell[]; metrics: SweepMetric[] } {
  const axes = new Map<string, string[]>();
  if (axisOrder) for (const [path, values] of Object.entries(axisOrder)) axes.set(path, values.map(displayValue));
  for (const r of runs) {
    for (const [path, v] of Object.entries(r.summary.sweep?.point ?? {})) {
      const list = axes.get(path) ?? [];
      if (!list.includes(v)) list.push(v);
      axes.set(path, list);
    }
  }
  const cells: SweepCell[] = runs.map((r) => ({
    run: r.summary.key,
    status: r.summary.status,
    point: r.summary.sweep?.point ?? {},
    metrics: Object.fromEntries(METRICS.map((m) => [m.label, r.metrics[m.key]])),
  }));
  // Main axes first: those with more than one value.
  const axisList = [...axes.entries()].map(([path, values]) => ({ path, values })).sort((a, b) => (b.values.length > 1 ? 1 : 0) - (a.values.length > 1 ? 1 : 0));
  return { axes: axisList, cells, metrics: METRICS.map((m) => ({ name: m.label, label: m.label, better: m.better, digits: m.digits })) };
}
