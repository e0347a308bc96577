/**
 * `vla-lab report <sweep> [--out file.md]`: a sweep's finished runs as the study table
 * docs/experiments.md uses — per-seed points, mean and Student-t interval across seeds, seeds and
 * episodes, the protocol, and which pairwise differences hold after Holm's correction
 * (core/metrics/study-report.ts, study.ts). The metric (--metric, optionally one task's with --task)
 * is one of study-report.ts's STUDY_METRICS.
 */
import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { readRunForCompare } from '../../core/metrics/compare';
import { STUDY_METRICS, studyInput, studyMarkdown, studyOf, type SweepRunInput } from '../../core/metrics/study-report';
import { listRuns } from '../../core/runner';
import { parseCommandArgs, writeOutputFile, type Command } from '../command';
import { contextFromFlags, refOf } from '../run-helpers';
import { sweepRuns } from '../run-sets';
import { METRIC_FLAGS, TASK_METRIC_FLAGS, alphaFlag, checkMetricFlag, studyMetricFlags } from '../study-flags';

const USAGE = `usage: vla-lab report <sweep> [--out FILE.md] [--metric ${METRIC_FLAGS.join('|')}] [--task NAME] [--alpha A] [--within AXIS] [--runs-dir DIR]

Writes a sweep's study table in markdown (the one docs/experiments.md quotes): per cell, each
training seed's result (sweep.seeds), their mean with a 95% Student-t interval across seeds, the
number of seeds and evaluation episodes, the evaluation protocol (Playtable version, split, scene,
phrasing set, ...), then every pair of cells compared with Welch's t-test and which differences
hold after Holm's correction for the number of comparisons; a sweep over one size axis (history,
chunk: three or more values) also gets one trend test, the change per doubling of the size across
every seed's point. Intervals are cut at the metric's bounds (marked *). When runs evaluate their
checkpoint several ways (several eval entries, e.g. one per execution strategy), each evaluation is
its own point, named in an "evaluation" column by the protocol tags that tell them apart. Runs that
have not finished an evaluation are listed, not counted.
<sweep> is a sweep id (run.json "sweep.id", shown by 'vla-lab ls --json' and 'vla-lab show') or the
*.vla.json the sweep was launched from (its newest sweep).

options:
  --out FILE     write the markdown to FILE instead of printing it
  --metric M     success (single-task success rate), avg-len (chains) or knocked (Playtable 4's
                 obstacle: the fraction of placed posts the policy knocked over, lower is better;
                 evaluations without posts are listed as not applicable, not counted as 0);
                 default: avg-len when the runs evaluated chains, else success
  --task NAME    restrict ${TASK_METRIC_FLAGS.join(' or ')} to one task's episodes (its success count, its posts)
  --alpha A      family-wise error rate of the Holm correction (default 0.05)
  --within AXIS  compare only cells that share this axis's value (a column of the table, e.g.
                 policy.head: the execution strategies within each head; evaluation: the heads
                 at each strategy), Holm-corrected over that family instead of every pair`;

export const command: Command = {
  name: 'report',
  summary: "a sweep's study table in markdown: per-seed points, t-intervals, which differences hold",
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('report', ctx.args, {
      out: { type: 'string' },
      metric: { type: 'string' },
      alpha: { type: 'string' },
      within: { type: 'string' },
      task: { type: 'string' },
      'runs-dir': { type: 'string' },
    });
    if (positionals.length !== 1)
      throw new UserError("report: give exactly one sweep (its id or the *.vla.json it was launched from; see 'vla-lab report --help')");
    checkMetricFlag('report', values.metric);
    const alpha = alphaFlag('report', values.alpha);
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    const { id, runs } = sweepRuns('report', listRuns(rctx.root), positionals[0], ctx.cwd);
    const inputs: SweepRunInput[] = runs
      .sort((a, b) => (a.record.sweep?.index ?? 0) - (b.record.sweep?.index ?? 0))
      .map((r) => {
        const { spec, metrics } = readRunForCompare(r.dir);
        return { key: refOf(r.record), status: r.record.status, sweep: r.record.sweep ?? null, spec, metrics };
      });
    const { metric, task } = studyMetricFlags('report', values, inputs, `sweep ${id}'s`);
    const input = studyInput(inputs, metric, task !== undefined ? { task } : {});
    if (!input.runs.length && input.notApplicable.length) {
      throw new UserError(
        `report: no evaluation of sweep ${id} has a value of ${STUDY_METRICS[metric].label} (not applicable to ${input.notApplicable.length}: ${input.notApplicable.slice(0, 3).join(', ')}${input.notApplicable.length > 3 ? ', ...' : ''})`,
      );
    }
    if (!input.runs.length) {
      const counts = new Map<string, number>();
      for (const r of inputs) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
      const states = [...counts.entries()].map(([s, n]) => `${n} ${s}`).join(', ');
      throw new UserError(
        `report: sweep ${id} has no finished runs with a ${STUDY_METRICS[metric].label} yet (${states}); follow them with 'vla-lab ls' and report when runs have completed`,
      );
    }
    const within = values.within;
    if (within !== undefined && !input.axes.includes(within))
      throw new UserError(
        `report: --within names a column of the table, not ${JSON.stringify(within)} (this sweep's: ${input.axes.join(', ') || 'none: one cell per seed group'})`,
      );
    const study = studyOf(input, { alpha, ...(within !== undefined ? { within } : {}) });
    const spec = inputs[0].spec as { name?: unknown } | undefined;
    const base = typeof spec?.name === 'string' ? spec.name.replace(/--.*$/, '') : id;
    const text = studyMarkdown(`${base} (sweep ${id})`, input, study);
    if (values.out) writeOutputFile(ctx, 'report', path.resolve(ctx.cwd, values.out), text);
    else ctx.out(text.replace(/\n$/, ''));
    return 0;
  },
};
