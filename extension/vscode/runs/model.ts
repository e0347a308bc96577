/**
 * The runs view's model, from the disk (plain Node, no `vscode`): every run under the runs
 * directory with its record and live progress (last step/total, last train loss), grouped by
 * experiment and sweep. `RunsIndex.refresh()` re-reads only what changed: run.json by mtime and
 * events.jsonl by byte offset, so a 1 s refresh while runs are active stays cheap.
 */
import { join } from 'node:path';
import type { EventsTail } from '../../core/events';
import type { RunRecord } from '../../core/generated/run';
import type { WarningEvent } from '../../core/generated/events';
import { EVENTS_FILE, listRunKeys, mtimeMs, parseRunKey, readRunRecord, RUN_FILE, runDir } from './files';

export interface RunInfo {
  key: string;
  experiment: string;
  id: string;
  dir: string;
  record: RunRecord;
  step?: number;
  total?: number;
  loss?: number;
  /** Wall time (s) of the newest event. */
  lastEventAt?: number;
  evaluated: boolean;
  /** The run's warning events (training-health alarms and others), oldest first, the last MAX_WARNINGS. */
  warnings: WarningEvent[];
}

const MAX_WARNINGS = 20;

// core/events loads its generated record validator: required on first use, not at activation.

const newTail = (path: string): EventsTail => new (require('../../core/events') as typeof import('../../core/events')).EventsTail(path);

interface Cached {
  info: RunInfo;
  mtime: number;
  tail: EventsTail;
}

export class RunsIndex {
  private cache = new Map<string, Cached>();

  constructor(public runsDir: string) {}

  setRunsDir(dir: string): void {
    if (dir !== this.runsDir) {
      this.runsDir = dir;
      this.cache.clear();
    }
  }

  /** Re-reads the runs directory; returns the runs, newest first within each experiment. */
  refresh(): RunInfo[] {
    const keys = listRunKeys(this.runsDir);
    const seen = new Set(keys);
    for (const k of [...this.cache.keys()]) if (!seen.has(k)) this.cache.delete(k);
    const out: RunInfo[] = [];
    for (const key of keys) {
      const dir = runDir(this.runsDir, key)!;
      let c = this.cache.get(key);
      const m = mtimeMs(join(dir, RUN_FILE));
      if (!c || c.mtime !== m) {
        const record = readRunRecord(dir);
        if (!record) continue;
        const p = parseRunKey(key)!;
        if (!c)
          c = {
            info: { key, experiment: p.experiment, id: p.id, dir, record, evaluated: false, warnings: [] },
            mtime: m,
            tail: newTail(join(dir, EVENTS_FILE)),
          };
        c.info.record = record;
        c.mtime = m;
        this.cache.set(key, c);
      }
      this.readEvents(c);
      out.push(c.info);
    }
    return out;
  }

  get(key: string): RunInfo | undefined {
    return this.cache.get(key)?.info;
  }

  private readEvents(c: Cached): void {
    const { events } = c.tail.poll();
    const info = c.info;
    for (const e of events) {
      info.lastEventAt = e.t;
      if (e.type === 'progress' && e.phase !== 'eval') {
        info.step = e.step;
        info.total = e.total;
      } else if (e.type === 'scalar' && /^(train[/_]loss|train_loss_act)$/.test(e.name) && e.value !== null) {
        info.loss = e.value;
        info.step = Math.max(info.step ?? 0, e.step);
      } else if (e.type === 'eval_result') {
        info.evaluated = true;
      } else if (e.type === 'warning') {
        info.warnings = [...info.warnings, e].slice(-MAX_WARNINGS);
      }
    }
  }
}

/** Starting or running (queued runs are counted apart). */
export function isActive(info: RunInfo): boolean {
  return info.record.status === 'starting' || info.record.status === 'running';
}

// ---- tree ---------------------------------------------------------------------------------------

export type TreeNode =
  | { kind: 'experiment'; name: string; children: TreeNode[]; active: number }
  | { kind: 'sweep'; experiment: string; sweep: string; children: TreeNode[]; active: number }
  | { kind: 'run'; info: RunInfo };

function createdAt(i: RunInfo): string {
  return i.record.created_at ?? '';
}

/** Experiments (alphabetical) → sweeps (by id) → runs (newest first; sweep runs by point index). */
export function buildTree(runs: readonly RunInfo[]): TreeNode[] {
  const byExp = new Map<string, RunInfo[]>();
  for (const r of runs) {
    const list = byExp.get(r.experiment) ?? [];
    list.push(r);
    byExp.set(r.experiment, list);
  }
  const out: TreeNode[] = [];
  for (const exp of [...byExp.keys()].sort()) {
    const list = byExp.get(exp)!;
    const sweeps = new Map<string, RunInfo[]>();
    const plain: RunInfo[] = [];
    for (const r of list) {
      const s = r.record.sweep?.id;
      if (s) sweeps.set(s, [...(sweeps.get(s) ?? []), r]);
      else plain.push(r);
    }
    const children: TreeNode[] = [];
    for (const s of [...sweeps.keys()].sort().reverse()) {
      const members = sweeps
        .get(s)!
        .sort((a, b) => (a.record.sweep?.index ?? 0) - (b.record.sweep?.index ?? 0) || a.id.localeCompare(b.id));
      children.push({
        kind: 'sweep',
        experiment: exp,
        sweep: s,
        children: members.map((info) => ({ kind: 'run', info })),
        active: members.filter(isActive).length,
      });
    }
    plain.sort((a, b) => createdAt(b).localeCompare(createdAt(a)) || b.id.localeCompare(a.id));
    children.push(...plain.map((info): TreeNode => ({ kind: 'run', info })));
    out.push({ kind: 'experiment', name: exp, children, active: list.filter(isActive).length });
  }
  return out;
}

