/**
 * Each task alone vs inside chains: for one checkpoint step of a policy's seeds, every task's
 * successes when evaluated alone (a single-task evaluation) against its successes each time a chain
 * reached it (a chain evaluation's per-task counts), pooled over the seeds, with Wilson intervals,
 * Fisher's exact test per task and Holm's correction over the tasks compared. The question the
 * long-horizon protocol asks of a policy: which tasks it can do, but not after other tasks. Where the
 * chain evaluations' results files list their episodes, a second family splits the chain counts by
 * position: each task as a chain's first task (from the scene's start) against after other tasks
 * (from the state they left) — the sharper form of that question, on the same chains.
 * Plain data in, plain data out: `vla-lab tasks` reads the runs from disk.
 */
import { UserError } from '../errors';
import type { EvaluationMetrics } from './compare';
import { formatP, protocolCaption, type Protocol } from './compare-table';
import { evaluationStep } from './learning-curve';
import { fisherExact, holm, mantelHaenszel, type MantelHaenszelResult } from './study';
import { wilsonInterval, type Interval } from './success';

export interface ContrastRunInput {
  key: string;
  evaluations: readonly EvaluationMetrics[];
}

export interface Counts extends Interval {
  success: number;
  total: number;
}

export interface TaskContrastRow {
  task: string;
  alone: Counts;
  chains: Counts;
  /** Inside chains minus alone (rates); null when either side never ran the task. */
  diff: number | null;
  p: number | null;
  pHolm: number | null;
  holds: boolean;
}

/** One task as a chain's first task against after other tasks (later − first), Fisher + Holm over the tasks compared. */
export interface PositionRow {
  task: string;
  first: Counts;
  later: Counts;
  /** After other tasks minus first (rates); null when either side never ran the task. */
  diff: number | null;
  p: number | null;
  pHolm: number | null;
  holds: boolean;
}

/**
 * The tasks that came right after one task in the chains: their successes, against the tasks after
 * any other task — compared within each next task (Cochran–Mantel–Haenszel), as the next tasks differ.
 */
export interface AfterRow extends MantelHaenszelResult {
  /** The task before. */
  task: string;
  next: Counts;
  /** Every other later attempt (after another task), pooled. */
  others: Counts;
  pHolm: number | null;
  holds: boolean;
}

/** Every task at once, each compared within itself: the pooled counts and the Cochran–Mantel–Haenszel test (group b against a). */
export interface OverallContrast extends MantelHaenszelResult {
  a: { success: number; total: number };
  b: { success: number; total: number };
}

export interface TaskContrast {
  step: number;
  /** Runs pooled (those with both kinds of evaluation at the step). */
  runs: string[];
  /** Runs without both at the step: `key (why)`. */
  missing: string[];
  rows: TaskContrastRow[];
  /** Inside chains against alone over every task both sides ran (Cochran–Mantel–Haenszel). */
  overall: OverallContrast;
  /**
   * Inside chains, first vs after other tasks; null when a pooled run's chain evaluation has no
   * per-position counts (`positionsMissing` names it).
   */
  positions: PositionRow[] | null;
  /** After other tasks against first, over every task reached both ways; null with `positions`. */
  positionsOverall: OverallContrast | null;
  /** Per task, how the task right after it fared; null with `positions`. */
  after: AfterRow[] | null;
  positionsMissing: string[];
  alpha: number;
  /** The protocols of the first pooled run's two evaluations. */
  aloneProtocol: Protocol | null;
  chainProtocol: Protocol | null;
}

interface AtStep {
  alone?: EvaluationMetrics;
  chains?: EvaluationMetrics;
}

/** A run's newest single-task and chain evaluations of the checkpoint at `step`. */
function atStep(evaluations: readonly EvaluationMetrics[], step: number): AtStep {
  const out: AtStep = {};
  for (const e of evaluations) {
    if (evaluationStep(e) !== step) continue;
    if (e.singleTaskSuccess !== null && e.tasks) out.alone = e;
    else if (e.chainTasks) out.chains = e;
  }
  return out;
}

