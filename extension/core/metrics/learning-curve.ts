/**
 * A learning curve across training seeds: every evaluation of every checkpoint of a group of runs
 * (the end-of-training one and those `vla-lab eval --checkpoint` added), one row per checkpoint step
 * and group, with each seed's value, the mean and a Student-t interval across seeds. A group is a
 * sweep cell (a sweep with `sweep.seeds`), or else every run given, which must then be one spec but
 * for `train.seed`. The statistics are study.ts's; the metrics and the protocol handling are the
 * study report's, so a curve's point reads exactly as the study table's would. Plain data in, plain
 * data out: `vla-lab curve` reads the runs from disk.
 */
import { UserError } from '../errors';
import { specDifferences, type EvaluationMetrics } from './compare';
import { escapeCell, formatP, protocolCaption, protocolNotes, seedIntervalText, type Protocol } from './compare-table';
import { meanInterval, pairedTTest, welchTest, type MeanInterval, type WelchResult } from './study';
import {
  NOT_EVALUATION_TAGS,
  STUDY_METRICS,
  evaluationLabel,
  evaluationValue,
  formatStudyValue,
  trainSeed,
  type StudyMetricKey,
  type SweepRunInput,
} from './study-report';

/** What the curve reads of one run: the study's input plus its global batch (run_start.world_size × train.batch_size). */
export interface CurveRunInput extends SweepRunInput {
  /** Samples per optimiser step over every rank; null when the run never started or its spec has no batch size. */
  globalBatch: number | null;
}

export interface CurvePoint {
  run: string;
  seed: number | null;
  value: number;
  /** Episodes (or chains) behind the value. */
  episodes: number | null;
}

export interface CurveRow {
  /** The sweep cell, or 'all' for runs given one by one. */
  group: string;
  /** The evaluation's name when the runs evaluated their checkpoints several ways (chain counts, scenes...), else ''. */
  evaluation: string;
  step: number;
  /** step × the global batch, when every seed's batch is known and the same. */
  samples: number | null;
  points: CurvePoint[];
  stats: MeanInterval;
  /** The run's ≠ notes: how a point's protocol differs from the curve's reference. */
  differs: Record<string, string>;
}

export interface LearningCurve {
  metric: StudyMetricKey;
  task?: string;
  rows: CurveRow[];
  /** The reference protocol (the first point's), without the checkpoint. */
  protocol: Protocol | null;
  /**
   * Per group, the change of the mean from its first to its last row: a paired t-test over the runs
   * at both ends (each seed against itself) when two or more are, else Welch's test across the seeds.
   * `leftOut`: the runs at one end only, which a paired test does not use.
   */
  firstToLast: { group: string; evaluation: string; from: number; to: number; paired: boolean; leftOut: string[]; test: WelchResult }[];
  /** Runs with no evaluation of a checkpoint with a step and a value of the metric: `key (why)`. */
  missing: string[];
}

/** Tags that never name one of a curve's series: the study's (checkpoint, episodes), and the step, the curve's x. */
const NOT_SERIES_TAGS: ReadonlySet<string> = new Set([...NOT_EVALUATION_TAGS, 'step']);

/** An evaluation's checkpoint step: eval_result.step, else the digits of its checkpoint's file name (step-0015000.pt). */
export function evaluationStep(e: Pick<EvaluationMetrics, 'step' | 'protocol'>): number | null {
  if (typeof e.step === 'number' && Number.isInteger(e.step) && e.step >= 0) return e.step;
  const name = e.protocol?.checkpoint;
  const m = typeof name === 'string' ? /step[-_]?(\d+)/i.exec(name.split(/[\\/]/).pop() ?? '') : null;
  return m ? Number(m[1]) : null;
}

/**
 * A run's group: its sweep point's values (their labels where the sweep names them; the seed left
 * out), e.g. "ABCD-D", so one sweep's cells read as the study table's do; 'all' for runs given one by one.
 */
