/**
 * A sweep's runs as a study: which metric it is judged by, each finished run as a per-seed point of
 * its cell (core/metrics/study.ts does the statistics), the protocol the numbers were measured
 * under, and the markdown table `vla-lab report` writes and docs/experiments.md quotes. A run that
 * evaluated its checkpoint several ways (one eval entry per execution strategy, say) gives one point
 * per evaluation, in an `evaluation` column named by the protocol tags that differ. Plain data
 * in, plain data out: the CLI reads the runs from disk, the Sweep panel from its own loader.
 */
import type { EvaluationMetrics, RunMetrics } from './compare';
import { escapeCell, formatMetric, formatP, protocolCaption, protocolNotes, seedIntervalText, type Protocol } from './compare-table';
import { buildStudy, trendTest, type MetricBounds, type Study, type StudyRun, type TrendResult } from './study';

/** What the study reads of one run (run.json's sweep record, the resolved spec, the metrics of its events). */
export interface SweepRunInput {
  /** experiment/run-id. */
  key: string;
  status: string;
  sweep?: { id?: string; point?: Record<string, unknown>; cell?: string; seed?: number; labels?: Record<string, string> } | null;
  spec: unknown;
  metrics: RunMetrics;
}

export type StudyMetricKey = 'singleTaskSuccess' | 'avgLen' | 'success' | 'knocked';

export interface StudyMetricInfo {
  label: string;
  digits: number;
  percent: boolean;
  better: 'higher' | 'lower';
  /** Its name on `vla-lab report --metric` (none: not offered there). */
  flag?: string;
  /** Whether `--task` restricts it to one task's episodes. */
  perTask: boolean;
  /** What the value's denominator counts (the table's "… per seed" column). */
  count: 'episodes' | 'posts';
  /** What the table's caption says of it, beyond the label. */
  note?: string;
  /** The values it can take: its intervals are cut there (a rate never reads below 0%). */
  bounds: MetricBounds;
}

const RATE: MetricBounds = { min: 0, max: 1 };

/** The metrics a study is judged by: the one list the CLI's --metric and the Sweep panel read. */
export const STUDY_METRICS: Record<StudyMetricKey, StudyMetricInfo> = {
  singleTaskSuccess: {
    label: 'success rate (single task)',
    digits: 1,
    percent: true,
    better: 'higher',
    flag: 'success',
    perTask: true,
    count: 'episodes',
    bounds: RATE,
  },
  avgLen: {
    label: 'average length',
    digits: 2,
    percent: false,
    better: 'higher',
    flag: 'avg-len',
    perTask: false,
    count: 'episodes',
    bounds: { min: 0 },
  },
  success: {
    label: 'success of the 1st subtask',
    digits: 1,
    percent: true,
    better: 'higher',
    perTask: false,
    count: 'episodes',
    bounds: RATE,
  },
  knocked: {
    label: 'posts knocked over',
    digits: 1,
    percent: true,
    better: 'lower',
    flag: 'knocked',
    perTask: true,
    count: 'posts',
    bounds: RATE,
    note: "Playtable 4's obstacle: the fraction of the posts placed that the policy knocked over (knocked / posts, summed over the tasks counted); lower is better (a head that averages the two routes knocks every post), but a post not knocked can also mean the hand never reached it",
  },
};

/** `--metric` name → metric (from STUDY_METRICS' flags). */
export const STUDY_METRIC_FLAGS: Readonly<Record<string, StudyMetricKey>> = Object.fromEntries(
  (Object.entries(STUDY_METRICS) as [StudyMetricKey, StudyMetricInfo][]).filter(([, m]) => m.flag).map(([k, m]) => [m.flag!, k]),
);

/**
 * One evaluation's value of a metric (optionally one task's), with the count behind it; or why the
 * metric does not apply to it (`na`: no obstacle posts, no episodes of the task), which is listed,
 * never counted as 0. `value: null` without `na`: the evaluation is of another kind (a chain for a
 * single-task metric).
 */