/** The steps at which a run evaluated its checkpoint both alone and on chains. */
function bothSteps(evaluations: readonly EvaluationMetrics[]): number[] {
  const steps = new Set(evaluations.map((e) => evaluationStep(e)).filter((s): s is number => s !== null));
  return [...steps].filter((s) => {
    const a = atStep(evaluations, s);
    return a.alone !== undefined && a.chains !== undefined;
  });
}

type CountMap = Map<string, { success: number; total: number }>;

const add = (into: CountMap, counts: Record<string, { success: number; total: number }>) => {
  for (const [task, c] of Object.entries(counts)) {
    const was = into.get(task) ?? { success: 0, total: 0 };
    into.set(task, { success: was.success + c.success, total: was.total + c.total });
  }
};

const countsOf = (m: CountMap, t: string): Counts => {
  const c = m.get(t) ?? { success: 0, total: 0 };
  return { ...c, ...wilsonInterval(c.success, c.total) };
};

/**
 * Per task, `b` against `a`: the rate difference b − a and Fisher's exact p where both sides ran the
 * task, then Holm over the tasks that could be compared (a task one side never ran is no test).
 */
function compareByTask(a: CountMap, b: CountMap, alpha: number) {
  const tasks = [...new Set([...a.keys(), ...b.keys()])].sort();
  const partial = tasks.map((task) => {
    const ca = countsOf(a, task);
    const cb = countsOf(b, task);
    const both = ca.total > 0 && cb.total > 0;
    return {
      task,
      a: ca,
      b: cb,
      diff: both ? cb.success / cb.total - ca.success / ca.total : null,
      p: both ? fisherExact(cb.success, cb.total - cb.success, ca.success, ca.total - ca.success) : null,
    };
  });
  const tested = partial.filter((r) => r.p !== null);
  const { adjusted, holds } = holm(
    tested.map((r) => r.p),
    alpha,
  );
  const rows = partial.map((r) => {
    const i = tested.indexOf(r);
    return { ...r, pHolm: i >= 0 ? adjusted[i] : null, holds: i >= 0 ? holds[i] : false };
  });
  // One test over every task, each compared within itself: pooling the counts instead would let a
  // difference in task mix (easy tasks more often first in a chain, say) pass for an effect.
  const sum = (cs: Counts[]) => ({ success: cs.reduce((n, c) => n + c.success, 0), total: cs.reduce((n, c) => n + c.total, 0) });
  const overall: OverallContrast = {
    ...mantelHaenszel(tested.map((r) => ({ a: r.b.success, b: r.b.total - r.b.success, c: r.a.success, d: r.a.total - r.a.success }))),
    a: sum(tested.map((r) => r.a)),
    b: sum(tested.map((r) => r.b)),
  };
  return { rows, overall };
}

/**
 * Per task before, the next tasks' successes against those after every other task, within each next
 * task (CMH), Holm over the tasks before that could be compared.
 */
function afterRows(pairs: Map<string, CountMap>, alpha: number): AfterRow[] {
  const total = (m: CountMap) =>
    [...m.values()].reduce((n, c) => ({ success: n.success + c.success, total: n.total + c.total }), { success: 0, total: 0 });
  const withInterval = (c: { success: number; total: number }): Counts => ({ ...c, ...wilsonInterval(c.success, c.total) });
  const partial = [...pairs.keys()].sort().map((task) => {
    const mine = pairs.get(task)!;
    const others: CountMap = new Map();
    for (const [before, next] of pairs) if (before !== task) add(others, Object.fromEntries(next));
    const strata = [...mine.entries()].map(([next, c]) => {
      const o = others.get(next) ?? { success: 0, total: 0 };
      return { a: c.success, b: c.total - c.success, c: o.success, d: o.total - o.success };
    });
    return { task, next: withInterval(total(mine)), others: withInterval(total(others)), ...mantelHaenszel(strata) };
  });
  const tested = partial.filter((r) => r.p !== null);
  const { adjusted, holds } = holm(
    tested.map((r) => r.p),
    alpha,
  );
  return partial.map((r) => {
    const i = tested.indexOf(r);
    return { ...r, pHolm: i >= 0 ? adjusted[i] : null, holds: i >= 0 ? holds[i] : false };
  });
}

