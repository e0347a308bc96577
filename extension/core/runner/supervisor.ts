/**
 * The supervisor: a small detached Node process per run (dist/supervisor.js <run-dir>). It
 * launches the worker (argv, no shell, its own process group so a cancel reaches torchrun's
 * children too), waits for it, keeps run.json current, turns the exit into a status with a named
 * error, and then starts whatever the queue allows next. For RoboVLMs it also converts RoboVLMs'
 * logs into events.jsonl while the job runs; for Slurm it submits and tracks the job.
 *
 * Cancel: `vla-lab cancel` sets cancel_requested_at and sends this process SIGTERM; it forwards
 * SIGTERM to the worker's group and SIGKILL after cancel_grace_s.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunEvent } from '../generated/events';
import { RoboVLMsLogTail } from '../adapters/robovlms-logs';
import { manifestArgv, manifestEnv, writeManifestWithPython } from '../manifest/write';
import { localArgv } from './launchers/local';
import { freePort, roboVLMsArgv, roboVLMsProgram, torchrunArgv, torchrunScript } from './launchers/torchrun';
import * as slurm from './launchers/slurm';
import { superviseHosts } from './hosts-supervisor';
import { extensionRoot, isInside, runDirOf, RUN_FILES } from './paths';
import {
  hostName,
  isSameProcessAlive,
  processGroupAlive,
  processStartTime,
  processTree,
  signalGroup,
  signalName,
  signalProcess,
} from './process';
import { nowIso, readRecord, TERMINAL, updateRecord, type RunRecord } from './record';
import { drainQueue, runsContext, type LaunchChoice } from './runs';
import { release } from './queue';
import { entryKey } from './scheduler';
import { classifyExit, eventsSince, tailLines } from './status';

export interface WorkerPlan {
  argv: string[];
  cwd: string;
  /** Set on top of the supervisor's environment. */
  env: Record<string, string>;
}

/**
 * The worker's argv, cwd and environment for a run record. The program comes from `launch` (the
 * signed queue entry: the user's own configuration), never from run.json, which travels with the
 * run folder and anyone may have written.
 */
export async function workerPlan(rec: RunRecord, dir: string, launch: LaunchChoice, extRoot = extensionRoot()): Promise<WorkerPlan> {
  const python = launch.python;
  if (!python) throw new Error('no Python interpreter given for the run');
  const gpus = rec.gpus ?? [];
  const env: Record<string, string> = {
    PYTHONUNBUFFERED: '1',
    VLA_LAB_RUN_ID: rec.id,
    // An empty list hides every GPU: a CPU run on a GPU machine stays on the CPU.
    CUDA_VISIBLE_DEVICES: gpus.join(','),
  };
  const specPath = path.join(dir, RUN_FILES.spec);
  if (rec.backend === 'robovlms') {
    const nproc = Math.max(1, rec.gpus_requested ?? 1);
    env.OMP_NUM_THREADS = process.env.OMP_NUM_THREADS ?? String(Math.max(1, Math.floor(os.cpus().length / nproc)));
    if (!launch.workdir) throw new Error('backend robovlms needs the RoboVLMs checkout (queue the run again with --robovlms-path)');
    const argv = roboVLMsArgv({
      python,
      extRoot,
      nodes: rec.nodes ?? 1,
      gpus: nproc,
      masterPort: await freePort(),
      runId: rec.id,
      config: roboVLMsConfigOf(rec, dir),
      cpu: gpus.length === 0,
    });
    return { argv, cwd: launch.workdir, env };
  }
  // Python puts the working directory (the run folder) first on sys.path for `-m`: a torch.py or
  // vlalab/ planted in a copied run folder would be imported. 3.11+ leaves it out with this (not for
  // RoboVLMs above: its main.py imports its package from the checkout, its working directory).
  env.PYTHONSAFEPATH = '1';
  const pyPath = path.join(extRoot, 'python');
  env.PYTHONPATH = process.env.PYTHONPATH ? `${pyPath}${path.delimiter}${process.env.PYTHONPATH}` : pyPath;
  const root = path.dirname(path.dirname(dir));
  const args = {
    kind: rec.kind === 'eval' ? ('eval' as const) : ('train' as const),
    runDir: dir,
    specPath,
    resume: (rec.resumes ?? 0) > 0,
    dataCache: path.join(root, '_data'),
    checkpoint: rec.checkpoint,
    modelServer: rec.kind === 'eval' ? (rec.model_server ?? null) : null,
    everyCheckpointOf: rec.kind === 'eval' && rec.every_checkpoint ? parentRunDir(root, rec) : null,
    evalSpec: rec.kind === 'eval' && rec.eval_spec === true,
    ...(rec.kind === 'eval' && rec.eval_entries?.length ? { entries: rec.eval_entries } : {}),
    ...(rec.kind === 'eval' && rec.eval_chains !== undefined ? { chains: rec.eval_chains } : {}),
  };
  if (rec.launcher === 'torchrun') {
    const nproc = torchrunProcesses(rec);
    env.OMP_NUM_THREADS = process.env.OMP_NUM_THREADS ?? String(Math.max(1, Math.floor(os.cpus().length / nproc)));
    return { argv: torchrunArgv({ python, extRoot, nproc, masterPort: await freePort() }, args), cwd: dir, env };
  }
  return { argv: localArgv(python, args), cwd: dir, env };
}

