/**
 * Each task alone vs inside chains: for one checkpoint step of a policy's seeds, every task's
 * successes when evaluated alone (a single-task evaluation) against its successes each time a chain
 * reached it (a chain evaluation's per-task counts), pooled over the seeds, with Wilson intervals,
 * Fisher's exact test per task and Holm's correction over the tasks compared. The question the
 * long-horizon protocol asks of a policy: which tasks it can do, but not after other tasks.
 * Plain data in, plain data out: `vla-lab tasks` reads the runs from disk.
 */
import { UserError } from '../errors';
import type { EvaluationMetrics } from './compare';
import { formatP, protocolCaption, type Protocol } from './compare-table';
import { evaluationStep } from './learning-curve';
import { fisherExact, holm } from './study';
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

export interface TaskContrast {
  step: number;
  /** Runs pooled (those with both kinds of evaluation at the step). */
  runs: string[];
  /** Runs without both at the step: `key (why)`. */
  missing: string[];
  rows: TaskContrastRow[];
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

const add = (into: Map<string, { success: number; total: number }>, counts: Record<string, { success: number; total: number }>) => {
  for (const [task, c] of Object.entries(counts)) {
    const was = into.get(task) ?? { success: 0, total: 0 };
    into.set(task, { success: was.success + c.success, total: was.total + c.total });
  }
};

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
  const alone = new Map<string, { success: number; total: number }>();
  const chains = new Map<string, { success: number; total: number }>();
  const pooled: string[] = [];
  const missing: string[] = [];
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
  }
  if (!pooled.length) throw new UserError(`tasks: no run evaluated step ${step} both alone and on chains (${missing.join(', ')})`);
  const tasks = [...new Set([...alone.keys(), ...chains.keys()])].sort();
  const counts = (m: Map<string, { success: number; total: number }>, t: string): Counts => {
    const c = m.get(t) ?? { success: 0, total: 0 };
    return { ...c, ...wilsonInterval(c.success, c.total) };
  };
  const partial = tasks.map((task) => {
    const a = counts(alone, task);
    const c = counts(chains, task);
    const both = a.total > 0 && c.total > 0;
    return {
      task,
      alone: a,
      chains: c,
      diff: both ? c.success / c.total - a.success / a.total : null,
      p: both ? fisherExact(c.success, c.total - c.success, a.success, a.total - a.success) : null,
    };
  });
  // Holm over the tasks that could be compared (both sides ran): a task a chain never reached is no test.
  const tested = partial.filter((r) => r.p !== null);
  const { adjusted, holds } = holm(
    tested.map((r) => r.p),
    alpha,
  );
  const rows: TaskContrastRow[] = partial.map((r) => {
    const i = tested.indexOf(r);
    return { ...r, pHolm: i >= 0 ? adjusted[i] : null, holds: i >= 0 ? holds[i] : false };
  });
  return { step, runs: pooled, missing, rows, alpha, aloneProtocol, chainProtocol };
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const fmtCounts = (c: Counts) =>
  c.total > 0 ? `${c.success}/${c.total} (${pct(c.success / c.total)}, ${pct(c.low)}–${pct(c.high)})` : '—';
/** The contrast as markdown: one row per task, then which differences hold after Holm. */
export function taskContrastMarkdown(title: string, c: TaskContrast): string {
  const lines = [
    `**${title}** — each task alone vs inside chains at step ${c.step}, pooled over ${c.runs.length} run${c.runs.length === 1 ? '' : 's'} (${c.runs.join(', ')}): successes / attempts (rate, 95% Wilson interval); inside chains a task counts each time a chain reached it.`,
    '',
    '| task | alone | inside chains | chains − alone | p (Fisher) | p (Holm) | holds |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of c.rows) {
    const diff = r.diff === null ? '—' : `${r.diff > 0 ? '+' : ''}${(r.diff * 100).toFixed(0)} pts`;
    const verdict = r.p === null ? 'not compared' : r.holds ? '**yes**' : 'no';
    lines.push(
      `| ${r.task} | ${fmtCounts(r.alone)} | ${fmtCounts(r.chains)} | ${diff} | ${formatP(r.p, c.alpha)} | ${formatP(r.pHolm, c.alpha)} | ${verdict} |`,
    );
  }
  const tested = c.rows.filter((r) => r.p !== null);
  const held = c.rows.filter((r) => r.holds);
  const never = c.rows.filter((r) => r.chains.total === 0).map((r) => r.task);
  lines.push(
    '',
    held.length
      ? `Differences that hold after Holm's correction over ${tested.length} tasks (α = ${c.alpha}): ${held.map((r) => `${r.task} (${r.diff! > 0 ? '+' : ''}${(r.diff! * 100).toFixed(0)} pts)`).join('; ')}.`
      : tested.length
        ? `No task's difference holds after Holm's correction over ${tested.length} tasks (α = ${c.alpha}): at these counts every gap between alone and inside chains is within noise.`
        : 'No task ran both alone and inside chains: nothing to compare.',
  );
  if (never.length) lines.push('', `Never reached inside chains (not compared): ${never.join(', ')}.`);
  lines.push('', `Alone: ${protocolCaption(c.aloneProtocol)}. Chains: ${protocolCaption(c.chainProtocol)}.`);
  if (c.missing.length) lines.push('', `Not pooled: ${c.missing.join(', ')}.`);
  return lines.join('\n') + '\n';
}
