/**
 * Runs as the CLI and the editor see them: create a run directory from a validated spec, queue
 * it, start what the queue allows (each start spawns a detached supervisor), reconcile records
 * with the processes that are (or are not) still there, resolve `<run>` references, cancel and
 * resume. Everything is on disk, so any number of processes can do this at once.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors';
import { resolveSpec, specHash } from '../spec';
import { queryGpus, type GpuInfo } from './gpus';
import type { InterpreterInfo } from './interpreter';
import { sleepSync } from './lock';
import {
  checkExperimentName,
  createRunDir,
  extensionRoot,
  isInside,
  isValidExperimentName,
  isValidRunId,
  RUN_FILES,
  safeJoin,
} from './paths';
import { hostName, isSameProcessAlive, processGroupAlive, processStartTime, signalGroup, signalProcess } from './process';
import { enqueue, listForeign, nextSeq, queueDirs, release, removePending, scheduleOnce, type ActiveEntry } from './queue';
import { ACTIVE, nowIso, readRecord, recordProblem, TERMINAL, updateRecord, writeJsonAtomic, writeRecord, type RunRecord } from './record';
import { entryKey, runsElsewhere, type PlannedStart, type QueueEntry } from './scheduler';
import { summarizeFile, tailLines } from './status';
import { signEntry, userSecret } from './trust';

export interface RunsContext {
  /** The runs root (absolute). */
  root: string;
  env?: NodeJS.ProcessEnv;
  /** GPU discovery (default: nvidia-smi). */
  gpus?: () => GpuInfo[];
  maxConcurrent?: number;
  maxCpuRuns?: number;
  busyMemoryMiB?: number;
}

/** Context with the queue limits from the environment (VLA_LAB_MAX_RUNS, VLA_LAB_MAX_CPU_RUNS, VLA_LAB_GPU_BUSY_MIB). */
export function runsContext(root: string, env: NodeJS.ProcessEnv = process.env, extra: Partial<RunsContext> = {}): RunsContext {
  const int = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);
  return {
    root,
    env,
    maxConcurrent: int(env.VLA_LAB_MAX_RUNS),
    maxCpuRuns: int(env.VLA_LAB_MAX_CPU_RUNS),
    busyMemoryMiB: int(env.VLA_LAB_GPU_BUSY_MIB),
    ...extra,
  };
}

let gpuCache: { at: number; gpus: GpuInfo[] } | null = null;
export function machineGpus(ctx: RunsContext): GpuInfo[] {
  if (ctx.gpus) return ctx.gpus();
  if (gpuCache && Date.now() - gpuCache.at < 5_000) return gpuCache.gpus;
  gpuCache = { at: Date.now(), gpus: queryGpus(undefined, ctx.env ?? process.env) };
  return gpuCache.gpus;
}

// ───────────────────────────── before launch ─────────────────────────────

const MIN_FREE_MIB_DEFAULT = 200;

