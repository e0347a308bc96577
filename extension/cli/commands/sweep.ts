/** `vla-lab sweep <spec>`: queue every valid point of a sweep; list the dropped ones with reasons. */
import { UserError } from '../../core/errors';
import { prepareLaunch } from '../../core/runner/prepare';
import { parseCommandArgs, type Command } from '../command';
import { intFlag, refOf, rel, reportForeign, RUN_FLAGS } from '../run-helpers';

const USAGE = `usage: vla-lab sweep <file.vla.json> [options]

Expands the spec's sweep, validates each point on its own, and queues every valid point as its
own run (runs/<point-name>/<run-id>/, run.json "sweep" records the point). Invalid points are
printed with their reasons and skipped. Runs start as GPUs (or the CPU slot) free up; follow
them with 'vla-lab ls'. Takes the same options as 'vla-lab run' (--detach is implied).`;

export const command: Command = {
  name: 'sweep',
  summary: 'queue every point of a sweep (dropped points listed with reasons)',
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('sweep', ctx.args, RUN_FLAGS);
    if (positionals.length !== 1) throw new UserError("sweep: give exactly one *.vla.json spec (see 'vla-lab sweep --help')");
    const p = prepareLaunch({
      specFile: positionals[0],
      cwd: ctx.cwd,
      env: ctx.env,
      runsDir: values['runs-dir'],
      sweep: true,
      backend: values.backend as 'builtin' | 'robovlms' | undefined,
      launcher: values.launcher as 'local' | 'torchrun' | 'slurm' | 'hosts' | undefined,
      gpus: intFlag('gpus', values.gpus),
      processes: intFlag('procs', values.procs),
      priority: intFlag('priority', values.priority),
      python: values.python,
      robovlmsPath: values['robovlms-path'],
      robovlmsPython: values['robovlms-python'],
      err: ctx.err,
      allowForeignQueue: values['allow-foreign-queue'],
      preflight: !values['no-preflight'],
    });
    reportForeign(ctx, p);
    for (const d of p.dropped) ctx.err(`dropped ${d.name}: ${d.reasons.join('; ')}`);
    ctx.out(
      `queued ${p.runs.length} run${p.runs.length === 1 ? '' : 's'}${p.dropped.length ? ` (${p.dropped.length} point${p.dropped.length === 1 ? '' : 's'} dropped)` : ''}:`,
    );
    for (const r of p.runs) ctx.out(`  ${refOf(r.record)}  ${rel(ctx, r.dir)}`);
    ctx.out('follow them: vla-lab ls   (vla-lab logs -f <run> for one)');
    return 0;
  },
};
