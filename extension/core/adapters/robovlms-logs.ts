/**
 * RoboVLMs artifacts → VLA Lab run events (schemas/events.schema.json).
 *
 * RoboVLMs (PyTorch Lightning) writes, for one experiment:
 * - scalars through TensorBoardLogger and/or CSVLogger under
 *   `{log_root}/…/{exp_name}/version_N/` (event files, `metrics.csv`, `hparams.yaml`);
 * - checkpoints `epoch=E-step=S.ckpt` under `{output_root}/…/{exp_name}/` (ModelCheckpoint with
 *   save_top_k=-1, every epoch), each a directory when DeepSpeed is the strategy;
 * - CALVIN evaluation results, one JSON per rank, `results_calvin_{ckpt}_rand-{rank}.json`
 *   (`{ckpt}` is the checkpoint file name without extension, e.g. `epoch=0-step=1000`) holding
 *   `{"null": {avg_seq_len, chain_sr: {"1".."5"}, task_info: {task: {success, total}}}}`.
 *
 * `RoboVLMsLogTail.poll()` turns what appeared since the previous poll into ScalarEvent,
 * CheckpointEvent and EvalResultEvent records, plus the training-health warnings its scalars
 * raise (core/health/monitor.ts: flat validation loss, gripper accuracy at chance, exploding
 * gradient norm; each once per run). Everything is incremental: event files and
 * metrics.csv by byte offset, checkpoints and result files by name (each reported once).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { CheckpointEvent, EvalResultEvent, RunEvent, ScalarEvent } from '../generated/events';
import { ByteTail } from '../events/byte-tail';
import { readEvents } from '../events';
import { RUN_FILES } from '../runner/paths';
import { isHealthCode, ScalarHealthMonitor } from '../health/monitor';
import { TensorBoardTail } from '../tensorboard/reader';
import { mapRoboVLMsTag } from '../tensorboard/tags';

export interface RoboVLMsLogOptions {
  /** Lightning log directory (event files and/or metrics.csv, nested version_N/ folders included). */
  logDir?: string;
  /** Checkpoint directory (ModelCheckpoint dirpath). */
  outputDir?: string;
  /** Where `results_calvin_*_rand-*.json` files are looked for (default: outputDir and logDir). */
  evalDirs?: string[];
  /** Paths in events are made relative to this directory when they are inside it. */
  runDir?: string;
  /**
   * Which logger's scalars to read. `auto` (default) reads TensorBoard event files when there
   * are any and metrics.csv otherwise: RoboVLMs may run both loggers, which log the same values.
   */
  scalars?: 'auto' | 'tensorboard' | 'csv';
  /** Chains a complete CALVIN evaluation covers, summed over ranks (RoboVLMs: 1000). */
  expectedChains?: number;
  /** A checkpoint file is reported once its size held still between polls, or once it is this old (default 2 s). */
  settleSeconds?: number;
  /** Clock, seconds since the epoch (tests). */
  now?: () => number;
  /**
   * The run's gradient-norm clip (0 = off), named by the exploding-gradient advice. Default: the
   * top-level `gradient_clip_val` of the run's robovlms config (runDir), the only one RoboVLMs
   * reads (default 0.0); unknown when there is no such config.
   */
  gradClip?: number | null;
}

/** The gradient clip a RoboVLMs run uses: its config's top-level gradient_clip_val (0.0 when absent); null without a readable config. */
export function roboVLMsGradClip(runDir: string): number | null {
  try {
    const config = JSON.parse(fs.readFileSync(path.join(runDir, RUN_FILES.robovlmsConfig), 'utf8')) as Record<string, unknown>;
    const clip = config.gradient_clip_val ?? 0;
    return typeof clip === 'number' && Number.isFinite(clip) ? clip : null;
  } catch {
    return null;
  }
}

export interface LogPoll {
  events: RunEvent[];
  warnings: string[];
}

const MAX_DEPTH = 6;

function walk(dir: string, visit: (p: string, entry: fs.Dirent) => boolean | void, depth = 0): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    const descend = visit(p, e);
    if (descend !== false && e.isDirectory() && depth < MAX_DEPTH && !e.name.startsWith('.')) walk(p, visit, depth + 1);
  }
}

function stepOf(name: string): number | undefined {
  const m = /step=(\d+)/.exec(name);
  return m ? Number(m[1]) : /^\d+$/.test(name) ? Number(name) : undefined;
}

// ───────────────────────────── metrics.csv (Lightning CSVLogger) ─────────────────────────────

