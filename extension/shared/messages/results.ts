/**
 * Messages of the result panels: Results (one run or several overlaid), Compare runs, Sweep.
 *
 * Results: after `ready` the extension sends one `init`, then only increments — `series-append`
 * for new points of a curve, `run` when a run's status/progress changes, `eval` and `media` as
 * results arrive. A curve is downsampled in the extension (LTTB, ~2000 points) and sent raw; when
 * the downsampling re-picks points near the end, `series-append.from` says how many of the points
 * the webview already has stay, and the message carries the rest. `series-reset` replaces a whole
 * curve (first time, or after the x axis changed). Smoothing is the webview's own business: it
 * applies TensorBoard's debiased EMA (extension/core/metrics/smoothing.ts, the one implementation)
 * to the points it holds whenever the slider moves or points arrive, without asking the extension.
 *
 * Run statuses, eval results and media items are the records of schemas/run.schema.json and
 * schemas/events.schema.json (types generated into extension/core/generated/, imported type-only so
 * nothing of the core reaches a webview bundle); the messages carry them with camelCase keys.
 */
import type { EvalResultEvent, MediaEvent, WarningEvent } from '../../core/generated/events';
import type { RunRecord } from '../../core/generated/run';
import {
  allOf,
  type CamelCased,
  isFiniteNumber,
  isInteger,
  isNonEmptyString,
  isNullableNumberArray,
  isNumberArray,
  isOneOf,
  isPlainObject,
  isRelativePath,
  isRunKey,
  isShortString,
  isStringArray,
  messageValidator,
  readyCheck,
  type ReadyMessage,
} from './index';

export const X_AXES = ['step', 'relative', 'wall'] as const;
export type XAxis = (typeof X_AXES)[number];

export type RunStatus = RunRecord['status'];
const RUN_STATUSES = allOf<RunStatus>()(['queued', 'starting', 'running', 'completed', 'failed', 'cancelled']);

export type Benchmark = EvalResultEvent['benchmark'];
const BENCHMARKS = allOf<Benchmark>()(['playtable', 'calvin', 'simpler']);
const MEDIA_KINDS = allOf<MediaEvent['kind']>()(['video', 'image']);
const MEDIA_FORMATS = allOf<NonNullable<MediaEvent['format']>>()(['mp4', 'gif', 'png']);

/** Most points one series message may carry (LTTB keeps ≤ 2000 finite points, plus gap markers). */
const MAX_SERIES_POINTS = 8192;

export interface RunSummary {
  /** `<experiment>/<run-id>`. */
  key: string;
  experiment: string;
  id: string;
  status: RunStatus;
  kind?: RunRecord['kind'];
  step?: number;
  total?: number;
  /** Seconds since the epoch of the run's first event. */
  startedAt?: number;
  /** The CALVIN split the run trained on when known (reference rows follow it). */
  calvinSplit?: 'ABCD_D' | 'ABC_D';
  /** One line, when the run failed. */
  error?: string;
  sweep?: { id: string; point: Record<string, string>; cell?: string; seed?: number };
  /** The run's warning events, oldest first (the last MAX_RUN_WARNINGS): training-health alarms and others. */
  warnings?: RunWarning[];
}

/** A `warning` event of a run (schemas/events.schema.json): code, what was seen, what to do. */
export type RunWarning = Pick<WarningEvent, 'code' | 'message' | 'advice' | 'step'>;

/** Most warnings a run summary carries (the trainer emits each health alarm once: a handful). */
export const MAX_RUN_WARNINGS = 20;

export interface ViewSettings {
  x: XAxis;
  /** TensorBoard smoothing weight in [0, 0.999], applied by the webview. */
  smoothing: number;
}

/** Raw (downsampled) points of a curve; the webview smooths them itself. */
export interface SeriesPoints {
  x: number[];
  /** null marks a gap (NaN/±Inf in the run). */
  y: (number | null)[];
}

export type TaskCount = EvalResultEvent['task_info'][string];

/**
 * An `eval_result` event (schemas/events.schema.json) with camelCase keys; `avg_seq_len` is
 * `avgLen`, and `t` is the wall time of the result (s).
 */
