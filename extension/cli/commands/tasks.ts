/**
 * `vla-lab tasks <sweep> | <run>... [--step N]`: each task alone vs inside chains for one checkpoint
 * step of a policy's seeds, pooled, with Fisher's exact test per task and Holm's correction
 * (core/metrics/task-contrast.ts) — which tasks a policy can do alone but not after other tasks.
 */
import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { TASK_TABLES, taskContrast, taskContrastMarkdown, type TaskTable } from '../../core/metrics/task-contrast';
import { listRuns } from '../../core/runner';
import { parseCommandArgs, writeOutputFile, type Command } from '../command';
import { contextFromFlags, intFlag } from '../run-helpers';
import { runSet } from '../run-sets';
import { alphaFlag } from '../study-flags';

const USAGE = `usage: vla-lab tasks <sweep> | <run> [<run>...] [--step N] [--table T[,T]] [--alpha A] [--out FILE.md] [--runs-dir DIR]

Each task alone vs inside chains, in markdown: for one checkpoint step, every task's successes when
evaluated alone (a single-task evaluation, chain_length 1) against its successes each time a chain
reached it (a chain evaluation), pooled over the runs given (a policy's training seeds), with 95%
Wilson intervals, Fisher's exact test per task and which differences hold after Holm's correction
over the tasks compared; then, on the same chains, each task as the first of its chain against after
other tasks (from the chain results files' episodes), tested the same way; and per task, how the
task right after it did against the tasks after every other task. A checkpoint evaluated
with 'vla-lab eval' (an eval run of its own) counts
for its training run. The step defaults to the last one every run evaluated both ways.
<sweep> is a sweep id or the *.vla.json it was launched from; <run> is experiment/run-id, a unique
run-id prefix, a run directory, or latest.

options:
  --step N     the checkpoint step to compare at
  --table T    print only these tables, comma-separated: alone (alone vs inside chains), position
               (first in chain vs after other tasks), after (what each task leaves for the next);
               default all three
  --alpha A    family-wise error rate of the Holm correction (default 0.05)
  --out FILE   write the markdown to FILE instead of printing it`;

export const command: Command = {
  name: 'tasks',
  summary: 'each task alone vs inside chains at one checkpoint, pooled over seeds, Fisher + Holm per task',
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('tasks', ctx.args, {
      step: { type: 'string' },
      table: { type: 'string' },
      alpha: { type: 'string' },
      out: { type: 'string' },
      'runs-dir': { type: 'string' },
    });
    if (!positionals.length) throw new UserError("tasks: give a sweep or one or more runs; see 'vla-lab tasks --help'");
    const step = intFlag('step', values.step);
    if (step !== undefined && step < 0) throw new UserError(`tasks: --step ${step}: give a checkpoint step (0 or more)`);
    const tables = tablesFlag(values.table);
    const alpha = alphaFlag('tasks', values.alpha);
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    const { title, runs } = runSet('tasks', listRuns(rctx.root), positionals, rctx.root, ctx, { chainPositions: true });
    const contrast = taskContrast(
      runs.map((r) => ({ key: r.key, evaluations: r.metrics.evaluations ?? [] })),
      { alpha, ...(step !== undefined ? { step } : {}) },
    );
    const text = taskContrastMarkdown(title, contrast, tables);
    if (values.out) writeOutputFile(ctx, 'tasks', path.resolve(ctx.cwd, values.out), text);
    else ctx.out(text.replace(/\n$/, ''));
    return 0;
  },
};

/** `--table alone,after` → the tables in print order; an unknown name is one line that lists the names. */
function tablesFlag(raw: string | undefined): TaskTable[] {
  if (raw === undefined) return [...TASK_TABLES];
  const asked = raw.split(',').map((t) => t.trim());
  const unknown = asked.filter((t) => !(TASK_TABLES as readonly string[]).includes(t));
  if (unknown.length)
    throw new UserError(`tasks: --table ${JSON.stringify(raw)}: give one or more of ${TASK_TABLES.join(', ')}, comma-separated`);
  return TASK_TABLES.filter((t) => asked.includes(t));
}
