/** `vla-lab resume <run>`: relaunch a failed/cancelled run in its own directory from its last checkpoint. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { drainQueue, findInterpreter, readRecord, resolveRunRef, resumeRun, TERMINAL, RUN_FILES } from '../../core/runner';
import { foreignQueue } from '../../core/runner/prepare';
import { preflightLaunch } from '../../core/runner/preflight';
import type { LaunchChoice } from '../../core/runner/runs';
import { parseCommandArgs, type Command, type CommandContext } from '../command';
import { contextFromFlags, EXIT_BY_STATUS, followRun, intFlag, printResults, refOf, reportForeign } from '../run-helpers';

const USAGE = `usage: vla-lab resume <run> [--detach] [--priority N] [--gpus N] [--python PATH] [--robovlms-path DIR] [--robovlms-python PATH] [--runs-dir DIR] [--allow-foreign-queue] [--no-preflight]

Queues a failed or cancelled run again in the same directory with --resume: the trainer continues
from the latest checkpoint (the step count, curves and events carry on). Counts resumes in run.json.
A completed run has nothing to resume ('vla-lab eval <run>' evaluates it again).

The interpreter is yours, found as for 'vla-lab run' (--python, VLA_LAB_PYTHON, the project's .venv,
PATH), never the one the run's run.json names: run folders travel, and anyone may have written it.
A RoboVLMs run takes --robovlms-path (or VLA_LAB_ROBOVLMS_PATH) and --robovlms-python (or
VLA_LAB_ROBOVLMS_PYTHON, then as --python); it continues from its newest epoch=E-step=S.ckpt.`;

/** The user's interpreter (and RoboVLMs checkout) for relaunching a run of `backend`. */
export function launchFromConfig(
  ctx: CommandContext,
  backend: string,
  flags: { python?: string; robovlmsPath?: string; robovlmsPython?: string },
): LaunchChoice {
  if (backend !== 'robovlms') return { python: findInterpreter({ explicit: flags.python, env: ctx.env, cwd: ctx.cwd }).path };
  const checkout = flags.robovlmsPath ?? ctx.env.VLA_LAB_ROBOVLMS_PATH;
  if (!checkout)
    throw new UserError('resume: a RoboVLMs run needs your RoboVLMs checkout: pass --robovlms-path DIR (or set VLA_LAB_ROBOVLMS_PATH)');
  const python = findInterpreter({
    explicit: flags.robovlmsPython ?? flags.python ?? ctx.env.VLA_LAB_ROBOVLMS_PYTHON,
    env: ctx.env,
    cwd: ctx.cwd,
  });
  return { python: python.path, workdir: path.resolve(ctx.cwd, checkout) };
}

export const command: Command = {
  name: 'resume',
  summary: 'continue a failed or cancelled run from its last checkpoint',
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('resume', ctx.args, {
      detach: { type: 'boolean' },
      priority: { type: 'string' },
      gpus: { type: 'string' },
      python: { type: 'string' },
      'robovlms-path': { type: 'string' },
      'robovlms-python': { type: 'string' },
      'runs-dir': { type: 'string' },
      'allow-foreign-queue': { type: 'boolean' },
      'no-preflight': { type: 'boolean' },
    });
    if (positionals.length !== 1)
      throw new UserError('resume: give one run (experiment/run-id, a run-id prefix, a run directory or latest)');
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    const dir = resolveRunRef(rctx.root, positionals[0], ctx.cwd);
    const before = readRecord(dir);
    if (!before) throw new UserError(`resume: ${dir}/run.json is missing or unreadable`);
    // resumeRun refuses what cannot be resumed before an interpreter is probed.
    const launch = () => {
      const chosen = launchFromConfig(ctx, before.backend, {
        python: values.python,
        robovlmsPath: values['robovlms-path'],
        robovlmsPython: values['robovlms-python'],
      });
      const spec = JSON.parse(fs.readFileSync(path.join(dir, RUN_FILES.spec), 'utf8')) as Record<string, unknown>;
      preflightLaunch({ ctx: rctx, spec, specDir: dir, python: chosen.python, err: ctx.err, enabled: !values['no-preflight'] });
      return chosen;
    };
    const rec = resumeRun(rctx, dir, { launch, priority: intFlag('priority', values.priority), gpus: intFlag('gpus', values.gpus) });
    reportForeign(
      ctx,
      foreignQueue(rctx, values['allow-foreign-queue'] ?? false, (r) =>
        launchFromConfig(ctx, r.backend, {
          python: values.python,
          robovlmsPath: values['robovlms-path'],
          robovlmsPython: values['robovlms-python'],
        }),
      ),
    );
    drainQueue(rctx);
    ctx.out(`${refOf(rec)} queued to resume (resume #${rec.resumes})`);
    if (values.detach) return 0;
    const end = await followRun(ctx, rctx, dir);
    if (!TERMINAL.has(end.status)) return 0;
    printResults(ctx, dir, end);
    return EXIT_BY_STATUS[end.status] ?? 1;
  },
};
