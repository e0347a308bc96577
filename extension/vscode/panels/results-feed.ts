/**
 * What the Results panel shows, as messages: reads each run's run.json and events.jsonl (tailed by
 * byte offset), keeps the scalars in a SeriesStore (LTTB to ~2000 points; the webview smooths) and
 * turns what changed since the last poll into incremental messages of the contract
 * (extension/shared/messages/results.ts). Plain Node: the panel calls `poll()` on a timer or when
 * the run's files change; tests call it directly.
 */
import { join } from 'node:path';
import type { EventsTail } from '../../core/events';
import type { RunEvent, EvalResultEvent, MediaEvent } from '../../core/generated/events';
import type { RunRecord } from '../../core/generated/run';
import { SeriesStore } from '../../core/metrics';
import { manifestSummary, readManifest } from '../../core/manifest';
import { checkpointCurves, curveVerdict } from '../../core/metrics/checkpoint-curve';
import type {
  CheckpointCurveMessage,
  EvalResult,
  ManifestRow,
  MediaItem,
  ResultsToWebview,
  RunSummary,
  SeriesPoints,
  ViewSettings,
} from '../../shared/messages/results';
import { MAX_CURVE_POINTS, MAX_CURVES, MAX_RUN_WARNINGS } from '../../shared/messages/results';
import {
  ACTIVE_STATUSES,
  calvinSplitOf,
  EVENTS_FILE,
  insideDir,
  mtimeMs,
  parseRunKey,
  readJsonFile,
  readRunRecord,
  RUN_FILE,
  runDir,
  SPEC_FILE,
} from '../runs/files';

export interface FeedOptions {
  /** Maps a media file of a run (absolute path) to a URI the webview may load (asWebviewUri). */
  mediaSrc(absolutePath: string): string;
  maxPoints?: number;
  view?: ViewSettings;
}

interface SentSeries {
  x: number[];
  y: (number | null)[];
  version: number;
}

class RunState {
  readonly tail: EventsTail;
  record: RunRecord | undefined;
  recordMtime = -2;
  summary: RunSummary;
  summaryJson = '';
  evals: EvalResult[] = [];
  evalsSent = 0;
  media: MediaItem[] = [];
  mediaSent = 0;
  ended: RunEvent | undefined;
  startedAt: number | undefined;
  sent = new Map<string, SentSeries>();
  /** The manifest's rows once manifest.json exists (written when the run first starts). */
  manifest: ManifestRow[] | undefined;
  manifestSent = false;
  /** How many evaluation results the last checkpoint-curve message covered (-1: none sent). */
  curveSentAt = -1;

  constructor(
    readonly key: string,
    readonly dir: string,
  ) {
    this.tail = new (require('../../core/events') as typeof import('../../core/events')).EventsTail(join(dir, EVENTS_FILE));
    const p = parseRunKey(key)!;
    const spec = readJsonFile(join(dir, SPEC_FILE));
    this.summary = { key, experiment: p.experiment, id: p.id, status: 'queued', calvinSplit: calvinSplitOf(spec) };
  }
}

/** Index of the first position where two series differ (x and y compared). */
function commonPrefix(a: SentSeries | undefined, b: SeriesPoints): number {
  if (!a) return 0;
  const n = Math.min(a.x.length, b.x.length);
  let i = 0;
  while (i < n && a.x[i] === b.x[i] && a.y[i] === b.y[i]) i++;
  return i;
}

function toEvalResult(e: EvalResultEvent): EvalResult {
  return {
    benchmark: e.benchmark,
    checkpoint: e.checkpoint,
    step: e.step,
    numChains: e.num_chains,
    chainLength: e.chain_length,
    avgLen: e.avg_seq_len,
    chainSr: e.chain_sr as Record<string, number>,
    taskInfo: e.task_info as EvalResult['taskInfo'],
    singleTask: e.single_task as EvalResult['singleTask'],
    t: e.t,
    ...(e.protocol ? { protocol: e.protocol } : {}),
  };
}

