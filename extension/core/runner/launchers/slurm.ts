/**
 * The `slurm` launcher: an sbatch script in the run directory that runs `srun torchrun` (VLA Lab's
 * torchrun entry point, python/vlalab/torchrun.py, under the chosen interpreter) on every
 * node of the allocation (rendezvous on the first node), submitted with `sbatch --parsable`,
 * tracked with `squeue`/`sacct`, cancelled with `scancel` — locally or on a login node over ssh.
 *
 * Nothing reaches a shell unquoted: commands are argv arrays; the one place a string is
 * interpreted by bash (the script body, and the remote command line ssh hands to the login
 * node's shell) quotes every value with `shq`. `#SBATCH` lines are read by sbatch, not bash;
 * their values come from schema-validated fields (patterns without newlines) and are checked
 * again here.
 */
import { spawnSync } from 'node:child_process';
import { UserError } from '../../errors';
import type { Resources } from '../../generated/experiment';

/** Quotes one string for bash: single quotes, with each `'` written as `'\''`. Safe for any byte string without NUL. */
export function shq(s: string): string {
  if (s.includes('\0')) throw new UserError('a value for the Slurm script contains a NUL byte');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The spec's `resources.slurm` (schemas/experiment.schema.json owns its fields). */
export type SlurmOptions = NonNullable<Resources['slurm']>;

const PATTERNS: Record<string, RegExp> = {
  partition: /^[A-Za-z0-9_.,-]+$/,
  time: /^[0-9:-]+$/,
  account: /^[A-Za-z0-9_.-]+$/,
  qos: /^[A-Za-z0-9_.-]+$/,
  login: /^[A-Za-z0-9_.@][A-Za-z0-9_.@-]*$/,
  extra: /^--[a-z-]+(=[^\n\r]*)?$/,
};

/** The schema's patterns, checked again (a login may not start with '-': ssh would read an option). */
export function checkSlurmOptions(o: SlurmOptions): void {
  for (const k of ['partition', 'time', 'account', 'qos', 'login'] as const) {
    const v = o[k];
    if (v !== undefined && !PATTERNS[k].test(v))
      throw new UserError(`resources.slurm.${k} ${JSON.stringify(v)} is not allowed: it must match ${PATTERNS[k].source}`);
  }
  for (const x of o.extra ?? [])
    if (!PATTERNS.extra.test(x))
      throw new UserError(
        `resources.slurm.extra entry ${JSON.stringify(x)} is not allowed: write one --option or --option=value per entry, without newlines`,
      );
}

export interface SbatchSpec {
  jobName: string;
  runDir: string;
  nodes: number;
  gpusPerNode: number;
  /** CPU processes per node when gpusPerNode is 0 (resources.processes; default 1). */
  processesPerNode?: number;
  cpusPerTask: number;
  slurm: SlurmOptions;
  /** Directory the program runs in. */
  cwd: string;
  /** Exported before srun. */
  env: Record<string, string>;
  /** The interpreter on the compute nodes. */
  python: string;
  /** VLA Lab's torchrun entry point (launchers/torchrun.ts torchrunScript), a path the nodes see. */
  torchrunScript: string;
  /** After `python <torchrun.py> <rendezvous args>`: `-m vlalab train …` or `main.py …`. */
  programArgs: string[];
  rdzvPort?: number;
  /** Appended to programArgs when Slurm reruns a requeued job (SLURM_RESTART_COUNT > 0), e.g. `--resume`. */
  resumeOnRequeue?: string;
  /**
   * The reproducibility manifest for a backend that cannot write it (RoboVLMs): `argv` (`python -m
   * vlalab manifest …`, core/manifest/write.ts manifestArgv) runs on the job's first node before
   * srun, with `env` for that command only, unless `file` exists (a requeued or resumed job keeps
   * the first). A failure is one line in stderr.log and never stops the job.
   */
  manifest?: { argv: string[]; env: Record<string, string>; file: string };
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function renderSbatch(s: SbatchSpec): string {
  checkSlurmOptions(s.slurm);
  if (!/^[A-Za-z0-9_.-]+$/.test(s.jobName)) throw new UserError(`invalid Slurm job name ${JSON.stringify(s.jobName)}`);
  const nodes = Math.max(1, Math.floor(s.nodes));
  const gpus = Math.max(0, Math.floor(s.gpusPerNode));
  const nproc = gpus > 0 ? gpus : Math.max(1, Math.floor(s.processesPerNode ?? 1));
  const lines = [
    '#!/bin/bash',
    `#SBATCH --job-name=${s.jobName}`,
    `#SBATCH --nodes=${nodes}`,
    '#SBATCH --ntasks-per-node=1',
    `#SBATCH --cpus-per-task=${Math.max(1, Math.floor(s.cpusPerTask))}`,
    ...(gpus > 0 ? [`#SBATCH --gpus-per-node=${gpus}`] : []),
    // Relative to the submit directory, which is the run directory (sbatch runs there).
    '#SBATCH --output=stdout.log',
    '#SBATCH --error=stderr.log',
    ...(s.slurm.partition ? [`#SBATCH --partition=${s.slurm.partition}`] : []),
    ...(s.slurm.time ? [`#SBATCH --time=${s.slurm.time}`] : []),
    ...(s.slurm.account ? [`#SBATCH --account=${s.slurm.account}`] : []),
    ...(s.slurm.qos ? [`#SBATCH --qos=${s.slurm.qos}`] : []),
    ...(s.slurm.extra ?? []).map((x) => `#SBATCH ${x}`),
    '',
    '# Written by VLA Lab. Every value below is quoted for bash; nothing from the spec is evaluated.',
    'set -euo pipefail',
    `cd ${shq(s.cwd)}`,
  ];
  for (const [k, v] of Object.entries(s.env)) {
    if (!ENV_NAME.test(k)) throw new UserError(`invalid environment variable name ${JSON.stringify(k)}`);
    lines.push(`export ${k}=${shq(v)}`);
  }
  if (s.manifest) {
    for (const k of Object.keys(s.manifest.env))
      if (!ENV_NAME.test(k)) throw new UserError(`invalid environment variable name ${JSON.stringify(k)}`);
    const env = Object.entries(s.manifest.env).map(([k, v]) => `${k}=${shq(v)}`);
    lines.push(
      "# The reproducibility manifest, written where the job runs, with the job's interpreter (the backend cannot write it).",
      `if [ ! -e ${shq(s.manifest.file)} ]; then`,
      `  ${[...env, ...s.manifest.argv.map(shq)].join(' ')} || echo "vla-lab: manifest.json not written (exit $?); the run goes on" >&2`,
      'fi',
    );
  }
  lines.push(
    // The rendezvous runs on the allocation's first node.
    'head_node=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)',
    ...(s.resumeOnRequeue
      ? [
          '# Slurm reruns this script when it requeues the job: continue from the checkpoint then (if one was written).',
          `requeued=(); if [ "\${SLURM_RESTART_COUNT:-0}" -gt 0 ] && compgen -G ${shq(s.runDir)}'/checkpoints/step-*.pt' >/dev/null; then requeued=(${shq(s.resumeOnRequeue)}); fi`,
        ]
      : []),
    `srun --kill-on-bad-exit=1 ${[s.python, s.torchrunScript, `--nnodes=${nodes}`, `--nproc_per_node=${nproc}`].map(shq).join(' ')} \\`,
    `  --rdzv_id="$SLURM_JOB_ID" --rdzv_backend=c10d --rdzv_endpoint="$head_node:${s.rdzvPort ?? 29500}" \\`,
    `  ${s.programArgs.map(shq).join(' ')}${s.resumeOnRequeue ? ' ${requeued[@]+"${requeued[@]}"}' : ''}`,
    '',
  );
  return lines.join('\n');
}

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}
/** Runs argv (no shell) in `cwd`. Injectable so tests (and the one-node cluster test) control it. */
export type SlurmCommandRunner = (argv: string[], opts?: { cwd?: string }) => CommandResult;

export const spawnSlurmRunner: SlurmCommandRunner = (argv, opts) => {
  const r = spawnSync(argv[0], argv.slice(1), { cwd: opts?.cwd, encoding: 'utf8', shell: false, timeout: 60_000, env: process.env });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
};

/**
 * The argv that runs `argv` in `cwd` on the submit host: directly, or through ssh on a login node
 * (ssh hands its command to the remote shell as one string, so each word is shq-quoted).
 */
export function slurmArgv(login: string | undefined | null, argv: string[], cwd?: string): { argv: string[]; cwd?: string } {
  if (!login) return { argv, cwd };
  checkSlurmOptions({ login });
  const remote = (cwd ? `cd ${shq(cwd)} && ` : '') + argv.map(shq).join(' ');
  return { argv: ['ssh', '-o', 'BatchMode=yes', '--', login, remote] };
}

function run(runner: SlurmCommandRunner, login: string | null | undefined, argv: string[], cwd?: string): CommandResult {
  const c = slurmArgv(login, argv, cwd);
  return runner(c.argv, { cwd: c.cwd });
}

function failure(what: string, r: CommandResult): string {
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    return `${what}: command not found (is Slurm installed here, or set resources.slurm.login to submit on a login node?)`;
  return `${what} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').pop() ?? ''}`;
}

/** `sbatch --parsable <script>` in the run directory → the job id. */
export function submit(runner: SlurmCommandRunner, opts: { login?: string | null; runDir: string; script: string }): string {
  const r = run(runner, opts.login, ['sbatch', '--parsable', opts.script], opts.runDir);
  if (r.error || r.status !== 0) throw new UserError(failure('sbatch', r));
  const id = parseSbatchParsable(r.stdout);
  if (!id) throw new UserError(`sbatch printed no job id: ${r.stdout.trim()}`);
  return id;
}

/** `--parsable` prints `jobid` or `jobid;cluster`. */
export function parseSbatchParsable(out: string): string | null {
  const first = out.trim().split('\n').pop()?.split(';')[0]?.trim() ?? '';
  return /^\d+(_\d+)?$/.test(first) ? first : null;
}

function checkJobId(id: string): string {
  if (!/^\d+(_\d+)?$/.test(id)) throw new UserError(`invalid Slurm job id ${JSON.stringify(id)}`);
  return id;
}

/** The job's state from squeue (`PENDING`, `RUNNING`, …), or null when squeue no longer lists it. */
export function squeueState(runner: SlurmCommandRunner, login: string | null | undefined, jobId: string): string | null {
  const r = run(runner, login, ['squeue', '-j', checkJobId(jobId), '-h', '-o', '%T']);
  if (r.error || r.status !== 0) return null;
  const s = r.stdout.trim().split('\n')[0]?.trim();
  return s ? s : null;
}

export interface SacctResult {
  state: string;
  exitCode: number | null;
  signal: number | null;
}

/** `State|ExitCode` lines of `sacct --parsable2 --noheader`; the first is the job itself. */
export function parseSacct(out: string): SacctResult | null {
  const line = out
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.includes('|'));
  if (!line) return null;
  const [stateRaw, exit] = line.split('|');
  const state = stateRaw.trim().split(/\s+/)[0];
  const m = /^(\d+):(\d+)$/.exec((exit ?? '').trim());
  return { state, exitCode: m ? Number(m[1]) : null, signal: m ? Number(m[2]) || null : null };
}