function groupOf(r: CurveRunInput): string {
  if (!r.sweep?.cell) return 'all';
  const values = Object.entries(r.sweep.point ?? {})
    .filter(([path]) => path !== 'train.seed')
    .map(([path, v]) => r.sweep?.labels?.[path] ?? (typeof v === 'string' ? v : JSON.stringify(v)));
  return values.length ? values.join(', ') : r.sweep.cell;
}

/** The spec paths a curve's runs may differ in: its seed, and what names or describes the run. */
function ignoredSpecPath(p: string): boolean {
  return p === 'name' || p === '$schema' || p === 'description' || p === 'train.seed' || p === 'sweep' || p.startsWith('sweep.');
}

/**
 * Groups runs by sweep cell (or all together), checks each group is one spec but for the seed, and
 * builds one row per (group, evaluation, step) from every evaluation that has a value of the metric.
 * Throws a UserError where the runs cannot make one curve: specs that differ beyond the seed, or two
 * runs of one group with the same seed.
 */
export function learningCurve(
  runs: readonly CurveRunInput[],
  metric: StudyMetricKey,
  opts: { task?: string; level?: number } = {},
): LearningCurve {
  const level = opts.level ?? 0.95;
  const groups = new Map<string, CurveRunInput[]>();
  for (const r of runs) {
    const g = groupOf(r);
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  for (const [g, rs] of groups) {
    // Specs as readRunForCompare gives them: today's defaults filled in (a setting added later is
    // no difference at its default).
    const { differences } = specDifferences(
      rs.map((r) => r.spec),
      ignoredSpecPath,
    );
    if (differences.length) {
      const paths = differences.map((d) => d.path);
      throw new UserError(
        `curve: the runs${g === 'all' ? '' : ` of ${g}`} differ in more than train.seed (${paths.slice(0, 4).join(', ')}${paths.length > 4 ? ', ...' : ''}); a curve across seeds needs runs of one spec: give one spec's runs, or a sweep`,
      );
    }
    const bySeed = new Map<string, string>();
    for (const r of rs) {
      const seed = String(r.sweep?.seed ?? trainSeed(r.spec));
      if (bySeed.has(seed))
        throw new UserError(
          `curve: ${bySeed.get(seed)} and ${r.key} both trained with seed ${seed}; a curve has one point per seed: give one of them`,
        );
      bySeed.set(seed, r.key);
    }
  }

  // Every valued evaluation, with its step; the tags that tell series apart are those that differ
  // between them (beside the checkpoint): e.g. 100 chains vs the spec's own 1000.
  const valued: { run: CurveRunInput; e: EvaluationMetrics; step: number; value: number; count: number | null }[] = [];
  const missing: string[] = [];
  for (const r of runs) {
    let found = 0;
    for (const e of r.metrics.evaluations ?? []) {
      const step = evaluationStep(e);
      const v = evaluationValue(e, metric, opts.task);
      if (step === null || v.value === null) continue;
      valued.push({ run: r, e, step, value: v.value, count: v.count });
      found++;
    }
    if (!found)
      missing.push(`${r.key} (${r.metrics.evaluations?.length ? `no evaluation with a ${STUDY_METRICS[metric].label}` : 'not evaluated'})`);
  }
  const tags = [...new Set(valued.flatMap((v) => Object.keys(v.e.protocol ?? {})))]
    .filter((k) => !NOT_SERIES_TAGS.has(k))
    .filter((k) => valued.some((v) => JSON.stringify(v.e.protocol?.[k]) !== JSON.stringify(valued[0].e.protocol?.[k])))
    .filter((k) => {
      // A tag that differs only between runs (a benchmark version) marks a point ≠; it names no series.
      return runs.some((r) => {
        const mine = valued.filter((v) => v.run === r);
        return mine.some((v) => JSON.stringify(v.e.protocol?.[k]) !== JSON.stringify(mine[0].e.protocol?.[k]));
      });
    })
    .sort();
  const strip = (p: Protocol | null | undefined): Protocol | null =>
    p ? Object.fromEntries(Object.entries(p).filter(([k]) => !tags.includes(k) && !NOT_SERIES_TAGS.has(k))) : null;
  const notes = protocolNotes(valued.map((v) => strip(v.e.protocol)));

  const rows = new Map<string, Omit<CurveRow, 'stats'>>();
  valued.forEach((v, i) => {
    const group = groupOf(v.run);
    const evaluation = tags.length ? evaluationLabel(v.e.protocol, tags) : '';
    const key = JSON.stringify([group, evaluation, v.step]);
    let row = rows.get(key);
    if (!row) {
      row = { group, evaluation, step: v.step, samples: null, points: [], differs: {} };
      rows.set(key, row);
    }
    // A checkpoint evaluated twice the same way (a rerun): its newest evaluation stands.
    const seed = v.run.sweep?.seed ?? trainSeed(v.run.spec);
    const point = { run: v.run.key, seed, value: v.value, episodes: v.count };
    const at = row.points.findIndex((p) => p.run === v.run.key);
    if (at >= 0) row.points[at] = point;
    else row.points.push(point);
    delete row.differs[v.run.key];
    if (notes[i]) row.differs[v.run.key] = notes[i]!.text;
  });
  const bounds = STUDY_METRICS[metric].bounds;
  const sorted: CurveRow[] = [...rows.values()]
    .sort((a, b) => a.group.localeCompare(b.group) || a.evaluation.localeCompare(b.evaluation) || a.step - b.step)
    .map((row) => {
      const points = [...row.points].sort((a, b) => (a.seed ?? -1) - (b.seed ?? -1) || a.run.localeCompare(b.run));
      const batches = new Set(points.map((p) => runs.find((r) => r.key === p.run)?.globalBatch ?? null));
      const batch = batches.size === 1 ? [...batches][0] : null;
      return {
        ...row,
        points,
        samples: batch === null ? null : row.step * batch,
        stats: meanInterval(
          points.map((p) => p.value),
          level,
          bounds,
        ),
      };
    });
  const firstToLast: LearningCurve['firstToLast'] = [];
  const series = new Map<string, CurveRow[]>();
  for (const row of sorted) {
    const k = JSON.stringify([row.group, row.evaluation]);
    series.set(k, [...(series.get(k) ?? []), row]);
  }
  for (const rs of series.values()) {
    if (rs.length < 2) continue;
    const first = rs[0];
    const last = rs[rs.length - 1];
    // Pair each seed's late point with its early one: the runs at both ends, when there are two or
    // more of them (a seed at one end only is left out of the paired test, and named). With fewer,
    // the ends share too little to pair, and Welch's test compares every seed at each end.
    const lateBy = new Map(last.points.map((p) => [p.run, p.value]));
    const both = first.points.filter((p) => lateBy.has(p.run));
    const paired = both.length >= 2;
    const atBoth = new Set(both.map((p) => p.run));
    const leftOut = paired ? [...new Set([...first.points, ...last.points].map((p) => p.run))].filter((r) => !atBoth.has(r)) : [];
    firstToLast.push({
      group: first.group,
      evaluation: first.evaluation,
      from: first.step,
      to: last.step,
      paired,
      leftOut,
      test: paired
        ? pairedTTest(
            both.map((p) => lateBy.get(p.run)!),
            both.map((p) => p.value),
          )
        : welchTest(
            last.points.map((p) => p.value),
            first.points.map((p) => p.value),
          ),
    });
  }
  return {
    metric,
    ...(opts.task !== undefined ? { task: opts.task } : {}),
    rows: sorted,
    protocol: valued.length ? strip(valued[0].e.protocol) : null,
    firstToLast,
    missing,
  };
}

const fmt = formatStudyValue;

/** The significance level of the first-to-last test. */
const CURVE_ALPHA = 0.05;

/** The curve's markdown: one row per checkpoint with per-seed points, mean and interval; the first-to-last change; the protocol. */
export function learningCurveMarkdown(title: string, curve: LearningCurve): string {
  const m = STUDY_METRICS[curve.metric];
  const pct = Math.round((curve.rows[0]?.stats.level ?? 0.95) * 100);
  const groups = new Set(curve.rows.map((r) => r.group)).size > 1 || curve.rows.some((r) => r.group !== 'all');
  const series = curve.rows.some((r) => r.evaluation !== '');
  const task = curve.task === undefined ? '' : ` (task ${curve.task} only)`;
  const lines = [
    `**${title}** — ${m.label}${m.percent ? ' (%)' : ''}${task} at each evaluated checkpoint: per training seed, mean and ${pct}% Student-t interval across seeds${m.better === 'lower' ? ' (lower is better)' : ''}.`,
    '',
  ];
  const head = [
    ...(groups ? ['group'] : []),
    ...(series ? ['evaluation'] : []),
    'step',
    'samples',
    'per-seed points',
    'mean',
    `${pct}% interval`,
    'seeds',
    `${m.count} per seed`,
  ];
  lines.push(`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`);
  for (const r of curve.rows) {
    const pts = r.points
      .map((p) => `${p.seed === null ? '' : `s${p.seed} `}${fmt(p.value, curve.metric)}${r.differs[p.run] ? ' ≠' : ''}`)
      .join(', ');
    const interval = seedIntervalText(r.stats, (v) => fmt(v, curve.metric));
    const eps = [...new Set(r.points.map((p) => (p.episodes === null ? '—' : String(p.episodes))))].join('/');
    const cells = [
      ...(groups ? [escapeCell(r.group)] : []),
      ...(series ? [escapeCell(r.evaluation || 'default')] : []),
      String(r.step),
      r.samples === null ? '—' : r.samples.toLocaleString('en-US'),
      pts,
      fmt(r.stats.mean, curve.metric),
      interval,
      String(r.stats.n),
      eps,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (curve.rows.some((r) => r.stats.clipped)) lines.push('', "\\* The t-interval reached past the metric's bounds: cut there.");
  lines.push('', `Protocol: ${protocolCaption(curve.protocol)}.`);
  const differing = [...new Set(curve.rows.flatMap((r) => Object.entries(r.differs).map(([k, t]) => `${k}: ${t}`)))];
  if (differing.length) lines.push('', `≠ evaluated under another protocol than the first point: ${differing.join('; ')}.`);
  for (const f of curve.firstToLast) {
    const name = [groups ? f.group : '', series ? f.evaluation : ''].filter(Boolean).join(' · ');
    const t = f.test;
    const verdict =
      t.p === null
        ? f.paired
          ? 'not testable (fewer than 2 seeds, or every seed moved by the same amount)'
          : 'not testable (fewer than 2 seeds at one end, or no spread)'
        : `${fmt(t.diff, curve.metric, true)} (${f.paired ? `paired t-test, each seed against itself: t = ${t.t!.toFixed(2)}, df ${t.df}` : `Welch's t-test across seeds: t = ${t.t!.toFixed(2)}, df ${t.df!.toFixed(1)}`}, p = ${formatP(t.p, CURVE_ALPHA)}): ${t.p <= CURVE_ALPHA ? `**outside noise** at α = ${CURVE_ALPHA}` : `within noise at α = ${CURVE_ALPHA}`}${f.leftOut.length ? `; left out of the pairs, at one end only: ${f.leftOut.map(escapeCell).join(', ')}` : ''}`;
    lines.push('', `From step ${f.from} to step ${f.to}${name ? ` (${escapeCell(name)})` : ''}: ${verdict}.`);
  }
  if (curve.missing.length) lines.push('', `Not on the curve: ${curve.missing.join(', ')}.`);
  return lines.join('\n') + '\n';
}
