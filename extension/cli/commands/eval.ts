/** `vla-lab eval <run> [--checkpoint]`: evaluate a training run's checkpoint as its own (eval) run. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { checkpointStep, checkRunsRoot, createRun, drainQueue, enqueueRun, findInterpreter, readRecord, resolveRunRef, RUN_FILES, TERMINAL } from '../../core/runner';
import { parseCommandArgs, type Command } from '../command';
import { foreignQueue } from '../../core/runner/prepare';
import { preflightLaunch } from '../../core/runner/preflight';
import { contextFromFlags, EXIT_BY_STATUS, followRun, printResults, refOf, rel, reportForeign } from '../run-helpers';

const USAGE = `usage: vla-lab eval <run> [--checkpoint PATH|NAME] [--python PATH] [--detach] [--runs-dir DIR] [--allow-foreign-queue] [--no-preflight]

Evaluates a training run's checkpoint (default: its latest, checkpoints/step-*.pt) with the
spec's "eval" entries, as a new run of kind eval under the same experiment (its own logs,
status and cancel). Results, the table and videos land in that run's eval/<checkpoint>/ and show
up in 'vla-lab show <training run>'. The interpreter is yours (--python, VLA_LAB_PYTHON, the project's
.venv, PATH), never the one the training run's run.json names.`;

/** The checkpoint to evaluate: a path, a file name in the run's checkpoints/, or the latest one. */
export function pickCheckpoint(runDir: string, want: string | undefined, cwd: string): string {
  const ckDir = path.join(runDir, RUN_FILES.checkpoints);
  if (want) {
    for (const p of [path.resolve(cwd, want), path.join(ckDir, want), path.join(runDir, want)]) if (fs.existsSync(p) && fs.statSync(p).isFile()) return p;
    throw new UserError(`no checkpoint ${JSON.stringify(want)} (looked in ${cwd}, ${ckDir}); list them with: ls ${ckDir}`);
  }
  let names: string[] = [];
  try { names = fs.readdirSync(ckDir).filter((n) => checkpointStep(n) !== undefined).sort(); } catch { /* none */ }
  if (!names.length) throw new UserError(`the run has no checkpoint yet (${ckDir} holds no step-*.pt); train it first or pass --checkpoint`);
  return path.join(ckDir, names[names.length - 1]);
}

export const command: Command = {
  name: 'eval',
  summary: "evaluate a run's checkpoint (CALVIN-style chains, videos)",
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('eval', ctx.args, { checkpoint: { type: 'string' }, python: { type: 'string' }, detach: { type: 'boolean' }, 'runs-dir': { type: 'string' }, 'allow-foreign-queue': { type: 'boolean' }, 'no-preflight': { type: 'boolean' } });
    if (positionals.length !== 1) throw new UserError('eval: give one training run (experiment/run-id, a run-id prefix, a run directory or latest)');
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    checkRunsRoot(rctx.root, ctx.env);
    const parentDir = resolveRunRef(rctx.root, positionals[0], ctx.cwd);
    const parent = readRecord(parentDir);
    if (!parent) throw new UserError(`no run record in ${parentDir}`);
    if (parent.kind === 'imported') throw new UserError(`${refOf(parent)} is an imported log directory; there is no checkpoint of ours to evaluate`);
    if (parent.backend !== 'builtin') throw new UserError(`${refOf(parent)} ran on the ${parent.backend} backend; 'vla-lab eval' evaluates built-in runs (RoboVLMs evaluates with its own eval scripts)`);
    const checkpoint = pickCheckpoint(parentDir, values.checkpoint, ctx.cwd);
    const spec = JSON.parse(fs.readFileSync(path.join(parentDir, RUN_FILES.spec), 'utf8')) as Record<string, unknown>;
    // The user's own configuration picks the interpreter; the parent's run.json may come from anywhere.
    const python = findInterpreter({ explicit: values.python, env: ctx.env, cwd: ctx.cwd });
    preflightLaunch({ ctx: rctx, spec, specDir: parentDir, python: python.path, kind: 'eval', err: ctx.err, enabled: !values['no-preflight'] });
    const { dir, record } = createRun(rctx, { spec, specSource: parent.spec_source ?? null, specDir: parentDir, python, kind: 'eval', parentRun: refOf(parent), checkpoint });
    const launch = { python: python.path };
    enqueueRun(rctx, dir, launch);
    reportForeign(ctx, foreignQueue(rctx, values['allow-foreign-queue'] ?? false, () => launch));
    drainQueue(rctx);
    ctx.out(`${refOf(record)} queued: evaluating ${path.basename(checkpoint)} of ${refOf(parent)} (${rel(ctx, dir)})`);
    if (values.detach) return 0;
    const end = await followRun(ctx, rctx, dir);
    if (!TERMINAL.has(end.status)) return 0;
    printResults(ctx, dir, end);
    return EXIT_BY_STATUS[end.status] ?? 1;
  },
};