/**
 * Tails a Lightning CSVLogger metrics.csv: a header of metric names plus `step` (and `epoch`),
 * then sparse rows (a metric's cell is empty in rows where it was not logged). Lightning appends
 * rows, but rewrites the whole file with a wider header when a new metric appears; the tail
 * notices the changed header and re-reads the file, skipping the rows it already reported.
 * The file has no time column: rows are stamped with the file's modification time.
 */
class MetricsCsvTail {
  private readonly bytes: ByteTail;
  private header: string[] | undefined;
  private headerLine: Buffer | undefined;
  private pending: Buffer = Buffer.alloc(0);
  /** Data rows parsed in the current pass over the file. */
  private rowsSeen = 0;
  /** Data rows already reported, over all passes (a rewritten file repeats them). */
  private rowsDone = 0;

  constructor(
    readonly file: string,
    private readonly label = path.basename(file),
    private readonly mapTag = mapRoboVLMsTag,
  ) {
    this.bytes = new ByteTail(file);
  }

  poll(final = false): { events: ScalarEvent[]; warnings: string[] } {
    const events: ScalarEvent[] = [];
    const warnings: string[] = [];
    if (this.headerLine && !this.headerUnchanged()) {
      // Rewritten with new columns: start over, but report only rows not seen yet.
      this.restart();
    }
    let mtime = Date.now() / 1000;
    try {
      mtime = fs.statSync(this.file).mtimeMs / 1000;
    } catch {
      return { events, warnings };
    }
    for (;;) {
      const chunk = this.bytes.read();
      // Truncated (Lightning rewriting it with a wider header): the rows come again.
      if (chunk.restarted) this.restart(false);
      if (chunk.bytes.length) this.pending = this.pending.length ? Buffer.concat([this.pending, chunk.bytes]) : chunk.bytes;
      if (!chunk.more) break;
    }
    let end = this.pending.lastIndexOf(0x0a) + 1;
    if (final && end < this.pending.length) end = this.pending.length;
    if (end === 0) return { events, warnings };
    const text = this.pending.subarray(0, end).toString('utf8');
    this.pending = Buffer.from(this.pending.subarray(end));
    let rows: string[][];
    try {
      rows = parseCsv(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
    } catch (e) {
      warnings.push(`${this.label}: not a valid CSV file (${(e as Error).message.split('\n')[0]}); skipped`);
      return { events, warnings };
    }
    let r = 0;
    if (!this.header) {
      if (rows.length === 0) return { events, warnings };
      this.header = rows[0];
      this.headerLine = Buffer.from(text.slice(0, text.indexOf('\n') + 1));
      r = 1;
      if (!this.header.includes('step')) warnings.push(`${this.label}: no "step" column; rows cannot be placed and are skipped`);
    }
    const header = this.header;
    const stepCol = header.indexOf('step');
    for (; r < rows.length; r++) {
      const row = rows[r];
      this.rowsSeen++;
      if (this.rowsSeen <= this.rowsDone) continue;
      this.rowsDone = this.rowsSeen;
      if (stepCol < 0) continue;
      const step = Number(row[stepCol]);
      if (!Number.isSafeInteger(step) || step < 0) {
        warnings.push(`${this.label}:${this.rowsSeen + 1}: step "${row[stepCol] ?? ''}" is not a step number; row skipped`);
        continue;
      }
      for (let c = 0; c < header.length; c++) {
        const cell = row[c];
        if (c === stepCol || cell === undefined || cell === '') continue;
        const value = Number(cell);
        const isNonFinite = /^[+-]?(nan|inf|infinity)$/i.test(cell.trim());
        if (Number.isNaN(value) && !isNonFinite) {
          warnings.push(`${this.label}:${this.rowsSeen + 1}: ${header[c]} is "${cell}", not a number; skipped`);
          continue;
        }
        events.push({ v: 1, type: 'scalar', t: mtime, step, name: this.mapTag(header[c]), value: Number.isFinite(value) ? value : null });
      }
    }
    return { events, warnings };
  }

  private headerUnchanged(): boolean {
    const head = this.headerLine!;
    try {
      const fd = fs.openSync(this.file, 'r');
      try {
        const buf = Buffer.alloc(head.length);
        const n = fs.readSync(fd, buf, 0, head.length, 0);
        return n === head.length && buf.equals(head);
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return true; // gone: nothing more to read either way
    }
  }

  /** Forget the parse state and skip the rows already reported when they come again. */
  private restart(resetBytes = true): void {
    this.rowsSeen = 0;
    this.header = undefined;
    this.headerLine = undefined;
    this.pending = Buffer.alloc(0);
    if (resetBytes) this.bytes.reset();
  }
}

// ───────────────────────────── CALVIN results ─────────────────────────────

interface CalvinRankResult {
  avg_seq_len: number;
  chain_sr: Record<string, number>;
  task_info: Record<string, { success: number; total: number }>;
}

/** One rank's results JSON, or a reason why it is not usable. */
export function parseCalvinResult(text: string): CalvinRankResult | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  const inner = (data as Record<string, unknown> | null)?.['null'];
  if (typeof inner !== 'object' || inner === null) return 'no "null" entry (expected RoboVLMs results_calvin JSON)';
  const r = inner as Record<string, unknown>;
  if (typeof r.avg_seq_len !== 'number') return '"avg_seq_len" is not a number';
  if (typeof r.chain_sr !== 'object' || r.chain_sr === null) return '"chain_sr" is missing';
  for (const [k, v] of Object.entries(r.chain_sr)) {
    if (!/^[1-9][0-9]*$/.test(k) || typeof v !== 'number') return `"chain_sr" entry "${k}" is not a success rate`;
  }
  if (typeof r.task_info !== 'object' || r.task_info === null) return '"task_info" is missing';
  for (const [k, v] of Object.entries(r.task_info)) {
    const c = v as { success?: unknown; total?: unknown };
    if (!Number.isInteger(c?.success) || !Number.isInteger(c?.total)) return `"task_info" entry "${k}" lacks integer success/total`;
  }
  return r as unknown as CalvinRankResult;
}

/**
 * Number of chains one rank evaluated, recovered from its own counts. In RoboVLMs' results a
 * chain that completed k of its L subtasks adds k successes and, when k < L, one failure, so it
 * contributes min(k + 1, L) to the summed task totals; summed over the rank's n chains:
 *   Σ totals = n · (1 + sr_1 + … + sr_{L-1}),
 * where sr_i is the fraction of chains with at least i successes (chain_sr["i"]).
 */
export function chainsEvaluated(r: CalvinRankResult): number | undefined {
  const keys = Object.keys(r.chain_sr)
    .map(Number)
    .sort((a, b) => a - b);
  const total = Object.values(r.task_info).reduce((s, c) => s + c.total, 0);
  if (keys.length === 0) return undefined;
  let denom = 1;
  for (const k of keys.slice(0, -1)) denom += r.chain_sr[String(k)];
  const n = total / denom;
  return Math.abs(n - Math.round(n)) < 1e-3 * Math.max(1, n) && n >= 0.5 ? Math.round(n) : undefined;
}

export interface MergedCalvinResult {
  avg_seq_len: number;
  chain_sr: Record<string, number>;
  task_info: Record<string, { success: number; total: number }>;
  num_chains: number;
  chain_length: number;
}

/**
 * Merges the per-rank results of one evaluation. Ranks evaluate disjoint shares of the chains
 * (`eval_sequences[rank::world_size]`), which need not be equal (1000 chains on 3 ranks: 334,
 * 333, 333), so rates are averaged weighted by each rank's chain count; task counts are summed.
 * (RoboVLMs' own merge tool divides by 8, which is right only for equal shares.)
 * `ranks` maps rank → result; a rank whose count cannot be recovered gets the share the split
 * rule gives it for `expectedChains`.
 */
export function mergeCalvinResults(ranks: Map<number, CalvinRankResult>, expectedChains = 1000): MergedCalvinResult {
  const worldSize = Math.max(...ranks.keys()) + 1;
  let chains = 0,
    weightedLen = 0;
  const sr: Record<string, number> = {};
  const taskInfo: Record<string, { success: number; total: number }> = {};
  let chainLength = 0;
  for (const [rank, r] of [...ranks].sort((a, b) => a[0] - b[0])) {
    const n = chainsEvaluated(r) ?? Math.max(0, Math.ceil((expectedChains - rank) / worldSize));
    chains += n;
    weightedLen += r.avg_seq_len * n;
    for (const [k, v] of Object.entries(r.chain_sr)) {
      sr[k] = (sr[k] ?? 0) + v * n;
      chainLength = Math.max(chainLength, Number(k));
    }
    for (const [task, c] of Object.entries(r.task_info)) {
      const t = (taskInfo[task] ??= { success: 0, total: 0 });
      t.success += c.success;
      t.total += c.total;
    }
  }
  const chain_sr: Record<string, number> = {};
  for (const k of Object.keys(sr).sort((a, b) => Number(a) - Number(b))) {
    chain_sr[k] = chains > 0 ? Math.min(1, Math.max(0, sr[k] / chains)) : 0;
  }
  return {
    avg_seq_len: chains > 0 ? Math.max(0, weightedLen / chains) : 0,
    chain_sr,
    task_info: taskInfo,
    num_chains: chains,
    chain_length: Math.max(1, chainLength),
  };
}

const RESULT_FILE = /^results_calvin_(.+)_rand-(\d+)\.json$/;

interface ResultFileState {
  signature: string;
  result?: CalvinRankResult;
  mtime: number;
  warned?: boolean;
}

// ───────────────────────────── the tail ─────────────────────────────

export class RoboVLMsLogTail {
  private readonly tb: TensorBoardTail | undefined;
  private readonly csv = new Map<string, MetricsCsvTail>();
  private csvUsed = false;
  private switchedToTensorBoard = false;
  private readonly checkpointsReported = new Set<string>();
  private readonly checkpointSizes = new Map<string, number>();
  private readonly stepless = new Set<string>();
  private readonly resultFiles = new Map<string, ResultFileState>();
  /** Evaluation prefix → signature of the files last reported. */
  private readonly evalsReported = new Map<string, string>();
  private readonly now: () => number;
  private readonly health: ScalarHealthMonitor;