export function evaluationValue(
  e: Partial<EvaluationMetrics>,
  metric: StudyMetricKey,
  task?: string,
): { value: number | null; count: number | null; na?: string } {
  const episodes = e.protocol && typeof e.protocol.episodes === 'number' ? e.protocol.episodes : null;
  if (metric === 'knocked') {
    if (e.singleTaskSuccess === null || e.singleTaskSuccess === undefined) return { value: null, count: null };
    if (!e.obstacle) return { value: null, count: null, na: 'no obstacle' };
    const rows = task === undefined ? Object.values(e.obstacle) : e.obstacle[task] ? [e.obstacle[task]] : [];
    const posts = rows.reduce((n, r) => n + r.posts, 0);
    const knocked = rows.reduce((n, r) => n + r.knocked, 0);
    if (!(posts > 0)) return { value: null, count: 0, na: task === undefined ? 'no posts placed' : `no posts placed for ${task}` };
    return { value: knocked / posts, count: posts };
  }
  if (metric === 'singleTaskSuccess' && task !== undefined) {
    if (e.singleTaskSuccess === null || e.singleTaskSuccess === undefined) return { value: null, count: null };
    const c = e.tasks?.[task];
    if (!c || !(c.total > 0)) return { value: null, count: 0, na: `no episodes of ${task}` };
    return { value: c.success / c.total, count: c.total };
  }
  const v = e[metric];
  return { value: typeof v === 'number' && Number.isFinite(v) ? v : null, count: episodes };
}

/** The tasks of a sweep's single-task evaluations (success counts or obstacle blocks), sorted: what --task may name. */
export function studyTasks(runs: readonly Pick<SweepRunInput, 'metrics'>[]): string[] {
  const found = new Set<string>();
  for (const r of runs)
    for (const e of r.metrics.evaluations ?? [])
      for (const t of [...Object.keys(e.tasks ?? {}), ...Object.keys(e.obstacle ?? {})]) found.add(t);
  return [...found].sort();
}

/**
 * The metrics of STUDY_METRICS (those `--metric` offers) that some evaluation of the sweep has a
 * value of, in STUDY_METRICS' order: what the Sweep panel's study view offers (knocked only when
 * some evaluation placed posts).
 */
export function studyMetricsOf(runs: readonly Pick<SweepRunInput, 'metrics'>[]): StudyMetricKey[] {
  const evaluations = runs.flatMap((r) => [
    ...(r.metrics.evaluations ?? []),
    { protocol: r.metrics.protocol, avgLen: r.metrics.avgLen, success: r.metrics.success, singleTaskSuccess: r.metrics.singleTaskSuccess },
  ]);
  return (Object.keys(STUDY_METRICS) as StudyMetricKey[]).filter(
    (k) => STUDY_METRICS[k].flag !== undefined && evaluations.some((e) => evaluationValue(e, k).value !== null),
  );
}

/** Chains are judged by average length; single-task evaluations by their pooled success rate. */
export function studyMetric(runs: readonly Pick<SweepRunInput, 'metrics'>[]): StudyMetricKey {
  if (runs.some((r) => r.metrics.avgLen !== null)) return 'avgLen';
  return 'singleTaskSuccess';
}

const SEED_AXIS = 'train.seed';

function shown(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null');
}

/** The resolved spec's train.seed (null when it has none). */
export function trainSeed(spec: unknown): number | null {
  const s = spec as { train?: { seed?: unknown } } | undefined;
  return typeof s?.train?.seed === 'number' ? s.train.seed : null;
}

/**
 * The column of a run's evaluations when the runs evaluate one checkpoint several ways (several
 * eval entries: execution strategies, delays, scenes...): each evaluation is its own point.
 */
export const EVALUATION_AXIS = 'evaluation';