/** Refuses, in one line, a runs directory that cannot take a run: not creatable, not writable, or full. */
export function checkRunsRoot(root: string, env: NodeJS.ProcessEnv = process.env): void {
  try {
    fs.mkdirSync(root, { recursive: true });
  } catch (e) {
    throw new UserError(
      `cannot create the runs directory ${root}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; choose another with --runs-dir or VLA_LAB_RUNS_DIR`,
    );
  }
  try {
    fs.accessSync(root, fs.constants.W_OK | fs.constants.X_OK);
    const probe = path.join(root, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
  } catch {
    throw new UserError(
      `the runs directory ${root} is not writable; fix its permissions or choose another with --runs-dir or VLA_LAB_RUNS_DIR`,
    );
  }
  const minMiB = Number(env.VLA_LAB_MIN_FREE_MB ?? MIN_FREE_MIB_DEFAULT);
  try {
    const st = fs.statfsSync(root);
    const freeMiB = (Number(st.bavail) * Number(st.bsize)) / 2 ** 20;
    if (freeMiB < minMiB)
      throw new UserError(
        `the runs directory ${root} has only ${freeMiB.toFixed(0)} MiB free (at least ${minMiB} MiB needed for checkpoints and logs); free some space or choose another with --runs-dir`,
      );
  } catch (e) {
    if (e instanceof UserError) throw e;
  }
}

/** Refuses a GPU request this machine cannot meet, with what to do instead. */
export function checkGpuRequest(opts: { gpus: number; launcher: string; machine: GpuInfo[] }): void {
  const { gpus, launcher, machine } = opts;
  if (runsElsewhere(launcher)) return;
  if (gpus > machine.length) {
    const have =
      machine.length === 0
        ? 'this machine has no GPU (nvidia-smi finds none)'
        : `this machine has ${machine.length} GPU${machine.length === 1 ? '' : 's'}`;
    const cpu =
      launcher === 'torchrun'
        ? `the CPU with --gpus 0 (and --procs ${Math.max(2, gpus)} for ${Math.max(2, gpus)} CPU processes)`
        : 'the CPU with --gpus 0';
    throw new UserError(
      `the spec asks for ${gpus} GPU${gpus === 1 ? '' : 's'} (resources.gpus) but ${have}: run on ${machine.length === 0 ? cpu : `at most --gpus ${machine.length}`}, or use --launcher slurm`,
    );
  }
  if (launcher === 'local' && gpus > 1)
    throw new UserError(`the local launcher runs one process on one GPU; for ${gpus} GPUs use --launcher torchrun`);
}

// ───────────────────────────── creating runs ─────────────────────────────

function gitInfo(dir: string): { commit: string | null; dirty: boolean | null } {
  const r = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8', shell: false, timeout: 5_000 });
  if (r.status !== 0) return { commit: null, dirty: null };
  const s = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], {
    cwd: dir,
    encoding: 'utf8',
    shell: false,
    timeout: 5_000,
  });
  return { commit: r.stdout.trim() || null, dirty: s.status === 0 ? s.stdout.trim().length > 0 : null };
}

function absolutise(p: unknown, base: string): unknown {
  return typeof p === 'string' && p && !path.isAbsolute(p) ? path.resolve(base, p) : p;
}

/**
 * The spec a run gets as spec.json: defaults filled (resolveSpec), and paths that the spec file
 * wrote relative to itself made absolute, since the trainer runs elsewhere.
 */