/** The RoboVLMs config a run launches: the compiled one, or on a resumed training run the one naming its newest checkpoint. */
function roboVLMsConfigOf(rec: RunRecord, dir: string): string {
  return (rec.resumes ?? 0) > 0 && rec.kind !== 'eval' ? roboVLMsResumeConfig(dir) : path.join(dir, RUN_FILES.robovlmsConfig);
}

/** The folder of an eval run's parent training run (parent_run is <experiment>/<run-id> under the same runs root). */
function parentRunDir(root: string, rec: Pick<RunRecord, 'parent_run'>): string {
  const [experiment, id, ...rest] = (rec.parent_run ?? '').split('/');
  if (!experiment || !id || rest.length)
    throw new Error(`the evaluation names no training run to evaluate (parent_run ${JSON.stringify(rec.parent_run ?? null)})`);
  return runDirOf(root, experiment, id);
}

/**
 * The newest RoboVLMs checkpoint of a run: Lightning's `epoch=E-step=S.ckpt` (a file, or a
 * directory under DeepSpeed) anywhere under robovlms/checkpoints/, highest step first; null when none.
 */
export function latestRoboVLMsCheckpoint(dir: string): string | null {
  let best: { step: number; mtime: number; path: string } | null = null;
  const visit = (d: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      const m = /step=(\d+)/.exec(e.name);
      if (e.name.endsWith('.ckpt') && m) {
        let mtime = 0;
        try {
          mtime = fs.statSync(p).mtimeMs;
        } catch {
          continue;
        }
        const step = Number(m[1]);
        if (!best || step > best.step || (step === best.step && mtime > best.mtime)) best = { step, mtime, path: p };
      } else if (e.isDirectory() && depth < 6) visit(p, depth + 1);
    }
  };
  visit(path.join(dir, RUN_FILES.robovlmsCheckpoints), 0);
  return (best as { path: string } | null)?.path ?? null;
}

/**
 * A resumed RoboVLMs run: its config with `"resume"` set to the newest checkpoint (main.py hands
 * that to Lightning's `fit(ckpt_path=…)`, which restores weights, optimizer, epoch and step),
 * written beside the original as robovlms-config.resume.json. With no checkpoint yet (cancelled
 * in its first epoch: RoboVLMs saves once per epoch) it starts again from the beginning.
 */
export function roboVLMsResumeConfig(dir: string): string {
  const original = path.join(dir, RUN_FILES.robovlmsConfig);
  const config = JSON.parse(fs.readFileSync(original, 'utf8')) as Record<string, unknown>;
  config.resume = latestRoboVLMsCheckpoint(dir);
  const out = path.join(dir, RUN_FILES.robovlmsResumeConfig);
  fs.writeFileSync(out, JSON.stringify(config, null, 4) + '\n');
  return out;
}

/** Processes torchrun starts on a node: one per GPU given (or asked for), else the CPU processes asked for. */
export function torchrunProcesses(rec: Pick<RunRecord, 'gpus' | 'gpus_requested' | 'processes'>): number {
  const gpus = rec.gpus?.length || rec.gpus_requested || 0;
  return Math.max(1, gpus > 0 ? gpus : (rec.processes ?? 1));
}

