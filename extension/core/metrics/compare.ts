/**
 * What a comparison of runs shows, for the Compare panel and `vla-lab compare` alike: the spec
 * fields that differ between runs (flattened dot paths), and per run the metrics a study compares —
 * final train/val loss, average length and success rate of the last evaluation, steps.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunEvent } from '../generated/events';
import { RUN_FILES } from '../runner/paths';
import { resolveSpec } from '../spec/resolve';
import type { Protocol } from './compare-table';
import { isSingleTask, successByTask } from './success';

// The comparison's rows are the panel contract's types (one definition; erased at build).
import type { MetricRow, SpecDifference } from '../../shared/messages/results';
export type { MetricRow, SpecDifference };

/** Flattens JSON to dot paths → leaf values (arrays of scalars stay one value, arrays of objects are indexed). */
function flatten(value: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
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
export function specDifferences(
  specs: unknown[],
  ignore: (path: string) => boolean = (p) => p === 'name' || p === '$schema' || p === 'description',
): { differences: SpecDifference[]; sameCount: number } {
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
  /** The last evaluation's protocol tags (undefined: no evaluation; null: an evaluation recorded without tags). */
  protocol?: Protocol | null;
  /**
   * Every evaluation of the run, in the order they ran (a spec's eval entries each record one, e.g.
   * one per execution strategy of the same checkpoint); the fields above are the last one's.
   */
  evaluations?: EvaluationMetrics[];
}

/** One evaluation (eval_result event) of a run: its protocol and its metrics. */
export interface EvaluationMetrics {
  protocol: Protocol | null;
  avgLen: number | null;
  success: number | null;
  singleTaskSuccess: number | null;
  /** Single-task evaluations: successes / episodes per task (the event's task_info). */
  tasks?: Record<string, { success: number; total: number }>;
  /** The results file the evaluation wrote, relative to the run folder (eval_result.results_path). */
  resultsPath?: string;
  /** Chain evaluations: successes / attempts of each task inside the chains (a task counts each time a chain reaches it). */
  chainTasks?: Record<string, { success: number; total: number }>;
  /** The step of the checkpoint evaluated (eval_result.step), when the event says: a learning curve's x. */
  step?: number;
  /**
   * Chain evaluations: chainTasks split by where in the chain the task came — first (from the
   * scene's start, as alone) or after other tasks (from the state they left). From the results
   * file's episodes, read only on request (readRunForCompare's `chainPositions`).
   */
  chainPositions?: ChainPositionCounts;
  /**
   * Playtable 4's obstacle (protocol.obstacle true): per task the posts placed and knocked over, from
   * the results file's `obstacle` block (readRunForCompare reads it; absent when the file has none).
   */
  obstacle?: ObstacleByTask;
}

/**
 * Per task, successes / attempts as a chain's first task and as a later one; and how each task fared
 * right after each other (`after[before][task]`).
 */
export interface ChainPositionCounts {
  first: Record<string, { success: number; total: number }>;
  later: Record<string, { success: number; total: number }>;
  after: Record<string, Record<string, { success: number; total: number }>>;
}

/**
 * The per-position counts of a chain results JSON (its `episodes`, each with the `subtasks` its
 * chain reached, in order), or undefined when it lists no episodes with subtasks.
 */
export function chainPositionCounts(results: unknown): ChainPositionCounts | undefined {
  const episodes = (results as { episodes?: unknown } | null)?.episodes;
  if (!Array.isArray(episodes)) return undefined;
  const out: ChainPositionCounts = { first: {}, later: {}, after: {} };
  const count = (into: Record<string, { success: number; total: number }>, key: string, success: boolean) => {
    const c = (into[key] ??= { success: 0, total: 0 });
    c.total += 1;
    if (success) c.success += 1;
  };
  let seen = false;
  for (const ep of episodes) {
    const subtasks = (ep as { subtasks?: unknown } | null)?.subtasks;
    if (!Array.isArray(subtasks)) continue;
    let before: string | undefined;
    subtasks.forEach((st, i) => {
      const { task, success } = (st ?? {}) as { task?: unknown; success?: unknown };
      if (typeof task !== 'string' || typeof success !== 'boolean') return;
      count(i === 0 ? out.first : out.later, task, success);
      if (i > 0 && before !== undefined) count((out.after[before] ??= {}), task, success);
      before = task;
      seen = true;
    });
  }
  return seen ? out : undefined;
}

/** A results file's `obstacle` block, per task: posts placed (episodes with room for one) and posts knocked over. */
export type ObstacleByTask = Record<string, { posts: number; knocked: number }>;

/** The `obstacle` block of a single-task results JSON (posts and knocked per task), or undefined when it has none. */
export function obstacleBlock(results: unknown): ObstacleByTask | undefined {
  const block = (results as { obstacle?: unknown } | null)?.obstacle;
  if (block === null || typeof block !== 'object' || Array.isArray(block)) return undefined;
  const out: ObstacleByTask = {};
  for (const [task, v] of Object.entries(block as Record<string, unknown>)) {
    const { posts, knocked } = (v ?? {}) as { posts?: unknown; knocked?: unknown };
    if (typeof posts === 'number' && typeof knocked === 'number' && posts >= 0 && knocked >= 0) out[task] = { posts, knocked };
  }
  return out;
}

const TRAIN_LOSS = /^(train[/_]loss|train_loss_act|loss)$/i;
const VAL_LOSS = /^(val|validation)[/_]loss(_act)?$/i;

/** The metrics of one run from its events. */
export function runMetrics(events: readonly RunEvent[]): RunMetrics {
  const m: RunMetrics = { finalTrainLoss: null, finalValLoss: null, avgLen: null, success: null, singleTaskSuccess: null, steps: null };
  const evaluations: EvaluationMetrics[] = [];
  for (const e of events) {
    if (e.type === 'scalar') {
      // Every logged scalar says the run got that far (a run may log losses and no progress).
      m.steps = Math.max(m.steps ?? 0, e.step);
      if (e.value === null || !Number.isFinite(e.value)) continue;
      if (TRAIN_LOSS.test(e.name)) m.finalTrainLoss = e.value;
      else if (VAL_LOSS.test(e.name)) m.finalValLoss = e.value;
    } else if (e.type === 'eval_result' && isSingleTask(e.chain_length)) {
      const { all } = successByTask(e.task_info);
      m.singleTaskSuccess = all.total > 0 ? all.rate : null;
      m.protocol = e.protocol ?? null;
      const tasks = Object.fromEntries(Object.entries(e.task_info).map(([t, c]) => [t, { success: c.success, total: c.total }]));
      evaluations.push({
        protocol: m.protocol,
        avgLen: null,
        success: null,
        singleTaskSuccess: m.singleTaskSuccess,
        tasks,
        ...(e.results_path ? { resultsPath: e.results_path } : {}),
        ...(typeof e.step === 'number' ? { step: e.step } : {}),
      });
    } else if (e.type === 'eval_result') {
      m.protocol = e.protocol ?? null;
      m.avgLen = e.avg_seq_len;
      const first = (e.chain_sr as Record<string, number>)['1'];
      m.success = typeof first === 'number' ? first : null;
      evaluations.push({
        protocol: m.protocol,
        avgLen: m.avgLen,
        success: m.success,
        singleTaskSuccess: null,
        chainTasks: Object.fromEntries(Object.entries(e.task_info).map(([t, c]) => [t, { success: c.success, total: c.total }])),
        ...(e.results_path ? { resultsPath: e.results_path } : {}),
        ...(typeof e.step === 'number' ? { step: e.step } : {}),
      });
    } else if (e.type === 'progress' && e.phase !== 'eval') {
      m.steps = e.step;
    }
  }
  if (evaluations.length) m.evaluations = evaluations;
  return m;
}

type NumericMetric = Exclude<keyof RunMetrics, 'protocol' | 'evaluations'>;

/** `evaluation`: the metric comes from an evaluation, so its protocol (eval_result.protocol) matters. */
export const METRICS: { key: NumericMetric; label: string; better: 'lower' | 'higher'; digits: number; evaluation: boolean }[] = [
  { key: 'avgLen', label: 'Avg. len', better: 'higher', digits: 2, evaluation: true },
  { key: 'success', label: 'Success (1st subtask)', better: 'higher', digits: 3, evaluation: true },
  { key: 'singleTaskSuccess', label: 'Success (single task)', better: 'higher', digits: 3, evaluation: true },
  { key: 'finalValLoss', label: 'Final val loss', better: 'lower', digits: 4, evaluation: false },
  { key: 'finalTrainLoss', label: 'Final train loss', better: 'lower', digits: 4, evaluation: false },
  { key: 'steps', label: 'Steps', better: 'higher', digits: 0, evaluation: false },
];

export function metricRows(all: RunMetrics[]): MetricRow[] {
  return METRICS.map((m) => ({ name: m.label, values: all.map((r) => r[m.key] ?? null), better: m.better, digits: m.digits }));
}

/** Which metric rows are evaluation results (their cells are marked where protocols differ). */
export function isEvaluationMetric(name: string): boolean {
  return METRICS.some((m) => m.label === name && m.evaluation);
}

/**
 * A run folder's resolved spec (spec.json, undefined when unreadable) and its metrics from events.jsonl.
 * `chainPositions`: also read each chain evaluation's results file for its per-position task counts
 * (off by default: the panels that list many runs never show them).
 */
export function readRunForCompare(
  dir: string,
  opts: { chainPositions?: boolean } = {},
): { spec: unknown; metrics: RunMetrics; events: RunEvent[] } {
  let spec: unknown;
  try {
    spec = JSON.parse(readFileSync(join(dir, RUN_FILES.spec), 'utf8'));
  } catch {
    spec = undefined;
  }
  // With today's defaults filled in: a run made before a setting existed ran what its default now
  // says (a new setting's default keeps the old behaviour), so the setting is not a difference.
  if (spec !== null && typeof spec === 'object' && !Array.isArray(spec)) spec = resolveSpec(spec);
  // Loaded on first use: the editor loads this module when it activates, the events reader only
  // when a Compare or Sweep panel opens.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readEvents } = require('../events') as typeof import('../events');
  const { events } = readEvents(join(dir, RUN_FILES.events));
  const metrics = runMetrics(events);
  // The obstacle's posts are in the results file only (evaluations with protocol.obstacle).
  for (const e of metrics.evaluations ?? []) {
    if (e.protocol?.obstacle !== true || !e.resultsPath) continue;
    try {
      const block = obstacleBlock(JSON.parse(readFileSync(resolve(dir, e.resultsPath), 'utf8')));
      if (block) e.obstacle = block;
    } catch {
      // an unreadable results file: the evaluation has no obstacle counts (reported as not applicable)
    }
  }
  if (opts.chainPositions)
    for (const e of metrics.evaluations ?? []) {
      if (!e.chainTasks || !e.resultsPath) continue;
      try {
        const counts = chainPositionCounts(JSON.parse(readFileSync(resolve(dir, e.resultsPath), 'utf8')));
        if (counts) e.chainPositions = counts;
      } catch {
        // an unreadable results file: the evaluation has no per-position counts (the table says so)
      }
    }
  return { spec, metrics, events };
}
