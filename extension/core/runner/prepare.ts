/**
 * From a spec file to queued runs, refusing before anything launches — with one clear line —
 * an invalid spec (its diagnostics are printed first), a runs directory that is unwritable or
 * full, a missing interpreter or torch, a GPU request this machine cannot meet, and what the
 * preflight finds (runner/preflight.ts: data, weights, packages, disk, GPU memory).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../diagnostics';
import { UserError } from '../errors';
import { diskContext, expandSweep, readSpecFile, validateSpecText, type DroppedPoint } from '../spec';
import { findInterpreter, type InterpreterInfo } from './interpreter';
import { enforcePreflight, preflight } from './preflight';
import { resolveRunsRoot } from './paths';
import {
  adoptForeign,
  checkGpuRequest,
  checkRunsRoot,
  createRun,
  drainQueue,
  enqueueRun,
  foreignQueued,
  machineGpus,
  runsContext,
  type LaunchChoice,
  type RunsContext,
} from './runs';
import { entryKey } from './scheduler';
import { parseHosts, remoteLaunchTemplate } from './launchers/hosts';
import type { RunRecord } from './record';

export interface LaunchRequest {
  specFile: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  runsDir?: string;
  backend?: 'builtin' | 'robovlms';
  launcher?: 'local' | 'torchrun' | 'slurm' | 'hosts';
  gpus?: number;
  /** CPU processes (resources.processes): torchrun/slurm with gpus 0. */
  processes?: number;
  priority?: number;
  python?: string;
  robovlmsPath?: string;
  robovlmsPython?: string;
  /** Expand a sweep into all its points (vla-lab sweep); otherwise a sweep is refused. */
  sweep?: boolean;
  /** The editor's interpreter (VS Code's Python extension). */
  editorInterpreter?: () => string | undefined;
  /** Where diagnostics are printed before the refusal. */
  err?: (line: string) => void;
  /** Test seam: the machine's GPUs. */
  ctx?: Partial<RunsContext>;
  /** Start queued runs of this folder that this user did not queue here (copied, committed): --allow-foreign-queue. */
  allowForeignQueue?: boolean;
  /** false skips the preflight checks (--no-preflight, vlaLab.preflight: false). */
  preflight?: boolean;
  /** Test seam: the package-probe cache of the preflight (null: none). */
  preflightCacheFile?: string | null;
}

export interface PreparedLaunch {
  ctx: RunsContext;
  runs: { dir: string; record: RunRecord }[];
  dropped: DroppedPoint[];
  warnings: Diagnostic[];
  python: InterpreterInfo;
  /** Queued runs of this folder not queued by this user here: left waiting (or adopted with allowForeignQueue). */
  foreign: string[];
  adopted: string[];
}

const ENUMS = { backend: ['builtin', 'robovlms'], launcher: ['local', 'torchrun', 'slurm', 'hosts'] } as const;

export function setOverrides(
  spec: Record<string, any>,
  req: Pick<LaunchRequest, 'backend' | 'launcher' | 'gpus' | 'processes' | 'priority'>,
): Record<string, any> {
  const s = JSON.parse(JSON.stringify(spec));
  if (req.backend !== undefined) {
    if (!ENUMS.backend.includes(req.backend)) throw new UserError(`--backend must be one of ${ENUMS.backend.join(', ')}`);
    s.backend = req.backend;
  }
  if (req.launcher !== undefined || req.gpus !== undefined || req.processes !== undefined || req.priority !== undefined)
    s.resources = { ...(s.resources ?? {}) };
  if (req.launcher !== undefined) {
    if (!ENUMS.launcher.includes(req.launcher)) throw new UserError(`--launcher must be one of ${ENUMS.launcher.join(', ')}`);
    s.resources.launcher = req.launcher;
  }
  if (req.gpus !== undefined) {
    if (!Number.isInteger(req.gpus) || req.gpus < 0 || req.gpus > 64) throw new UserError('--gpus must be a whole number from 0 to 64');
    s.resources.gpus = req.gpus;
  }
  if (req.processes !== undefined) {
    if (!Number.isInteger(req.processes) || req.processes < 1 || req.processes > 256)
      throw new UserError('--procs must be a whole number from 1 to 256 (CPU processes; with --gpus 0 and --launcher torchrun)');
    s.resources.processes = req.processes;
  }
  if (req.priority !== undefined) {
    if (!Number.isInteger(req.priority)) throw new UserError('--priority must be a whole number (higher starts first)');
    s.resources.priority = req.priority;
  }
  return s;
}

