/**
 * `vla-lab curve <sweep> | <run>...`: the learning curve across training seeds in markdown — every
 * evaluated checkpoint of the runs (the end-of-training evaluation and those added with
 * `vla-lab eval --checkpoint`), per seed, with the mean and a Student-t interval across seeds
 * (core/metrics/learning-curve.ts). What docs/experiments.md's long-horizon curve quotes.
 */
import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { learningCurve, learningCurveMarkdown, type CurveRunInput } from '../../core/metrics/learning-curve';
import { STUDY_METRICS } from '../../core/metrics/study-report';
import { listRuns } from '../../core/runner';
import type { RunEvent } from '../../core/generated/events';
import { parseCommandArgs, writeOutputFile, type Command } from '../command';
import { contextFromFlags } from '../run-helpers';
import { runSet } from '../run-sets';
import { METRIC_FLAGS, checkMetricFlag, studyMetricFlags } from '../study-flags';

const USAGE = `usage: vla-lab curve <sweep> | <run> [<run>...] [--out FILE.md] [--metric ${METRIC_FLAGS.join('|')}] [--task NAME] [--runs-dir DIR]

Writes the learning curve across training seeds in markdown: one row per evaluated checkpoint
(the run's own end-of-training evaluation, and every 'vla-lab eval <run> --checkpoint ...'), with
its step, the samples seen by then (step × the global batch: run_start's world size × train.batch_size),
each seed's value, their mean with a 95% Student-t interval across seeds, the number of seeds and
episodes; then the change from the first to the last checkpoint (a paired t-test over the seeds at
both ends, each against itself, those at one end only named; Welch's t-test across seeds when fewer
than two are at both ends) and
the evaluation protocol. Runs that evaluated their checkpoints several ways (100 chains and the
spec's own 1000, a chain and each task alone) get one series per way, named in an "evaluation"
column. A point evaluated under another protocol than the first is marked ≠ and named below.
<sweep> is a sweep id or the *.vla.json it was launched from: one curve per sweep cell, its seeds
(sweep.seeds) the points. Runs given one by one are one curve: they must be one spec but for
train.seed (a setting a run's spec.json lacks counts at today's default). <run> is experiment/run-id,
a unique run-id prefix, a run directory, or latest.

options:
  --out FILE     write the markdown to FILE instead of printing it
  --metric M     avg-len (chains), success (single-task success rate) or knocked (Playtable 4's
                 obstacle); default: avg-len when the runs evaluated chains, else success
  --task NAME    restrict success or knocked to one task's episodes`;

/** run_start's world size × the spec's train.batch_size; null when unknown or when the world size changed between starts. */
function globalBatch(spec: unknown, events: readonly RunEvent[]): number | null {
  const batch = (spec as { train?: { batch_size?: unknown } } | undefined)?.train?.batch_size;
  const worlds = new Set(events.filter((e) => e.type === 'run_start').map((e) => (e as { world_size?: number }).world_size ?? 1));
  if (typeof batch !== 'number' || worlds.size !== 1) return null;
  return batch * [...worlds][0];
}

export const command: Command = {
  name: 'curve',
  summary: 'the learning curve across training seeds in markdown: every evaluated checkpoint, per seed, with t-intervals',
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('curve', ctx.args, {
      out: { type: 'string' },
      metric: { type: 'string' },
      task: { type: 'string' },
      'runs-dir': { type: 'string' },
    });
    if (!positionals.length)
      throw new UserError(
        "curve: give a sweep (its id or the *.vla.json it was launched from) or one or more runs; see 'vla-lab curve --help'",
      );
    checkMetricFlag('curve', values.metric);
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    const all = listRuns(rctx.root);
    const { title, runs } = runSet('curve', all, positionals, rctx.root, ctx);
    const inputs: CurveRunInput[] = runs.map((r) => ({
      key: r.key,
      status: r.record.status,
      sweep: r.record.sweep ?? null,
      spec: r.spec,
      metrics: r.metrics,
      globalBatch: globalBatch(r.spec, r.events),
    }));
    const { metric, task } = studyMetricFlags('curve', values, inputs, "these runs'");
    const curve = learningCurve(inputs, metric, task !== undefined ? { task } : {});
    if (!curve.rows.length)
      throw new UserError(
        `curve: no evaluated checkpoint has a value of the ${STUDY_METRICS[metric].label} (${curve.missing.slice(0, 3).join(', ')}); evaluate checkpoints with 'vla-lab eval <run> --checkpoint <file>'`,
      );
    const text = learningCurveMarkdown(title, curve);
    if (values.out) writeOutputFile(ctx, 'curve', path.resolve(ctx.cwd, values.out), text);
    else ctx.out(text.replace(/\n$/, ''));
    return 0;
  },
};