  constructor(private readonly options: RoboVLMsLogOptions) {
    this.now = options.now ?? (() => Date.now() / 1000);
    if (options.logDir && options.scalars !== 'csv') this.tb = new TensorBoardTail(options.logDir);
    // A run resumed (or a supervisor restarted) keeps each alarm once: the codes already written count.
    const written = options.runDir ? readEvents(path.join(options.runDir, RUN_FILES.events)).events : [];
    const gradClip = options.gradClip !== undefined ? options.gradClip : options.runDir ? roboVLMsGradClip(options.runDir) : null;
    this.health = new ScalarHealthMonitor(
      written.flatMap((e) => (e.type === 'warning' && isHealthCode(e.code) ? [e.code] : [])),
      gradClip,
    );
  }

  /** `final`: the run is over; report what is incomplete (unsettled checkpoints, partial evaluations). */
  poll(final = false): LogPoll {
    const events: RunEvent[] = [];
    const warnings: string[] = [];
    this.pollScalars(final, events, warnings);
    events.push(...this.health.add(events));
    this.pollCheckpoints(final, events, warnings);
    this.pollEvalResults(final, events, warnings);
    return { events, warnings };
  }

  private rel(p: string): string {
    const base = this.options.runDir;
    if (!base) return p;
    const r = path.relative(base, p);
    return r && !r.startsWith('..') && !path.isAbsolute(r) ? r.split(path.sep).join('/') : p;
  }

