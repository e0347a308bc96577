/** `vla-lab resume <run>`: relaunch a failed/cancelled run in its own directory from its last checkpoint. */
import { UserError } from '../../core/errors';
import { drainQueue, resolveRunRef, resumeRun, TERMINAL } from '../../core/runner';
import { parseCommandArgs, type Command } from '../command';
import { contextFromFlags, EXIT_BY_STATUS, followRun, intFlag, printResults, refOf } from './run';

const USAGE = `usage: vla-lab resume <run> [--detach] [--priority N] [--gpus N] [--runs-dir DIR]

Queues the run again in the same directory with --resume: the trainer continues from the latest
checkpoint (the step count, curves and events carry on). Counts resumes in run.json.`;

export const command: Command = {
  name: 'resume',
  summary: 'continue a failed or cancelled run from its last checkpoint',
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('resume', ctx.args, { detach: { type: 'boolean' }, priority: { type: 'string' }, gpus: { type: 'string' }, 'runs-dir': { type: 'string' } });
    if (positionals.length !== 1) throw new UserError('resume: give one run (experiment/run-id, a run-id prefix, a run directory or latest)');
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    const dir = resolveRunRef(rctx.root, positionals[0], ctx.cwd);
    const rec = resumeRun(rctx, dir, { priority: intFlag('priority', values.priority), gpus: intFlag('gpus', values.gpus) });
    drainQueue(rctx);
    ctx.out(`${refOf(rec)} queued to resume (resume #${rec.resumes})`);
    if (values.detach) return 0;
    const end = await followRun(ctx, rctx, dir);
    if (!TERMINAL.has(end.status)) return 0;
    printResults(ctx, dir, end);
    return EXIT_BY_STATUS[end.status] ?? 1;
  },
};
