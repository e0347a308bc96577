/** Plain-text formatting shared by the CLI commands (and usable by any text UI). */
import { protocolLabel } from '../metrics/compare-table';
import { formatSuccess, isSingleTask, successByTask } from '../metrics/success';
import type { EvalResultEvent } from '../generated/events';
import type { RunSummary } from './status';

// Terminal escape sequences (CSI and OSC, 7- and 8-bit, OSC with its BEL/ST end, other two-byte ESC forms), then any
// control character left: C0 except tab and newline, DEL, C1, and the bidirectional overrides
// that make text read differently from what it is.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ESCAPE_SEQUENCES = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text safe to print on a terminal: run.json, events.jsonl and logs travel with run folders, and a
 * string in them could otherwise move the cursor, retitle the window, hide lines or rewrite what
 * the user sees. Tabs and newlines stay; everything else that is not printable goes.
 */
export function terminalSafe(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(CONTROL_CHARACTERS, '');
}

export function fmtDuration(s: number | null | undefined): string {
  if (s == null || !Number.isFinite(s) || s < 0) return '?';
  const t = Math.round(s);
  if (t < 60) return `${t}s`;
  if (t < 3600) return `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s`;
  return `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`;
}

export function fmtNum(v: number | null | undefined, digits = 4): string {
  if (v === null) return 'NaN';
  if (v === undefined || !Number.isFinite(v)) return '-';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return Number(v.toPrecision(digits)).toString();
}

/** Local time `YYYY-MM-DD HH:MM` of an ISO date. */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '-';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A left-aligned text table. */
export function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : (c ?? '').padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

/** One line of progress: `step 120/1500 (8%)  loss 0.4321  31.2 samples/s  ETA 4m10s`. */
export function progressLine(s: RunSummary): string {
  const parts: string[] = [];
  if (s.step !== null) parts.push(`step ${s.step}${s.total ? `/${s.total} (${Math.floor((100 * s.step) / Math.max(1, s.total))}%)` : ''}`);
  if (s.stage) parts.push(`stage ${s.stage}`);
  if (s.loss !== undefined && (s.loss !== null || 'train/loss' in s.latest)) parts.push(`loss ${fmtNum(s.loss)}`);
  if (s.samplesPerS) parts.push(`${fmtNum(s.samplesPerS, 3)} samples/s`);
  if (s.etaS != null) parts.push(`ETA ${fmtDuration(s.etaS)}`);
  return parts.join('  ') || 'waiting for the first event';
}

/** CALVIN-style results: success rate of 1..N tasks in a row and the average length. */
export function evalTable(evals: EvalResultEvent[]): string[] {
  if (!evals.length) return [];
  // A single-task evaluation is no chain: per-task success rates with their intervals, never an "avg len".
  const single = evals.filter((e) => isSingleTask(e.chain_length));
  const chains = evals.filter((e) => !isSingleTask(e.chain_length));
  const out: string[] = [];
  for (const e of single) {
    const { tasks, all } = successByTask(e.task_info);
    const rows = [...tasks, all].map((r) => [r.task, formatSuccess(r)]);
    out.push(
      `${protocolLabel(e.protocol) || e.benchmark} · ${e.checkpoint} · single tasks (success rate, 95% Wilson interval):`,
      ...table(['task', 'success'], rows),
    );
  }
  if (chains.length) out.push(...chainTable(chains));
  return out;
}

/** CALVIN-style chain results: success at 1..N subtasks in a row and the average length. */
function chainTable(evals: EvalResultEvent[]): string[] {
  const n = Math.max(...evals.map((e) => Math.max(0, ...Object.keys(e.chain_sr).map(Number))));
  const headers = ['benchmark', 'checkpoint', 'chains', ...Array.from({ length: n }, (_, i) => `${i + 1}`), 'avg len'];
  const rows = evals.map((e) => [
    // the benchmark with its protocol (version, CALVIN split): rows from different protocols say so
    protocolLabel(e.protocol) || e.benchmark,
    e.checkpoint,
    e.num_chains !== undefined ? String(e.num_chains) : '-',
    ...Array.from({ length: n }, (_, i) => (e.chain_sr[String(i + 1)] !== undefined ? e.chain_sr[String(i + 1)].toFixed(3) : '-')),
    e.avg_seq_len.toFixed(2),
  ]);
  return table(headers, rows);
}

/** One line for an evaluation: pooled success over single tasks, or the chains' average length. */
export function evalHeadline(e: EvalResultEvent): string {
  if (isSingleTask(e.chain_length))
    return `success ${formatSuccess(successByTask(e.task_info).all)} over ${Object.keys(e.task_info).length} task(s)`;
  return `avg len ${e.avg_seq_len.toFixed(2)} over ${e.num_chains ?? '?'} chains`;
}

/** Per-task success counts of the latest evaluation. */
export function taskTable(e: EvalResultEvent): string[] {
  const rows = Object.entries(e.task_info)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([task, c]) => [task, `${c.success}/${c.total}`, c.total ? (c.success / c.total).toFixed(2) : '-']);
  return rows.length ? table(['task', 'success', 'rate'], rows) : [];
}