  private pollScalars(final: boolean, events: RunEvent[], warnings: string[]): void {
    const { logDir, scalars = 'auto' } = this.options;
    if (!logDir) return;
    if (this.tb) {
      const r = this.tb.poll(final);
      events.push(...r.events);
      warnings.push(...r.warnings);
      if (scalars === 'tensorboard' || this.tb.eventFiles.length > 0) {
        if (this.csvUsed && !this.switchedToTensorBoard) {
          this.switchedToTensorBoard = true;
          warnings.push(
            'TensorBoard event files appeared after metrics.csv was read; scalars now come from them (some values may appear twice)',
          );
        }
        return;
      }
    }
    walk(logDir, (p, e) => {
      if (e.isFile() && e.name === 'metrics.csv' && !this.csv.has(p)) this.csv.set(p, new MetricsCsvTail(p, path.relative(logDir, p)));
    });
    for (const tail of this.csv.values()) {
      const r = tail.poll(final);
      if (r.events.length) this.csvUsed = true;
      events.push(...r.events);
      warnings.push(...r.warnings);
    }
  }

  private pollCheckpoints(final: boolean, events: RunEvent[], warnings: string[]): void {
    const dir = this.options.outputDir;
    if (!dir) return;
    const settle = this.options.settleSeconds ?? 2;
    const found: CheckpointEvent[] = [];
    walk(dir, (p, e) => {
      if (!e.name.endsWith('.ckpt')) return;
      if (this.checkpointsReported.has(p)) return false;
      const step = stepOf(e.name);
      if (step === undefined) {
        if (!this.stepless.has(p)) {
          this.stepless.add(p);
          warnings.push(`checkpoint ${e.name} has no "step=N" in its name; not listed`);
        }
        return false;
      }
      let stat: fs.Stats;
      try {
        stat = fs.statSync(p);
      } catch {
        return false;
      }
      let ready: boolean;
      if (stat.isDirectory()) {
        // DeepSpeed writes `latest` after every shard of the checkpoint.
        ready = final || fs.existsSync(path.join(p, 'latest'));
      } else {
        const previous = this.checkpointSizes.get(p);
        this.checkpointSizes.set(p, stat.size);
        // Lightning writes checkpoints in place: wait until the size held still between two
        // polls and the file was untouched for half a second, or it is old enough anyway.
        const age = this.now() - stat.mtimeMs / 1000;
        ready = final || (previous === stat.size && age >= 0.5) || age >= settle;
      }
      if (ready) {
        this.checkpointsReported.add(p);
        this.checkpointSizes.delete(p);
        const ev: CheckpointEvent = { v: 1, type: 'checkpoint', t: stat.mtimeMs / 1000, step, path: this.rel(p) };
        if (stat.isDirectory()) ev.tag = 'deepspeed';
        found.push(ev);
      }
      return false; // never look inside a checkpoint directory
    });
    found.sort((a, b) => a.step - b.step || a.t - b.t);
    events.push(...found);
  }