export function sacctState(runner: SlurmCommandRunner, login: string | null | undefined, jobId: string): SacctResult | null {
  const r = run(runner, login, ['sacct', '-j', checkJobId(jobId), '--format=State,ExitCode', '--parsable2', '--noheader']);
  if (r.error || r.status !== 0) return null;
  return parseSacct(r.stdout);
}

/** `JobState=… ExitCode=N:S` from `scontrol show job -o` (one line per job). */
function parseScontrolJob(out: string): SacctResult | null {
  const state = /\bJobState=(\S+)/.exec(out)?.[1];
  if (!state) return null;
  const m = /\bExitCode=(\d+):(\d+)/.exec(out);
  return { state, exitCode: m ? Number(m[1]) : null, signal: m ? Number(m[2]) || null : null };
}

/**
 * The job's final state: sacct when the cluster keeps accounting, else `scontrol show job`
 * (clusters without slurmdbd answer sacct with "accounting storage is disabled"; the controller
 * still remembers finished jobs for MinJobAge seconds).
 */
export function finalJobState(runner: SlurmCommandRunner, login: string | null | undefined, jobId: string): SacctResult | null {
  const acct = sacctState(runner, login, jobId);
  if (acct) return acct;
  const r = run(runner, login, ['scontrol', 'show', 'job', '-o', checkJobId(jobId)]);
  if (r.error || r.status !== 0) return null;
  return parseScontrolJob(r.stdout);
}

