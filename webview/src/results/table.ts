/**
 * The evaluation tables, as plain rows (pure; main.ts turns them into <table>s):
 *
 * - the CALVIN-style chain table: success rate of completing 1…N subtasks in a row and the average
 *   length, one row per run and evaluated checkpoint; for CALVIN evaluations the RoboVLMs paper's
 *   figures are added as reference rows, labelled as paper figures, for the split the run trained
 *   on (both splits when it is not known);
 * - the single-task table: for evaluations of chain length 1, each task's success rate with its
 *   episode count and 95% Wilson interval — never as "success at 1" or an average length;
 * - the per-task table: successes / attempts per task within chains (the Playtable equivalent of
 *   CALVIN's per-task breakdown).
 */
import { protocolLabel } from '../../../extension/core/metrics/compare-table';
import { isSingleTask, successByTask, type TaskSuccess } from '../../../extension/core/metrics/success';

/** A result recorded before evaluations carried protocol tags (or by a backend that records none). */
const UNTAGGED = 'no protocol recorded';
import type { EvalResult, RunSummary, TaskCount } from '../../../extension/shared/messages/results';

export interface ChainRow {
  label: string;
  /** Success rates for 1…chainLength (null where the evaluation has none). */
  sr: (number | null)[];
  avgLen: number | null;
  chains?: number;
  reference: boolean;
  run?: string;
  benchmark: string;
}

export interface ChainTable {
  /** Longest chain among the rows (columns 1…N). */
  chainLength: number;
  rows: ChainRow[];
  /** The evaluation protocol every tagged row shares ("Playtable 1+4b62732452 · ABC->D"), for the header;
   *  undefined when none is tagged. When rows differ, each row's label carries its own instead. */
  protocol?: string;
}

interface PaperRow {
  label: string;
  split: 'ABCD_D' | 'ABC_D';
  sr: (number | null)[];
  avgLen: number;
}

/**
 * CALVIN results reported in the RoboVLMs paper (Li et al., 2024, "Towards Generalist Robot
 * Policies: What Matters in Building Vision-Language-Action Models"), for comparison only.
 * Where only the average length is quoted, the per-step rates are left empty.
 */
const PAPER_REFERENCES: readonly PaperRow[] = [
  { label: 'KosMos P.H. (RoboVLMs)', split: 'ABCD_D', sr: [0.967, 0.93, 0.899, 0.865, 0.826], avgLen: 4.49 },
  { label: 'GR-1', split: 'ABCD_D', sr: [null, null, null, null, null], avgLen: 4.21 },
  { label: 'HULC', split: 'ABCD_D', sr: [null, null, null, null, null], avgLen: 3.06 },
  { label: 'RT-1', split: 'ABCD_D', sr: [null, null, null, null, null], avgLen: 2.45 },
  { label: 'KosMos P.H. (RoboVLMs)', split: 'ABC_D', sr: [0.98, 0.936, 0.854, 0.778, 0.704], avgLen: 4.25 },
  { label: 'GR-1', split: 'ABC_D', sr: [null, null, null, null, null], avgLen: 3.06 },
];

const SPLIT_LABEL: Record<'ABCD_D' | 'ABC_D', string> = { ABCD_D: 'ABCD→D', ABC_D: 'ABC→D' };

function chainLengthOf(e: EvalResult): number {
  const keys = Object.keys(e.chainSr)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  return Math.max(e.chainLength ?? 0, ...keys, 1);
}

function evalLabel(runLabel: string, e: EvalResult, multiple: boolean): string {
  if (!multiple) return runLabel;
  const ckpt = e.checkpoint.split(/[\\/]/).pop() ?? e.checkpoint;
  return `${runLabel} · ${e.step !== undefined ? `step ${e.step}` : ckpt}`;
}

