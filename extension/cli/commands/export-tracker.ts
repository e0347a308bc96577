/**
 * `vla-lab export-tracker <run> --to tensorboard|wandb [-o DIR]`: a run folder as TensorBoard event
 * files or an offline Weights & Biases run, written by `python -m vlalab export-tracker`
 * (python/vlalab/trackers.py: the trackers' own Python writers) with the user's interpreter.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { extensionRoot, findInterpreter, readRecord, resolveRunRef } from '../../core/runner';
import { parseCommandArgs, type Command } from '../command';
import { contextFromFlags, refOf } from '../run-helpers';

const TARGETS = ['tensorboard', 'wandb'] as const;

const USAGE = `usage: vla-lab export-tracker <run> --to tensorboard|wandb [-o DIR] [options]

Exports a run to an experiment tracker:
  tensorboard  event files (tensorboard's SummaryWriter): every scalar at its step and time, the
               evaluation results as eval/<benchmark>/… scalars, the spec and manifest as text.
               Default folder <run>/tensorboard (view: tensorboard --logdir <it>).
  wandb        an offline Weights & Biases run (WANDB_MODE=offline; nothing is uploaded): scalars,
               the spec and manifest as config, evaluation tables, rollout videos. Default folder
               <run>/wandb; upload it later with the 'wandb sync' line printed. Needs wandb
               (pip install 'vlalab[trackers]').

options:
  --to tensorboard|wandb
  -o, --out DIR        where the files go
  --project NAME       wandb project (default: the experiment's name)
  --python PATH        interpreter (default: VLA_LAB_PYTHON, then PATH, /usr/bin/python3)
  --runs-dir DIR       runs directory (default: VLA_LAB_RUNS_DIR or ./runs)`;

export const command: Command = {
  name: 'export-tracker',
  summary: 'export a run to TensorBoard event files or an offline Weights & Biases run',
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('export-tracker', ctx.args, {
      to: { type: 'string' },
      out: { type: 'string', short: 'o' },
      project: { type: 'string' },
      python: { type: 'string' },
      'runs-dir': { type: 'string' },
    });
    if (positionals.length !== 1)
      throw new UserError(
        'export-tracker: give one run (experiment/run-id, a run-id prefix, a run directory or latest) and --to tensorboard|wandb',
      );
    const to = values.to;
    if (!to || !(TARGETS as readonly string[]).includes(to)) throw new UserError(`export-tracker: --to must be ${TARGETS.join(' or ')}`);
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    const dir = resolveRunRef(rctx.root, positionals[0], ctx.cwd);
    const rec = readRecord(dir);
    const python = findInterpreter({ explicit: values.python, env: ctx.env, cwd: ctx.cwd });
    const argv = [python.path, '-m', 'vlalab', 'export-tracker', '--run-dir', dir, '--to', to];
    if (values.out) argv.push('--out', path.resolve(ctx.cwd, values.out));
    if (values.project) argv.push('--project', values.project);
    const r = spawnSync(argv[0], argv.slice(1), {
      cwd: dir,
      encoding: 'utf8',
      timeout: 600_000,
      maxBuffer: 16 << 20,
      shell: false,
      env: {
        ...ctx.env,
        PYTHONPATH: path.join(extensionRoot(), 'python'),
        PYTHONSAFEPATH: '1',
        ...(to === 'wandb' ? { WANDB_MODE: 'offline', WANDB_SILENT: 'true' } : {}),
      },
    });
    if (r.error) throw new UserError(`cannot run ${python.path}: ${r.error.message}`);
    const last = (s: string) => s.trim().split('\n').filter(Boolean).pop() ?? '';
    if (r.status !== 0) {
      const line = last(r.stderr ?? '').replace(/^vlalab: /, '');
      throw new UserError(`export-tracker ${rec ? refOf(rec) : dir} --to ${to} failed: ${line || `exit ${r.status}`}`);
    }
    ctx.out(last(r.stdout));
    return 0;
  },
};
