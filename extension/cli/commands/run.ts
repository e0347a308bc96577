/** `vla-lab run <spec>`: validate, queue, and follow a run (progress, then where the results are). */
import { TERMINAL } from '../../core/runner';
import type { Command } from '../command';
import { EXIT_BY_STATUS, followRun, prepareFromArgs, printResults, refOf, rel, reportForeign } from '../run-helpers';

const USAGE = `usage: vla-lab run <file.vla.json> [options]

Validates the spec, creates runs/<experiment>/<run-id>/ (spec.json, run.json, events.jsonl,
stdout.log, stderr.log, checkpoints/, eval/), queues the run and follows it: a progress bar on a
terminal (plain lines otherwise), then where the curves, results table and videos are. The run
itself is detached: Ctrl-C stops following, not the run ('vla-lab cancel <run>' stops it).
Exit status: 0 completed, 1 failed, 3 cancelled (0 right after queueing with --detach).

options:
  --backend builtin|robovlms   override the spec's backend
  --launcher local|torchrun|slurm|hosts
                               (hosts: torchrun on each of resources.hosts through
                               VLA_LAB_REMOTE_LAUNCH, default ssh; see docs/runs.md)
  --gpus N                     GPUs per node (0 = CPU)
  --procs N                    CPU processes when --gpus is 0 (torchrun/slurm: DDP on gloo)
  --priority N                 queue priority (higher starts first; FIFO among equals)
  --python PATH                interpreter with torch (default: VLA_LAB_PYTHON, the project's .venv, then PATH)
  --robovlms-path DIR          RoboVLMs checkout (backend robovlms)
  --robovlms-python PATH       RoboVLMs' interpreter
  --runs-dir DIR               runs directory (default: VLA_LAB_RUNS_DIR or ./runs)
  --detach                     queue and return at once
  --no-preflight               skip the checks before launch (data, hf: weights, packages, disk
                               for checkpoints, GPU memory); errors there refuse the launch
  --allow-foreign-queue        also start queued runs of the runs folder that you did not queue on
                               this machine (a copied or committed folder); they run with your
                               interpreter, never one named in the folder`;

export const command: Command = {
  name: 'run',
  summary: 'train (and evaluate) an experiment spec, following its progress',
  usage: USAGE,
  async run(ctx) {
    const { values, prepared } = prepareFromArgs(ctx, 'run');
    for (const w of prepared.warnings) ctx.err(`warning: ${w.message}`);
    reportForeign(ctx, prepared);
    const { dir, record } = prepared.runs[0];
    ctx.out(`${refOf(record)} queued in ${rel(ctx, dir)} (python ${prepared.python.path}, torch ${prepared.python.torch})`);
    if (values.detach) {
      ctx.out(
        `follow it: vla-lab logs -f ${refOf(record)}   status: vla-lab show ${refOf(record)}   stop it: vla-lab cancel ${refOf(record)}`,
      );
      return 0;
    }
    const rec = await followRun(ctx, prepared.ctx, dir);
    if (!TERMINAL.has(rec.status)) return 0;
    printResults(ctx, dir, rec);
    return EXIT_BY_STATUS[rec.status] ?? 1;
  },
};
