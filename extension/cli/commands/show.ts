/** `vla-lab show <run> [--json]`: the run record, latest metrics and the evaluation table. */
import * as path from 'node:path';
import { isInside, listRuns, reconcile, refreshImported, resolveRunRef, RUN_FILES, summarizeFile } from '../../core/runner';
import { isSingleTask, successByTask } from '../../core/metrics/success';
import { evalTable, fmtDuration, fmtNum, fmtTime, table, taskTable } from '../../core/runner/format';
import { UserError } from '../../core/errors';
import { manifestSummary, readManifest } from '../../core/manifest';
import { checkpointDiskUse, fmtBytes } from '../../core/checkpoints';
import { checkpointCurves, curveVerdict, formatCurveValue } from '../../core/metrics/checkpoint-curve';
import { parseCommandArgs, type Command } from '../command';
import { contextFromFlags, refOf, rel } from '../run-helpers';

const USAGE = `usage: vla-lab show <run> [--json] [--runs-dir DIR]

Shows a run: its record (status, error, GPUs, interpreter, times), the latest value of every
metric, checkpoints, the evaluation table (its own and its evaluation runs') and videos.
<run> is experiment/run-id, a unique run-id prefix, a run directory, or latest.

options:
  --json   {"dir", "record", "manifest", "summary": {step, total, loss, latest, evals, media, checkpoints, warnings}, "eval_runs"}`;