/**
 * A run's evaluation results as checkpoint curves (core/metrics/checkpoint-curve.ts): shown for an
 * evaluation of every checkpoint, and for any run whose results cover more than one step.
 */
function checkpointCurveMessages(evals: readonly EvalResult[]): CheckpointCurveMessage[] {
  return checkpointCurves(evals)
    .slice(0, MAX_CURVES)
    .map((c) => ({
      benchmark: c.benchmark,
      kind: c.kind,
      chainLength: c.chainLength,
      max: c.max,
      verdict: curveVerdict(c),
      points: c.points.slice(-MAX_CURVE_POINTS).map((p) => ({
        step: p.step,
        checkpoint: p.checkpoint,
        value: p.value,
        low: p.low,
        high: p.high,
        n: p.n,
        best: p.best,
        withinNoiseOfBest: p.withinNoiseOfBest,
      })),
    }));
}

export class ResultsFeed {
  private readonly store: SeriesStore;
  private readonly runs: RunState[];
  view: ViewSettings;

  constructor(
    readonly runsDir: string,
    runKeys: string[],
    private readonly options: FeedOptions,
  ) {
    this.store = new SeriesStore({ maxPoints: options.maxPoints ?? 2000 });
    this.view = options.view ?? { x: 'step', smoothing: 0.6 };
    this.runs = runKeys.flatMap((k) => {
      const dir = runDir(runsDir, k);
      return dir ? [new RunState(k, dir)] : [];
    });
  }

  get keys(): string[] {
    return this.runs.map((r) => r.key);
  }

  /** True while any run may still produce events (queued/starting/running). */
  get active(): boolean {
    return this.runs.some((r) => ACTIVE_STATUSES.has(r.summary.status));
  }

  runDirOf(key: string): string | undefined {
    return this.runs.find((r) => r.key === key)?.dir;
  }

  /** Everything so far: `init`, then a reset per curve, the evaluations and the media. */
  init(title: string): ResultsToWebview[] {
    for (const r of this.runs) this.read(r);
    for (const r of this.runs) {
      r.sent.clear();
      r.evalsSent = 0;
      r.mediaSent = 0;
      r.manifestSent = false;
      r.curveSentAt = -1;
      r.summaryJson = JSON.stringify(r.summary);
    }
    return [{ type: 'init', title, runs: this.runs.map((r) => ({ ...r.summary })), view: { ...this.view } }, ...this.increments()];
  }

  /** What changed since the last call (new points, status, results, media). */
  poll(): ResultsToWebview[] {
    for (const r of this.runs) this.read(r);
    const out: ResultsToWebview[] = [];
    for (const r of this.runs) {
      const json = JSON.stringify(r.summary);
      if (json !== r.summaryJson) {
        r.summaryJson = json;
        out.push({ type: 'run', run: { ...r.summary } });
      }
    }
    return [...out, ...this.increments()];
  }

  /**
   * New view settings. A new x axis re-picks the downsampled points: every curve is sent again.
   * Smoothing is applied by the webview: it is only remembered (for `init`), nothing is sent.
   */
  setView(view: ViewSettings): ResultsToWebview[] {
    const xChanged = view.x !== this.view.x;
    this.view = { ...view };
    if (!xChanged) return [];
    for (const r of this.runs) r.sent.clear();
    return this.increments();
  }

