/**
 * `vla-lab reproduce <run> [--dry-run] [--force]`: re-creates a run — same resolved spec (seeds
 * included), same data — as a new run, after saying what differs between the environment its
 * manifest.json recorded and this one.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { diffManifests, parseManifest, readManifest, type ManifestDifference, type RunManifest } from '../../core/manifest';
import { manifestArgv } from '../../core/manifest/write';
import { extensionRoot, findInterpreter, readRecord, resolveRunRef, RUN_FILES, TERMINAL, updateRecord } from '../../core/runner';
import { prepareLaunch } from '../../core/runner/prepare';
import { table } from '../../core/runner/format';
import { parseCommandArgs, type Command, type CommandContext } from '../command';
import { contextFromFlags, EXIT_BY_STATUS, followRun, printResults, refOf, rel, reportForeign } from '../run-helpers';

const USAGE = `usage: vla-lab reproduce <run> [--dry-run] [--force] [options]

Re-creates a run from its manifest.json as a new run of the same experiment: the same resolved
spec (seeds included) and the same datasets. First prints what differs between the environment the
run recorded and this one — data hashes, code commit and uncommitted diff, packages, Python,
benchmark, hardware. A dataset whose hash differs stops it unless --force is given.
<run> is experiment/run-id, a unique run-id prefix, a run directory, or latest.

options:
  --dry-run                only print the differences; start nothing
  --force                  start even when a dataset's hash differs
  --python PATH            interpreter (default: VLA_LAB_PYTHON, then PATH, /usr/bin/python3)
  --robovlms-path DIR      RoboVLMs checkout (backend robovlms)
  --robovlms-python PATH   RoboVLMs' interpreter
  --runs-dir DIR           runs directory (default: VLA_LAB_RUNS_DIR or ./runs)
  --detach                 queue and return at once`;

/** This environment's manifest for the run's spec (python -m vlalab manifest --print), or a reason. */
export function currentManifest(opts: {
  python: string;
  runDir: string;
  runsRoot: string;
  recorded: RunManifest;
  checkout?: string;
}): RunManifest {
  const argv = manifestArgv({
    python: opts.python,
    extRoot: extensionRoot(),
    runDir: opts.runDir,
    backend: opts.recorded.backend,
    checkout: opts.checkout,
  });
  argv.push('--print', '--data-cache', path.join(opts.runsRoot, '_data'));
  // The workspace recorded (where the run's spec came from), when it is on this machine too.
  if (fs.existsSync(opts.recorded.code.workspace.path)) argv.push('--workspace', opts.recorded.code.workspace.path);
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd: opts.runDir,
    encoding: 'utf8',
    timeout: 180_000,
    maxBuffer: 64 << 20,
    shell: false,
    env: { ...process.env, PYTHONPATH: path.join(extensionRoot(), 'python'), PYTHONSAFEPATH: '1' },
  });
  if (r.error || r.status !== 0) {
    const last = (r.stderr ?? '').trim().split('\n').pop();
    throw new UserError(
      `cannot describe this environment with ${opts.python} (${r.error?.message ?? last ?? `exit ${r.status}`}); pass --python with the interpreter that has torch`,
    );
  }
  const parsed = parseManifest(r.stdout);
  if (!parsed.manifest) throw new Error(`python -m vlalab manifest --print: ${parsed.problem}`);
  return parsed.manifest;
}

/**
 * A Playtable dataset the spec generates (no path) that is not in this runs folder's cache yet is
 * generated again from the same parameters and seed: not a difference that must stop the run (the
 * new run's manifest records its hash).
 */
function regenerated(d: ManifestDifference, recorded: RunManifest, current: RunManifest, spec: Record<string, any>): boolean {
  if (d.kind !== 'data') return false;
  const i = Number(/^data (\d+)/.exec(d.what)?.[1]) - 1;
  const datasets = (spec.data?.stages ?? []).flatMap((s: { datasets?: unknown[] }) => s.datasets ?? []) as Record<string, unknown>[];
  const ds = datasets[i];
  return Boolean(ds && ds.type === 'playtable' && !ds.path && current.data[i]?.error && recorded.data[i] && !recorded.data[i].error);
}

function printDifferences(ctx: CommandContext, diffs: ManifestDifference[]): void {
  if (!diffs.length) {
    ctx.out('environment: the same as recorded (data, code, packages, Python, benchmark, hardware)');
    return;
  }
  ctx.out(`environment: ${diffs.length} difference${diffs.length === 1 ? '' : 's'} from the recorded run:`);
  const shown = diffs.slice(0, 60);
  for (const l of table(
    ['kind', 'what', 'recorded', 'here'],
    shown.map((d) => [d.kind, d.what, d.recorded, d.current]),
  ))
    ctx.out(`  ${l}`);
  if (diffs.length > shown.length) ctx.out(`  … ${diffs.length - shown.length} more`);
}