export interface StudyInput {
  metric: StudyMetricKey;
  /** The one task the metric is restricted to (--task), when it is. */
  task?: string;
  /** Finished runs with a value: the study's points. */
  runs: StudyRun[];
  /** Runs that have no value yet (queued, running, failed, no evaluation): `key (status)`. */
  missing: string[];
  /** Completed evaluations the metric does not apply to (no obstacle posts, no episodes of the task): `key[ · evaluation] (why)`; not counted. */
  notApplicable: string[];
  /** The axes (paths) of the cells, the seed excluded, in first-seen order. */
  axes: string[];
  /** The reference protocol (the first evaluated run's), without the tags that name evaluations. */
  protocol: Protocol | null;
  /** The protocol tags that tell a run's evaluations apart (the evaluation column); empty when every run evaluated once. */
  evaluationTags: string[];
  /** Run key → how its protocol differs from the reference (mixing protocols is never silent). */
  protocolDiffers: Record<string, string>;
}

/**
 * Turns a sweep's runs into study points: a run counts when it completed with a value of the
 * metric. The cell is run.json's `sweep.cell` (sweeps with `sweep.seeds`), or else the point with
 * any `train.seed` axis taken out, so that older sweeps with a train.seed axis group the same way.
 */
export function studyInput(
  runs: readonly SweepRunInput[],
  metric: StudyMetricKey = studyMetric(runs),
  opts: { task?: string } = {},
): StudyInput {
  const axes: string[] = [];
  const out: StudyRun[] = [];
  const missing: string[] = [];
  const notApplicable: string[] = [];
  const tags = evaluationTags(runs);
  const strip = (p: Protocol | null | undefined) => (p && tags.length ? withoutTags(p, tags) : p);
  const refs = runs.map((r) => strip(r.metrics.protocol));
  const notes = protocolNotes(refs);
  const protocolDiffers: Record<string, string> = {};
  const reference = refs.find((p) => p !== undefined) ?? null;
  runs.forEach((r, i) => {
    const point: Record<string, string> = {};
    for (const [path, v] of Object.entries(r.sweep?.point ?? {})) {
      if (path === SEED_AXIS) continue;
      point[path] = r.sweep?.labels?.[path] ?? shown(v);
      if (!axes.includes(path)) axes.push(path);
    }
    const seedFromPoint = r.sweep?.point?.[SEED_AXIS];
    const seed = r.sweep?.seed ?? (typeof seedFromPoint === 'number' ? seedFromPoint : trainSeed(r.spec));
    // One point per evaluation when evaluations are told apart, else the run's (last) evaluation.
    const last = r.metrics.evaluations?.[r.metrics.evaluations.length - 1];
    const evaluations: Partial<EvaluationMetrics>[] = tags.length
      ? (r.metrics.evaluations ?? [])
      : [
          {
            ...last,
            protocol: r.metrics.protocol,
            avgLen: r.metrics.avgLen,
            success: r.metrics.success,
            singleTaskSuccess: r.metrics.singleTaskSuccess,
          },
        ];
    const values = evaluations.map((e) => ({ protocol: e.protocol, ...evaluationValue(e, metric, opts.task) }));
    const valued = values.filter((e) => e.value !== null);
    const na = values.filter((e) => e.na !== undefined);
    if (r.status === 'completed')
      for (const e of na) notApplicable.push(`${r.key}${tags.length ? ` · ${evaluationLabel(e.protocol, tags)}` : ''} (${e.na})`);
    if (r.status !== 'completed' || !valued.length) {
      if (r.status !== 'completed' || !na.length)
        missing.push(`${r.key} (${r.status === 'completed' ? 'completed without a value of the metric' : r.status})`);
      return;
    }
    if (notes[i]) protocolDiffers[r.key] = notes[i]!.text;
    const cell =
      r.sweep?.cell ??
      (Object.keys(point).length
        ? Object.entries(point)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')
        : 'all');
    for (const e of valued) {
      const episodes = e.count;
      if (!tags.length) {
        out.push({ run: r.key, cell, point, seed, value: e.value as number, episodes });
        continue;
      }
      const label = evaluationLabel(e.protocol, tags);
      if (!axes.includes(EVALUATION_AXIS)) axes.push(EVALUATION_AXIS);
      out.push({
        run: r.key,
        cell: `${cell} · ${label}`,
        point: { ...point, [EVALUATION_AXIS]: label },
        seed,
        value: e.value as number,
        episodes,
      });
    }
  });
  // The evaluation column last, after the sweep's axes.
  if (axes.includes(EVALUATION_AXIS)) {
    axes.push(...axes.splice(axes.indexOf(EVALUATION_AXIS), 1));
    // An axis over the eval entries themselves (pairing each head with the strategies it can run,
    // say) is shown by the evaluation column: its own column is left out where the other axes
    // determine it (it then tells no two rows apart; the cells stay apart by their sweep cell).
    for (const a of axes.filter((x) => x === 'eval' || x.startsWith('eval.'))) {
      const others = axes.filter((x) => x !== a && x !== EVALUATION_AXIS);
      const seen = new Map<string, string>();
      const determined = out.every((r) => {
        const k = JSON.stringify(others.map((x) => r.point[x]));
        if (!seen.has(k)) seen.set(k, r.point[a]);
        return seen.get(k) === r.point[a];
      });
      if (determined) axes.splice(axes.indexOf(a), 1);
    }
  }
  return {
    metric,
    ...(opts.task !== undefined ? { task: opts.task } : {}),
    runs: out,
    missing,
    notApplicable,
    axes,
    protocol: reference,
    evaluationTags: tags,
    protocolDiffers,
  };
}

