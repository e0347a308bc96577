/**
 * `vla-lab eval --model-server ws://… [<run> | --spec FILE]`: scores any vla-eval model server (a
 * run served by `vla-lab serve`, vla-eval's LeRobot server, RoboVLMs' CALVIN wrapper, …) on the
 * spec's Playtable entries, as a queued eval run like the evaluation of a checkpoint: its own
 * folder, logs, status and cancel, results in eval/model-server/ that `vla-lab show`, `compare` and
 * the Results panel read. The worker is `python -m vlalab eval --model-server` (the same checks).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { checkRunsRoot, createRun, findInterpreter, readRecord, resolveRunRef, RUN_FILES } from '../../core/runner';
import { resolveRunsRoot } from '../../core/runner/paths';
import { runsContext } from '../../core/runner/runs';
import { checkModelServerUrl, unreachable } from '../../core/runner/model-server';
import { preflightLaunch } from '../../core/runner/preflight';
import { diskContext, experimentSchema, readSpecFile, validateSpecText } from '../../core/spec';
import { formatDiagnostic } from '../../core/diagnostics';
import { parseCommandArgs, type CommandContext } from '../command';
import { contextFromFlags, EVAL_RUN_FLAGS, queueEvalRun, refOf } from '../run-helpers';

export const MODEL_SERVER_USAGE = `usage: vla-lab eval --model-server ws://HOST:PORT (<run> | --spec FILE) [--timeout S] [--chains N] [--scene S] [--experiment NAME] [--allow-remote]
                    [--python PATH] [--detach] [--runs-dir DIR] [--allow-foreign-queue] [--no-preflight]

Scores a vla-eval model server (vla-lab serve, vla-eval's LeRobot server, RoboVLMs' CALVIN wrapper
served over vla-eval's protocol, …) on the Playtable entries of a spec's "eval" — the run's spec.json,
or --spec FILE for a policy trained elsewhere (its data stages name the demonstrations it learnt
from, which the protocol tags record) — as a new eval run: results, table and videos in its
eval/model-server/, shown by 'vla-lab show', 'vla-lab compare' and the Results panel like any
evaluation. The server's conventions are checked before the first episode; a server that dies,
hangs or answers wrongly ends the run in one line with the finished episodes kept (partial).

options:
  --model-server URL   ws://host:port (as 'vla-lab serve' prints it); this machine only unless --allow-remote
  --spec FILE          the spec whose eval entries to run (instead of a run's spec.json)
  --timeout S          seconds to wait for each action before the server counts as hung (default 60)
  --chains N           episodes per eval entry instead of the spec's chains
  --scene S            every entry in CALVIN scene S (A-D) instead of the spec's
  --experiment NAME    the experiment the eval run is filed under (default: the spec's name)
  --allow-remote       allow a server on another machine (the benchmark's observations go over the network)
  --detach             queue and return at once`;

/** CALVIN's scenes as the schema's eval entry lists them (python/vlalab/sim/scene.py SCENES owns the
 * layouts; test/python/test_sim_scenes.py keeps the two lists equal). */
export const PLAYTABLE_SCENES = (
  (experimentSchema.definitions as Record<string, { properties: Record<string, { enum: string[] }> }>).evalEntry.properties.scene
    .enum as readonly string[]
).slice();

/**
 * `vla-lab eval --scene S`: the spec with its Playtable eval entries (those in `only` when given)
 * evaluated in scene S instead of their own — e.g. a policy trained on A, B, C scored in A, a scene
 * it trained in, beside its unseen D. The results' protocol tags name the split (ABC->A) from the
 * entry's scene, so the two are never mixed.
 */
export function inScene(spec: Record<string, unknown>, scene: string, only: readonly number[] = []): Record<string, unknown> {
  if (!PLAYTABLE_SCENES.includes(scene))
    throw new UserError(`eval: --scene ${scene}: give one of CALVIN's scenes ${PLAYTABLE_SCENES.join(', ')}`);
  const entries = Array.isArray(spec.eval) ? (spec.eval as Record<string, unknown>[]) : [];
  return {
    ...spec,
    eval: entries.map((e, k) => ((only.length && !only.includes(k)) || (e.benchmark ?? 'playtable') !== 'playtable' ? e : { ...e, scene })),
  };
}

function positiveNumber(flag: string, v: string | undefined, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new UserError(
      `eval: ${flag} ${v}: give ${integer ? 'a whole number of episodes (1 or more)' : 'the seconds to wait for each action (more than 0)'}`,
    );
  return n;
}

