/**
 * What several `vla-lab` commands share: the run flags, the runs context from --runs-dir, following
 * a run with a progress bar, printing its results, exit statuses. (The commands live in commands/.)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { EventsTail } from '../core/events';
import {
  drainQueue,
  enqueueRun,
  isInside,
  readRecord,
  reconcile,
  resolveRunsRoot,
  RUN_FILES,
  runsContext,
  summarize,
  summarizeFile,
  TERMINAL,
  type RunRecord,
  type RunsContext,
} from '../core/runner';
import { evalHeadline, evalTable, fmtDuration, fmtNum, progressLine } from '../core/runner/format';
import { foreignQueue, foreignQueueNote, prepareLaunch, type PreparedLaunch } from '../core/runner/prepare';
import { parseCommandArgs, type CommandContext } from './command';

const RUN_FLAGS = {
  backend: { type: 'string' },
  launcher: { type: 'string' },
  gpus: { type: 'string' },
  procs: { type: 'string' },
  priority: { type: 'string' },
  python: { type: 'string' },
  'robovlms-path': { type: 'string' },
  'robovlms-python': { type: 'string' },
  'runs-dir': { type: 'string' },
  detach: { type: 'boolean' },
  'allow-foreign-queue': { type: 'boolean' },
  'no-preflight': { type: 'boolean' },
} as const;

/**
 * `vla-lab run` and `vla-lab sweep` (which takes run's options): the command's arguments parsed with
 * RUN_FLAGS, its one spec checked, and the launch prepared (a sweep expands into its points).
 */
export function prepareFromArgs(ctx: CommandContext, command: 'run' | 'sweep') {
  const { values, positionals } = parseCommandArgs(command, ctx.args, RUN_FLAGS);
  if (positionals.length !== 1) throw new UserError(`${command}: give exactly one *.vla.json spec (see 'vla-lab ${command} --help')`);
  const prepared: PreparedLaunch = prepareLaunch({
    specFile: positionals[0],
    cwd: ctx.cwd,
    env: ctx.env,
    runsDir: values['runs-dir'],
    sweep: command === 'sweep',
    backend: values.backend as 'builtin' | 'robovlms' | undefined,
    launcher: values.launcher as 'local' | 'torchrun' | 'slurm' | 'hosts' | undefined,
    gpus: intFlag('gpus', values.gpus),
    processes: intFlag('procs', values.procs),
    priority: intFlag('priority', values.priority),
    python: values.python,
    robovlmsPath: values['robovlms-path'],
    robovlmsPython: values['robovlms-python'],
    err: ctx.err,
    allowForeignQueue: values['allow-foreign-queue'],
    preflight: !values['no-preflight'],
  });
  return { values, prepared };
}

/** The flags both forms of `vla-lab eval` (a checkpoint, --model-server) share: where the eval run is queued and how it is followed. */
export const EVAL_RUN_FLAGS = {
  python: { type: 'string' },
  detach: { type: 'boolean' },
  'runs-dir': { type: 'string' },
  'allow-foreign-queue': { type: 'boolean' },
  'no-preflight': { type: 'boolean' },
} as const;

/**
 * The end of both forms of `vla-lab eval`: queues the eval run just created (launched with `python`),
 * starts what the queue allows, prints "<run> queued: <what> (<folder>)", then follows the run to its
 * end and prints its results unless `detach`. Returns the exit status.
 */
export async function queueEvalRun(
  ctx: CommandContext,
  rctx: RunsContext,
  created: { dir: string; record: RunRecord },
  opts: { python: string; what: () => string; detach?: boolean; allowForeignQueue?: boolean },
): Promise<number> {
  const { dir, record } = created;
  const launch = { python: opts.python };
  enqueueRun(rctx, dir, launch);
  reportForeign(
    ctx,
    foreignQueue(rctx, opts.allowForeignQueue ?? false, () => launch),
  );
  drainQueue(rctx);
  ctx.out(`${refOf(record)} queued: ${opts.what()} (${rel(ctx, dir)})`);
  if (opts.detach) return 0;
  const end = await followRun(ctx, rctx, dir);
  if (!TERMINAL.has(end.status)) return 0;
  printResults(ctx, dir, end);
  return EXIT_BY_STATUS[end.status] ?? 1;
}

export function intFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v.trim())) throw new UserError(`--${name} must be a whole number, not ${JSON.stringify(v)}`);
  return Number(v);
}