export interface EvalResult extends CamelCased<Omit<EvalResultEvent, 'v' | 'type' | 'results_path' | 'avg_seq_len'>> {
  avgLen: EvalResultEvent['avg_seq_len'];
}

/** A `media` event (schemas/events.schema.json) of a run, with the webview URI of its file. */
export interface MediaItem extends Omit<MediaEvent, 'v' | 'type' | 't' | 'format'> {
  run: string;
  /** Path relative to the run directory (unique per run: the gallery's key). */
  path: string;
  format: NonNullable<MediaEvent['format']>;
  /** webview URI (asWebviewUri) of the file. */
  src: string;
}

/** One line of a run's reproducibility manifest (core/manifest manifestSummary): label and value. */
export interface ManifestRow {
  label: string;
  value: string;
}

/** Most rows a manifest message may carry (a row per dataset plus about ten). */
const MAX_MANIFEST_ROWS = 200;

/**
 * The every-checkpoint evaluation curve of a run (core/metrics/checkpoint-curve.ts shapes it from
 * its eval results): per benchmark and kind, success (0..1) or average length (0..max) at each
 * checkpoint's step with a 95% interval, the best point marked.
 */
export type CurveKind = 'success' | 'avg_len';
export interface CurvePointMessage {
  step: number;
  checkpoint: string;
  value: number;
  low: number;
  high: number;
  /** Episodes or chains behind the value. */
  n: number;
  best: boolean;
  withinNoiseOfBest: boolean;
}
export interface CheckpointCurveMessage {
  benchmark: string;
  kind: CurveKind;
  chainLength: number;
  max: number;
  points: CurvePointMessage[];
  /** One line: the best checkpoint and which others are within noise of it. */
  verdict: string;
}

/** Most curves (benchmarks × kinds) and points per curve a checkpoint-curve message may carry. */
export const MAX_CURVES = 16;
export const MAX_CURVE_POINTS = 2000;

// ---- Results: extension → webview ---------------------------------------------------------------

export type ResultsToWebview =
  | { type: 'init'; title: string; runs: RunSummary[]; view: ViewSettings }
  | { type: 'run'; run: RunSummary }
  | { type: 'series-reset'; run: string; name: string; points: SeriesPoints; count: number }
  | { type: 'series-append'; run: string; name: string; from: number; points: SeriesPoints; count: number }
  | { type: 'eval'; run: string; result: EvalResult }
  | { type: 'media'; items: MediaItem[] }
  /** A run's reproducibility manifest (manifest.json), summarised; sent once it exists. */
  | { type: 'manifest'; run: string; rows: ManifestRow[] }
  /** An evaluation of every checkpoint (`vla-lab eval --every-checkpoint`): its whole curve, sent again when a point arrives. */
  | { type: 'checkpoint-curve'; run: string; curves: CheckpointCurveMessage[] }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string };

// ---- Results: webview → extension ---------------------------------------------------------------

export type ResultsToExtension =
  | ReadyMessage
  /**
   * The x axis or smoothing changed. A new x axis: the extension answers with a `series-reset` per
   * curve. Smoothing alone: nothing comes back (the webview already redrew); the extension only
   * remembers it for the next panel it opens.
   */
  | { type: 'set-view'; view: ViewSettings }
  | { type: 'reveal-run'; run: string }
  | { type: 'open-log'; run: string }
  /** Open a media file of a run in the editor (outside the panel). */
  | { type: 'open-media'; run: string; path: string };

function viewCheck(v: unknown): ViewSettings | string {
  if (!isPlainObject(v)) return 'view must be an object';
  if (!isOneOf(v.x, X_AXES)) return 'view.x must be step, relative or wall';
  if (!isFiniteNumber(v.smoothing) || v.smoothing < 0 || v.smoothing > 0.999) return 'view.smoothing must be in [0, 0.999]';
  return { x: v.x, smoothing: v.smoothing };
}

export const validateResultsToExtension = messageValidator<ResultsToExtension>({
  ready: readyCheck,
  'set-view': (m) => {
    const view = viewCheck(m.view);
    return typeof view === 'string' ? view : { type: 'set-view', view };
  },
  'reveal-run': (m) => (isRunKey(m.run) ? { type: 'reveal-run', run: m.run } : 'run must be <experiment>/<run-id>'),
  'open-log': (m) => (isRunKey(m.run) ? { type: 'open-log', run: m.run } : 'run must be <experiment>/<run-id>'),
  'open-media': (m) =>
    isRunKey(m.run) && isRelativePath(m.path)
      ? { type: 'open-media', run: m.run, path: m.path }
      : 'run must be a run key and path relative to it',
});

