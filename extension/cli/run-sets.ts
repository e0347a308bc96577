/**
 * The runs a command reads: a sweep's, named as `vla-lab report` and `vla-lab curve` take it (by
 * sweep id, or by the *.vla.json it was launched from: its newest sweep, or one of a spec of the
 * same name launched from another copy of the file when none was from this one); or runs named one
 * by one, each training run read with the results of its eval runs (`vla-lab eval` files a
 * checkpoint's evaluation as a run of its own, parent_run the training run).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { readRunForCompare, type RunMetrics } from '../core/metrics/compare';
import type { RunEvent } from '../core/generated/events';
import { reconcile, resolveRunRef, type RunRecord, type RunRef } from '../core/runner';
import type { CommandContext } from './command';
import { refOf, rel } from './run-helpers';

/** The spec's `name` (what its sweep ids start with), or undefined when the file cannot say. */
function specName(file: string): string | undefined {
  try {
    const name = (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' && name ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a sweep id was made for a spec of this name (prepare.ts: `<name>-<base-36 time>`). */
function sweepIdOf(id: string | undefined, name: string): boolean {
  return !!id && id.startsWith(`${name}-`) && /^[0-9a-z]+$/.test(id.slice(name.length + 1));
}

/**
 * The runs of a sweep named by id, or by the spec file it was launched from (its newest sweep; a
 * sweep of a spec of the same name, launched from another copy of the file, when none was from it).
 */
export function sweepRuns(command: string, all: RunRef[], arg: string, cwd: string): { id: string; runs: RunRef[] } {
  const byId = all.filter((r) => r.record.sweep?.id === arg);
  if (byId.length) return { id: arg, runs: byId };
  const file = path.resolve(cwd, arg);
  if (/\.json$/i.test(arg) || fs.existsSync(file)) {
    let launched = all.filter((r) => r.record.sweep?.id && r.record.spec_source && path.resolve(r.record.spec_source) === file);
    // The same spec launched from another checkout (a clone, a worktree): its sweeps carry its name.
    const name = launched.length ? undefined : specName(file);
    if (name) launched = all.filter((r) => sweepIdOf(r.record.sweep?.id, name));
    if (!launched.length)
      throw new UserError(`${command}: no sweep was launched from ${arg} in this runs directory; start one with 'vla-lab sweep ${arg}'`);
    const newest = launched.reduce((a, b) => (b.record.created_at > a.record.created_at ? b : a)).record.sweep!.id!;
    return { id: newest, runs: launched.filter((r) => r.record.sweep?.id === newest) };
  }
  const ids = [...new Set(all.map((r) => r.record.sweep?.id).filter((s): s is string => !!s))];
  throw new UserError(
    `${command}: no sweep ${JSON.stringify(arg)} in this runs directory (${ids.length ? `sweeps: ${ids.slice(-5).join(', ')}` : "no sweeps yet; start one with 'vla-lab sweep <spec>'"})`,
  );
}

/** Whether a command's one positional names a sweep: some run carries that sweep id, or it is a spec file. */
export function namesSweep(all: RunRef[], arg: string, cwd: string): boolean {
  return all.some((r) => r.record.sweep?.id === arg) || (/\.json$/i.test(arg) && fs.existsSync(path.resolve(cwd, arg)));
}

/** A training run as the curve and task commands read it: its spec, events, and metrics with its eval runs' evaluations. */
export interface TrainingRunRead {
  key: string;
  dir: string;
  record: RunRecord;
  spec: unknown;
  events: RunEvent[];
  metrics: RunMetrics;
}

/** A run's metrics with the evaluations of its eval runs appended (in the order they were created). */
export function readWithEvalRuns(all: readonly RunRef[], r: RunRef, opts: { chainPositions?: boolean } = {}): TrainingRunRead {
  const key = refOf(r.record);
  const { spec, metrics, events } = readRunForCompare(r.dir, opts);
  const evals = all.filter((e) => e.record.kind === 'eval' && e.record.parent_run === key);
  const evaluations = [...(metrics.evaluations ?? []), ...evals.flatMap((e) => readRunForCompare(e.dir, opts).metrics.evaluations ?? [])];
  return { key, dir: r.dir, record: r.record, spec, events, metrics: { ...metrics, ...(evaluations.length ? { evaluations } : {}) } };
}

/**
 * The training runs named by a command's positionals — one sweep (id or spec), or runs one by one —
 * each with its eval runs' evaluations, and a title for the table. Eval runs named directly are
 * refused: their training run is what has a seed and a spec.
 */
export function runSet(
  command: string,
  all: RunRef[],
  positionals: string[],
  root: string,
  ctx: CommandContext,
  opts: { chainPositions?: boolean } = {},
): { title: string; runs: TrainingRunRead[] } {
  let title: string;
  let refs: RunRef[];
  if (positionals.length === 1 && namesSweep(all, positionals[0], ctx.cwd)) {
    const { id, runs } = sweepRuns(command, all, positionals[0], ctx.cwd);
    refs = runs.sort((a, b) => (a.record.sweep?.index ?? 0) - (b.record.sweep?.index ?? 0));
    title = `${refs[0].record.experiment.replace(/--.*$/, '')} (sweep ${id})`;
  } else {
    const dirs = positionals.map((ref) => resolveRunRef(root, ref, ctx.cwd));
    const twice = dirs.find((d, i) => dirs.indexOf(d) !== i);
    if (twice) throw new UserError(`${command}: ${rel(ctx, twice)} is named twice; give each run once`);
    refs = dirs.map((dir) => {
      const record = reconcile(dir);
      if (!record) throw new UserError(`${command}: no run record in ${rel(ctx, dir)}`);
      return { dir, record };
    });
    title = `${refs[0].record.experiment} (${refs.length} run${refs.length === 1 ? '' : 's'})`;
  }
  const training = refs.filter((r) => r.record.kind !== 'eval');
  if (!training.length)
    throw new UserError(`${command}: these are evaluation runs; give the training runs they evaluated (their parent_run, 'vla-lab show')`);
  return { title, runs: training.map((r) => readWithEvalRuns(all, r, opts)) };
}
