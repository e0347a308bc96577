/**
 * The every-checkpoint evaluation curve (`vla-lab eval --every-checkpoint`, the Results panel's
 * checkpoint curve, `vla-lab show`): the evaluation results of one run shaped into one curve per
 * benchmark and kind — a single-task evaluation's pooled success rate with its 95% Wilson
 * interval, or a chain evaluation's average length with a 95% interval — against the checkpoint's
 * step, the best checkpoint marked and each other point said to be within noise of it or not.
 *
 * Average length: the chain results give P(L ≥ k) for k = 1..N (chain_sr) over num_chains chains,
 * so the lengths' variance is known exactly (E[L²] = Σ (2k−1)·P(L ≥ k)); the interval is the
 * normal one, mean ± 1.96·sd/√n, clipped to [0, N]. No chain count: no interval (low = high = mean).
 *
 * Pure (imports only success.ts): the results webview may bundle it.
 */
import { isSingleTask, wilsonInterval, Z_95 } from './success';

/** The fields of an eval_result event (schemas/events.schema.json) the curve reads, camel- or snake-cased by the caller. */
export interface CurveInput {
  benchmark: string;
  checkpoint: string;
  step?: number;
  numChains?: number;
  chainLength?: number;
  avgLen: number;
  chainSr: Record<string, number>;
  taskInfo: Record<string, { success: number; total: number }>;
  /** Wall time of the result (s): a checkpoint evaluated twice keeps its later result. */
  t?: number;
}

export interface CurvePoint {
  step: number;
  /** Its file name (step-XXXXXXX.pt). */
  checkpoint: string;
  /** Success rate (0..1) or average length (0..N). */
  value: number;
  low: number;
  high: number;
  /** Episodes (single task) or chains behind the value. */
  n: number;
  /** Successes (single task only). */
  success?: number;
  best: boolean;
  /** The best point's interval and this one's overlap: the difference is within noise. */
  withinNoiseOfBest: boolean;
}

export interface CheckpointCurve {
  benchmark: string;
  kind: 'success' | 'avg_len';
  /** Subtasks per chain (1: single task). */
  chainLength: number;
  /** Upper end of the value axis: 1, or the chain length. */
  max: number;
  points: CurvePoint[];
  /** Index into points of the best checkpoint (highest value; ties: the later step), or -1. */
  best: number;
}

/** The mean and 95% interval of chain lengths from P(L ≥ k) over n chains. */
export function avgLenInterval(chainSr: Record<string, number>, n: number | undefined, mean: number): { low: number; high: number } {
  const ks = Object.keys(chainSr)
    .map(Number)
    .filter((k) => Number.isInteger(k) && k >= 1);
  const maxK = ks.length ? Math.max(...ks) : 0;
  if (!n || n < 1 || !maxK) return { low: mean, high: mean };
  let second = 0;
  for (const k of ks) second += (2 * k - 1) * chainSr[String(k)];
  const variance = Math.max(0, second - mean * mean);
  if (n > 1 && variance < 1e-12) {
    // Every chain completed the same count: the normal approximation has no width. As the trainer's
    // report does (trainer/evaluate.py), bound the mean's move by Wilson's upper end for 0 of n chains.
    const p = wilsonInterval(0, n).high;
    return { low: mean - mean * p, high: mean + (maxK - mean) * p };
  }
  const half = (Z_95 * Math.sqrt(variance)) / Math.sqrt(n);
  return { low: Math.max(0, mean - half), high: Math.min(maxK, mean + half) };
}

/** The checkpoint's file name: an eval run records its parent's checkpoint as a path relative to itself (../<run>/checkpoints/…). */
function checkpointName(checkpoint: string): string {
  return checkpoint.split(/[\\/]/).filter(Boolean).pop() ?? checkpoint;
}

function point(e: CurveInput, single: boolean): Omit<CurvePoint, 'best' | 'withinNoiseOfBest'> {
  if (single) {
    let success = 0;
    let total = 0;
    for (const c of Object.values(e.taskInfo)) {
      success += c.success;
      total += c.total;
    }
    const { low, high } = wilsonInterval(success, total);
    return {
      step: e.step!,
      checkpoint: checkpointName(e.checkpoint),
      value: total > 0 ? success / total : 0,
      low,
      high,
      n: total,
      success,
    };
  }
  const { low, high } = avgLenInterval(e.chainSr, e.numChains, e.avgLen);
  return { step: e.step!, checkpoint: checkpointName(e.checkpoint), value: e.avgLen, low, high, n: e.numChains ?? 0 };
}

/**
 * One curve per (benchmark, kind, chain length) with at least one result that has a step, points
 * in step order (one per step: the latest result for it).
 */
export function checkpointCurves(results: readonly CurveInput[]): CheckpointCurve[] {
  const groups = new Map<string, { benchmark: string; chainLength: number; byStep: Map<number, CurveInput> }>();
  for (const e of results) {
    if (typeof e.step !== 'number' || !Number.isFinite(e.step)) continue;
    const chainLength = e.chainLength ?? (Object.keys(e.chainSr).length || 1);
    const key = `${e.benchmark}\u0000${chainLength}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { benchmark: e.benchmark, chainLength, byStep: new Map() }));
    const prev = g.byStep.get(e.step);
    if (!prev || (e.t ?? 0) >= (prev.t ?? 0)) g.byStep.set(e.step, e);
  }
  const out: CheckpointCurve[] = [];
  for (const g of groups.values()) {
    const single = isSingleTask(g.chainLength);
    const raw = [...g.byStep.values()].sort((a, b) => a.step! - b.step!).map((e) => point(e, single));
    let best = -1;
    raw.forEach((p, i) => {
      if (best < 0 || p.value >= raw[best].value) best = i;
    });
    const points: CurvePoint[] = raw.map((p, i) => ({
      ...p,
      best: i === best,
      withinNoiseOfBest: best >= 0 && i !== best && p.high >= raw[best].low && p.low <= raw[best].high,
    }));
    out.push({
      benchmark: g.benchmark,
      kind: single ? 'success' : 'avg_len',
      chainLength: g.chainLength,
      max: single ? 1 : g.chainLength,
      points,
      best,
    });
  }
  return out.sort((a, b) => (a.benchmark < b.benchmark ? -1 : a.benchmark > b.benchmark ? 1 : a.chainLength - b.chainLength));
}

/** "85% [64–95%]" or "2.31 [2.05–2.57]". */
export function formatCurveValue(kind: CheckpointCurve['kind'], p: Pick<CurvePoint, 'value' | 'low' | 'high'>): string {
  if (kind === 'success') return `${Math.round(p.value * 100)}% [${Math.round(p.low * 100)}–${Math.round(p.high * 100)}%]`;
  return `${p.value.toFixed(2)} [${p.low.toFixed(2)}–${p.high.toFixed(2)}]`;
}

/** One line under the curve: which checkpoint is best and whether the others are within noise of it. */
export function curveVerdict(c: CheckpointCurve): string {
  if (c.best < 0) return 'no evaluated checkpoint yet';
  const b = c.points[c.best];
  const what = c.kind === 'success' ? 'success' : 'avg len';
  const close = c.points.filter((p) => p.withinNoiseOfBest).map((p) => `step ${p.step}`);
  const noise =
    c.points.length < 2
      ? ''
      : close.length
        ? `; within noise of it (95% intervals overlap): ${close.join(', ')}`
        : '; every other checkpoint is clearly below it (95% intervals do not overlap)';
  return `best: ${b.checkpoint} at step ${b.step}, ${what} ${formatCurveValue(c.kind, b)}${noise}`;
}