export const command: Command = {
  name: 'reproduce',
  summary: 're-create a run from its manifest as a new run, after listing what differs',
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('reproduce', ctx.args, {
      'dry-run': { type: 'boolean' },
      force: { type: 'boolean' },
      python: { type: 'string' },
      'robovlms-path': { type: 'string' },
      'robovlms-python': { type: 'string' },
      'runs-dir': { type: 'string' },
      detach: { type: 'boolean' },
    });
    if (positionals.length !== 1)
      throw new UserError('reproduce: give one run (experiment/run-id, a run-id prefix, a run directory or latest)');
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    const dir = resolveRunRef(rctx.root, positionals[0], ctx.cwd);
    const rec = readRecord(dir);
    if (!rec) throw new UserError(`no run record in ${dir}`);
    const ref = refOf(rec);
    const read = readManifest(dir);
    if (!read.manifest) {
      throw new UserError(
        read.problem
          ? `${ref}: ${read.problem}; it cannot be reproduced from its manifest (start its spec again: vla-lab run ${rel(ctx, path.join(dir, RUN_FILES.spec))})`
          : `${ref} has no ${RUN_FILES.manifest} (it never started, or ran before manifests existed); start its spec again: vla-lab run ${rel(ctx, path.join(dir, RUN_FILES.spec))}`,
      );
    }
    const recorded = read.manifest;
    const robovlms = recorded.backend === 'robovlms';
    const checkout = robovlms ? (values['robovlms-path'] ?? ctx.env.VLA_LAB_ROBOVLMS_PATH) : undefined;
    if (robovlms && !checkout)
      throw new UserError('backend robovlms: pass --robovlms-path DIR (the RoboVLMs checkout to compare and run with)');
    const python = robovlms
      ? findInterpreter({
          explicit: values['robovlms-python'] ?? values.python ?? ctx.env.VLA_LAB_ROBOVLMS_PYTHON,
          explicitSource: values['robovlms-python'] ? '--robovlms-python' : '--python',
          env: ctx.env,
          cwd: ctx.cwd,
        })
      : findInterpreter({ explicit: values.python, env: ctx.env, cwd: ctx.cwd });
    const specFile = path.join(dir, RUN_FILES.spec);
    const spec = JSON.parse(fs.readFileSync(specFile, 'utf8')) as Record<string, any>;
    const current = currentManifest({
      python: python.path,
      runDir: dir,
      runsRoot: rctx.root,
      recorded,
      checkout: checkout ? path.resolve(ctx.cwd, checkout) : undefined,
    });
    const diffs = diffManifests(recorded, current);
    ctx.out(
      `reproducing ${ref} (spec sha256 ${recorded.spec.sha256.slice(0, 12)}, seeds ${
        Object.entries(recorded.seeds)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ') || 'none'
      })`,
    );
    printDifferences(ctx, diffs);
    const blocking = diffs.filter((d) => (d.kind === 'data' || d.kind === 'spec') && !regenerated(d, recorded, current, spec));
    for (const d of diffs.filter((x) => regenerated(x, recorded, current, spec)))
      ctx.out(`note: ${d.what} is not generated here yet; the run generates it from the same parameters and seed`);
    if (values['dry-run']) {
      ctx.out(
        blocking.length && !values.force
          ? `dry run: would refuse (${blocking.map((d) => d.what).join('; ')} differ; --force starts anyway)`
          : 'dry run: nothing started',
      );
      return 0;
    }
    if (blocking.length && !values.force) {
      throw new UserError(
        `${blocking.map((d) => d.what).join('; ')} differ${blocking.length === 1 ? 's' : ''} from the recorded run: the reproduction would train on other data; restore it, or pass --force to start anyway`,
      );
    }
    const prepared = prepareLaunch({
      specFile,
      cwd: ctx.cwd,
      env: ctx.env,
      runsDir: rctx.root,
      python: values.python,
      robovlmsPath: checkout,
      robovlmsPython: values['robovlms-python'],
      err: ctx.err,
    });
    reportForeign(ctx, prepared);
    const { dir: newDir } = prepared.runs[0];
    // run.json says which run this one re-creates (`show`, the runs view); under run.json's lock.
    const record = updateRecord(newDir, (r) => ({ ...r, reproduces: ref })) ?? prepared.runs[0].record;
    ctx.out(`${refOf(record)} queued in ${rel(ctx, newDir)}: a reproduction of ${ref}`);
    if (values.detach) return 0;
    const end = await followRun(ctx, prepared.ctx, newDir);
    if (!TERMINAL.has(end.status)) return 0;
    printResults(ctx, newDir, end);
    return EXIT_BY_STATUS[end.status] ?? 1;
  },
};