function seriesCheck(p: unknown): SeriesPoints | string {
  if (!isPlainObject(p)) return 'points must be an object';
  if (!isNumberArray(p.x, MAX_SERIES_POINTS) || !isNullableNumberArray(p.y, MAX_SERIES_POINTS) || p.x.length !== p.y.length)
    return 'points.x/y must be arrays of equal length';
  return { x: p.x, y: p.y };
}

function runSummaryCheck(r: unknown): RunSummary | string {
  if (!isPlainObject(r) || !isRunKey(r.key) || !isNonEmptyString(r.experiment, 200) || !isNonEmptyString(r.id, 200))
    return 'run needs key, experiment and id';
  if (!isOneOf(r.status, RUN_STATUSES)) return 'run.status is unknown';
  if (
    r.warnings !== undefined &&
    !(
      Array.isArray(r.warnings) &&
      r.warnings.length <= MAX_RUN_WARNINGS &&
      r.warnings.every((w) => isPlainObject(w) && typeof w.message === 'string')
    )
  ) {
    return 'run.warnings must be a short list of {message}';
  }
  return r as unknown as RunSummary;
}

function evalCheck(r: unknown): EvalResult | string {
  if (!isPlainObject(r) || !isOneOf(r.benchmark, BENCHMARKS)) return 'result.benchmark is unknown';
  if (!isFiniteNumber(r.avgLen) || !isPlainObject(r.chainSr) || !isPlainObject(r.taskInfo) || !isShortString(r.checkpoint))
    return 'result needs avgLen, chainSr, taskInfo, checkpoint';
  return r as unknown as EvalResult;
}

function mediaCheck(m: unknown): MediaItem | string {
  if (!isPlainObject(m) || !isRunKey(m.run) || !isRelativePath(m.path) || !isNonEmptyString(m.src))
    return 'media item needs run, path and src';
  if (!isOneOf(m.kind, MEDIA_KINDS) || !isOneOf(m.format, MEDIA_FORMATS)) return 'media kind/format is unknown';
  return m as unknown as MediaItem;
}

function curveCheck(c: unknown): CheckpointCurveMessage | string {
  if (!isPlainObject(c) || !isNonEmptyString(c.benchmark, 100) || !isOneOf(c.kind, ['success', 'avg_len'] as const))
    return 'curve needs benchmark and kind';
  if (
    !isInteger(c.chainLength, 1) ||
    !isFiniteNumber(c.max) ||
    !isShortString(c.verdict) ||
    !Array.isArray(c.points) ||
    c.points.length > MAX_CURVE_POINTS
  )
    return 'curve needs chainLength, max, verdict and points';
  const points: CurvePointMessage[] = [];
  for (const p of c.points) {
    if (
      !isPlainObject(p) ||
      !isFiniteNumber(p.step) ||
      !isShortString(p.checkpoint) ||
      !isFiniteNumber(p.value) ||
      !isFiniteNumber(p.low) ||
      !isFiniteNumber(p.high) ||
      !isInteger(p.n, 0)
    )
      return 'curve points need step, checkpoint, value, low, high, n';
    points.push({
      step: p.step,
      checkpoint: p.checkpoint,
      value: p.value,
      low: p.low,
      high: p.high,
      n: p.n,
      best: p.best === true,
      withinNoiseOfBest: p.withinNoiseOfBest === true,
    });
  }
  return { benchmark: c.benchmark, kind: c.kind, chainLength: c.chainLength, max: c.max, points, verdict: c.verdict };
}

