/**
 * The editor's way into the runner (core/runner): the same on-disk runs, queue and detached
 * supervisors the CLI uses, so a run started here shows in `vla-lab ls` and the other way round.
 * Plain Node (no `vscode`): the commands pass settings in. Heavy modules load on first use.
 */
import { dirname, join } from 'node:path';
import type { RunRecord } from '../core/generated/run';
import { UserError } from '../core/errors';
import { parseRunKey, readJsonFile, readRunRecord, runDir, runKey, SPEC_FILE } from './runs/files';

const runsModule = () => require('../core/runner/runs') as typeof import('../core/runner/runs');
const interpreterModule = () => require('../core/runner/interpreter') as typeof import('../core/runner/interpreter');
const gpusModule = () => require('../core/runner/gpus') as typeof import('../core/runner/gpus');
const specModule = () => require('../core/spec') as typeof import('../core/spec');
const robovlmsModule = () => require('../core/robovlms') as typeof import('../core/robovlms');
const checkpointsModule = () => require('../core/checkpoints') as typeof import('../core/checkpoints');
const exportModule = () => require('../core/probe/export') as typeof import('../core/probe/export');
const preflightModule = () => require('../core/runner/preflight') as typeof import('../core/runner/preflight');

export interface RunnerSettings {
  runsDir: string;
  pythonPath?: string;
  robovlmsPath?: string;
  robovlmsPython?: string;
  maxConcurrentRuns?: number;
  cancelGraceSeconds?: number;
  /** The workspace folder (relative interpreter paths). */
  cwd: string;
  /** The Python extension's selected interpreter (tried after vlaLab.pythonPath, before the project's .venv). */
  editorInterpreter?: () => string | undefined;
  /** vlaLab.preflight: false skips the checks before launch (core/runner/preflight.ts). */
  preflight?: boolean;
  /** Where the preflight's warnings go (they do not stop the launch). */
  onPreflightWarning?: (line: string) => void;
}

export interface GpuRow {
  index: number;
  name: string;
  memoryTotalMiB: number;
  memoryUsedMiB: number;
  utilizationPct: number | null;
}

function context(s: RunnerSettings) {
  const { runsContext } = runsModule();
  return runsContext(s.runsDir, process.env, s.maxConcurrentRuns && s.maxConcurrentRuns > 0 ? { maxConcurrent: s.maxConcurrentRuns } : {});
}

function interpreterFor(backend: unknown, s: RunnerSettings) {
  const explicit = backend === 'robovlms' ? s.robovlmsPython || s.pythonPath : s.pythonPath;
  const source = backend === 'robovlms' && s.robovlmsPython ? 'vlaLab.robovlms.python' : 'vlaLab.pythonPath';
  return interpreterModule().findInterpreter({
    explicit: explicit || undefined,
    explicitSource: source,
    cwd: s.cwd,
    editorInterpreter: s.editorInterpreter,
  });
}

/** The interpreter a built-in launch would use (the dataset viewer reads data with it). */
export function builtinPython(s: RunnerSettings): string {
  return interpreterFor('builtin', s).path;
}

/**
 * Exports a built-in run's policy for the probe (<run>/export/policy.onnx + policy.json) through the
 * exporter `vla-lab export` uses, with the interpreter the settings choose (as a launch would).
 */