/** The spec to evaluate with: a run's spec.json, or a spec file validated as `vla-lab run` validates it. */
export function specFor(
  ctx: CommandContext,
  runDir: string | null,
  specFile: string | undefined,
): { spec: Record<string, unknown>; specDir: string; source: string | null } {
  if (specFile) {
    const abs = path.resolve(ctx.cwd, specFile);
    const v = validateSpecText(readSpecFile(abs, specFile), diskContext(path.dirname(abs)), { sweepSummary: false, displayName: specFile });
    const errors = v.diagnostics.filter((d) => d.severity === 'error');
    for (const d of errors) ctx.err(formatDiagnostic(specFile, d));
    if (errors.length)
      throw new UserError(
        `${specFile} has ${errors.length} error${errors.length === 1 ? '' : 's'} (listed above); fix ${errors.length === 1 ? 'it' : 'them'} and run again`,
      );
    const spec = v.spec as Record<string, unknown>;
    if (spec.sweep) throw new UserError(`${specFile} has a sweep: evaluate with one concrete spec (see 'vla-lab expand ${specFile}')`);
    return { spec, specDir: path.dirname(abs), source: abs };
  }
  const file = path.join(runDir!, RUN_FILES.spec);
  try {
    return {
      spec: JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>,
      specDir: runDir!,
      source: readRecord(runDir!)?.spec_source ?? null,
    };
  } catch (e) {
    throw new UserError(`cannot read ${file} (${(e as Error).message}): give --spec with the eval entries to run`);
  }
}

export async function runModelServerEval(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('eval', ctx.args, {
    'model-server': { type: 'string' },
    spec: { type: 'string' },
    experiment: { type: 'string' },
    timeout: { type: 'string' },
    chains: { type: 'string' },
    scene: { type: 'string' },
    'allow-remote': { type: 'boolean' },
    ...EVAL_RUN_FLAGS,
  });
  const url = values['model-server'];
  if (!url) throw new UserError("eval: --model-server needs the server's URL (ws://127.0.0.1:<port>, as 'vla-lab serve' prints it)");
  const allowRemote = values['allow-remote'] ?? false;
  checkModelServerUrl(url, allowRemote);
  const timeout = positiveNumber('--timeout', values.timeout, false);
  const chains = positiveNumber('--chains', values.chains, true);
  if (positionals.length > 1 || (positionals.length === 1 && values.spec))
    throw new UserError('eval: give one run whose spec to evaluate with, or --spec FILE, not both');
  if (!positionals.length && !values.spec)
    throw new UserError('eval: give the run whose spec to evaluate with, or --spec FILE with the eval entries to run');
  // With --spec (a policy trained elsewhere) the runs directory may not exist yet: created, as 'vla-lab run' does.
  const rctx = positionals.length
    ? contextFromFlags(ctx, values['runs-dir'])
    : runsContext(resolveRunsRoot({ cwd: ctx.cwd, env: ctx.env, flag: values['runs-dir'] }), ctx.env);
  checkRunsRoot(rctx.root, ctx.env);
  const parentDir = positionals.length ? resolveRunRef(rctx.root, positionals[0], ctx.cwd) : null;
  const parent = parentDir ? readRecord(parentDir) : null;
  if (parentDir && !parent) throw new UserError(`no run record in ${parentDir}`);
  const { spec: specRead, specDir, source } = specFor(ctx, parentDir, values.spec);
  const named = values.experiment ? { ...specRead, name: values.experiment } : specRead;
  const spec = values.scene !== undefined ? inScene(named, values.scene) : named;
  const entries = Array.isArray(spec.eval) ? (spec.eval as { benchmark?: string }[]) : [];
  if (!entries.length) throw new UserError(`${source ?? specDir}: the spec has no eval entries: nothing to evaluate`);
  const other = entries.findIndex((e) => (e.benchmark ?? 'playtable') !== 'playtable');
  if (other >= 0)
    throw new UserError(
      `--model-server scores on Playtable; eval[${other}] is '${entries[other].benchmark}' (run that benchmark with vla-eval's own orchestrator)`,
    );
  // One clear line now rather than a queued run that fails: the server must answer /health.
  const why = await unreachable(url);
  if (why) throw new UserError(`cannot reach the model server at ${url} (${why}): start it first (vla-lab serve <run>)`);
  const python = findInterpreter({ explicit: values.python, env: ctx.env, cwd: ctx.cwd });
  preflightLaunch({ ctx: rctx, spec, specDir, python: python.path, kind: 'eval', err: ctx.err, enabled: !values['no-preflight'] });
  const modelServer = {
    url,
    ...(timeout !== undefined ? { timeout_s: timeout } : {}),
    ...(chains !== undefined ? { chains } : {}),
    ...(allowRemote ? { allow_remote: true } : {}),
  };
  const created = createRun(rctx, {
    spec,
    specSource: source,
    specDir,
    python,
    kind: 'eval',
    parentRun: parent ? refOf(parent) : null,
    checkpoint: null,
    modelServer,
  });
  return queueEvalRun(ctx, rctx, created, {
    python: python.path,
    what: () =>
      `evaluating the model server at ${url} on ${entries.length} Playtable entr${entries.length === 1 ? 'y' : 'ies'}${values.scene ? ` in scene ${values.scene}` : ''}`,
    detach: values.detach,
    allowForeignQueue: values['allow-foreign-queue'],
  });
}