export const command: Command = {
  name: 'show',
  summary: 'show a run: record, latest metrics, evaluation table',
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('show', ctx.args, { json: { type: 'boolean' }, 'runs-dir': { type: 'string' } });
    if (positionals.length !== 1) throw new UserError('show: give one run (experiment/run-id, a run-id prefix, a run directory or latest)');
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    const dir = resolveRunRef(rctx.root, positionals[0], ctx.cwd);
    let rec = reconcile(dir);
    if (!rec) throw new UserError(`no run record in ${dir}`);
    if (rec.kind === 'imported') refreshImported(dir);
    const s = summarizeFile(path.join(dir, RUN_FILES.events));
    const ref = refOf(rec);
    const evalRuns = listRuns(rctx.root, { reconcile: false }).filter((r) => r.record.parent_run === ref);
    const evals = [...s.evals];
    // Media paths come from events.jsonl: only files inside the run folder that wrote them are shown
    // (as the results panel does); anything else is counted and named as refused.
    let refused = 0;
    const inside = (runDir: string, p: unknown) => {
      const ok = typeof p === 'string' && p.length > 0 && isInside(path.resolve(runDir), path.resolve(runDir, p));
      if (!ok) refused++;
      return ok;
    };
    const media = s.media.filter((m) => inside(dir, m.path));
    for (const er of evalRuns) {
      const es = summarizeFile(path.join(er.dir, RUN_FILES.events));
      evals.push(...es.evals);
      media.push(
        ...es.media.filter((m) => inside(er.dir, m.path)).map((m) => ({ ...m, path: path.relative(dir, path.resolve(er.dir, m.path)) })),
      );
    }
    const manifest = readManifest(dir);
    const disk = checkpointDiskUse(dir);
    if (values.json) {
      ctx.out(
        JSON.stringify(
          {
            dir,
            record: rec,
            manifest: manifest.manifest,
            summary: {
              step: s.step,
              total: s.total,
              loss: s.loss,
              samples_per_s: s.samplesPerS,
              eta_s: s.etaS,
              stage: s.stage,
              latest: s.latest,
              evals,
              media,
              checkpoints: s.checkpoints,
              checkpoint_disk: { count: disk.count, bytes: disk.bytes },
              warnings: s.warnings,
              run_start: s.runStart,
              run_end: s.runEnd,
            },
            eval_runs: evalRuns.map((r) => ({
              ref: refOf(r.record),
              status: r.record.status,
              checkpoint: r.record.checkpoint ?? null,
              every_checkpoint: r.record.every_checkpoint ?? false,
            })),
          },
          null,
          2,
        ),
      );
      return 0;
    }
    rec = rec!;
    const kv: [string, string][] = [
      ['run', ref],
      ['directory', rel(ctx, dir)],
      ['status', rec.status + (rec.error ? `: ${rec.error}` : '')],
      ['kind', `${rec.kind ?? 'train'} (${rec.backend}, ${rec.launcher})`],
    ];
    if (rec.parent_run)
      kv.push([
        'evaluates',
        `${rec.parent_run}${rec.every_checkpoint ? ' @ every checkpoint' : rec.checkpoint ? ` @ ${rec.checkpoint}` : ''}`,
      ]);
    if (rec.reproduces) kv.push(['reproduces', rec.reproduces]);
    if (rec.sweep?.point) {
      const labels = rec.sweep.labels ?? {};
      const point = Object.entries(rec.sweep.point).map(([k, v]) => `${k}=${labels[k] ?? JSON.stringify(v)}`);
      if (rec.sweep.seed !== undefined) point.push(`training seed ${rec.sweep.seed}`);
      kv.push(['sweep point', `${point.join(', ')}${rec.sweep.id ? ` (sweep ${rec.sweep.id}; 'vla-lab report ${rec.sweep.id}')` : ''}`]);
    }
    if (rec.spec_source) kv.push(['spec', rel(ctx, rec.spec_source)]);
    if (rec.logdir) kv.push(['log directory', rec.logdir]);
    kv.push(['created', fmtTime(rec.created_at)]);
    if (rec.started_at)
      kv.push([
        'started',
        `${fmtTime(rec.started_at)}${rec.ended_at ? ` (ran ${fmtDuration((Date.parse(rec.ended_at) - Date.parse(rec.started_at)) / 1000)})` : ''}`,
      ]);
    if (rec.kind !== 'imported') {
      kv.push(['gpus', rec.gpus?.length ? rec.gpus.join(',') : rec.gpus_requested ? `${rec.gpus_requested} requested` : 'cpu']);
      if (rec.python?.path)
        kv.push(['python', `${rec.python.path} (python ${rec.python.version ?? '?'}, torch ${rec.python.torch ?? '?'})`]);
      if (rec.pid)
        kv.push([
          'pid',
          `${rec.pid}${rec.exit_code !== null && rec.exit_code !== undefined ? `, exit code ${rec.exit_code}` : ''}${rec.signal ? `, ${rec.signal}` : ''}`,
        ]);
      if (rec.slurm?.job_id)
        kv.push(['slurm job', `${rec.slurm.job_id} (${rec.slurm.state ?? '?'})${rec.slurm.login ? ` on ${rec.slurm.login}` : ''}`]);
      for (const h of rec.hosts ?? []) {
        kv.push([
          `host ${h.node_rank}`,
          `${h.name}${h.address && h.address !== h.name ? ` (${h.address})` : ''}, rank${(h.ranks ?? []).length > 1 ? 's' : ''} ${(h.ranks ?? []).join(', ')}: ${h.state ?? '?'}${h.reason ? ` — ${h.reason}` : ''}`,
        ]);
      }
      kv.push(['resumes', String(rec.resumes ?? 0)]);
    }
    if (s.step !== null)
      kv.push([
        'progress',
        `step ${s.step}${s.total ? `/${s.total}` : ''}${s.samplesPerS ? `, ${fmtNum(s.samplesPerS, 3)} samples/s` : ''}`,
      ]);
    const w = Math.max(...kv.map(([k]) => k.length));
    for (const [k, v] of kv) ctx.out(`${k.padEnd(w)}  ${v}`);
    if (manifest.manifest) {
      ctx.out('');
      ctx.out(`manifest (${RUN_FILES.manifest}; re-create the run with 'vla-lab reproduce ${ref}'):`);
      const rows = manifestSummary(manifest.manifest);
      const mw = Math.max(...rows.map(([k]) => k.length));
      for (const [k, v] of rows) ctx.out(`  ${k.padEnd(mw)}  ${v}`);
    } else if (manifest.problem) ctx.err(`warning: ${manifest.problem}; not shown`);
    if (rec.status === 'failed' && rec.stderr_tail?.length) {
      ctx.out('');
      ctx.out('stderr (last lines):');
      for (const l of rec.stderr_tail.slice(-10)) ctx.out(`  ${l}`);
    }
    // Warnings (training-health alarms and the trainer's others), each with what to do when it says.
    if (s.warnings.length) {
      ctx.out('');
      ctx.out(`warnings (${s.warnings.length}):`);
      for (const w of s.warnings.slice(-20)) {
        ctx.out(`  ${w.step !== undefined ? `step ${w.step} ` : ''}[${w.code ?? 'warning'}] ${w.message}`);
        if (w.advice) ctx.out(`    → ${w.advice}`);
      }
    }
    const metrics = Object.entries(s.latest).sort(([a], [b]) => a.localeCompare(b));
    if (metrics.length) {
      ctx.out('');
      ctx.out('latest metrics:');
      for (const l of table(
        ['metric', 'step', 'value'],
        metrics.slice(0, 40).map(([k, v]) => [k, String(v.step), fmtNum(v.value)]),
      ))
        ctx.out(`  ${l}`);
      if (metrics.length > 40) ctx.out(`  … ${metrics.length - 40} more (--json lists all)`);
    }
    if (s.checkpoints.length || disk.count) {
      const last = s.checkpoints[s.checkpoints.length - 1];
      const pinned = disk.files.filter((f) => f.pinned).length;
      ctx.out(
        `\ncheckpoints: ${disk.count} on disk, ${fmtBytes(disk.bytes)}${pinned ? ` (${pinned} pinned)` : ''}; ${s.checkpoints.length} written${last ? `, last ${last.path} (step ${last.step})` : ''} — 'vla-lab checkpoints ${ref}' lists them`,
      );
    }
    // Chains: success at 1..N in a row and the average length; single-task evaluations: success per task.
    const chainEvals = evals.filter((e) => !isSingleTask(e.chain_length));
    const singleTaskEvals = evals.filter((e) => isSingleTask(e.chain_length));
    if (chainEvals.length) {
      ctx.out('');
      ctx.out('evaluation (success rate of 1..N tasks in a row):');
      for (const l of evalTable(chainEvals)) ctx.out(`  ${l}`);
      const tasks = taskTable(chainEvals[chainEvals.length - 1]);
      if (tasks.length) {
        ctx.out('');
        for (const l of tasks) ctx.out(`  ${l}`);
      }
    }
    if (singleTaskEvals.length) {
      const last = singleTaskEvals[singleTaskEvals.length - 1];
      const { tasks, all } = successByTask(last.task_info);
      ctx.out('');
      ctx.out(`single-task evaluation (${last.benchmark}, ${last.checkpoint}): success per task, 95% Wilson interval:`);
      for (const l of table(
        ['task', 'success', 'rate', '95% CI'],
        [...tasks, all].map((r) => [
          r.task,
          `${r.success}/${r.total}`,
          `${Math.round(100 * r.rate)}%`,
          `${Math.round(100 * r.low)}–${Math.round(100 * r.high)}%`,
        ]),
      ))
        ctx.out(`  ${l}`);
    }
    // Results at several checkpoint steps (an evaluation of every checkpoint): the curve, the best marked.
    if (rec.every_checkpoint || new Set(evals.map((e) => e.step)).size > 1) {
      for (const c of checkpointCurves(
        evals.map((e) => ({
          benchmark: e.benchmark,
          checkpoint: e.checkpoint,
          step: e.step,
          numChains: e.num_chains,
          chainLength: e.chain_length,
          avgLen: e.avg_seq_len,
          chainSr: e.chain_sr as Record<string, number>,
          taskInfo: e.task_info,
          t: e.t,
        })),
      )) {
        ctx.out('');
        ctx.out(
          `evaluation per checkpoint (${c.benchmark}, ${c.kind === 'success' ? 'success rate, 95% Wilson interval' : `average length of ${c.chainLength}-subtask chains, 95% interval`}):`,
        );
        for (const l of table(
          ['step', 'checkpoint', c.kind === 'success' ? 'success' : 'avg len', c.kind === 'success' ? 'episodes' : 'chains', ''],
          c.points.map((p) => [
            String(p.step),
            p.checkpoint,
            formatCurveValue(c.kind, p),
            String(p.n),
            p.best ? '* best' : p.withinNoiseOfBest ? 'within noise of the best' : '',
          ]),
        ))
          ctx.out(`  ${l}`);
        ctx.out(`  ${curveVerdict(c)}`);
      }
    }
    if (evalRuns.length) ctx.out(`\nevaluation runs: ${evalRuns.map((r) => `${refOf(r.record)} (${r.record.status})`).join(', ')}`);
    const videos = media.filter((m) => m.kind === 'video');
    if (videos.length) {
      ctx.out('');
      ctx.out(`videos (${videos.length}):`);
      for (const m of videos.slice(0, 10))
        ctx.out(
          `  ${rel(ctx, path.resolve(dir, m.path))}${m.task ? `  ${m.task}` : ''}${m.success !== undefined ? (m.success ? '  success' : '  fail') : ''}`,
        );
    }
    if (refused)
      ctx.err(
        `warning: ${refused} media path${refused === 1 ? '' : 's'} in events.jsonl lead${refused === 1 ? 's' : ''} outside the run folder; not shown`,
      );
    return 0;
  },
};
