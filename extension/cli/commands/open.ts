/** `vla-lab open <logdir> [--name]`: import an existing TensorBoard/Lightning log directory as a run. */
import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { checkRunsRoot, importLogDir, resolveRunsRoot } from '../../core/runner';
import { parseCommandArgs, type Command } from '../command';
import { refOf, rel } from '../run-helpers';

const USAGE = `usage: vla-lab open <tensorboard-logdir> [--name NAME] [--runs-dir DIR]

Opens a TensorBoard / PyTorch Lightning log directory (event files, nested version_N/ folders
included) as a run: runs/<name>/<run-id>/run.json (backend tensorboard, kind imported) and an
events.jsonl with its scalars, so 'vla-lab show', 'ls' and the editor's charts read it like any
run. The log directory is not copied or changed; 'ls' and 'show' pick up what it gains later.

options:
  --name NAME   experiment name (default: the directory's name)`;

export const command: Command = {
  name: 'open',
  summary: 'import a TensorBoard/Lightning log directory as a run',
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('open', ctx.args, { name: { type: 'string' }, 'runs-dir': { type: 'string' } });
    if (positionals.length !== 1) throw new UserError('open: give one TensorBoard log directory');
    const root = resolveRunsRoot({ cwd: ctx.cwd, env: ctx.env, flag: values['runs-dir'] });
    checkRunsRoot(root, ctx.env);
    const r = importLogDir(root, path.resolve(ctx.cwd, positionals[0]), { name: values.name });
    for (const w of r.warnings.slice(0, 10)) ctx.err(`warning: ${w}`);
    ctx.out(`imported ${r.added} scalar points as ${refOf(r.record)} (${rel(ctx, r.dir)}); see it with: vla-lab show ${refOf(r.record)}`);
    return 0;
  },
};
