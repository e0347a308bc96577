/**
 * Inference latency and the control rate it allows.
 *
 * A policy that controls a robot at `targetHz` must answer within 1000/targetHz ms at every step,
 * so the verdict uses the tail (p99), not the median: a policy whose p50 fits but whose p99 does not
 * will miss control steps. Percentiles are nearest-rank on the sorted samples (so p50 ≤ p95 ≤ p99
 * always holds and every figure is a latency that was actually measured).
 */
import dataSources from '../../../schemas/data-sources.json';

export interface LatencyStats {
  warmup: number;
  runs: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Where the target control rate came from, as the report shows it: the export's manifest file (EXPORT_FILES.manifest), the run's spec, or the default. */
export type ControlRateSource = 'policy.json' | 'spec' | 'default';

export interface ControlRateVerdict {
  targetHz: number;
  source: ControlRateSource;
  /** Time available per control step: 1000 / targetHz. */
  budgetMs: number;
  /** The highest control rate the measured latency allows at each percentile: 1000 / latency. */
  maxHzAtP50: number;
  maxHzAtP95: number;
  maxHzAtP99: number;
  /** p99 latency fits in the step budget. */
  meetsTarget: boolean;
  /** Fraction of the step budget used at p99 (above 1 means it does not fit). */
  budgetUsedAtP99: number;
}

/** Built-in control rates per benchmark (schemas/data-sources.json controlRates.builtin: Playtable 15 Hz, CALVIN 30 Hz). */
const BUILTIN_RATES: Record<string, number> = dataSources.controlRates.builtin;
/** The rate when nothing names one (no evaluation entry, or a benchmark without a rate): CALVIN's. */
export const DEFAULT_CONTROL_HZ = BUILTIN_RATES.calvin;

/**
 * The control rate of an evaluation entry (python/vlalab/trainer/datasources.py eval_control_rate):
 * its `control_hz`, else its benchmark's built-in rate (both 'spec'), else the default.
 */
export function evalControlRate(entry: { benchmark?: unknown; control_hz?: unknown } | undefined): {
  hz: number;
  source: ControlRateSource;
} {
  if (typeof entry?.control_hz === 'number' && entry.control_hz > 0) return { hz: entry.control_hz, source: 'spec' };
  const builtin =
    typeof entry?.benchmark === 'string' && Object.hasOwn(BUILTIN_RATES, entry.benchmark) ? BUILTIN_RATES[entry.benchmark] : 0;
  return builtin ? { hz: builtin, source: 'spec' } : { hz: DEFAULT_CONTROL_HZ, source: 'default' };
}

/** Nearest-rank percentile of ascending-sorted samples (q in (0, 1]). */
export function percentile(sortedAsc: readonly number[], q: number): number {
  if (sortedAsc.length === 0) throw new Error('percentile of no samples');
  const rank = Math.max(1, Math.ceil(q * sortedAsc.length));
  return sortedAsc[Math.min(rank, sortedAsc.length) - 1];
}

export function summarizeLatencies(samplesMs: readonly number[], warmup: number): LatencyStats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    warmup,
    runs: sorted.length,
    minMs: sorted[0],
    meanMs: mean,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted[sorted.length - 1],
  };
}

export function controlRateVerdict(stats: LatencyStats, targetHz: number, source: ControlRateSource): ControlRateVerdict {
  const budgetMs = 1000 / targetHz;
  const hz = (ms: number) => (ms > 0 ? 1000 / ms : Infinity);
  return {
    targetHz,
    source,
    budgetMs,
    maxHzAtP50: hz(stats.p50Ms),
    maxHzAtP95: hz(stats.p95Ms),
    maxHzAtP99: hz(stats.p99Ms),
    meetsTarget: stats.p99Ms <= budgetMs,
    budgetUsedAtP99: stats.p99Ms / budgetMs,
  };
}

export interface MeasureOptions {
  warmup: number;
  runs: number;
  /** Called after each timed run (progress bars). */
  onProgress?: (done: number, total: number) => void;
}

/** Times `call` `runs` times after `warmup` untimed calls. */
export async function measureLatency(call: () => Promise<unknown>, { warmup, runs, onProgress }: MeasureOptions): Promise<LatencyStats> {
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError('runs must be a positive integer');
  for (let i = 0; i < warmup; i++) await call();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await call();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    onProgress?.(i + 1, runs);
  }
  return summarizeLatencies(samples, warmup);
}
