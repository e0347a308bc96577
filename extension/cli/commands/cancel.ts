/** `vla-lab cancel <run>`: stop a queued or running run (SIGTERM to its process group, SIGKILL after a grace period). */
import { UserError } from '../../core/errors';
import { cancelRun, resolveRunRef, slurmLauncher, TERMINAL } from '../../core/runner';
import { parseCommandArgs, type Command } from '../command';
import { contextFromFlags, refOf } from '../run-helpers';

const USAGE = `usage: vla-lab cancel <run> [--grace SECONDS] [--no-wait] [--runs-dir DIR]

A queued run leaves the queue. A running one gets SIGTERM on its whole process group (the
trainer saves a checkpoint and stops; torchrun passes it to every rank), then SIGKILL after the
grace period (default 30 s). Slurm jobs are cancelled with scancel. Its status becomes cancelled;
'vla-lab resume <run>' continues it from its last checkpoint.

options:
  --grace SECONDS   seconds between SIGTERM and SIGKILL (default 30, or VLA_LAB_CANCEL_GRACE_S)
  --no-wait         return once the signal is sent`;

export const command: Command = {
  name: 'cancel',
  summary: 'stop a queued or running run',
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('cancel', ctx.args, {
      grace: { type: 'string' },
      'no-wait': { type: 'boolean' },
      'runs-dir': { type: 'string' },
    });
    if (positionals.length !== 1)
      throw new UserError('cancel: give one run (experiment/run-id, a run-id prefix, a run directory or latest)');
    const graceRaw = values.grace ?? ctx.env.VLA_LAB_CANCEL_GRACE_S ?? '30';
    if (!/^\d+(\.\d+)?$/.test(graceRaw)) throw new UserError('--grace must be a number of seconds');
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    const dir = resolveRunRef(rctx.root, positionals[0], ctx.cwd);
    const rec = cancelRun(rctx, dir, {
      graceS: Number(graceRaw),
      waitMs: values['no-wait'] ? 0 : undefined,
      scancel: (r) => {
        if (r.slurm?.job_id) slurmLauncher.scancel(slurmLauncher.spawnSlurmRunner, r.slurm.login, r.slurm.job_id);
      },
    });
    if (TERMINAL.has(rec.status)) {
      ctx.out(`${refOf(rec)} ${rec.status}${rec.status === 'cancelled' ? '' : ' (it had already ended)'}`);
      return rec.status === 'cancelled' ? 0 : 1;
    }
    ctx.out(`${refOf(rec)}: cancel requested (status ${rec.status}); 'vla-lab ls' shows when it has stopped`);
    return 0;
  },
};