/** The webview's check of what the extension sends (defence in depth; shapes, not every field). */
export const validateResultsToWebview = messageValidator<ResultsToWebview>({
  init: (m) => {
    if (!Array.isArray(m.runs) || !isShortString(m.title)) return 'init needs title and runs';
    const runs: RunSummary[] = [];
    for (const r of m.runs) {
      const c = runSummaryCheck(r);
      if (typeof c === 'string') return c;
      runs.push(c);
    }
    const view = viewCheck(m.view);
    return typeof view === 'string' ? view : { type: 'init', title: m.title, runs, view };
  },
  run: (m) => {
    const run = runSummaryCheck(m.run);
    return typeof run === 'string' ? run : { type: 'run', run };
  },
  'series-reset': (m) => {
    if (!isRunKey(m.run) || !isNonEmptyString(m.name, 300) || !isInteger(m.count, 0)) return 'needs run, name, count';
    const points = seriesCheck(m.points);
    return typeof points === 'string' ? points : { type: 'series-reset', run: m.run, name: m.name, points, count: m.count };
  },
  'series-append': (m) => {
    if (!isRunKey(m.run) || !isNonEmptyString(m.name, 300) || !isInteger(m.from, 0) || !isInteger(m.count, 0))
      return 'needs run, name, from, count';
    const points = seriesCheck(m.points);
    return typeof points === 'string' ? points : { type: 'series-append', run: m.run, name: m.name, from: m.from, points, count: m.count };
  },
  eval: (m) => {
    if (!isRunKey(m.run)) return 'needs run';
    const result = evalCheck(m.result);
    return typeof result === 'string' ? result : { type: 'eval', run: m.run, result };
  },
  media: (m) => {
    if (!Array.isArray(m.items) || m.items.length > 10000) return 'items must be an array';
    const items: MediaItem[] = [];
    for (const i of m.items) {
      const c = mediaCheck(i);
      if (typeof c === 'string') return c;
      items.push(c);
    }
    return { type: 'media', items };
  },
  manifest: (m) => {
    if (!isRunKey(m.run) || !Array.isArray(m.rows) || m.rows.length > MAX_MANIFEST_ROWS) return 'manifest needs run and rows';
    const rows: ManifestRow[] = [];
    for (const r of m.rows) {
      if (!isPlainObject(r) || !isNonEmptyString(r.label, 200) || typeof r.value !== 'string' || r.value.length > 20000)
        return 'manifest rows need label and value';
      rows.push({ label: r.label, value: r.value });
    }
    return { type: 'manifest', run: m.run, rows };
  },
  'checkpoint-curve': (m) => {
    if (!isRunKey(m.run) || !Array.isArray(m.curves) || m.curves.length > MAX_CURVES) return 'checkpoint-curve needs run and curves';
    const curves: CheckpointCurveMessage[] = [];
    for (const c of m.curves) {
      const checked = curveCheck(c);
      if (typeof checked === 'string') return checked;
      curves.push(checked);
    }
    return { type: 'checkpoint-curve', run: m.run, curves };
  },
  notice: (m) =>
    isOneOf(m.level, ['info', 'warning', 'error'] as const) && isShortString(m.message)
      ? { type: 'notice', level: m.level, message: m.message }
      : 'needs level and message',
});

// ---- Compare runs ------------------------------------------------------------------------------

/** One spec field that differs between the compared runs (flattened dot path). */
export interface SpecDifference {
  path: string;
  /** One display value per run, in the order of `runs` ("—" when absent). */
  values: string[];
}

export interface MetricRow {
  name: string;
  /** One value per run (null: the run has none). */
  values: (number | null)[];
  better: 'lower' | 'higher';
  /** Digits after the point when shown. */
  digits: number;
}

export type CompareToWebview = {
  type: 'state';
  runs: RunSummary[];
  differences: SpecDifference[];
  sameCount: number;
  metrics: MetricRow[];
  /** What differs in the runs' manifest.json (code, packages, data and benchmark hashes, seeds, hardware); core/manifest manifestDifferences. */
  manifestDifferences?: SpecDifference[];
  manifestSameCount?: number;
};

export type CompareToExtension = ReadyMessage | { type: 'open-results'; runs: string[] };

const openResultsCheck = (m: Record<string, unknown>): { type: 'open-results'; runs: string[] } | string =>
  isStringArray(m.runs, 64) && m.runs.length > 0 && m.runs.every(isRunKey)
    ? { type: 'open-results', runs: m.runs }
    : 'runs must be run keys';