  private increments(): ResultsToWebview[] {
    const out: ResultsToWebview[] = [];
    const media: MediaItem[] = [];
    for (const r of this.runs) {
      for (const name of this.store.names(r.key)) {
        const prev = r.sent.get(name);
        const version = this.store.version(r.key, name);
        if (prev && prev.version === version) continue;
        const v = this.store.get(r.key, name, { x: this.view.x });
        if (!v) continue;
        const points: SeriesPoints = { x: v.x, y: v.y };
        if (!prev) {
          out.push({ type: 'series-reset', run: r.key, name, points, count: v.count });
        } else {
          const from = commonPrefix(prev, points);
          out.push({
            type: 'series-append',
            run: r.key,
            name,
            from,
            count: v.count,
            points: { x: v.x.slice(from), y: v.y.slice(from) },
          });
        }
        r.sent.set(name, { x: v.x, y: v.y, version });
      }
      for (; r.evalsSent < r.evals.length; r.evalsSent++) out.push({ type: 'eval', run: r.key, result: r.evals[r.evalsSent] });
      if (r.curveSentAt !== r.evals.length && (r.record?.every_checkpoint || new Set(r.evals.map((e) => e.step)).size > 1)) {
        const curves = checkpointCurveMessages(r.evals);
        if (curves.length) out.push({ type: 'checkpoint-curve', run: r.key, curves });
        r.curveSentAt = r.evals.length;
      }
      for (; r.mediaSent < r.media.length; r.mediaSent++) media.push(r.media[r.mediaSent]);
      if (r.manifest && !r.manifestSent) {
        out.push({ type: 'manifest', run: r.key, rows: r.manifest });
        r.manifestSent = true;
      }
    }
    if (media.length) out.push({ type: 'media', items: media });
    return out;
  }

  private read(r: RunState): void {
    const m = mtimeMs(join(r.dir, RUN_FILE));
    if (m !== r.recordMtime) {
      r.recordMtime = m;
      r.record = readRunRecord(r.dir) ?? r.record;
    }
    if (!r.manifest) {
      const read = readManifest(r.dir); // an invalid manifest is not shown (vla-lab show names why)
      if (read.manifest) r.manifest = manifestSummary(read.manifest).map(([label, value]) => ({ label, value }));
    }
    const { events } = r.tail.poll();
    for (const e of events) this.apply(r, e);
    const s = r.summary;
    const rec = r.record;
    if (rec) {
      s.status = rec.status;
      if (rec.kind) s.kind = rec.kind;
      if (rec.error) s.error = rec.error;
      if (rec.sweep?.id)
        s.sweep = {
          id: rec.sweep.id,
          point: Object.fromEntries(
            Object.entries(rec.sweep.point ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
          ),
        };
    } else if (r.ended?.type === 'run_end') {
      s.status = r.ended.status;
    } else if (r.tail.exists) {
      s.status = 'running';
    }
    if (r.startedAt !== undefined) s.startedAt = r.startedAt;
  }

  private apply(r: RunState, e: RunEvent): void {
    this.store.add(r.key, e);
    if (r.startedAt === undefined || e.t < r.startedAt) r.startedAt = e.t;
    switch (e.type) {
      case 'progress':
        if (e.phase !== 'eval') {
          r.summary.step = e.step;
          r.summary.total = e.total;
        }
        break;
      case 'eval_result':
        r.evals.push(toEvalResult(e));
        break;
      case 'media':
        this.addMedia(r, e);
        break;
      case 'run_end':
        r.ended = e;
        if (e.error) r.summary.error = e.error;
        break;
      case 'warning': {
        // shown under the run (training-health alarms say what to check); a changed summary is resent
        const w = { code: e.code, message: e.message, advice: e.advice, step: e.step };
        r.summary.warnings = [...(r.summary.warnings ?? []), w].slice(-MAX_RUN_WARNINGS);
        break;
      }
      default:
        break;
    }
  }

  private addMedia(r: RunState, e: MediaEvent): void {
    const abs = insideDir(r.dir, e.path);
    if (!abs) return; // a media path must stay inside its run directory
    const format = e.format ?? (/\.gif$/i.test(e.path) ? 'gif' : /\.png$/i.test(e.path) ? 'png' : 'mp4');
    r.media.push({
      run: r.key,
      path: e.path,
      kind: e.kind,
      format,
      src: this.options.mediaSrc(abs),
      task: e.task,
      instruction: e.instruction,
      success: e.success,
      steps: e.steps,
      checkpoint: e.checkpoint,
      chain: e.chain,
      subtask: e.subtask,
    });
  }
}
