/** `vla-lab eval <run> [--checkpoint] [--spec FILE]`: evaluate a training run's checkpoint as its own (eval) run. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveCheckpoint, SELECTORS, stepCheckpoints } from '../../core/checkpoints';
import { UserError } from '../../core/errors';
import { checkRunsRoot, createRun, findInterpreter, readRecord, resolveRunRef, RUN_FILES } from '../../core/runner';
import { parseCommandArgs, type Command } from '../command';
import { preflightLaunch } from '../../core/runner/preflight';
import { contextFromFlags, EVAL_RUN_FLAGS, intFlag, queueEvalRun, refOf, rel } from '../run-helpers';
import { inScene, MODEL_SERVER_USAGE, runModelServerEval, specFor } from './eval-model-server';

const USAGE = `usage: vla-lab eval <run> [--checkpoint REF | --every-checkpoint] [--spec FILE [--experiment NAME]] [--entry K]... [--chains N] [--scene S]
                    [--python PATH] [--detach] [--runs-dir DIR] [--allow-foreign-queue] [--no-preflight]

Evaluates a training run's checkpoint with the spec's "eval" entries, as a new run of kind eval
under the same experiment (its own logs, status and cancel). Results, the table and videos land in
that run's eval/<checkpoint>/ and show up in 'vla-lab show <training run>'. The interpreter is yours
(--python, VLA_LAB_PYTHON, the project's .venv, PATH), never the one the training run's run.json names.

options:
  --checkpoint REF     latest (default), final, best:<metric>[:min|max] (by checkpoints/index.json,
                       e.g. best:val/loss — lower is better for losses, higher for acc/success/avg_len
                       unless :min or :max says), a name in the run's checkpoints/, or a path
  --every-checkpoint   evaluate every checkpoint on disk when the evaluation starts, in step order:
                       one queued eval run (listed, cancellable) whose results draw success (or avg len)
                       against the step with 95% intervals, the best checkpoint marked ('vla-lab show'
                       and the Results panel's checkpoint curve)
  --spec FILE          run FILE's eval entries instead of the run's own (another protocol, e.g. chains, for the
                       same checkpoint; the policy and the training data its protocol tags name stay the run's),
                       filed under FILE's experiment
  --experiment NAME    with --spec: the experiment the eval run is filed under (default: FILE's name)
  --entry K            evaluate only eval entry K of the spec (0-based; repeat for several)
  --chains N           N chains per entry instead of the spec's count (a single-task entry: N episodes
                       split evenly over its tasks, N // tasks each, at least 1), e.g. the first 100
                       of a long-horizon spec's 1000 chains; the results' protocol tags record the
                       count, so they are never mixed with the full set's
  --scene S            evaluate in CALVIN scene S (A-D) instead of the entries' own, e.g. a policy trained
                       on A, B, C in A (a scene it trained in) beside its unseen D: the eval run's
                       spec.json carries the scene and the results' protocol the split (ABC->A)
  --detach             queue and return at once

${MODEL_SERVER_USAGE}`;

/** The checkpoint to evaluate: a --checkpoint value (core/checkpoints, one resolver for CLI and editor), default the latest. */
export function pickCheckpoint(runDir: string, want: string | undefined, cwd: string): string {
  if (!want && !stepCheckpoints(runDir).length)
    throw new UserError(
      `the run has no checkpoint yet (${path.join(runDir, RUN_FILES.checkpoints)} holds none); train it first or pass --checkpoint`,
    );
  return resolveCheckpoint(runDir, want ?? SELECTORS.latest, { cwd });
}