export const validateCompareToExtension = messageValidator<CompareToExtension>({ ready: readyCheck, 'open-results': openResultsCheck });

export const validateCompareToWebview = messageValidator<CompareToWebview>({
  state: (m) =>
    Array.isArray(m.runs) && Array.isArray(m.differences) && Array.isArray(m.metrics) && isInteger(m.sameCount, 0)
      ? (m as unknown as CompareToWebview)
      : 'state needs runs, differences, sameCount, metrics',
});

// ---- Sweep -------------------------------------------------------------------------------------

export interface SweepAxis {
  /** Dot path, e.g. `policy.formulation`. */
  path: string;
  /** Display values in the sweep's order. */
  values: string[];
}

export interface SweepCell {
  run: string;
  status: RunStatus;
  /** Axis path → display value of this point. */
  point: Record<string, string>;
  /** Metric name → value (null: not available yet). */
  metrics: Record<string, number | null>;
  /** Set when this run's evaluation protocol differs from the sweep's first evaluated run's: which tags ("split ABC->D (vs A->A)"). */
  protocolDiffers?: string;
  /** The training seed of this run (sweep.seeds): the runs of one point differ only in it. */
  seed?: number;
}

/** One cell of a study with seeds: its per-seed points and their mean with a Student-t interval (core/metrics/study.ts). */
export interface SweepStudyCell {
  /** Display name: the point's axis values joined by " · ". */
  label: string;
  point: Record<string, string>;
  points: { seed: number | null; value: number; run: string }[];
  mean: number;
  /** The interval across seeds; null with one seed. */
  lo: number | null;
  hi: number | null;
  /** Whether the interval was cut at the metric's bounds (a rate's t-interval reaching below 0%). */
  clipped: boolean;
  n: number;
}

/** A pair of cells compared (Welch's t-test) and whether the difference holds after Holm's correction. */
export interface SweepStudyComparison {
  a: number;
  b: number;
  diff: number;
  p: number | null;
  pHolm: number | null;
  holds: boolean;
}

/** The study view of a sweep whose cells have several training seeds (what `vla-lab report` writes). */
export interface SweepStudy {
  /** The metric's label, e.g. "success rate (single task)". */
  metric: string;
  /** The metric's key in core's STUDY_METRICS (what `study-view` names). */
  metricKey: string;
  /** The metrics the sweep's evaluations have a value of (the metric selector), by key and label. */
  metrics: { key: string; label: string }[];
  /** Whether the metric can be restricted to one task (`vla-lab report --task`). */
  perTask: boolean;
  /** The tasks of the sweep's single-task evaluations (the task selector; empty for chains). */
  tasks: string[];
  /** The one task the numbers are restricted to; null: all tasks. */
  task: string | null;
  /** The table's columns (`--within` may name one). */
  axes: string[];
  /** The column whose value the compared cells share (`vla-lab report --within`); null: every pair. */
  within: string | null;
  better: 'lower' | 'higher';
  /** Values are rates shown as percentages. */
  percent: boolean;
  /** Decimals shown (of the percentage when `percent`). */
  digits: number;
  /** Confidence level of the intervals (0.95) and the family-wise alpha of the Holm correction. */
  level: number;
  alpha: number;
  cells: SweepStudyCell[];
  comparisons: SweepStudyComparison[];
  /** The trend over a size axis (`vla-lab report`'s trend line: slope per doubling, its CI, p); null for other sweeps. */
  trend: SweepStudyTrend | null;
  /** Runs of the sweep without a finished evaluation yet. */
  missing: number;
  /** Completed evaluations the metric does not apply to (no posts, no episodes of the task): `run[ · evaluation] (why)`, not counted. */
  notApplicable: string[];
}

export interface SweepStudyTrend {
  axis: string;
  /** Change of the metric per doubling of the axis value, with its interval at the study's level. */
  slope: number;
  lo: number;
  hi: number;
  p: number;
  holds: boolean;
}

export interface SweepMetric {
  name: string;
  label: string;
  better: 'lower' | 'higher';
  digits: number;
  /** An evaluation result: its cells are marked where the run's protocol differs (SweepCell.protocolDiffers). */
  evaluation?: boolean;
}

