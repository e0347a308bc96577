/**
 * `vla-lab data <path> [--split S] [--json] [--episodes N] [--python PATH]`: a dataset's summary —
 * layout, episodes and frames, features with shapes, per-dimension action and state statistics,
 * tasks and instructions — read by Python (core/dataset: `python -m vlalab dataset summary`), the
 * same reader the editor's dataset viewer uses.
 * `vla-lab data conventions <path> [--type T] [--split S] [--json]`: its declared action convention
 * against what its actions and state say (`python -m vlalab data conventions`); exit 1 on a contradiction.
 */
import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { defaultCacheDir, formatConventions, formatSummary, readConventions, readSummary } from '../../core/dataset';
import { findInterpreter } from '../../core/runner';
import { checkSummary } from '../../shared/messages/dataset';
import { parseCommandArgs, type Command } from '../command';
import { intFlag } from '../run-helpers';

const USAGE = `usage: vla-lab data <path> [--split S] [--json] [--episodes N] [--python PATH]
       vla-lab data conventions <path> [--type calvin|lerobot|rlds] [--split S] [--json] [--python PATH]

Summarises a dataset: its layout, episodes and frames, features with their shapes, per-dimension
statistics of the actions and the state (mean, std, min, max; the values of dimensions with few of
them, such as a gripper's -1/1 or 0/1), the normalisation statistics the trainer would use, tasks
and instructions. Reads CALVIN-layout data (Playtable's gen-data output: a folder with training/
and validation/, or one split folder) and LeRobot v3.0 / v2.1 datasets (the folder holding meta/).
The same reader as the editor's "VLA Lab: Open Dataset"; it runs in your interpreter (--python,
VLA_LAB_PYTHON, the project's .venv, PATH) and caches the summary under
$XDG_CACHE_HOME/vla-lab/datasets (~/.cache/...) keyed on the dataset's index files.

options:
  --split S        the split of a CALVIN-layout dataset (default: training)
  --episodes N     how many episodes to list (default 20; 0 for none)
  --json           print the summary as JSON (the viewer's contract: histograms included)
  --python PATH    the Python interpreter to read with

vla-lab data conventions prints, per action-convention field (mode, frame, rotation, gripper), the
value the dataset declares (the spec's data source, its metadata or the built-in data's) and the one
its own actions and state support, with the evidence (the training run checks the same before it
starts and stops on a contradiction); exit 1 when they contradict. --type: the layout (default: from
the folder's files).`;

export const command: Command = {
  name: 'data',
  summary: "a dataset's episodes, features, action statistics and tasks (CALVIN layout, LeRobot)",
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('data', ctx.args, {
      split: { type: 'string' },
      json: { type: 'boolean' },
      episodes: { type: 'string' },
      python: { type: 'string' },
      type: { type: 'string' },
    });
    if (positionals[0] === 'conventions' && positionals.length === 2) {
      const type = values.type;
      if (type !== undefined && type !== 'calvin' && type !== 'lerobot' && type !== 'rlds')
        throw new UserError(`data conventions: --type is calvin, lerobot or rlds, not ${JSON.stringify(type)}`);
      const python = findInterpreter({ explicit: values.python, env: ctx.env, cwd: ctx.cwd });
      const where = path.resolve(ctx.cwd, positionals[1]);
      const report = await readConventions(where, { python: python.path, cacheDir: '', split: values.split, env: ctx.env, type });
      if (values.json) ctx.out(JSON.stringify(report, null, 2));
      else for (const l of formatConventions(report, where)) ctx.out(l);
      return report.contradictions.length ? 1 : 0;
    }
    if (values.type !== undefined) throw new UserError('data: --type is an option of vla-lab data conventions');
    if (positionals.length !== 1) throw new UserError("data: give one dataset folder (see 'vla-lab data --help')");
    const episodes = intFlag('episodes', values.episodes);
    if (episodes !== undefined && episodes < 0) throw new UserError('data: --episodes must be 0 or more');
    const python = findInterpreter({ explicit: values.python, env: ctx.env, cwd: ctx.cwd });
    const summary = await readSummary(path.resolve(ctx.cwd, positionals[0]), {
      python: python.path,
      cacheDir: defaultCacheDir(ctx.env),
      split: values.split,
      env: ctx.env,
      check: checkSummary,
    });
    if (values.json) ctx.out(JSON.stringify(summary, null, 2));
    else for (const l of formatSummary(summary, { episodes })) ctx.out(l);
    return 0;
  },
};