export function specForRun(spec: Record<string, unknown>, specDir: string): Record<string, unknown> {
  const s = resolveSpec(spec) as Record<string, any>;
  for (const stage of s.data?.stages ?? [])
    for (const d of stage.datasets ?? []) if (d && typeof d === 'object' && 'path' in d) d.path = absolutise(d.path, specDir);
  for (const e of Array.isArray(s.eval) ? s.eval : [])
    if (e && typeof e === 'object' && 'sequences' in e) e.sequences = absolutise(e.sequences, specDir);
  if (s.backbone && typeof s.backbone === 'object') {
    if ('path' in s.backbone) s.backbone.path = absolutise(s.backbone.path, specDir);
    const id = s.backbone.id;
    if (typeof id === 'string' && /^hf:\.{1,2}\//.test(id)) s.backbone.id = `hf:${path.resolve(specDir, id.slice(3))}`;
  }
  return s;
}

export interface NewRunInput {
  /** A concrete, validated spec (no sweep). */
  spec: Record<string, unknown>;
  specSource: string | null;
  /** Directory relative paths in the spec are resolved against. */
  specDir: string;
  python: Pick<InterpreterInfo, 'path' | 'version' | 'torch' | 'cuda'>;
  priority?: number;
  sweep?: RunRecord['sweep'];
  /** backend robovlms: the checkout that holds main.py. */
  robovlmsPath?: string;
  /** Compiles the spec for RoboVLMs (core/robovlms compileSpec); needed for backend robovlms. */
  compileRoboVLMs?: (spec: Record<string, unknown>) => Record<string, unknown>;
  kind?: 'train' | 'eval';
  parentRun?: string | null;
  checkpoint?: string | null;
  /** An eval run of a vla-eval model server (run.json model_server) instead of a checkpoint. */
  modelServer?: RunRecord['model_server'];
  /** An eval run over every checkpoint of parentRun on disk when it starts (the curve). */
  everyCheckpoint?: boolean;
  /** An eval run of a checkpoint on the eval entries of its own spec.json (another spec's) instead of the checkpoint's. */
  evalSpec?: boolean;
  /** `vla-lab eval --entry K` (repeatable): only these eval entries (0-based). */
  evalEntries?: number[];
  /** `vla-lab eval --chains N`: chains (or single-task episodes) per entry instead of the spec's. */
  evalChains?: number;
  /** `vla-lab reproduce`: the run (<experiment>/<run-id>) this one re-creates. */
  reproduces?: string | null;
}

export function createRun(ctx: RunsContext, input: NewRunInput): { dir: string; record: RunRecord } {
  const spec = specForRun(input.spec, input.specDir);
  const experiment = checkExperimentName(String(spec.name));
  const resources = (spec.resources ?? {}) as {
    launcher?: 'local' | 'torchrun' | 'slurm' | 'hosts';
    gpus?: number;
    processes?: number;
    nodes?: number;
    priority?: number;
    hosts?: unknown[];
  };
  const backend = (spec.backend as 'builtin' | 'robovlms' | undefined) ?? 'builtin';
  const { id, dir } = createRunDir(ctx.root, experiment);
  fs.mkdirSync(path.join(dir, RUN_FILES.checkpoints), { recursive: true });
  writeJsonAtomic(path.join(dir, RUN_FILES.spec), spec);
  let cwd = dir;
  let logdir: string | null = null;
  if (backend === 'robovlms') {
    if (!input.robovlmsPath)
      throw new UserError('backend robovlms needs a RoboVLMs checkout: pass --robovlms-path (or set vlaLab.robovlms.path)');
    if (!input.compileRoboVLMs) throw new Error('createRun: compileRoboVLMs is required for backend robovlms');
    // No resources.gpus is a CPU run (gpus_requested 0): compile it for the CPU, as `resources.gpus: 0` would.
    const config = input.compileRoboVLMs({ ...spec, resources: { ...resources, gpus: resources.gpus ?? 0 } });
    // Logs and checkpoints go inside the run directory, where the supervisor's adapter reads them.
    config.log_root = path.join(dir, RUN_FILES.robovlmsLogs);
    config.output_root = path.join(dir, RUN_FILES.robovlmsCheckpoints);
    if (!config.cache_root) config.cache_root = path.join(dir, 'robovlms', 'cache');
    writeJsonAtomic(path.join(dir, RUN_FILES.robovlmsConfig), config);
    cwd = path.resolve(input.robovlmsPath);
    logdir = config.log_root as string;
  }
  const now = nowIso();
  const versions: Record<string, string | null> = { node: process.version };
  try {
    versions.vlalab = JSON.parse(fs.readFileSync(path.join(extensionRoot(), 'package.json'), 'utf8')).version;
  } catch {
    /* unknown */
  }
  const record: RunRecord = {
    v: 1,
    id,
    experiment,
    status: 'queued',
    kind: input.kind ?? 'train',
    backend,
    launcher: resources.launcher ?? 'local',
    priority: input.priority ?? resources.priority ?? 0,
    ...(input.sweep ? { sweep: input.sweep } : {}),
    spec_source: input.specSource,
    spec_hash: specHash(spec),
    argv: [],
    cwd,
    host: hostName(),
    pid: null,
    pgid: null,
    pid_start_time: null,
    gpus: [],
    gpus_requested: resources.gpus ?? 0,
    ...(resources.processes && resources.processes > 1 ? { processes: resources.processes } : {}),
    nodes: resources.launcher === 'hosts' && Array.isArray(resources.hosts) ? resources.hosts.length : (resources.nodes ?? 1),
    created_at: now,
    queued_at: null,
    started_at: null,
    ended_at: null,
    exit_code: null,
    signal: null,
    error: null,
    error_kind: null,
    git: gitInfo(input.specDir),
    python: { path: input.python.path, version: input.python.version, torch: input.python.torch, cuda: input.python.cuda },
    versions,
    resumes: 0,
    parent_run: input.parentRun ?? null,
    checkpoint: input.checkpoint ?? null,
    ...(input.modelServer ? { model_server: input.modelServer } : {}),
    ...(input.everyCheckpoint ? { every_checkpoint: true } : {}),
    ...(input.evalSpec ? { eval_spec: true } : {}),
    ...(input.evalEntries?.length ? { eval_entries: input.evalEntries as [number, ...number[]] } : {}),
    ...(input.evalChains !== undefined ? { eval_chains: input.evalChains } : {}),
    ...(input.reproduces ? { reproduces: input.reproduces } : {}),
    logdir,
  };
  writeRecord(dir, record);
  return { dir, record };
}

/**
 * What a queued run launches with, decided by the process that queues it from the user's own
 * configuration (findInterpreter; the RoboVLMs checkout the user named), never read back from
 * run.json: the queue entry carries it, signed (trust.ts).
 */
export interface LaunchChoice {
  /** The interpreter (InterpreterInfo.path from findInterpreter). */
  python: string;
  /** backend robovlms: the RoboVLMs checkout (the worker's working directory). */
  workdir?: string;
}

function entryOf(record: RunRecord, launch: LaunchChoice): QueueEntry {
  return {
    experiment: record.experiment,
    id: record.id,
    priority: record.priority ?? 0,
    gpus: runsElsewhere(record.launcher) ? 0 : (record.gpus_requested ?? 0),
    launcher: record.launcher === 'none' ? 'local' : record.launcher,
    seq: nextSeq(),
    enqueued_at: nowIso(),
    python: launch.python,
    ...(launch.workdir ? { workdir: launch.workdir } : {}),
  };
}

/** Marks the run queued and adds it to the queue, to be launched with `launch`. */
export function enqueueRun(ctx: RunsContext, dir: string, launch: LaunchChoice): void {
  const r = updateRecord(dir, (rec) => ({ ...rec, status: 'queued', queued_at: nowIso() }));
  if (!r) throw new UserError(`no run record in ${dir}`);
  enqueue(ctx.root, entryOf(r, launch), ctx.env ?? process.env);
}

// ───────────────────────────── starting runs ─────────────────────────────

/** How to start the supervisor: the bundled dist/supervisor.js, or the TypeScript entry under tsx (tests, development). */
function supervisorCommand(): { argv: string[]; cwd: string } {
  const root = extensionRoot();
  const bundled = path.join(__dirname, 'supervisor.js');
  if (!__filename.endsWith('.ts') && fs.existsSync(bundled)) return { argv: [process.execPath, bundled], cwd: root };
  const dist = path.join(root, 'dist', 'supervisor.js');
  if (!__filename.endsWith('.ts') && fs.existsSync(dist)) return { argv: [process.execPath, dist], cwd: root };
  // From source (tests, development): the TypeScript entry through tsx's loader, named by file URL
  // so it resolves wherever the caller's working directory is.
  const loader = pathToFileURL(path.join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return { argv: [process.execPath, '--import', loader, path.join(root, 'extension', 'runner-supervisor.ts')], cwd: root };
}

/**
 * Spawns the detached supervisor for a claimed run (own process group, stdio to a file, unref):
 * it outlives the CLI or editor that started it.
 */
function startSupervisor(ctx: RunsContext, dir: string, gpus: number[], launch: LaunchChoice): void {
  const rec = updateRecord(dir, (r) => ({ ...r, status: 'starting', gpus, cancel_requested_at: r.cancel_requested_at ?? null }));
  if (!rec) throw new Error(`no run record in ${dir}`);
  const cmd = supervisorCommand();
  const log = fs.openSync(path.join(dir, RUN_FILES.supervisorLog), 'a');
  try {
    const args = [...cmd.argv.slice(1), dir, '--python', launch.python, ...(launch.workdir ? ['--workdir', launch.workdir] : [])];
    const child = spawn(cmd.argv[0], args, {
      cwd: cmd.cwd,
      detached: true,
      stdio: ['ignore', log, log],
      shell: false,
      env: { ...(ctx.env ?? process.env), VLA_LAB_RUNS_DIR: ctx.root },
    });
    child.on('error', () => {
      /* reported by reconcile: a starting run without a live supervisor */
    });
    child.unref();
    if (!child.pid) throw new Error('the supervisor process did not start');
    const pid = child.pid;
    updateRecord(dir, (r) => (r.supervisor?.pid ? r : { ...r, supervisor: { pid, start_time: processStartTime(pid), host: hostName() } }));
  } finally {
    fs.closeSync(log);
  }
}

function failRecord(dir: string, error: string, kind: RunRecord['error_kind']): void {
  updateRecord(dir, (r) => (TERMINAL.has(r.status) ? null : { ...r, status: 'failed', error, error_kind: kind, ended_at: nowIso() }));
}

/** Starts whatever the queue allows now. Any process may call this at any time. */
export function drainQueue(ctx: RunsContext): PlannedStart[] {
  const dirOf = (e: { experiment: string; id: string }) => safeJoin(ctx.root, e.experiment, e.id);
  return scheduleOnce(ctx.root, {
    env: ctx.env,
    gpus: machineGpus(ctx),
    maxConcurrent: ctx.maxConcurrent,
    maxCpuRuns: ctx.maxCpuRuns,
    busyMemoryMiB: ctx.busyMemoryMiB,
    isActive: (a: ActiveEntry) => {
      let dir: string;
      try {
        dir = dirOf(a);
      } catch {
        return false;
      }
      const rec = reconcile(dir);
      return rec !== null && (ACTIVE.has(rec.status) || rec.status === 'queued');
    },
    launch: (entry, gpus) => {
      const dir = dirOf(entry);
      const rec = readRecord(dir);
      if (!rec || rec.status !== 'queued') throw new Error(`run ${entryKey(entry)} is no longer queued`);
      if (!entry.python) throw new Error('its queue entry names no interpreter; queue it again');
      // The signed entry, not run.json, says what runs (scheduleOnce starts signed entries only).
      startSupervisor(ctx, dir, gpus, { python: entry.python, workdir: entry.workdir });
    },
    onLaunchError: (entry, e) => {
      try {
        failRecord(dirOf(entry), `could not launch: ${(e as Error).message}`, 'launch');
      } catch {
        /* run dir gone */
      }
    },
    onImpossible: ({ entry, reason }) => {
      try {
        failRecord(dirOf(entry), `cannot start: ${reason}; resume it with --gpus 0 or on a bigger machine`, 'launch');
      } catch {
        /* run dir gone */
      }
    },
  });
}

// ───────────────────────────── reconciling ─────────────────────────────

/**
 * The record, corrected for processes that are gone: a starting/running run whose supervisor
 * and worker are both dead (kill -9 of everything, a reboot) ends as its events say (a run_end
 * after the last run_start) or `failed` ("the run's processes are gone"). A recycled pid is
 * never taken for the run: identity is pid + start time.
 */
export function reconcile(dir: string, record: RunRecord | null = readRecord(dir)): RunRecord | null {
  if (!record || !ACTIVE.has(record.status)) return record;
  if (record.host && record.host !== hostName()) return record; // another machine's processes: cannot tell
  if (runIsAlive(record)) return record;
  return updateRecord(dir, (r) => {
    if (!ACTIVE.has(r.status) || runIsAlive(r)) return null;
    const summary = summarizeFile(path.join(dir, RUN_FILES.events));
    const end = summary.runEnd;
    if (end) {
      return {
        ...r,
        status: end.status,
        error: end.error ?? r.error ?? null,
        error_kind: end.error_kind ?? null,
        exit_code: end.exit_code ?? r.exit_code ?? null,
        ended_at: r.ended_at ?? new Date(end.t * 1000).toISOString(),
      };
    }
    if (r.launcher === 'slurm' && r.slurm?.job_id) return null; // the job may still run in Slurm; its supervisor is what died
    const who = [r.supervisor?.pid ? `supervisor pid ${r.supervisor.pid}` : null, r.pid ? `worker pid ${r.pid}` : null]
      .filter(Boolean)
      .join(' and ');
    const stderrTail = tailLines(path.join(dir, RUN_FILES.stderr), 20);
    return {
      ...r,
      status: r.cancel_requested_at ? 'cancelled' : 'failed',
      error: r.cancel_requested_at
        ? null
        : `the run's processes are gone (${who || 'never started'} not running, and events.jsonl has no run_end): they were killed or the machine restarted; 'vla-lab resume ${r.experiment}/${r.id}' continues from the last checkpoint`,
      error_kind: r.cancel_requested_at ? null : 'signal',
      ended_at: nowIso(),
      ...(stderrTail.length ? { stderr_tail: stderrTail } : {}),
    };
  });
}

/** Is the supervisor or the worker of this run still alive (same pid and start time)? */
function runIsAlive(r: RunRecord): boolean {
  if (isSameProcessAlive(r.supervisor?.pid, r.supervisor?.start_time)) return true;
  if (isSameProcessAlive(r.pid, r.pid_start_time)) return true;
  // Just claimed: the supervisor is being spawned by a process holding the queue lock.
  if (r.status === 'starting' && !r.supervisor?.pid) return Date.now() - Date.parse(r.queued_at ?? r.created_at) < 60_000;
  return false;
}

// ───────────────────────────── listing and finding ─────────────────────────────

export interface RunRef {
  dir: string;
  record: RunRecord;
}

/**
 * Every run under the root (reconciled), oldest first. A run folder whose run.json exists but
 * cannot be read is not a run to list: `onUnreadable` hears of it (ls lists it as unreadable).
 */
export function listRuns(
  root: string,
  opts: { reconcile?: boolean; onUnreadable?: (dir: string, problem: string) => void } = {},
): RunRef[] {
  const out: RunRef[] = [];
  let exps: fs.Dirent[];
  try {
    exps = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return [];
  }
  for (const e of exps) {
    if (!e.isDirectory() || !isValidExperimentName(e.name)) continue;
    let ids: fs.Dirent[];
    try {
      ids = fs.readdirSync(path.join(root, e.name), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const i of ids) {
      if (!i.isDirectory() || !isValidRunId(i.name)) continue;
      const dir = path.join(root, e.name, i.name);
      const record = opts.reconcile === false ? readRecord(dir) : reconcile(dir);
      if (record) out.push({ dir, record });
      else if (opts.onUnreadable) {
        const problem = recordProblem(dir);
        if (problem) opts.onUnreadable(dir, problem);
      }
    }
  }
  return out.sort((a, b) =>
    a.record.created_at < b.record.created_at ? -1 : a.record.created_at > b.record.created_at ? 1 : a.record.id < b.record.id ? -1 : 1,
  );
}

/**
 * `<run>`: `experiment/run-id`, a unique run-id prefix, a run directory path, or `latest`
 * (optionally `experiment/latest`). Never resolves outside the runs root.
 */
export function resolveRunRef(root: string, ref: string, cwd: string): string {
  if (!ref) throw new UserError('give a run: experiment/run-id, a run-id prefix, a run directory or latest');
  if (ref === 'latest' || ref.endsWith('/latest')) {
    const exp = ref === 'latest' ? null : ref.slice(0, -'/latest'.length);
    const runs = listRuns(root, { reconcile: false }).filter((r) => exp === null || r.record.experiment === exp);
    if (!runs.length)
      throw new UserError(exp ? `no runs of ${exp} under ${root}` : `no runs under ${root} yet; start one with 'vla-lab run <spec>'`);
    return runs[runs.length - 1].dir;
  }
  // A directory path (absolute, or relative to the working directory).
  const asPath = path.resolve(cwd, ref);
  if ((ref.includes('/') || ref.startsWith('.')) && fs.existsSync(path.join(asPath, RUN_FILES.record))) {
    const real = fs.realpathSync(asPath);
    const realRoot = fs.realpathSync(root);
    if (!isInside(realRoot, real))
      throw new UserError(`${ref} is not inside the runs directory ${root}; pass --runs-dir to use another runs directory`);
    return asPath;
  }
  const slash = ref.split('/');
  if (slash.length === 2 && isValidExperimentName(slash[0]) && slash[1]) {
    const [exp, idPart] = slash;
    const matches = listRunIds(root, exp).filter((id) => id.startsWith(idPart));
    if (matches.length === 1) return safeJoin(root, exp, matches[0]);
    if (matches.length > 1 && matches.includes(idPart)) return safeJoin(root, exp, idPart);
    if (matches.length > 1)
      throw new UserError(`${ref} matches ${matches.length} runs (${matches.slice(0, 3).join(', ')}…); give more of the run id`);
    throw new UserError(`no run ${ref} under ${root}`);
  }
  if (slash.length === 1 && isValidRunId(ref)) {
    const matches: string[] = [];
    for (const exp of listExperiments(root)) for (const id of listRunIds(root, exp)) if (id.startsWith(ref)) matches.push(`${exp}/${id}`);
    if (matches.length === 1) return safeJoin(root, ...matches[0].split('/'));
    if (matches.length > 1)
      throw new UserError(
        `${ref} matches ${matches.length} runs (${matches.slice(0, 3).join(', ')}${matches.length > 3 ? ', …' : ''}); use experiment/run-id`,
      );
    if (listRunIds(root, ref).length) {
      const ids = listRunIds(root, ref);
      return safeJoin(root, ref, ids[ids.length - 1]);
    }
  }
  throw new UserError(
    `no run ${JSON.stringify(ref)} under ${root} (give experiment/run-id, a run-id prefix, a run directory or latest; 'vla-lab ls' lists runs)`,
  );
}

function listExperiments(root: string): string[] {
  try {
    return fs
      .readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && isValidExperimentName(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

function listRunIds(root: string, exp: string): string[] {
  try {
    return fs
      .readdirSync(safeJoin(root, exp), { withFileTypes: true })
      .filter((e) => e.isDirectory() && isValidRunId(e.name) && fs.existsSync(path.join(root, exp, e.name, RUN_FILES.record)))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

// ───────────────────────────── cancel and resume ─────────────────────────────

export interface CancelOptions {
  /** Seconds between SIGTERM and SIGKILL (default 30: the trainer saves a checkpoint on SIGTERM). */
  graceS?: number;
  /** How long to wait for the run to end (default grace + 15 s); 0 returns at once. */
  waitMs?: number;
  /** Slurm: cancel the job when no supervisor is left to do it. */
  scancel?: (record: RunRecord) => void;
}

export function cancelRun(ctx: RunsContext, dir: string, opts: CancelOptions = {}): RunRecord {
  const graceS = opts.graceS ?? 30;
  let rec = reconcile(dir);
  if (!rec) throw new UserError(`no run record in ${dir}`);
  if (TERMINAL.has(rec.status)) return rec;
  const key = entryKey(rec);
  if (rec.status === 'queued' && removePending(ctx.root, key)) {
    return updateRecord(dir, (r) => ({ ...r, status: 'cancelled', ended_at: nowIso(), cancel_requested_at: nowIso() }))!;
  }
  rec = updateRecord(dir, (r) => ({ ...r, cancel_requested_at: r.cancel_requested_at ?? nowIso(), cancel_grace_s: graceS }))!;
  // The supervisor does the SIGTERM → grace → SIGKILL dance and writes the final status.
  const supAlive = isSameProcessAlive(rec.supervisor?.pid, rec.supervisor?.start_time);
  if (supAlive) signalProcess(rec.supervisor!.pid!, 'SIGTERM');
  const deadline = Date.now() + (opts.waitMs ?? graceS * 1000 + 15_000);
  let killedOurselves = false;
  let termSentAt = 0;
  for (;;) {
    rec = reconcile(dir) ?? rec;
    if (TERMINAL.has(rec.status)) break;
    if (!isSameProcessAlive(rec.supervisor?.pid, rec.supervisor?.start_time)) {
      // No supervisor (it died): do it here.
      if (rec.launcher === 'slurm' && rec.slurm?.job_id && opts.scancel && !killedOurselves) {
        opts.scancel(rec);
        killedOurselves = true;
      } else if (rec.pgid && isSameProcessAlive(rec.pid, rec.pid_start_time)) {
        if (!termSentAt) {
          signalGroup(rec.pgid, 'SIGTERM');
          termSentAt = Date.now();
        } else if (Date.now() - termSentAt > graceS * 1000) signalGroup(rec.pgid, 'SIGKILL');
      } else if (rec.status === 'queued' || !rec.pid || !processGroupAlive(rec.pgid)) {
        removePending(ctx.root, key);
        release(ctx.root, key);
        rec = updateRecord(dir, (r) => (TERMINAL.has(r.status) ? null : { ...r, status: 'cancelled', ended_at: nowIso() })) ?? rec;
        break;
      }
    }
    if (Date.now() > deadline) break;
    sleepSync(200);
  }
  return rec;
}

/** Relaunches a failed or cancelled training run in its own directory with --resume, with `opts.launch`. */
export function resumeRun(
  ctx: RunsContext,
  dir: string,
  opts: { launch: LaunchChoice | (() => LaunchChoice); priority?: number; gpus?: number },
): RunRecord {
  const rec = reconcile(dir);
  if (!rec) throw new UserError(`no run record in ${dir}`);
  if (rec.kind === 'imported') throw new UserError(`${rec.experiment}/${rec.id} is an imported log directory; there is nothing to resume`);
  if (rec.kind === 'eval')
    throw new UserError(`${rec.experiment}/${rec.id} is an evaluation; run 'vla-lab eval' again instead of resuming it`);
  if (rec.status === 'completed')
    throw new UserError(
      `${rec.experiment}/${rec.id} completed: there is nothing to resume (evaluate it again with 'vla-lab eval ${rec.experiment}/${rec.id}', or start a new run)`,
    );
  if (!TERMINAL.has(rec.status))
    throw new UserError(`${rec.experiment}/${rec.id} is ${rec.status}; only a failed or cancelled run can be resumed`);
  if (rec.host && rec.host !== hostName() && rec.launcher !== 'slurm')
    throw new UserError(`${rec.experiment}/${rec.id} ran on ${rec.host}; resume it there`);
  // Resolved only now, so a run that cannot be resumed costs no interpreter probe.
  const launch = typeof opts.launch === 'function' ? opts.launch() : opts.launch;
  const next = updateRecord(dir, (r) => ({
    ...r,
    status: 'queued',
    resumes: (r.resumes ?? 0) + 1,
    priority: opts.priority ?? r.priority,
    gpus_requested: opts.gpus ?? r.gpus_requested,
    queued_at: nowIso(),
    ended_at: null,
    exit_code: null,
    signal: null,
    error: null,
    error_kind: null,
    stderr_tail: [],
    cancel_requested_at: null,
    pid: null,
    pgid: null,
    pid_start_time: null,
    supervisor: { pid: null, start_time: null, host: null },
  }))!;
  // A pending entry left behind (ours or a copied folder's) is replaced by ours.
  enqueue(ctx.root, entryOf(next, launch), ctx.env ?? process.env);
  return next;
}

/** Queued runs in this runs directory that this user did not queue on this machine (they never start on their own). */
export function foreignQueued(ctx: RunsContext): QueueEntry[] {
  return listForeign(ctx.root, ctx.env ?? process.env);
}

/**
 * The user's explicit yes to foreign queued runs (--allow-foreign-queue, the editor's prompt): each
 * is signed anew with the user's key and `launch` (the user's own interpreter), never with what the
 * copied entry or run.json named. Entries of runs that are not queued are removed. Returns the keys adopted.
 */
export function adoptForeign(ctx: RunsContext, launchFor: (record: RunRecord) => LaunchChoice): string[] {
  const env = ctx.env ?? process.env;
  const secret = userSecret(env);
  const adopted: string[] = [];
  for (const e of listForeign(ctx.root, env)) {
    const key = entryKey(e);
    let dir: string;
    try {
      dir = safeJoin(ctx.root, e.experiment, e.id);
    } catch {
      removePending(ctx.root, key);
      continue;
    }
    const rec = readRecord(dir);
    if (!rec || rec.status !== 'queued' || rec.experiment !== e.experiment || rec.id !== e.id || rec.kind === 'imported') {
      removePending(ctx.root, key);
      continue;
    }
    const entry = signEntry(entryOf(rec, launchFor(rec)), secret);
    writeJsonAtomic(path.join(queueDirs(ctx.root).pending, `${key}.json`), entry);
    adopted.push(`${rec.experiment}/${rec.id}`);
  }
  return adopted;
}