export type SweepToWebview = {
  type: 'state';
  sweep: string;
  axes: SweepAxis[];
  cells: SweepCell[];
  metrics: SweepMetric[];
  study?: SweepStudy;
};

/**
 * The study view's metric, task and comparison family (`vla-lab report --metric M --task T --within
 * AXIS`): the extension recomputes the study with them and posts a new state. The metric is a key of
 * core's STUDY_METRICS, the task one of the sweep's (null: all tasks), `within` one of the table's
 * columns (null: every pair); the panel checks them against the sweep's before use.
 */
export interface SweepStudyViewMessage {
  type: 'study-view';
  metric: string;
  task: string | null;
  within: string | null;
}

export type SweepToExtension = ReadyMessage | { type: 'open-results'; runs: string[] } | SweepStudyViewMessage;

const studyViewCheck = (m: Record<string, unknown>): SweepStudyViewMessage | string =>
  isNonEmptyString(m.metric, 64) &&
  /^[A-Za-z][A-Za-z0-9]*$/.test(m.metric) &&
  (m.task === null || isNonEmptyString(m.task, 200)) &&
  (m.within === null || isNonEmptyString(m.within, 200))
    ? { type: 'study-view', metric: m.metric, task: m.task, within: m.within }
    : 'metric must be a metric key, task a task name or null, within a column or null';

export const validateSweepToExtension = messageValidator<SweepToExtension>({
  ready: readyCheck,
  'open-results': openResultsCheck,
  'study-view': studyViewCheck,
});

const finiteOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));

/** A study's numbers are drawn on a chart: every one must be finite (or null where allowed). */
function studyCheck(v: unknown): boolean {
  if (
    !isPlainObject(v) ||
    !isShortString(v.metric) ||
    !isShortString(v.metricKey) ||
    !Array.isArray(v.cells) ||
    !Array.isArray(v.comparisons)
  )
    return false;
  if (!Array.isArray(v.metrics) || !v.metrics.every((x) => isPlainObject(x) && isShortString(x.key) && isShortString(x.label)))
    return false;
  if (!isStringArray(v.tasks, 1000) || !(v.task === null || isShortString(v.task)) || !isStringArray(v.notApplicable, 10_000)) return false;
  if (!isStringArray(v.axes, 100) || !(v.within === null || isShortString(v.within))) return false;
  if (!isInteger(v.digits, 0, 6)) return false;
  const cellsOk = v.cells.every(
    (c) =>
      isPlainObject(c) &&
      isShortString(c.label) &&
      Array.isArray(c.points) &&
      c.points.every(
        (p) =>
          isPlainObject(p) &&
          typeof p.value === 'number' &&
          Number.isFinite(p.value) &&
          isRunKey(p.run) &&
          (p.seed === null || isInteger(p.seed, 0)),
      ) &&
      typeof c.mean === 'number' &&
      Number.isFinite(c.mean) &&
      finiteOrNull(c.lo) &&
      finiteOrNull(c.hi) &&
      typeof c.clipped === 'boolean',
  );
  const pairsOk = v.comparisons.every(
    (c) =>
      isPlainObject(c) &&
      isInteger(c.a, 0) &&
      isInteger(c.b, 0) &&
      (c.a as number) < (v.cells as unknown[]).length &&
      (c.b as number) < (v.cells as unknown[]).length &&
      finiteOrNull(c.p) &&
      finiteOrNull(c.pHolm) &&
      typeof c.holds === 'boolean',
  );
  const t = v.trend;
  const trendOk =
    t === null ||
    (isPlainObject(t) &&
      isShortString(t.axis) &&
      [t.slope, t.lo, t.hi, t.p].every((x) => typeof x === 'number' && Number.isFinite(x)) &&
      typeof t.holds === 'boolean');
  return cellsOk && pairsOk && trendOk;
}

export const validateSweepToWebview = messageValidator<SweepToWebview>({
  state: (m) =>
    isShortString(m.sweep) &&
    Array.isArray(m.axes) &&
    Array.isArray(m.cells) &&
    Array.isArray(m.metrics) &&
    (m.study === undefined || studyCheck(m.study))
      ? (m as unknown as SweepToWebview)
      : 'state needs sweep, axes, cells, metrics (and a study with cells of finite points)',
});