/** Tags that never tell evaluations apart: the checkpoint (every run has its own) and the episode count. */
export const NOT_EVALUATION_TAGS: ReadonlySet<string> = new Set(['checkpoint', 'episodes']);

/**
 * The protocol tags that differ between the evaluations of one run (over every run of the sweep):
 * what a run's eval entries vary, e.g. `execution` and its settings. Tags that differ only between
 * runs (a benchmark version, a split) are not among them: such runs stay marked ≠.
 */
export function evaluationTags(runs: readonly Pick<SweepRunInput, 'metrics'>[]): string[] {
  const found = new Set<string>();
  for (const r of runs) {
    const ps: Protocol[] = (r.metrics.evaluations ?? []).map((e) => e.protocol ?? {});
    if (ps.length < 2) continue;
    const keys = new Set(ps.flatMap((p) => Object.keys(p)));
    for (const k of keys) {
      if (NOT_EVALUATION_TAGS.has(k)) continue;
      if (ps.some((p) => JSON.stringify(p[k]) !== JSON.stringify(ps[0][k]))) found.add(k);
    }
  }
  // execution first (the usual reason for several evaluations), then the rest alphabetically
  return [...found].sort((a, b) => (a === 'execution' ? -1 : b === 'execution' ? 1 : a.localeCompare(b)));
}

function withoutTags(p: Protocol, tags: readonly string[]): Protocol {
  return Object.fromEntries(Object.entries(p).filter(([k]) => !tags.includes(k)));
}

/** An evaluation's name in the table: its values of the tags that tell evaluations apart ("rtc, rtc guidance 5"). */
export function evaluationLabel(p: Protocol | null | undefined, tags: readonly string[]): string {
  const parts = tags
    .filter((k) => p && p[k] !== undefined && p[k] !== null)
    .map((k) => (k === 'execution' ? shown(p![k]) : `${k.replace(/_/g, ' ')} ${shown(p![k])}`));
  return parts.length ? parts.join(', ') : 'default';
}

/** A value of a study metric as the tables print it: a rate in percent, an average length as is; `signed` adds a + to a rise. */
export function formatStudyValue(v: number | null, metric: StudyMetricKey, signed = false): string {
  if (v === null) return '—';
  const m = STUDY_METRICS[metric];
  const x = m.percent ? v * 100 : v;
  return `${signed && x > 0 ? '+' : ''}${formatMetric(x, m.digits)}${m.percent ? '%' : ''}`;
}
const fmt = formatStudyValue;