export const command: Command = {
  name: 'eval',
  summary: "evaluate a run's checkpoint (CALVIN-style chains, videos)",
  usage: USAGE,
  async run(ctx) {
    if (ctx.args.some((a) => a === '--model-server' || a.startsWith('--model-server='))) return runModelServerEval(ctx);
    const { values, positionals } = parseCommandArgs('eval', ctx.args, {
      checkpoint: { type: 'string' },
      'every-checkpoint': { type: 'boolean' },
      spec: { type: 'string' },
      experiment: { type: 'string' },
      entry: { type: 'string', multiple: true },
      chains: { type: 'string' },
      scene: { type: 'string' },
      ...EVAL_RUN_FLAGS,
    });
    if (positionals.length !== 1)
      throw new UserError('eval: give one training run (experiment/run-id, a run-id prefix, a run directory or latest)');
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    checkRunsRoot(rctx.root, ctx.env);
    const parentDir = resolveRunRef(rctx.root, positionals[0], ctx.cwd);
    const parent = readRecord(parentDir);
    if (!parent) throw new UserError(`no run record in ${parentDir}`);
    if (parent.kind === 'imported')
      throw new UserError(`${refOf(parent)} is an imported log directory; there is no checkpoint of ours to evaluate`);
    if (parent.backend !== 'builtin')
      throw new UserError(
        `${refOf(parent)} ran on the ${parent.backend} backend; 'vla-lab eval' evaluates built-in runs (RoboVLMs evaluates with its own eval scripts)`,
      );
    const every = values['every-checkpoint'] ?? false;
    if (every && values.checkpoint) throw new UserError('eval: give --checkpoint or --every-checkpoint, not both');
    if (every && !stepCheckpoints(parentDir).length)
      throw new UserError(
        `${refOf(parent)} has no checkpoint yet (${rel(ctx, path.join(parentDir, RUN_FILES.checkpoints))} holds none); train it first`,
      );
    const checkpoint = every ? null : pickCheckpoint(parentDir, values.checkpoint, ctx.cwd);
    if (values.experiment && !values.spec)
      throw new UserError('eval: --experiment names where an evaluation with --spec FILE is filed; give --spec too');
    // Another spec's entries (--spec FILE: validated as 'vla-lab run' validates it), or the run's own.
    const other = values.spec ? specFor(ctx, null, values.spec) : null;
    if (other) {
      const entries = Array.isArray(other.spec.eval) ? (other.spec.eval as { benchmark?: string }[]) : [];
      if (!entries.length) throw new UserError(`${values.spec}: the spec has no eval entries: nothing to evaluate`);
      const foreign = entries.findIndex((e) => (e.benchmark ?? 'playtable') !== 'playtable');
      if (foreign >= 0)
        throw new UserError(
          `${values.spec}: eval[${foreign}] is '${entries[foreign].benchmark}'; the built-in evaluator runs Playtable entries`,
        );
    }
    const specRead = other
      ? values.experiment
        ? { ...other.spec, name: values.experiment }
        : other.spec
      : (JSON.parse(fs.readFileSync(path.join(parentDir, RUN_FILES.spec), 'utf8')) as Record<string, unknown>);
    const specDir = other ? other.specDir : parentDir;
    const entryCount = Array.isArray(specRead.eval) ? specRead.eval.length : 0;
    const entries = (values.entry ?? []).map((v) => {
      const k = intFlag('entry', v)!;
      if (k < 0 || k >= entryCount)
        throw new UserError(
          `eval: --entry ${k}: ${entryCount ? `the spec has eval entries 0..${entryCount - 1}` : 'the spec has no eval entries'}`,
        );
      return k;
    });
    const chains = intFlag('chains', values.chains);
    if (chains !== undefined && chains < 1) throw new UserError(`eval: --chains ${chains}: give 1 or more chains per entry`);
    // --scene: the entries to run, moved to that scene; the eval run's own spec.json carries them (eval_spec).
    const spec = values.scene !== undefined ? inScene(specRead, values.scene, entries) : specRead;
    // The user's own configuration picks the interpreter; the parent's run.json may come from anywhere.
    const python = findInterpreter({ explicit: values.python, env: ctx.env, cwd: ctx.cwd });
    preflightLaunch({
      ctx: rctx,
      spec,
      specDir,
      python: python.path,
      kind: 'eval',
      err: ctx.err,
      enabled: !values['no-preflight'],
    });
    const created = createRun(rctx, {
      spec,
      specSource: other ? other.source : (parent.spec_source ?? null),
      specDir,
      python,
      kind: 'eval',
      parentRun: refOf(parent),
      checkpoint,
      everyCheckpoint: every,
      evalSpec: other !== null || values.scene !== undefined,
      ...(entries.length ? { evalEntries: [...new Set(entries)] } : {}),
      ...(chains !== undefined ? { evalChains: chains } : {}),
    });
    return queueEvalRun(ctx, rctx, created, {
      python: python.path,
      what: () =>
        `evaluating ${checkpoint ? path.basename(checkpoint) : `every checkpoint (${stepCheckpoints(parentDir).length} now)`} of ${refOf(parent)}${values.scene ? ` in scene ${values.scene}` : ''}`,
      detach: values.detach,
      allowForeignQueue: values['allow-foreign-queue'],
    });
  },
};