export function fileIdentity(file: string): { ino: number; size: number } | null {
  try {
    const st = fs.statSync(file);
    return { ino: st.ino, size: st.size };
  } catch {
    return null;
  }
}

export function appendEvents(dir: string, events: RunEvent[]): void {
  if (!events.length) return;
  fs.appendFileSync(path.join(dir, RUN_FILES.events), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
}

function log(msg: string): void {
  process.stdout.write(`[${new Date().toISOString()}] ${msg}\n`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SuperviseOptions {
  extRoot?: string;
  slurmRunner?: slurm.SlurmCommandRunner;
  /** Milliseconds between checks of run.json and RoboVLMs logs (default 1000). */
  pollMs?: number;
  /** Milliseconds between Slurm state queries (default 5000). */
  slurmPollMs?: number;
  /** Start queued runs after this one ends (default true). */
  drain?: boolean;
  /** What to launch: from the signed queue entry, passed by the process that claimed it (runs.ts startSupervisor). */
  launch?: LaunchChoice;
}

export async function supervise(dir: string, opts: SuperviseOptions = {}): Promise<RunRecord | null> {
  const start = readRecord(dir);
  if (!start) {
    log(`no run.json in ${dir}`);
    return null;
  }
  if (TERMINAL.has(start.status)) {
    log(`run is already ${start.status}`);
    return start;
  }
  if (!opts.launch?.python) {
    log('no interpreter given (--python): the supervisor starts only runs claimed from the queue');
    return updateRecord(dir, (r) =>
      TERMINAL.has(r.status)
        ? null
        : {
            ...r,
            status: 'failed',
            error: 'could not launch: the supervisor was started without an interpreter',
            error_kind: 'launch',
            ended_at: nowIso(),
          },
    );
  }
  const me = { pid: process.pid, start_time: processStartTime(process.pid), host: hostName() };
  updateRecord(dir, (r) => ({ ...r, supervisor: me }));
  let final: RunRecord | null;
  try {
    final =
      start.launcher === 'slurm'
        ? await superviseSlurm(dir, opts)
        : start.launcher === 'hosts' && start.kind !== 'eval'
          ? await superviseHosts(dir, opts)
          : await superviseLocal(dir, opts);
  } catch (e) {
    log(`supervisor error: ${(e as Error).stack ?? e}`);
    final = updateRecord(dir, (r) =>
      TERMINAL.has(r.status)
        ? null
        : { ...r, status: 'failed', error: `could not launch: ${(e as Error).message}`, error_kind: 'launch', ended_at: nowIso() },
    );
  }
  const rec = final ?? readRecord(dir);
  const root = path.dirname(path.dirname(dir));
  if (rec) release(root, entryKey(rec));
  if (opts.drain !== false) {
    try {
      const started = drainQueue(runsContext(root, process.env));
      for (const s of started) log(`started queued run ${entryKey(s.entry)}`);
    } catch (e) {
      log(`could not start queued runs: ${(e as Error).message}`);
    }
  }
  return rec;
}

async function superviseLocal(dir: string, opts: SuperviseOptions): Promise<RunRecord | null> {
  let rec = readRecord(dir)!;
  if (rec.cancel_requested_at) {
    return updateRecord(dir, (r) => ({ ...r, status: 'cancelled', ended_at: nowIso() }));
  }
  const plan = await workerPlan(rec, dir, opts.launch!, opts.extRoot);
  if (rec.backend === 'robovlms') {
    // RoboVLMs cannot write the reproducibility manifest itself (the built-in trainer does).
    const why = await writeManifestWithPython({
      python: opts.launch!.python,
      extRoot: opts.extRoot ?? extensionRoot(),
      runDir: dir,
      backend: 'robovlms',
      checkout: plan.cwd,
    });
    if (why) log(`manifest: not written (${why})`);
  }
  const eventsFile = path.join(dir, RUN_FILES.events);
  // What this attempt writes starts here. On a resume the trainer (the one owner of that rule:
  // python/vlalab/trainer/events.py truncate_after) replaces events.jsonl without what the killed
  // attempt logged past its checkpoint; a replaced file (another inode) is this attempt's from its start.
  const eventsAtLaunch = fileIdentity(eventsFile);
  const out = fs.openSync(path.join(dir, RUN_FILES.stdout), 'a');
  const err = fs.openSync(path.join(dir, RUN_FILES.stderr), 'a');
  log(`launching: ${JSON.stringify(plan.argv)} in ${plan.cwd}`);
  const child = spawn(plan.argv[0], plan.argv.slice(1), {
    cwd: plan.cwd,
    env: { ...process.env, ...plan.env },
    detached: true, // its own process group: signals to -pgid reach every child (torchrun's ranks)
    stdio: ['ignore', out, err],
    shell: false,
  });
  fs.closeSync(out);
  fs.closeSync(err);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: Error }>((resolve) => {
    child.once('error', (e) => resolve({ code: null, signal: null, spawnError: e }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const pid = child.pid ?? null;
  if (pid) {
    rec = updateRecord(dir, (r) => ({
      ...r,
      status: 'running',
      pid,
      pgid: pid,
      pid_start_time: processStartTime(pid),
      argv: plan.argv,
      cwd: plan.cwd,
      env: plan.env,
      started_at: nowIso(),
    }))!;
  }

  // RoboVLMs writes its own logs: convert them into events while it runs.
  let tail: RoboVLMsLogTail | null = null;
  if (rec.backend === 'robovlms') {
    appendEvents(dir, [
      {
        v: 1,
        type: 'run_start',
        t: Date.now() / 1000,
        run_id: rec.id,
        spec_hash: rec.spec_hash ?? '',
        host: hostName(),
        pid: pid ?? undefined,
        device: (rec.gpus ?? []).length ? `cuda (${rec.gpus!.join(',')})` : 'cpu',
        world_size: Math.max(1, rec.gpus_requested ?? 1),
        resumed: (rec.resumes ?? 0) > 0,
        versions: { python: rec.python?.version ?? null, torch: rec.python?.torch ?? null },
      } as RunEvent,
    ]);
    // run.json's logdir is read only when it lies inside the run folder (the runner puts it there).
    const ownLogs = path.join(dir, RUN_FILES.robovlmsLogs);
    const logDir = rec.logdir && isInside(path.resolve(dir), path.resolve(rec.logdir)) ? rec.logdir : ownLogs;
    tail = new RoboVLMsLogTail({ logDir, outputDir: path.join(dir, RUN_FILES.robovlmsCheckpoints), runDir: dir });
    // Resumed: what the earlier attempts left is in events.jsonl already (their supervisors' last
    // poll). Read it once and drop it, so only what this attempt writes is reported (main.py takes
    // seconds to import before it writes anything).
    if ((rec.resumes ?? 0) > 0) tail.poll(true);
  }

  // The processes below the worker, which may live in sessions of their own (torchrun starts each
  // rank in one): a signal to the worker's group misses them, and once the worker is gone they are
  // init's, so they are noted while the tree stands and signalled one by one at the end. A rank that
  // outlived its launcher would go on computing, unseen, after the run says it ended.
  const below = new Map<number, string>();
  const noteBelow = () => {
    if (pid) for (const p of processTree(pid)) below.set(p.pid, p.start);
  };
  const leftBelow = () => [...below].filter(([p, start]) => isSameProcessAlive(p, start)).map(([p]) => p);

  // Cancel: SIGTERM to the group now, SIGKILL after the grace period, to the group and below it.
  let cancelling = false;
  const cancel = () => {
    if (cancelling || !pid) return;
    cancelling = true;
    const r = readRecord(dir);
    const grace = (r?.cancel_grace_s ?? 30) * 1000;
    noteBelow();
    log(`cancelling: SIGTERM to process group ${pid}, SIGKILL in ${grace / 1000}s`);
    signalGroup(pid, 'SIGTERM');
    setTimeout(() => {
      noteBelow();
      const left = leftBelow();
      if (processGroupAlive(pid) || left.length) {
        log(
          `grace period over: SIGKILL${left.length ? ` (and ${left.length} process${left.length === 1 ? '' : 'es'} below it: ${left.join(', ')})` : ''}`,
        );
        signalGroup(pid, 'SIGKILL');
        for (const p of left) signalProcess(p, 'SIGKILL');
      }
    }, grace).unref();
  };
  process.on('SIGTERM', () => {
    updateRecord(dir, (r) => ({ ...r, cancel_requested_at: r.cancel_requested_at ?? nowIso() }));
    cancel();
  });
  process.on('SIGINT', () => {
    /* detached: ignore a stray Ctrl-C */
  });
  process.on('SIGHUP', () => {
    /* outlive the terminal */
  });

  let done: { code: number | null; signal: NodeJS.Signals | null; spawnError?: Error } | null = null;
  exited.then((d) => {
    done = d;
  });
  const pollMs = opts.pollMs ?? 1000;
  let polls = 0;
  while (!done) {
    await Promise.race([exited, sleep(pollMs)]);
    if (!done && polls++ % 5 === 0) noteBelow(); // ranks and loaders start in the first seconds, and stay
    if (!cancelling && readRecord(dir)?.cancel_requested_at) cancel();
    if (tail) {
      const p = tail.poll();
      appendEvents(dir, p.events);
      for (const w of p.warnings) log(`robovlms logs: ${w}`);
    }
  }
  const result = done as { code: number | null; signal: NodeJS.Signals | null; spawnError?: Error };
  // Leftovers of the group (data-loader workers) and below it (torchrun ranks in their own
  // sessions) go with the worker.
  const left = leftBelow();
  if (pid && (processGroupAlive(pid) || left.length)) {
    if (left.length)
      log(
        `the worker exited; ${left.length} process${left.length === 1 ? '' : 'es'} below it still ran (${left.join(', ')}): stopping them`,
      );
    signalGroup(pid, 'SIGTERM');
    for (const p of left) signalProcess(p, 'SIGTERM');
    await sleep(2000);
    if (processGroupAlive(pid)) signalGroup(pid, 'SIGKILL');
    for (const p of leftBelow()) signalProcess(p, 'SIGKILL');
  }
  if (tail) {
    const p = tail.poll(true);
    appendEvents(dir, p.events);
  }
  if (result.spawnError) {
    const e = result.spawnError as NodeJS.ErrnoException;
    return updateRecord(dir, (r) => ({
      ...r,
      status: 'failed',
      error: `could not start ${plan.argv[0]}: ${e.code === 'ENOENT' ? 'no such file' : e.message}; point VLA Lab at an interpreter with --python`,
      error_kind: 'launch',
      ended_at: nowIso(),
    }));
  }
  const now = fileIdentity(eventsFile);
  const launched = eventsSince(eventsFile, now && eventsAtLaunch && now.ino === eventsAtLaunch.ino ? eventsAtLaunch.size : 0);
  const runEnd = [...launched].reverse().find((e) => e.type === 'run_end');
  const stderrTail = tailLines(path.join(dir, RUN_FILES.stderr), 20);
  const cancelRequested = Boolean(readRecord(dir)?.cancel_requested_at);
  const signal = result.signal ?? null;
  const outcome = classifyExit({
    code: result.code,
    signal,
    cancelRequested,
    runEnd: runEnd && runEnd.type === 'run_end' ? runEnd : null,
    stderrTail,
  });
  if (!runEnd || rec.backend === 'robovlms') {
    // The worker could not say how it ended (killed, crashed, or RoboVLMs): say it for it.
    const lastStep = [...launched].reverse().find((e) => 'step' in e && typeof (e as { step?: unknown }).step === 'number') as
      | { step?: number }
      | undefined;
    appendEvents(dir, [
      {
        v: 1,
        type: 'run_end',
        t: Date.now() / 1000,
        status: outcome.status,
        error: outcome.error ?? null,
        error_kind: outcome.error_kind === 'launch' ? null : (outcome.error_kind ?? null),
        exit_code: result.code,
        ...(lastStep?.step !== undefined ? { step: lastStep.step } : {}),
      } as RunEvent,
    ]);
  }
  log(`worker exited: code ${result.code} signal ${signal} → ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}`);
  return updateRecord(dir, (r) => ({
    ...r,
    status: outcome.status,
    error: outcome.error,
    error_kind: outcome.error_kind,
    exit_code: result.code,
    signal,
    ended_at: nowIso(),
    stderr_tail: outcome.status === 'failed' ? stderrTail : [],
  }));
}

/**
 * A run's Slurm job: the sbatch script and the login node it is submitted on (none: here). The
 * program is the built-in trainer's `-m vlalab …`, or RoboVLMs' main.py with its arguments —
 * behind python/vlalab/robovlms_cpu.py, one CPU process per resources.processes, when the spec asks
 * for no GPU (Slurm's GPUs are the spec's, not this machine's: rec.gpus is empty for every Slurm run).
 */
export async function slurmJob(
  rec: RunRecord,
  dir: string,
  launch: LaunchChoice,
  extRoot = extensionRoot(),
): Promise<{ script: string; login: string | null }> {
  const spec = JSON.parse(fs.readFileSync(path.join(dir, RUN_FILES.spec), 'utf8')) as {
    resources?: { slurm?: slurm.SlurmOptions; cpus_per_gpu?: number; gpus?: number; processes?: number; nodes?: number };
  };
  const so = spec.resources?.slurm ?? {};
  const login = so.login ?? null;
  const plan = await workerPlan({ ...rec, launcher: 'local' }, dir, launch, extRoot);
  delete plan.env.CUDA_VISIBLE_DEVICES; // Slurm assigns the GPUs
  const gpus = spec.resources?.gpus ?? rec.gpus_requested ?? 0;
  const processes = Math.max(1, spec.resources?.processes ?? rec.processes ?? 1);
  const nodes = spec.resources?.nodes ?? rec.nodes ?? 1;
  const script = slurm.renderSbatch({
    jobName: `vla-${rec.experiment}`.slice(0, 100),
    runDir: dir,
    nodes,
    gpusPerNode: gpus,
    processesPerNode: processes,
    // cpus_per_gpu applies to GPU jobs; a CPU job asks for one core per process (asking for more than
    // a node has would leave the job pending forever with Reason=PartitionConfig).
    cpusPerTask: gpus > 0 ? (spec.resources?.cpus_per_gpu ?? 4) * gpus : processes,
    slurm: so,
    cwd: plan.cwd,
    env: plan.env,
    python: plan.argv[0],
    torchrunScript: torchrunScript(extRoot),
    programArgs:
      rec.backend === 'robovlms'
        ? roboVLMsProgram({
            extRoot,
            nodes,
            gpus: gpus > 0 ? gpus : processes,
            runId: rec.id,
            config: roboVLMsConfigOf(rec, dir),
            cpu: gpus === 0,
          })
        : plan.argv.slice(1),
    // A job Slurm requeues (preemption with PreemptMode=REQUEUE, `scontrol requeue`) runs this script
    // again: the built-in trainer must then continue from its checkpoint, not start over.
    resumeOnRequeue: rec.backend !== 'robovlms' && !plan.argv.includes('--resume') ? '--resume' : undefined,
    // RoboVLMs cannot write the manifest (the built-in trainer does): the job writes it on its node.
    manifest:
      rec.backend === 'robovlms'
        ? {
            argv: manifestArgv({ python: plan.argv[0], extRoot, runDir: dir, backend: 'robovlms', checkout: plan.cwd }),
            env: manifestEnv(extRoot),
            file: path.join(dir, RUN_FILES.manifest),
          }
        : undefined,
  });
  return { script, login };
}

async function superviseSlurm(dir: string, opts: SuperviseOptions): Promise<RunRecord | null> {
  const runner = opts.slurmRunner ?? slurm.spawnSlurmRunner;
  let rec = readRecord(dir)!;
  const { script, login } = await slurmJob(rec, dir, opts.launch!, opts.extRoot);
  const scriptPath = path.join(dir, RUN_FILES.sbatch);
  fs.writeFileSync(scriptPath, script, { mode: 0o755 });
  if (readRecord(dir)?.cancel_requested_at) return updateRecord(dir, (r) => ({ ...r, status: 'cancelled', ended_at: nowIso() }));
  // What this job writes starts here: an earlier attempt's run_end (a preempted job's `cancelled`)
  // must not be taken for this one's when this job dies without writing its own.
  const eventsAtSubmit = fileIdentity(path.join(dir, RUN_FILES.events));
  const jobId = slurm.submit(runner, { login, runDir: dir, script: RUN_FILES.sbatch });
  log(`submitted Slurm job ${jobId}`);
  rec = updateRecord(dir, (r) => ({
    ...r,
    status: 'starting',
    slurm: { job_id: jobId, script: RUN_FILES.sbatch, state: 'PENDING', login },
    argv: ['sbatch', '--parsable', RUN_FILES.sbatch],
    cwd: dir,
  }))!;
  let cancelSent = false;
  const doCancel = () => {
    if (!cancelSent) {
      cancelSent = true;
      log(`scancel ${jobId}`);
      slurm.scancel(runner, login, jobId);
    }
  };
  process.on('SIGTERM', () => {
    updateRecord(dir, (r) => ({ ...r, cancel_requested_at: r.cancel_requested_at ?? nowIso() }));
    doCancel();
  });
  process.on('SIGHUP', () => {});
  const pollMs = opts.slurmPollMs ?? Number(process.env.VLA_LAB_SLURM_POLL_MS ?? 5000);
  let lastState: string | null = 'PENDING';
  for (;;) {
    if (readRecord(dir)?.cancel_requested_at) doCancel();
    const state = slurm.squeueState(runner, login, jobId);
    if (state === null) break;
    if (state !== lastState) {
      lastState = state;
      updateRecord(dir, (r) => ({
        ...r,
        status: state === 'RUNNING' || state === 'COMPLETING' ? 'running' : r.status,
        started_at: state === 'RUNNING' && !r.started_at ? nowIso() : r.started_at,
        slurm: { ...r.slurm, state },
      }));
    }
    await sleep(pollMs);
  }
  const acct = slurm.finalJobState(runner, login, jobId);
  const cancelRequested = Boolean(readRecord(dir)?.cancel_requested_at);
  const eventsNow = fileIdentity(path.join(dir, RUN_FILES.events));
  const events = eventsSince(
    path.join(dir, RUN_FILES.events),
    eventsNow && eventsAtSubmit && eventsNow.ino === eventsAtSubmit.ino ? eventsAtSubmit.size : 0,
  );
  const runEnd = [...events].reverse().find((e) => e.type === 'run_end');
  let outcome: { status: 'completed' | 'failed' | 'cancelled'; error: string | null; error_kind: RunRecord['error_kind'] };
  if (acct) outcome = slurm.slurmOutcome(acct.state, acct.exitCode, cancelRequested);
  else if (runEnd && runEnd.type === 'run_end')
    outcome = { status: runEnd.status, error: runEnd.error ?? null, error_kind: runEnd.error_kind ?? null };
  else
    outcome = cancelRequested
      ? { status: 'cancelled', error: null, error_kind: null }
      : {
          status: 'failed',
          error: `the Slurm job ${jobId} left the queue without a result (neither sacct nor scontrol knew its state, and events.jsonl has no run_end)`,
          error_kind: 'exception',
        };
  // SIGTERM that VLA Lab did not send (Slurm preempting the job, `scancel --signal=TERM`, a node
  // drained with a grace period): the trainer checkpointed and wrote a `cancelled` run_end, Slurm
  // reports FAILED 143. Say that it was stopped from outside and that it resumes from that checkpoint.
  if (!cancelRequested && runEnd && runEnd.type === 'run_end' && runEnd.status === 'cancelled' && outcome.status !== 'completed') {
    outcome = {
      status: 'failed',
      error: `stopped by SIGTERM from Slurm (preemption or scancel --signal) at step ${runEnd.step ?? '?'} after saving a checkpoint; vla-lab resume continues from it`,
      error_kind: 'signal',
    };
  }
  const stderrTail = tailLines(path.join(dir, RUN_FILES.stderr), 20);
  log(`Slurm job ${jobId} ended: ${acct ? `${acct.state} ${acct.exitCode}` : 'state unknown'} → ${outcome.status}`);
  return updateRecord(dir, (r) => ({
    ...r,
    status: outcome.status,
    error: outcome.error,
    error_kind: outcome.error_kind,
    exit_code: acct?.exitCode ?? null,
    signal: acct?.signal ? signalName(acct.signal) : null,
    ended_at: nowIso(),
    slurm: { ...r.slurm, state: acct?.state ?? r.slurm?.state ?? null },
    stderr_tail: outcome.status === 'failed' ? stderrTail : [],
  }));
}
