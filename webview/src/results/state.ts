/**
 * The Results panel's state and its reducer: applies one message of the contract and says what
 * must be redrawn. Pure (no DOM), so tests check that appends splice correctly, that a reset
 * replaces, and that evaluations and media are de-duplicated.
 */
import type {
  CheckpointCurveMessage,
  EvalResult,
  ManifestRow,
  MediaItem,
  ResultsToWebview,
  RunSummary,
  SeriesPoints,
  ViewSettings,
} from '../../../extension/shared/messages/results';

export interface Series {
  x: number[];
  /** Raw values (null: a gap); smoothing is computed from them (smoothing.ts). */
  y: (number | null)[];
  /** Points the run logged (before downsampling). */
  count: number;
  /** Bumped whenever the points change (what cached smoothed values are keyed on). */
  version: number;
}

export interface ResultsState {
  title: string;
  runs: RunSummary[];
  view: ViewSettings;
  /** run key → series name → points. */
  series: Map<string, Map<string, Series>>;
  evals: Map<string, EvalResult[]>;
  media: MediaItem[];
  notices: { level: 'info' | 'warning' | 'error'; message: string }[];
  /** run key → its reproducibility manifest, summarised. */
  manifests: Map<string, ManifestRow[]>;
  /** run key → its every-checkpoint evaluation curves (replaced whole by each message). */
  curves: Map<string, CheckpointCurveMessage[]>;
}

export interface Dirty {
  /** Series names whose charts need redrawing. */
  series: Set<string>;
  runs: boolean;
  evals: boolean;
  media: boolean;
  all: boolean;
  notices: boolean;
  manifests: boolean;
  curves: boolean;
}

export function emptyState(): ResultsState {
  return {
    title: '',
    runs: [],
    view: { x: 'step', smoothing: 0.6 },
    series: new Map(),
    evals: new Map(),
    media: [],
    notices: [],
    manifests: new Map(),
    curves: new Map(),
  };
}

export function noDirt(): Dirty {
  return { series: new Set(), runs: false, evals: false, media: false, all: false, notices: false, manifests: false, curves: false };
}

let versions = 0;

function copyPoints(p: SeriesPoints, count: number): Series {
  return { x: p.x.slice(), y: p.y.slice(), count, version: ++versions };
}

function seriesOf(state: ResultsState, run: string): Map<string, Series> {
  let m = state.series.get(run);
  if (!m) {
    m = new Map();
    state.series.set(run, m);
  }
  return m;
}

/** Applies `msg` to `state` (mutating it) and records what changed in `dirty`. */
export function reduce(state: ResultsState, msg: ResultsToWebview, dirty: Dirty = noDirt()): Dirty {
  switch (msg.type) {
    case 'init':
      state.title = msg.title;
      state.runs = msg.runs.slice();
      state.view = { ...msg.view };
      state.series.clear();
      state.evals.clear();
      state.media = [];
      state.manifests.clear();
      state.curves.clear();
      dirty.all = true;
      break;
    case 'run': {
      const i = state.runs.findIndex((r) => r.key === msg.run.key);
      if (i >= 0) state.runs[i] = msg.run;
      else state.runs.push(msg.run);
      dirty.runs = true;
      break;
    }
    case 'series-reset':
      seriesOf(state, msg.run).set(msg.name, copyPoints(msg.points, msg.count));
      dirty.series.add(msg.name);
      break;
    case 'series-append': {
      const m = seriesOf(state, msg.run);
      const s = m.get(msg.name);
      if (!s) {
        // An append for a curve we never saw (should not happen): keep what it carries.
        m.set(msg.name, copyPoints(msg.points, msg.count));
      } else {
        const from = Math.min(msg.from, s.x.length);
        s.x.splice(from, s.x.length - from, ...msg.points.x);
        s.y.splice(from, s.y.length - from, ...msg.points.y);
        s.count = msg.count;
        s.version = ++versions;
      }
      dirty.series.add(msg.name);
      break;
    }
    case 'eval': {
      const list = state.evals.get(msg.run) ?? [];
      // One result per (benchmark, checkpoint): a re-evaluation replaces the old one.
      const i = list.findIndex((e) => e.benchmark === msg.result.benchmark && e.checkpoint === msg.result.checkpoint);
      if (i >= 0) list[i] = msg.result;
      else list.push(msg.result);
      state.evals.set(msg.run, list);
      dirty.evals = true;
      break;
    }
    case 'media':
      for (const item of msg.items) {
        const i = state.media.findIndex((m) => m.run === item.run && m.path === item.path);
        if (i >= 0) state.media[i] = item;
        else state.media.push(item);
      }
      dirty.media = true;
      break;
    case 'manifest':
      state.manifests.set(msg.run, msg.rows);
      dirty.manifests = true;
      break;
    case 'checkpoint-curve':
      state.curves.set(msg.run, msg.curves);
      dirty.curves = true;
      break;
    case 'notice':
      state.notices.push({ level: msg.level, message: msg.message });
      if (state.notices.length > 5) state.notices.shift();
      dirty.notices = true;
      break;
  }
  return dirty;
}

/** Short label of a run for legends and tables: the id, with the experiment when runs differ in it. */
export function runLabel(state: ResultsState, key: string): string {
  const run = state.runs.find((r) => r.key === key);
  if (!run) return key;
  const experiments = new Set(state.runs.map((r) => r.experiment));
  return experiments.size > 1 ? `${run.experiment}/${run.id}` : run.id;
}