export function exportRunPolicy(
  s: RunnerSettings,
  runDir: string,
  opts: { checkpoint?: string; onLine?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<{ onnx: string; manifest: string }> {
  return exportModule().exportPolicy({ runDir, python: interpreterFor('builtin', s).path, ...opts });
}

/** The first error of a spec as one line, or undefined when it has none. */
function firstError(text: string, file: string): string | undefined {
  const spec = specModule();
  const v = spec.validateSpecText(text, spec.diskContext(dirname(file)), { sweepSummary: false });
  const e = v.diagnostics.find((d) => d.severity === 'error');
  return e ? `${e.message} (line ${e.range.start.line}, ${e.code})` : v.errors > 0 ? 'the spec has errors' : undefined;
}

function parseSpec(text: string, file: string): Record<string, unknown> {
  const err = firstError(text, file);
  if (err) throw new UserError(`the spec has errors: ${err}; fix them (see Problems) and try again`);
  const doc = specModule().parseSpecText(text);
  return doc.value as Record<string, unknown>;
}

function start(
  s: RunnerSettings,
  spec: Record<string, unknown>,
  file: string,
  extra: {
    sweep?: RunRecord['sweep'];
    kind?: 'train' | 'eval';
    parentRun?: string | null;
    checkpoint?: string | null;
    everyCheckpoint?: boolean;
  } = {},
): string {
  const runs = runsModule();
  runs.checkRunsRoot(s.runsDir);
  const ctx = context(s);
  const python = interpreterFor(spec.backend, s);
  const lines: string[] = [];
  try {
    preflightModule().preflightLaunch({
      ctx,
      spec,
      specDir: dirname(file),
      python: python.path,
      kind: extra.kind,
      err: (l) => lines.push(l),
      enabled: s.preflight !== false,
    });
  } catch (e) {
    // A notification shows one message: the problems themselves, not "listed above".
    if (e instanceof UserError)
      throw new UserError(
        `${lines.filter((l) => l.startsWith('preflight error')).join('; ')} (vlaLab.preflight: false skips these checks)`,
      );
    throw e;
  }
  for (const l of lines) s.onPreflightWarning?.(l);
  const { dir, record } = runs.createRun(ctx, {
    spec,
    specSource: file,
    specDir: dirname(file),
    python,
    sweep: extra.sweep,
    kind: extra.kind,
    parentRun: extra.parentRun,
    checkpoint: extra.checkpoint,
    everyCheckpoint: extra.everyCheckpoint,
    robovlmsPath: s.robovlmsPath || undefined,
    compileRoboVLMs: (x) => robovlmsModule().compileSpec(x) as Record<string, unknown>,
  });
  // The queue entry (signed) names the interpreter the settings chose: run.json is never read back to launch.
  runs.enqueueRun(ctx, dir, { python: python.path, ...(spec.backend === 'robovlms' && s.robovlmsPath ? { workdir: s.robovlmsPath } : {}) });
  return runKey(record.experiment, record.id);
}

/** Validates and launches a spec (no sweep): the new run's key. */
export function launchTrain(s: RunnerSettings, file: string, text: string): string {
  const spec = parseSpec(text, file);
  if (spec.sweep !== undefined)
    throw new UserError('this spec has a sweep: use "VLA Lab: Launch Sweep" to run its points (or remove "sweep" to train one run)');
  const key = start(s, spec, file);
  drain(s);
  return key;
}

export interface SweepLaunch {
  sweepId: string;
  runs: string[];
  dropped: { name: string; reason: string }[];
  excluded: number;
  axes: Record<string, unknown[]>;
}

/** The points of a sweep without launching them (for the confirmation). */
export function previewSweep(file: string, text: string) {
  const spec = parseSpec(text, file);
  if (spec.sweep === undefined)
    throw new UserError(
      'this spec has no "sweep": add one (e.g. "sweep": {"axes": {"policy.head.type": ["mlp", "lstm"]}}) or use "VLA Lab: Train"',
    );
  const core = specModule();
  const x = core.expandSweep(spec, core.diskContext(dirname(file)));
  const problem = x.problems.find((p) => p.severity === 'error');
  if (problem) throw new UserError(`the sweep cannot be expanded: ${problem.message}`);
  return { spec, expansion: x };
}

export function launchSweep(s: RunnerSettings, file: string, text: string, now = new Date()): SweepLaunch {
  const { spec, expansion } = previewSweep(file, text);
  if (expansion.points.length === 0)
    throw new UserError('every point of this sweep is invalid or excluded: nothing to launch (hover "sweep" for the reasons)');
  const pad = (n: number) => String(n).padStart(2, '0');
  const sweepId = `sweep-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const runs: string[] = [];
  expansion.points.forEach((p, index) => {
    // Points keep the experiment's name so a sweep's runs group under it.
    const pointSpec = { ...p.spec, name: spec.name };
    runs.push(start(s, pointSpec, file, { sweep: { id: sweepId, index, point: p.assignments } }));
  });
  drain(s);
  // The panel's axis values as the runs show them: sweep.labels' names where it gives them.
  const sweep = spec.sweep as { axes?: Record<string, unknown[]>; labels?: Record<string, unknown> };
  const axes = Object.fromEntries(
    Object.entries(sweep.axes ?? {}).map(([k, vs]) => {
      const names = sweep.labels?.[k];
      return [k, Array.isArray(names) && names.length === vs.length ? names : vs];
    }),
  ) as Record<string, unknown[]>;
  return {
    sweepId,
    runs,
    dropped: expansion.dropped.map((d) => ({ name: d.name, reason: d.reasons[0] ?? '' })),
    excluded: expansion.excluded.length,
    axes,
  };
}

/**
 * Launches an evaluation run of a finished training run (its spec's `eval` entries): of one
 * checkpoint — a --checkpoint value (final by default; core/checkpoints resolves it, as for the CLI) —
 * or of every checkpoint on disk (the checkpoint curve), queued like any other run.
 */
export function evaluate(s: RunnerSettings, key: string, opts: { checkpoint?: string; everyCheckpoint?: boolean } = {}): string {
  const dir = runDir(s.runsDir, key);
  const rec = dir ? readRunRecord(dir) : undefined;
  if (!dir || !rec) throw new UserError(`no run ${key} under ${s.runsDir}`);
  const spec = readJsonFile(join(dir, SPEC_FILE)) as Record<string, unknown> | undefined;
  if (!spec) throw new UserError(`run ${key} has no spec.json: it cannot be evaluated`);
  if (!Array.isArray(spec.eval) || spec.eval.length === 0)
    throw new UserError(`run ${key}'s spec has no "eval" entries: add one (e.g. {"benchmark": "playtable"}) to the spec and train again`);
  const ck = checkpointsModule();
  if (!ck.stepCheckpoints(dir).length) throw new UserError(`run ${key} has no checkpoint yet: evaluate it once it has saved one`);
  const checkpoint = opts.everyCheckpoint ? null : ck.resolveCheckpoint(dir, opts.checkpoint ?? ck.SELECTORS.final, { cwd: s.cwd });
  const newKey = start(s, spec, rec.spec_source ?? join(dir, SPEC_FILE), {
    kind: 'eval',
    parentRun: key,
    checkpoint,
    everyCheckpoint: opts.everyCheckpoint,
  });
  drain(s);
  return newKey;
}

export function resume(s: RunnerSettings, key: string): void {
  const dir = runDir(s.runsDir, key);
  if (!dir) throw new UserError(`no run ${key}`);
  runsModule().resumeRun(context(s), dir, {
    launch: () => {
      const rec = readRunRecord(dir);
      return {
        python: interpreterFor(rec?.backend, s).path,
        ...(rec?.backend === 'robovlms' && s.robovlmsPath ? { workdir: s.robovlmsPath } : {}),
      };
    },
  });
  drain(s);
}

/** Asks the run to stop (SIGTERM, then SIGKILL after the grace period, done by its supervisor); returns at once. */
export function cancel(s: RunnerSettings, key: string): RunRecord {
  const dir = runDir(s.runsDir, key);
  if (!dir) throw new UserError(`no run ${key}`);
  return runsModule().cancelRun(context(s), dir, { graceS: s.cancelGraceSeconds ?? 30, waitMs: 0 });
}

/** Queued runs of the runs folder this user did not queue on this machine (a copied folder): they never start on their own. */
export function foreignQueued(s: RunnerSettings): string[] {
  return runsModule()
    .foreignQueued(context(s))
    .map((e) => runKey(e.experiment, e.id));
}

/** The user's yes to them: re-signed to launch with the interpreter the settings choose (never the folder's). */
export function adoptForeign(s: RunnerSettings): string[] {
  return runsModule().adoptForeign(context(s), (rec) => ({
    python: interpreterFor(rec.backend, s).path,
    ...(rec.backend === 'robovlms' && s.robovlmsPath ? { workdir: s.robovlmsPath } : {}),
  }));
}

/** Starts what the queue allows (after launches, and when runs end). */
export function drain(s: RunnerSettings): void {
  runsModule().drainQueue(context(s));
}

/** Corrects the record of an active run whose processes are gone (reboot, kill -9). */
export function reconcile(dir: string): void {
  runsModule().reconcile(dir);
}

export function gpus(): GpuRow[] {
  return gpusModule().queryGpus();
}

export function interpreterCandidates(s: RunnerSettings): string[] {
  return interpreterModule().interpreterCandidates({ cwd: s.cwd, editorInterpreter: s.editorInterpreter });
}

/** `vla-lab doctor`'s report for the interpreter a launch from the editor would use. */
export function checkEnvironment(s: RunnerSettings) {
  const doctor = require('../core/environment/doctor') as typeof import('../core/environment/doctor');
  const report = doctor.runDoctor({
    explicit: s.pythonPath || undefined,
    explicitSource: 'vlaLab.pythonPath',
    cwd: s.cwd,
    editorInterpreter: s.editorInterpreter,
  });
  return { report, lines: doctor.formatDoctor(report) };
}

export function probe(python: string) {
  return interpreterModule().probeInterpreter(python);
}

/** The TensorBoard log directory of a run: its record's logdir (RoboVLMs/imported runs) or the run folder. */
export function tensorboardLogdir(s: RunnerSettings, key: string): string | undefined {
  const dir = runDir(s.runsDir, key);
  if (!dir || !parseRunKey(key)) return undefined;
  const rec = readRunRecord(dir);
  if (rec?.logdir) return rec.logdir.startsWith('/') ? rec.logdir : join(dir, rec.logdir);
  return dir;
}