export function buildChainTable(runs: RunSummary[], evals: Map<string, EvalResult[]>, label: (run: string) => string): ChainTable {
  const rows: ChainRow[] = [];
  let chainLength = 1;
  const calvinSplits = new Set<'ABCD_D' | 'ABC_D' | undefined>();
  const protocolOfRow = new Map<ChainRow, string>();
  for (const run of runs) {
    const list = (evals.get(run.key) ?? []).filter((e) => !isSingleTask(e.chainLength)).sort((a, b) => a.t - b.t);
    for (const e of list) {
      const n = chainLengthOf(e);
      chainLength = Math.max(chainLength, n);
      const sr = Array.from({ length: n }, (_, i) => {
        const v = e.chainSr[String(i + 1)];
        return typeof v === 'number' ? v : null;
      });
      const multiple = list.filter((x) => x.benchmark === e.benchmark).length > 1;
      const row: ChainRow = {
        label: `${evalLabel(label(run.key), e, multiple)}${runs.length > 0 && e.benchmark !== 'playtable' ? ` (${e.benchmark})` : ''}`,
        sr,
        avgLen: e.avgLen,
        chains: e.numChains,
        reference: false,
        run: run.key,
        benchmark: e.benchmark,
      };
      rows.push(row);
      protocolOfRow.set(row, protocolLabel(e.protocol) || UNTAGGED);
      if (e.benchmark === 'calvin') calvinSplits.add(run.calvinSplit);
    }
  }
  if (calvinSplits.size > 0) {
    const splits = calvinSplits.has(undefined) ? (['ABCD_D', 'ABC_D'] as const) : ([...calvinSplits] as ('ABCD_D' | 'ABC_D')[]);
    chainLength = Math.max(chainLength, 5);
    for (const split of splits) {
      for (const p of PAPER_REFERENCES.filter((r) => r.split === split)) {
        rows.push({
          label: `${p.label}, CALVIN ${SPLIT_LABEL[split]} — paper figure`,
          sr: p.sr.slice(),
          avgLen: p.avgLen,
          reference: true,
          benchmark: 'calvin',
        });
      }
    }
  }
  for (const r of rows) while (r.sr.length < chainLength) r.sr.push(null);
  // One protocol: said once in the header. Several: every evaluation row says its own, never mixed silently.
  const distinct = [...new Set(protocolOfRow.values())];
  if (distinct.length > 1) for (const [r, p] of protocolOfRow) r.label += ` [${p}]`;
  return { chainLength, rows, ...(distinct.length === 1 && distinct[0] !== UNTAGGED ? { protocol: distinct[0] } : {}) };
}

export interface TaskColumn {
  label: string;
  run: string;
  kind: 'chain' | 'single';
}

export interface TaskTable {
  columns: TaskColumn[];
  /** task → one cell per column (undefined: the task was not evaluated there). */
  rows: { task: string; cells: (TaskCount | undefined)[] }[];
}

export interface SingleTaskTable {
  /** One column per run (and benchmark) with a single-task evaluation: its latest one. */
  columns: { label: string; run: string; benchmark: string }[];
  /** task → one cell per column; the last row pools every task ("all tasks"). */
  rows: { task: string; cells: (TaskSuccess | undefined)[] }[];
}

/** Per-task success rates of each run's latest single-task evaluation (chain length 1). */
export function buildSingleTaskTable(
  runs: RunSummary[],
  evals: Map<string, EvalResult[]>,
  label: (run: string) => string,
): SingleTaskTable {
  const columns: SingleTaskTable['columns'] = [];
  const data: ReturnType<typeof successByTask>[] = [];
  for (const run of runs) {
    const latest = new Map<string, EvalResult>();
    for (const e of (evals.get(run.key) ?? []).filter((x) => isSingleTask(x.chainLength)).sort((a, b) => a.t - b.t))
      latest.set(e.benchmark, e);
    for (const [benchmark, e] of latest) {
      columns.push({ label: `${label(run.key)}${benchmark !== 'playtable' ? ` (${benchmark})` : ''}`, run: run.key, benchmark });
      data.push(successByTask(e.taskInfo));
    }
  }
  const tasks = [...new Set(data.flatMap((d) => d.tasks.map((r) => r.task)))].sort();
  const rows = tasks.map((task) => ({ task, cells: data.map((d) => d.tasks.find((r) => r.task === task)) }));
  if (rows.length) rows.push({ task: 'all tasks', cells: data.map((d) => d.all) });
  return { columns, rows };
}

/** Per-task successes within each run's latest chain evaluation (and its legacy `single_task` counts, if any). */
export function buildTaskTable(runs: RunSummary[], evals: Map<string, EvalResult[]>, label: (run: string) => string): TaskTable {
  const columns: TaskColumn[] = [];
  const data: Record<string, TaskCount>[] = [];
  for (const run of runs) {
    const list = (evals.get(run.key) ?? []).filter((e) => !isSingleTask(e.chainLength)).sort((a, b) => a.t - b.t);
    const latest = list[list.length - 1];
    if (!latest) continue;
    if (Object.keys(latest.taskInfo).length) {
      columns.push({ label: runs.length > 1 ? `${label(run.key)} (chains)` : 'in chains', run: run.key, kind: 'chain' });
      data.push(latest.taskInfo);
    }
    if (latest.singleTask && Object.keys(latest.singleTask).length) {
      columns.push({ label: runs.length > 1 ? `${label(run.key)} (single task)` : 'single task', run: run.key, kind: 'single' });
      data.push(latest.singleTask);
    }
  }
  const tasks = [...new Set(data.flatMap((d) => Object.keys(d)))].sort();
  return { columns, rows: tasks.map((task) => ({ task, cells: data.map((d) => d[task]) })) };
}

export function formatRate(v: number | null): string {
  return v === null ? '—' : `${(v * 100).toFixed(1)}%`;
}

export function formatCount(c: TaskCount | undefined): string {
  if (!c) return '—';
  const rate = c.total > 0 ? ` (${Math.round((100 * c.success) / c.total)}%)` : '';
  return `${c.success}/${c.total}${rate}`;
}