/**
 * The trend of a sweep over its one axis when that axis is a size (history, chunk, ...: three or
 * more positive numbers): the slope of every seed's point against log2 of the value, so "longer
 * history helps" is one test instead of pairs of three-seed cells. Undefined for any other sweep.
 */
export function studyTrend(input: StudyInput, study: Study): { axis: string; result: TrendResult; holds: boolean } | undefined {
  if (input.axes.length !== 1) return undefined;
  const axis = input.axes[0];
  const xs = study.cells.map((c) => Number(c.point[axis]));
  if (xs.some((x) => !Number.isFinite(x) || x <= 0) || new Set(xs).size < 3) return undefined;
  const points = study.cells.flatMap((c, i) => c.points.map((p) => ({ x: Math.log2(xs[i]), y: p.value })));
  const result = trendTest(points, study.level);
  return result ? { axis, result, holds: result.p <= study.alpha } : undefined;
}

/** The study of a sweep's runs (core/metrics/study.ts), its intervals cut at the metric's bounds. */
export function studyOf(input: StudyInput, opts: { alpha?: number; within?: string } = {}): Study {
  return buildStudy(input.runs, { ...opts, bounds: STUDY_METRICS[input.metric].bounds });
}

/** The study's markdown: the cells table, the pairwise comparisons, the protocol and what is missing. */
export function studyMarkdown(title: string, input: StudyInput, study: Study = studyOf(input)): string {
  const m = STUDY_METRICS[input.metric];
  const axes = input.axes.length ? input.axes : ['cell'];
  const lines: string[] = [];
  const pct = Math.round(study.level * 100);
  const task = input.task === undefined ? '' : ` (task ${input.task} only)`;
  lines.push(
    `**${title}** — ${m.label}${m.percent ? ' (%)' : ''} per training seed${task}, mean and ${pct}% Student-t interval across seeds${m.better === 'lower' ? ' (lower is better)' : ''}.`,
  );
  if (m.note) lines.push('', `${m.note}.`);
  lines.push('');
  lines.push(`| ${axes.map(escapeCell).join(' | ')} | per-seed points | mean | ${pct}% interval | seeds | ${m.count} per seed |`);
  lines.push(`| ${axes.map(() => '---').join(' | ')} | --- | --- | --- | --- | --- |`);
  for (const c of study.cells) {
    const keys = input.axes.length ? input.axes.map((a) => c.point[a] ?? '—') : [c.key];
    const pts = c.points
      .map((p) => `${p.seed === null ? '' : `s${p.seed} `}${fmt(p.value, input.metric)}${input.protocolDiffers[p.run] ? ' ≠' : ''}`)
      .join(', ');
    const eps = [...new Set(c.points.map((p) => (p.episodes === null ? '—' : String(p.episodes))))].join('/');
    const interval = seedIntervalText(c.stats, (v) => fmt(v, input.metric));
    lines.push(
      `| ${keys.map(escapeCell).join(' | ')} | ${pts} | ${fmt(c.stats.mean, input.metric)} | ${interval} | ${c.stats.n} | ${eps} |`,
    );
  }
  const cut = study.cells.filter((c) => c.stats.clipped && c.stats.half !== null);
  if (cut.length) {
    const { min, max } = m.bounds;
    const below = min !== undefined && cut.some((c) => c.stats.mean - c.stats.half! < min);
    const above = max !== undefined && cut.some((c) => c.stats.mean + c.stats.half! > max);
    const where = [below ? `below ${fmt(min!, input.metric)}` : '', above ? `above ${fmt(max!, input.metric)}` : '']
      .filter(Boolean)
      .join(' and ');
    lines.push(
      '',
      `\\* The t-interval reached ${where}, which the metric cannot: cut there (the seeds spread widely about a mean near the bound).`,
    );
  }
  lines.push('');
  lines.push(
    `Protocol: ${protocolCaption(input.protocol, NOT_EVALUATION_TAGS)}${input.evaluationTags.length ? ` · each run evaluated once per ${EVALUATION_AXIS} (${input.evaluationTags.map((k) => k.replace(/_/g, ' ')).join(', ')}: the ${EVALUATION_AXIS} column)` : ''}.`,
  );
  const differing = Object.entries(input.protocolDiffers);
  if (differing.length) {
    lines.push('');
    lines.push(`≠ evaluated under another protocol than the first run: ${differing.map(([k, t]) => `${k}: ${t}`).join('; ')}.`);
  }
  lines.push('');
  if (study.comparisons.length) {
    const name = (i: number) => (input.axes.length ? input.axes.map((a) => study.cells[i].point[a]).join(' · ') : study.cells[i].key);
    const family =
      study.within === undefined ? 'Pairwise differences' : `Pairwise differences within each ${study.within} (cells that share its value)`;
    lines.push(
      `${family} (Welch's t-test, two-sided; Holm-corrected over ${study.comparisons.length} comparison${study.comparisons.length === 1 ? '' : 's'}, α = ${study.alpha}):`,
    );
    lines.push('');
    lines.push('| A | B | mean A − B | t | df | p | p (Holm) | holds |');
    lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const c of study.comparisons) {
      const t = c.test.t === null ? '—' : c.test.t.toFixed(2);
      const df = c.test.df === null ? '—' : c.test.df.toFixed(1);
      const verdict = c.test.p === null ? 'not testable (a cell has < 2 seeds or no spread)' : c.holds ? '**yes**' : 'no (within noise)';
      lines.push(
        `| ${escapeCell(name(c.a))} | ${escapeCell(name(c.b))} | ${fmt(c.test.diff, input.metric, true)} | ${t} | ${df} | ${formatP(c.test.p, study.alpha)} | ${formatP(c.pHolm, study.alpha)} | ${verdict} |`,
      );
    }
    const held = study.comparisons.filter((c) => c.holds);
    const tested = study.comparisons.filter((c) => c.test.p !== null).length;
    lines.push('');
    lines.push(
      held.length
        ? `Differences that hold after correction: ${held.map((c) => `${name(c.a)} vs ${name(c.b)} (${fmt(c.test.diff, input.metric, true)})`).join('; ')}.`
        : tested
          ? "No difference holds after correction: every gap between cells is within the seeds' noise."
          : 'No comparison could be tested: every cell needs 2 or more seeds with some spread between them.',
    );
  } else {
    lines.push(
      study.within === undefined
        ? 'One cell only: nothing to compare.'
        : `No two cells share a value of ${study.within}: nothing to compare.`,
    );
  }
  const trend = studyTrend(input, study);
  if (trend) {
    const { axis, result: r } = trend;
    const verdict = trend.holds ? `**holds** at α = ${study.alpha}` : `within noise at α = ${study.alpha}`;
    lines.push(
      '',
      `Trend over ${axis} (one test, apart from the pairwise family): a line through every seed's point against log2(${axis}) ` +
        `changes the ${m.label} by ${fmt(r.slope, input.metric, true)} per doubling (${Math.round(r.level * 100)}% CI ` +
        `${fmt(r.lo, input.metric, true)} to ${fmt(r.hi, input.metric, true)}), t = ${r.t.toFixed(2)}, df ${r.df}, p = ${formatP(r.p, study.alpha)}: ${verdict}.`,
    );
  }
  if (input.notApplicable.length) {
    lines.push('');
    lines.push(`Not applicable, not counted (as 0 or otherwise): ${input.notApplicable.join(', ')}.`);
  }
  if (input.missing.length) {
    lines.push('');
    lines.push(`Not in the table (no finished evaluation): ${input.missing.join(', ')}.`);
  }
  return lines.join('\n') + '\n';
}