/** The run's one-line description: step/total, loss, GPUs (what the tree shows after its label). */
export function describeRun(i: RunInfo): string {
  const parts: string[] = [];
  if (i.total) parts.push(`${i.step ?? 0}/${i.total}`);
  else if (i.step !== undefined) parts.push(`step ${i.step}`);
  if (i.loss !== undefined && Number.isFinite(i.loss)) parts.push(`loss ${Number(i.loss.toPrecision(3))}`);
  const gpus = i.record.gpus ?? [];
  if (gpus.length) parts.push(`GPU ${gpus.join(',')}`);
  else if (i.record.status === 'queued' && i.record.gpus_requested)
    parts.push(`needs ${i.record.gpus_requested} GPU${i.record.gpus_requested > 1 ? 's' : ''}`);
  if (i.record.kind === 'eval') parts.push(i.record.every_checkpoint ? 'eval · every checkpoint' : 'eval');
  if (i.record.reproduces) parts.push(`reproduces ${i.record.reproduces}`);
  if (i.evaluated) parts.push('evaluated');
  if (i.warnings.length) parts.push(`⚠ ${i.warnings.length} warning${i.warnings.length === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** Markdown that shows `text` literally: run.json travels with run folders, so no string in it may format, link or icon. */
export function markdownText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- stripping control characters is the point
      .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(/[\\`*_{}[\]()#+\-.!|<>~$&:"']/g, (c) => `\\${c}`)
      .replace(/\n/g, '  \n')
  );
}

/** The run's tooltip (Markdown): key, status, error, spec and folder, every run string escaped. */
export function runTooltip(i: RunInfo): string {
  const lines = [`**${markdownText(i.key)}** — ${markdownText(String(i.record.status))}`];
  if (i.record.error) lines.push(markdownText(String(i.record.error)));
  for (const w of i.warnings) {
    // what was seen, then what to check: each alarm's one line of advice
    lines.push(
      `⚠ ${w.step !== undefined ? `step ${w.step}: ` : ''}${markdownText(w.message)}${w.code ? ` \\[${markdownText(w.code)}\\]` : ''}` +
        (w.advice ? `  \n→ ${markdownText(w.advice)}` : ''),
    );
  }
  if (i.record.reproduces) lines.push(`reproduces ${markdownText(String(i.record.reproduces))}`);
  if (i.record.parent_run)
    lines.push(`evaluates ${markdownText(String(i.record.parent_run))}${i.record.every_checkpoint ? ' at every checkpoint' : ''}`);
  if (i.record.spec_source) lines.push(`spec: ${markdownText(String(i.record.spec_source))}`);
  lines.push(`folder: ${markdownText(i.dir)}`);
  return lines.join('\n\n');
}

/** A sweep point as a label: `formulation=policy-head, head.type=lstm`. */
export function runLabel(i: RunInfo): string {
  const point = i.record.sweep?.point as Record<string, unknown> | undefined;
  if (point && Object.keys(point).length) {
    return Object.entries(point)
      .map(([k, v]) => `${k.includes('.') ? k.slice(k.indexOf('.') + 1) : k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(', ');
  }
  return i.id;
}

export interface StatusLook {
  /** A codicon id. */
  icon: string;
  /** A theme colour id. */
  color?: string;
}

export function statusLook(status: RunRecord['status']): StatusLook {
  switch (status) {
    case 'queued':
      return { icon: 'clock', color: 'charts.yellow' };
    case 'starting':
      return { icon: 'loading~spin', color: 'charts.blue' };
    case 'running':
      return { icon: 'sync~spin', color: 'charts.blue' };
    case 'completed':
      return { icon: 'pass', color: 'testing.iconPassed' };
    case 'failed':
      return { icon: 'error', color: 'testing.iconFailed' };
    case 'cancelled':
      return { icon: 'circle-slash', color: 'disabledForeground' };
    default:
      return { icon: 'question' };
  }
}

/** Context value for menus: `run:<status>` plus flags the when-clauses test with regexes. */
export function runContextValue(i: RunInfo): string {
  const flags = [`run:${i.record.status}`];
  if (isActive(i)) flags.push('active');
  if (['failed', 'cancelled'].includes(i.record.status) && i.record.kind !== 'eval') flags.push('resumable');
  if (i.record.status === 'completed' && i.record.kind !== 'eval') flags.push('evaluable');
  return flags.join(' ');
}

/** The status bar's counts: GPUs busy by active runs, and runs waiting. */
export function queueCounts(runs: readonly RunInfo[]): { running: number; queued: number; gpusBusy: Set<number> } {
  const gpusBusy = new Set<number>();
  let running = 0,
    queued = 0;
  for (const r of runs) {
    if (r.record.status === 'queued') queued++;
    else if (isActive(r)) {
      running++;
      for (const g of r.record.gpus ?? []) gpusBusy.add(g);
    }
  }
  return { running, queued, gpusBusy };
}