/**
 * Pools the runs' alone and inside-chain counts at `step` (default: the last step every run
 * evaluated both ways) and tests each task. Throws a UserError when no step has both.
 */
export function taskContrast(runs: readonly ContrastRunInput[], opts: { step?: number; alpha?: number } = {}): TaskContrast {
  const alpha = opts.alpha ?? 0.05;
  let step = opts.step;
  if (step === undefined) {
    const common = runs
      .map((r) => new Set(bothSteps(r.evaluations)))
      .reduce<Set<number> | null>((acc, s) => (acc === null ? s : new Set([...acc].filter((x) => s.has(x)))), null);
    const steps = [...(common ?? [])].sort((a, b) => a - b);
    if (!steps.length) {
      const any = runs.flatMap((r) => bothSteps(r.evaluations));
      throw new UserError(
        any.length
          ? `tasks: no checkpoint step was evaluated both alone and on chains by every run (${runs.map((r) => `${r.key}: ${bothSteps(r.evaluations).join(', ') || 'none'}`).join('; ')}); pick one with --step`
          : "tasks: no checkpoint was evaluated both alone and on chains; evaluate one both ways (e.g. 'vla-lab eval <run> --checkpoint <file> --entry 0 --chains 100' and '--entry 1')",
      );
    }
    step = steps[steps.length - 1];
  }
  const alone: CountMap = new Map();
  const chains: CountMap = new Map();
  const first: CountMap = new Map();
  const later: CountMap = new Map();
  const pairs = new Map<string, CountMap>(); // task before → next task → counts
  const pooled: string[] = [];
  const missing: string[] = [];
  const positionsMissing: string[] = [];
  let aloneProtocol: Protocol | null = null;
  let chainProtocol: Protocol | null = null;
  for (const r of runs) {
    const a = atStep(r.evaluations, step);
    if (!a.alone || !a.chains) {
      missing.push(
        `${r.key} (${!a.alone && !a.chains ? 'not evaluated' : a.alone ? 'no chain evaluation' : 'no single-task evaluation'} at step ${step})`,
      );
      continue;
    }
    if (!pooled.length) {
      aloneProtocol = a.alone.protocol;
      chainProtocol = a.chains.protocol;
    }
    pooled.push(r.key);
    add(alone, a.alone.tasks!);
    add(chains, a.chains.chainTasks!);
    if (a.chains.chainPositions) {
      add(first, a.chains.chainPositions.first);
      add(later, a.chains.chainPositions.later);
      for (const [before, next] of Object.entries(a.chains.chainPositions.after)) {
        if (!pairs.has(before)) pairs.set(before, new Map());
        add(pairs.get(before)!, next);
      }
    } else positionsMissing.push(r.key);
  }
  if (!pooled.length) throw new UserError(`tasks: no run evaluated step ${step} both alone and on chains (${missing.join(', ')})`);
  const contrast = compareByTask(alone, chains, alpha);
  const rows: TaskContrastRow[] = contrast.rows.map(({ a, b, ...r }) => ({ ...r, alone: a, chains: b }));
  // Positions only when every pooled run has them: a partial pool would compare other chains than the table above.
  const byPosition = positionsMissing.length ? null : compareByTask(first, later, alpha);
  const positions = byPosition && byPosition.rows.map(({ a, b, ...r }) => ({ ...r, first: a, later: b }));
  const after = byPosition && afterRows(pairs, alpha);
  return {
    step,
    runs: pooled,
    missing,
    rows,
    overall: contrast.overall,
    positions,
    positionsOverall: byPosition && byPosition.overall,
    after,
    positionsMissing,
    alpha,
    aloneProtocol,
    chainProtocol,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const fmtCounts = (c: Counts) =>
  c.total > 0 ? `${c.success}/${c.total} (${pct(c.success / c.total)}, ${pct(c.low)}–${pct(c.high)})` : '—';
const fmtDiff = (d: number | null) => (d === null ? '—' : `${d > 0 ? '+' : ''}${(d * 100).toFixed(0)} pts`);
const verdictOf = (r: { p: number | null; holds: boolean }) => (r.p === null ? 'not compared' : r.holds ? '**yes**' : 'no');
/** The tables `vla-lab tasks` prints, in this order: alone vs inside chains, by position, what each task leaves for the next. */
export const TASK_TABLES = ['alone', 'position', 'after'] as const;
export type TaskTable = (typeof TASK_TABLES)[number];

/** The contrast as markdown: the tables asked for (all by default), each with which differences hold after Holm. */
export function taskContrastMarkdown(title: string, c: TaskContrast, tables: readonly TaskTable[] = TASK_TABLES): string {
  const lines = [
    `**${title}** — each task at step ${c.step}, pooled over ${c.runs.length} run${c.runs.length === 1 ? '' : 's'} (${c.runs.join(', ')}): successes / attempts (rate, 95% Wilson interval); inside chains a task counts each time a chain reached it.`,
  ];
  if (tables.includes('alone')) lines.push('', ...aloneMarkdown(c));
  if (tables.includes('position') || tables.includes('after')) {
    if (!c.positions)
      lines.push(
        '',
        `Inside chains by position: not shown — no per-position counts for ${c.positionsMissing.join(', ')} (the chain evaluation's results file, its episodes, is missing or unreadable).`,
      );
    else {
      if (tables.includes('position')) lines.push('', ...positionsMarkdown(c.positions, c.positionsOverall, c.alpha));
      if (tables.includes('after') && c.after?.length) lines.push('', ...afterMarkdown(c.after, c.alpha));
    }
  }
  lines.push('', `Alone: ${protocolCaption(c.aloneProtocol)}. Chains: ${protocolCaption(c.chainProtocol)}.`);
  if (c.missing.length) lines.push('', `Not pooled: ${c.missing.join(', ')}.`);
  return lines.join('\n') + '\n';
}

/** The first family: each task alone against inside chains. */
function aloneMarkdown(c: TaskContrast): string[] {
  const lines = [
    'Each task alone vs inside chains:',
    '',
    '| task | alone | inside chains | chains − alone | p (Fisher) | p (Holm) | holds |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of c.rows)
    lines.push(
      `| ${r.task} | ${fmtCounts(r.alone)} | ${fmtCounts(r.chains)} | ${fmtDiff(r.diff)} | ${formatP(r.p, c.alpha)} | ${formatP(r.pHolm, c.alpha)} | ${verdictOf(r)} |`,
    );
  const tested = c.rows.filter((r) => r.p !== null);
  const held = c.rows.filter((r) => r.holds);
  const never = c.rows.filter((r) => r.chains.total === 0).map((r) => r.task);
  lines.push(
    '',
    held.length
      ? `Differences that hold after Holm's correction over ${tested.length} tasks (α = ${c.alpha}): ${held.map((r) => `${r.task} (${fmtDiff(r.diff)})`).join('; ')}.`
      : tested.length
        ? `No task's difference holds after Holm's correction over ${tested.length} tasks (α = ${c.alpha}): at these counts every gap between alone and inside chains is within noise.`
        : 'No task ran both alone and inside chains: nothing to compare.',
  );
  if (tested.length) lines.push('', overallLine(c.overall, 'inside chains', 'alone', c.alpha));
  if (never.length) lines.push('', `Never reached inside chains (not compared): ${never.join(', ')}.`);
  return lines;
}

/** The one test over every task: pooled counts, the common odds ratio and the CMH p-value. */
function overallLine(o: OverallContrast, b: string, a: string, alpha: number): string {
  const rate = (x: { success: number; total: number }) => `${x.success}/${x.total} (${pct(x.success / x.total)})`;
  const head = `All ${o.strata} tasks compared, each within itself (Cochran–Mantel–Haenszel, one test apart from the per-task family): ${b} ${rate(o.b)}, ${a} ${rate(o.a)}`;
  if (o.p === null) return `${head}; not testable (no spread within any task).`;
  const or = o.oddsRatio === null ? '∞' : o.oddsRatio.toFixed(2);
  return `${head}; common odds ratio of success, ${b} to ${a}, ${or}; χ² = ${o.chi2!.toFixed(2)}, p = ${formatP(o.p, alpha)}: ${o.p <= alpha ? `**outside noise** at α = ${alpha}` : `within noise at α = ${alpha}`}.`;
}

/** The third family: what each task leaves for the next one. */
function afterMarkdown(rows: AfterRow[], alpha: number): string[] {
  const lines = [
    'Inside chains, the task right after each task — does a task leave the scene in a state the next one fails from? Its successes against those of the tasks after every other task, compared within each next task (Cochran–Mantel–Haenszel: the tasks that follow differ):',
    '',
    '| task before | the next task done | after the other tasks | common odds ratio | p (CMH) | p (Holm) | holds |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const or = r.p === null ? '—' : r.oddsRatio === null ? '∞' : r.oddsRatio.toFixed(2);
    lines.push(
      `| ${r.task} | ${fmtCounts(r.next)} | ${fmtCounts(r.others)} | ${or} | ${formatP(r.p, alpha)} | ${formatP(r.pHolm, alpha)} | ${verdictOf(r)} |`,
    );
  }
  const held = rows.filter((r) => r.holds);
  const tested = rows.filter((r) => r.p !== null);
  lines.push(
    '',
    held.length
      ? `Tasks after which the next one does differently, holding after Holm's correction over ${tested.length} (α = ${alpha}): ${held.map((r) => `${r.task} (odds ratio ${r.oddsRatio === null ? '∞' : r.oddsRatio.toFixed(2)})`).join('; ')}.`
      : tested.length
        ? `No task before changes how the next one does, after Holm's correction over ${tested.length} (α = ${alpha}): within noise at these counts.`
        : 'No task before could be compared.',
  );
  return lines;
}

/** The second family: inside chains, each task first against after other tasks. */
function positionsMarkdown(rows: PositionRow[], overall: OverallContrast | null, alpha: number): string[] {
  const lines = [
    'Inside chains by position — each task as the first of its chain (from the scene’s start) vs after other tasks (from the state they left), on the same chains:',
    '',
    '| task | first in chain | after other tasks | after − first | p (Fisher) | p (Holm) | holds |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    if (r.first.total === 0 && r.later.total === 0) continue;
    lines.push(
      `| ${r.task} | ${fmtCounts(r.first)} | ${fmtCounts(r.later)} | ${fmtDiff(r.diff)} | ${formatP(r.p, alpha)} | ${formatP(r.pHolm, alpha)} | ${verdictOf(r)} |`,
    );
  }
  const tested = rows.filter((r) => r.p !== null);
  const held = rows.filter((r) => r.holds);
  lines.push(
    '',
    held.length
      ? `Position differences that hold after Holm's correction over ${tested.length} tasks (α = ${alpha}): ${held.map((r) => `${r.task} (${fmtDiff(r.diff)})`).join('; ')}.`
      : tested.length
        ? `No task's position difference holds after Holm's correction over ${tested.length} tasks (α = ${alpha}): at these counts every gap between first and after other tasks is within noise.`
        : 'No task was reached both first and after other tasks: nothing to compare by position.',
  );
  if (tested.length && overall) lines.push('', overallLine(overall, 'after other tasks', 'first', alpha));
  return lines;
}