function refuseErrors(file: string, diagnostics: Diagnostic[], err?: (l: string) => void, what = file): void {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!errors.length) return;
  for (const d of errors) err?.(formatDiagnostic(file, d));
  throw new UserError(
    `${what} has ${errors.length} error${errors.length === 1 ? '' : 's'} (listed above); fix ${errors.length === 1 ? 'it' : 'them'} and run again`,
  );
}

export function prepareLaunch(req: LaunchRequest): PreparedLaunch {
  const specAbs = path.resolve(req.cwd, req.specFile);
  const specDir = path.dirname(specAbs);
  const text = readSpecFile(specAbs, req.specFile);
  const ctxSpec = diskContext(specDir);
  const v = validateSpecText(text, ctxSpec, { sweepSummary: false, displayName: req.specFile });
  refuseErrors(req.specFile, v.diagnostics, req.err);
  const base = v.spec as Record<string, any>;

  let points: { spec: Record<string, any>; sweep?: RunRecord['sweep'] }[];
  let dropped: DroppedPoint[] = [];
  if (base.sweep) {
    if (!req.sweep)
      throw new UserError(
        `${req.specFile} has a sweep; enqueue all its points with 'vla-lab sweep ${req.specFile}' (or remove "sweep" to run one spec)`,
      );
    const x = expandSweep(setOverrides(base, req), ctxSpec);
    if (x.problems.length) throw new UserError(`${req.specFile}: ${x.problems[0].message}`);
    dropped = x.dropped;
    if (!x.points.length)
      throw new UserError(`none of the ${x.total} sweep points of ${req.specFile} is valid (see 'vla-lab expand ${req.specFile}')`);
    const sweepId = `${base.name}-${Date.now().toString(36)}`;
    points = x.points.map((p, index) => ({
      spec: p.spec,
      sweep: {
        id: sweepId,
        index,
        point: p.assignments,
        cell: p.cell,
        ...(p.seed !== undefined ? { seed: p.seed } : {}),
        ...(p.labels ? { labels: p.labels } : {}),
      },
    }));
  } else {
    const spec = setOverrides(base, req);
    if (req.backend !== undefined || req.launcher !== undefined || req.gpus !== undefined || req.processes !== undefined) {
      // The flags may make a valid spec invalid (e.g. --launcher local with 2 GPUs): check again.
      const again = validateSpecText(JSON.stringify(spec, null, 2), ctxSpec, { sweepSummary: false });
      refuseErrors(req.specFile, again.diagnostics, req.err, `${req.specFile} with the flags given`);
    }
    points = [{ spec }];
  }

  const root = resolveRunsRoot({ cwd: req.cwd, env: req.env, flag: req.runsDir });
  checkRunsRoot(root, req.env);
  const ctx: RunsContext = { ...runsContext(root, req.env), ...(req.ctx ?? {}) };

  const machine = machineGpus(ctx);
  for (const p of points) {
    const r = p.spec.resources ?? {};
    checkGpuRequest({ gpus: r.gpus ?? 0, launcher: r.launcher ?? 'local', machine });
    if (r.launcher === 'hosts') {
      // Refused now, not later in the detached supervisor: the hosts and the remote-launch command.
      parseHosts(r.hosts);
      remoteLaunchTemplate(req.env);
    }
  }

  const backend = points[0].spec.backend ?? 'builtin';
  let robovlmsPath: string | undefined;
  let compileRoboVLMs: ((s: Record<string, unknown>) => Record<string, unknown>) | undefined;
  if (points.some((p) => (p.spec.backend ?? 'builtin') === 'robovlms')) {
    const raw = req.robovlmsPath ?? req.env.VLA_LAB_ROBOVLMS_PATH;
    if (!raw)
      throw new UserError(
        'backend robovlms needs a RoboVLMs checkout: pass --robovlms-path DIR (or set VLA_LAB_ROBOVLMS_PATH / vlaLab.robovlms.path)',
      );
    robovlmsPath = path.resolve(req.cwd, raw);
    if (!fs.existsSync(path.join(robovlmsPath, 'main.py')))
      throw new UserError(
        `${raw} is not a RoboVLMs checkout (no main.py there); pass the directory that holds RoboVLMs' main.py with --robovlms-path`,
      );
    const { compileSpec } = require('../robovlms') as typeof import('../robovlms');
    compileRoboVLMs = (s) => compileSpec(s) as Record<string, unknown>;
  }
  const python =
    backend === 'robovlms'
      ? findInterpreter({
          explicit: req.robovlmsPython ?? req.python ?? req.env.VLA_LAB_ROBOVLMS_PYTHON,
          explicitSource: req.robovlmsPython ? '--robovlms-python' : '--python',
          env: req.env,
          cwd: req.cwd,
          editorInterpreter: req.editorInterpreter,
        })
      : findInterpreter({ explicit: req.python, env: req.env, cwd: req.cwd, editorInterpreter: req.editorInterpreter });

  if (req.preflight !== false) {
    enforcePreflight(
      points.flatMap((p) =>
        preflight({
          spec: p.spec,
          specDir,
          python: python.path,
          runsRoot: root,
          env: req.env,
          gpus: () => machine,
          cacheFile: req.preflightCacheFile,
        }),
      ),
      req.err,
    );
  }

  const launch = { python: python.path, ...(robovlmsPath ? { workdir: robovlmsPath } : {}) };
  const runs = points.map((p) => {
    const made = createRun(ctx, {
      spec: p.spec,
      specSource: specAbs,
      specDir,
      python,
      sweep: p.sweep,
      robovlmsPath,
      compileRoboVLMs,
      priority: p.spec.resources?.priority,
    });
    enqueueRun(ctx, made.dir, launch);
    return made;
  });
  const { foreign, adopted } = foreignQueue(ctx, req.allowForeignQueue ?? false, () => launch);
  drainQueue(ctx);
  return { ctx, runs, dropped, warnings: v.diagnostics.filter((d) => d.severity === 'warning'), python, foreign, adopted };
}

/**
 * Queued runs of this runs folder that this user did not queue on this machine (a copied or
 * committed folder): with `allow`, adopted — re-signed to launch with `launchFor` (the user's own
 * interpreter) — otherwise listed so the caller can say they wait. Same rule as the editor's prompt.
 */
export function foreignQueue(
  ctx: RunsContext,
  allow: boolean,
  launchFor: (rec: RunRecord) => LaunchChoice,
): { foreign: string[]; adopted: string[] } {
  if (allow) return { foreign: [], adopted: adoptForeign(ctx, launchFor) };
  return { foreign: foreignQueued(ctx).map((e) => entryKey(e).replace('@', '/')), adopted: [] };
}

/** The one line a command prints when foreign queued runs were left waiting. */
export function foreignQueueNote(foreign: string[]): string | null {
  if (!foreign.length) return null;
  const list = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? `, … (${foreign.length} in all)` : '');
  return `warning: not starting ${foreign.length} queued run${foreign.length === 1 ? '' : 's'} this user did not queue on this machine (${list}; e.g. a copied runs folder): check them, then pass --allow-foreign-queue to start them with your interpreter, or delete their files in .queue/pending/`;
}