  private pollEvalResults(final: boolean, events: RunEvent[], warnings: string[]): void {
    const dirs = this.options.evalDirs ?? [this.options.outputDir, this.options.logDir].filter((d): d is string => !!d);
    const groups = new Map<string, Map<number, string>>();
    const seen = new Set<string>();
    for (const dir of dirs) {
      walk(dir, (p, e) => {
        if (e.isDirectory()) return !e.name.endsWith('.ckpt');
        const m = RESULT_FILE.exec(e.name);
        if (!m || seen.has(p)) return;
        seen.add(p);
        const key = path.join(path.dirname(p), m[1]);
        if (!groups.has(key)) groups.set(key, new Map());
        groups.get(key)!.set(Number(m[2]), p);
      });
    }
    const expected = this.options.expectedChains ?? 1000;
    for (const [key, files] of groups) {
      const ranks = new Map<number, CalvinRankResult>();
      let newest = 0;
      let signature = '';
      for (const [rank, file] of [...files].sort((a, b) => a[0] - b[0])) {
        const state = this.readResult(file, final, warnings);
        if (state?.result) {
          ranks.set(rank, state.result);
          newest = Math.max(newest, state.mtime);
          signature += `${rank}:${state.signature};`;
        }
      }
      if (ranks.size === 0 || this.evalsReported.get(key) === signature) continue;
      const merged = mergeCalvinResults(ranks, expected);
      const rankList = [...ranks.keys()].sort((a, b) => a - b);
      const contiguous = rankList.every((r, i) => r === i);
      const complete = merged.num_chains >= expected && contiguous;
      const checkpoint = path.basename(key);
      if (!complete) {
        if (!final) continue;
        warnings.push(
          `CALVIN results for ${checkpoint} cover ${merged.num_chains} of ${expected} chains (ranks ${rankList.join(', ')}); reported as they are`,
        );
      }
      this.evalsReported.set(key, signature);
      const ev: EvalResultEvent = {
        v: 1,
        type: 'eval_result',
        t: newest,
        benchmark: 'calvin',
        checkpoint,
        num_chains: merged.num_chains,
        chain_length: merged.chain_length,
        avg_seq_len: merged.avg_seq_len,
        chain_sr: merged.chain_sr,
        task_info: merged.task_info,
        results_path: this.rel(files.get(rankList[0])!),
      };
      const step = stepOf(checkpoint);
      if (step !== undefined) ev.step = step;
      events.push(ev);
    }
  }

  /** Parses a results file when it changed; a half-written file is retried on the next poll. */
  private readResult(file: string, final: boolean, warnings: string[]): ResultFileState | undefined {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return undefined;
    }
    const signature = `${stat.size}@${stat.mtimeMs}`;
    const old = this.resultFiles.get(file);
    if (old && old.signature === signature) return old;
    const state: ResultFileState = { signature, mtime: stat.mtimeMs / 1000, warned: old?.warned };
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const parsed = parseCalvinResult(text);
    if (typeof parsed === 'string') {
      const settled = final || this.now() - state.mtime >= (this.options.settleSeconds ?? 2);
      if (!settled) return undefined; // probably still being written: look again next poll
      if (!state.warned) warnings.push(`${path.basename(file)}: ${parsed}; skipped`);
      state.warned = true;
    } else {
      state.result = parsed;
    }
    this.resultFiles.set(file, state);
    return state;
  }
}

/** Everything a finished RoboVLMs run left behind, read once. */
export function readRoboVLMsLogs(options: RoboVLMsLogOptions): LogPoll {
  return new RoboVLMsLogTail(options).poll(true);
}