export function scancel(runner: SlurmCommandRunner, login: string | null | undefined, jobId: string): boolean {
  const r = run(runner, login, ['scancel', checkJobId(jobId)]);
  return !r.error && r.status === 0;
}

/** Slurm's final job state → run status and error. */
export function slurmOutcome(
  state: string,
  exitCode: number | null,
  cancelRequested: boolean,
): { status: 'completed' | 'failed' | 'cancelled'; error: string | null; error_kind: 'oom' | 'signal' | 'exception' | 'launch' | null } {
  switch (state) {
    case 'COMPLETED':
      return { status: 'completed', error: null, error_kind: null };
    case 'CANCELLED':
      return cancelRequested
        ? { status: 'cancelled', error: null, error_kind: null }
        : { status: 'failed', error: 'the Slurm job was cancelled outside VLA Lab (scancel or an administrator)', error_kind: 'signal' };
    case 'TIMEOUT':
      return {
        status: 'failed',
        error: 'the Slurm job hit its time limit (resources.slurm.time); resume it to continue from the last checkpoint',
        error_kind: 'signal',
      };
    case 'OUT_OF_MEMORY':
      return { status: 'failed', error: 'out of memory: Slurm killed the job (OUT_OF_MEMORY)', error_kind: 'oom' };
    case 'NODE_FAIL':
    case 'BOOT_FAIL':
      return { status: 'failed', error: `the Slurm job failed with state ${state} (a node failed)`, error_kind: 'launch' };
    default:
      return {
        status: 'failed',
        error: `the Slurm job ended with state ${state}${exitCode !== null ? `, exit code ${exitCode}` : ''}`,
        error_kind: 'exception',
      };
  }
}
