/** `vla-lab ls [--json]`: every run with its status (reconciled with the processes), progress and loss. */
import * as path from 'node:path';
import { listPending, listRuns, refreshImported, RUN_FILES, summarizeTail, type RunRecord } from '../../core/runner';
import { fmtNum, fmtTime, table } from '../../core/runner/format';
import { parseCommandArgs, type Command } from '../command';
import { contextFromFlags } from '../run-helpers';

const USAGE = `usage: vla-lab ls [--json] [--runs-dir DIR] [--experiment NAME]

Lists runs under the runs directory, oldest first: experiment, run id, status, step/total, loss,
start time and GPUs. Statuses are checked against the processes: a run whose processes are gone
shows as failed. Imported log directories are refreshed first.

options:
  --json              one JSON array of runs
  --experiment NAME   only runs of this experiment
  --runs-dir DIR      runs directory (default: VLA_LAB_RUNS_DIR or ./runs)`;

export interface RunRow {
  /** 'unreadable': the folder's run.json exists but cannot be read (error says why). */
  experiment: string;
  id: string;
  dir: string;
  status: RunRecord['status'] | 'unreadable';
  kind: string;
  backend: string;
  launcher: string;
  step: number | null;
  total: number | null;
  loss: number | null;
  started_at: string | null;
  ended_at: string | null;
  gpus: number[];
  gpus_requested: number;
  priority: number;
  queue_position: number | null;
  error: string | null;
  sweep: RunRecord['sweep'] | null;
}

export function runRows(root: string, experiment?: string, onUnreadable?: (dir: string, problem: string) => void): RunRow[] {
  const pending = listPending(root)
    .sort((a, b) => b.priority - a.priority || a.seq - b.seq)
    .map((e) => `${e.experiment}/${e.id}`);
  const unreadable: RunRow[] = [];
  const note = (dir: string, problem: string) => {
    const [exp, id] = [path.basename(path.dirname(dir)), path.basename(dir)];
    if (experiment && exp !== experiment) return;
    onUnreadable?.(dir, problem);
    unreadable.push({
      experiment: exp,
      id,
      dir,
      status: 'unreadable',
      kind: '-',
      backend: '-',
      launcher: '-',
      step: null,
      total: null,
      loss: null,
      started_at: null,
      ended_at: null,
      gpus: [],
      gpus_requested: 0,
      priority: 0,
      queue_position: null,
      error: `run.json ${problem}`,
      sweep: null,
    });
  };
  const rows = listRuns(root, { onUnreadable: note })
    .filter((r) => !experiment || r.record.experiment === experiment)
    .map(({ dir, record: r }) => {
      if (r.kind === 'imported') refreshImported(dir);
      const s = summarizeTail(path.join(dir, RUN_FILES.events));
      const pos = pending.indexOf(`${r.experiment}/${r.id}`);
      return {
        experiment: r.experiment,
        id: r.id,
        dir,
        status: r.status,
        kind: r.kind ?? 'train',
        backend: r.backend,
        launcher: r.launcher,
        step: s.step,
        total: s.total,
        loss: s.loss ?? s.latest['train/loss']?.value ?? null,
        started_at: r.started_at ?? null,
        ended_at: r.ended_at ?? null,
        gpus: r.gpus ?? [],
        gpus_requested: r.gpus_requested ?? 0,
        priority: r.priority ?? 0,
        queue_position: pos >= 0 ? pos + 1 : null,
        error: r.error ?? null,
        sweep: r.sweep ?? null,
      };
    });
  return [...rows, ...unreadable];
}

export const command: Command = {
  name: 'ls',
  summary: 'list runs (status, step, loss, GPUs)',
  usage: USAGE,
  async run(ctx) {
    const { values } = parseCommandArgs(
      'ls',
      ctx.args,
      { json: { type: 'boolean' }, 'runs-dir': { type: 'string' }, experiment: { type: 'string' } },
      false,
    );
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    const rows = runRows(rctx.root, values.experiment, (dir, problem) =>
      ctx.err(`warning: ${path.join(dir, RUN_FILES.record)} ${problem}; the run is listed as unreadable`),
    );
    if (values.json) {
      ctx.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    if (!rows.length) {
      ctx.out(`no runs under ${rctx.root} yet; start one with 'vla-lab run <spec>'`);
      return 0;
    }
    const lines = table(
      ['EXPERIMENT', 'RUN', 'STATUS', 'STEP', 'LOSS', 'STARTED', 'GPUS'],
      rows.map((r) => [
        r.experiment,
        r.id,
        r.status === 'queued' && r.queue_position
          ? `queued #${r.queue_position}`
          : r.kind === 'imported'
            ? 'imported'
            : r.kind === 'eval'
              ? `eval ${r.status}`
              : r.status,
        r.step !== null ? `${r.step}${r.total ? `/${r.total}` : ''}` : '-',
        r.loss !== null || r.step !== null ? fmtNum(r.loss) : '-',
        fmtTime(r.started_at),
        r.gpus.length ? r.gpus.join(',') : r.gpus_requested ? `(${r.gpus_requested})` : 'cpu',
      ]),
    );
    for (const l of lines) ctx.out(l);
    return 0;
  },
};