export const EXIT_BY_STATUS: Record<string, number> = { completed: 0, failed: 1, cancelled: 3 };

/** `experiment/run-id`, for messages. */
export function refOf(r: RunRecord): string {
  return `${r.experiment}/${r.id}`;
}

export function rel(ctx: CommandContext, p: string): string {
  const r = path.relative(ctx.cwd, p);
  return r && !r.startsWith('..') ? r : p;
}

/** Where a finished run's results are, and its results table. */
export function printResults(ctx: CommandContext, dir: string, rec: RunRecord): void {
  const s = summarizeFile(path.join(dir, RUN_FILES.events));
  const status = rec.status === 'failed' ? `failed: ${rec.error ?? 'see stderr.log'}` : rec.status;
  ctx.out(
    `${refOf(rec)} ${status}${s.step !== null ? ` at step ${s.step}${s.total ? `/${s.total}` : ''}` : ''}${rec.started_at && rec.ended_at ? ` after ${fmtDuration((Date.parse(rec.ended_at) - Date.parse(rec.started_at)) / 1000)}` : ''}`,
  );
  if (rec.status === 'failed' && rec.stderr_tail?.length) {
    ctx.out('last lines of stderr.log:');
    for (const l of rec.stderr_tail.slice(-8)) ctx.out(`  ${l}`);
  }
  const metrics = Object.entries(s.latest)
    .filter(([k]) => /^(train|val)\//.test(k))
    .slice(0, 8);
  if (metrics.length) ctx.out(`final metrics: ${metrics.map(([k, v]) => `${k} ${fmtNum(v.value)}`).join(', ')}`);
  ctx.out(`curves (events.jsonl): ${rel(ctx, path.join(dir, RUN_FILES.events))}`);
  if (s.checkpoints.length)
    ctx.out(`checkpoints: ${rel(ctx, path.join(dir, RUN_FILES.checkpoints))}/ (last: ${s.checkpoints[s.checkpoints.length - 1].path})`);
  if (s.evals.length) {
    const resultsFile = s.evals[s.evals.length - 1].results_path;
    ctx.out(`results table${resultsFile ? ` (${rel(ctx, path.resolve(dir, resultsFile))})` : ''}:`);
    for (const l of evalTable(s.evals)) ctx.out(`  ${l}`);
  }
  const videos = s.media.filter((m) => m.kind === 'video' && isInside(path.resolve(dir), path.resolve(dir, m.path))); // events.jsonl may name any path
  if (videos.length) {
    // each eval entry files its videos in a folder of its own (older runs: one folder for all)
    const folders = [...new Set(videos.map((m) => `${rel(ctx, path.dirname(path.resolve(dir, m.path)))}/`))];
    ctx.out(`videos (${videos.length}): ${folders.join(', ')}`);
    for (const m of videos.slice(0, 6))
      ctx.out(`  ${m.path}${m.task ? `  ${m.task}` : ''}${m.success !== undefined ? (m.success ? '  success' : '  fail') : ''}`);
  }
  if (rec.status !== 'completed')
    ctx.out(`logs: vla-lab logs ${refOf(rec)} --stderr${rec.status !== 'cancelled' ? '' : ''}; continue it: vla-lab resume ${refOf(rec)}`);
}

/**
 * Follows a run until it ends: tails events.jsonl, keeps the queue moving while it waits, and
 * shows progress. Returns the final record (or the current one when the user stops following).
 */
export async function followRun(ctx: CommandContext, rctx: RunsContext, dir: string): Promise<RunRecord> {
  const tail = new EventsTail(path.join(dir, RUN_FILES.events));
  const summary = summarize([]);
  let rec = readRecord(dir)!;
  const ref = refOf(rec);
  let lastPlain = 0;
  let lastLine = '';
  let lastStatus = '';
  let lastQueueKick = 0;
  let stopped = false;
  const onSigint = () => {
    stopped = true;
  };
  process.once('SIGINT', onSigint);
  // A progress bar on a terminal; plain lines every few seconds otherwise (CI logs, pipes).
  const bar = ctx.isTTY
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports
      new (require('cli-progress') as typeof import('cli-progress')).SingleBar({
        format: ' {bar} {value}/{total} | loss {loss} | {sps} samples/s | ETA {eta_h}',
        barsize: 30,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 20,
      })
    : null;
  let barStarted = false;
  const plainEveryMs = Number(ctx.env.VLA_LAB_PROGRESS_MS ?? 5000);
  try {
    for (;;) {
      const polled = tail.poll();
      summarize(polled.events, summary);
      for (const e of polled.events) {
        if (e.type === 'warning') {
          bar?.stop();
          barStarted = false;
          ctx.out(`warning: ${e.message}`);
        }
        if (e.type === 'stage' && !bar) ctx.out(`stage ${e.index + 1}/${e.count}: ${e.name}`);
        if (e.type === 'eval_result' && !bar) ctx.out(`evaluation on ${e.benchmark} (${e.checkpoint}): ${evalHeadline(e)}`);
      }
      rec = reconcile(dir) ?? rec;
      if (rec.status !== lastStatus) {
        lastStatus = rec.status;
        if (rec.status === 'queued')
          ctx.out(
            `${ref} queued (waiting for ${rec.gpus_requested ? `${rec.gpus_requested} free GPU${rec.gpus_requested === 1 ? '' : 's'}` : 'a free CPU slot'}; 'vla-lab ls' shows the queue)`,
          );
        if (rec.status === 'running')
          ctx.out(`${ref} running${rec.gpus?.length ? ` on GPU ${rec.gpus.join(',')}` : ' on the CPU'} (pid ${rec.pid})`);
      }
      if (rec.status === 'queued' && Date.now() - lastQueueKick > 3000) {
        lastQueueKick = Date.now();
        try {
          drainQueue(rctx);
        } catch {
          /* another process holds the queue; retry later */
        }
      }
      if (summary.step !== null && summary.phase !== 'eval') {
        if (bar) {
          const payload = {
            loss: fmtNum(summary.loss),
            sps: summary.samplesPerS ? fmtNum(summary.samplesPerS, 3) : '-',
            eta_h: fmtDuration(summary.etaS),
          };
          if (!barStarted) {
            bar.start(summary.total ?? summary.step, summary.step, payload);
            barStarted = true;
          } else {
            bar.setTotal(summary.total ?? summary.step);
            bar.update(summary.step, payload);
          }
        } else if (Date.now() - lastPlain >= plainEveryMs && progressLine(summary) !== lastLine) {
          // Only a line that says something new: a slow step must not repeat the same line in CI logs.
          lastPlain = Date.now();
          lastLine = progressLine(summary);
          ctx.out(lastLine);
        }
      } else if (summary.phase === 'eval' && barStarted) {
        bar?.stop();
        barStarted = false;
        ctx.out('evaluating…');
      }
      if (TERMINAL.has(rec.status)) break;
      if (stopped) {
        bar?.stop();
        ctx.out(`stopped following; the run goes on. Follow it again: vla-lab logs -f ${ref}; stop it: vla-lab cancel ${ref}`);
        return rec;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const rest = tail.poll();
    summarize(rest.events, summary);
    if (bar && barStarted) {
      if (summary.step !== null) bar.update(summary.step);
      bar.stop();
    } else if (summary.step !== null && !bar && progressLine(summary) !== lastLine) ctx.out(progressLine(summary));
    return rec;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** Says which foreign queued runs were adopted, or that they were left waiting (one line each). */
export function reportForeign(ctx: CommandContext, r: { foreign: string[]; adopted: string[] }): void {
  if (r.adopted.length)
    ctx.err(
      `started queueing ${r.adopted.length} run${r.adopted.length === 1 ? '' : 's'} you did not queue here (--allow-foreign-queue): ${r.adopted.join(', ')}`,
    );
  const note = foreignQueueNote(r.foreign);
  if (note) ctx.err(note);
}

/** The runs context for commands that take --runs-dir. */
export function contextFromFlags(ctx: CommandContext, runsDir: string | undefined): RunsContext {
  const root = resolveRunsRoot({ cwd: ctx.cwd, env: ctx.env, flag: runsDir });
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch {
    throw new UserError(`no runs directory at ${root} yet; start a run with 'vla-lab run <spec>' (or pass --runs-dir)`);
  }
  if (!st.isDirectory())
    throw new UserError(`${root} is a file, not a runs directory; pass --runs-dir with the folder that holds your runs`);
  try {
    fs.readdirSync(root);
  } catch (e) {
    throw new UserError(
      `cannot read the runs directory ${root} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); fix its permissions or pass another --runs-dir`,
    );
  }
  return runsContext(root, ctx.env);
}
