/**
 * The dataset viewer ("VLA Lab: Open Dataset") — what `python -m vlalab dataset summary|episode`
 * prints (python/vlalab/dataview.py writes these shapes; core/dataset reads them) and the panel's
 * messages.
 *
 * After `ready` the extension sends one `init` (the dataset's summary; on a CALVIN-layout split first
 * the episode list alone, `partial`, then a `statistics` message with the whole summary once Python has
 * read every frame), then an `episode` for each
 * episode the webview asks for (`openEpisode` by its position in the summary's list), an `overlay`
 * for each dimension it asks to see across episodes, `progress` while Python works, and `error`
 * (one line). Frames travel as webview URIs of images in the
 * extension's cache folder: the webview never names files.
 */
import {
  isFiniteNumber,
  isInteger,
  isNullableNumberArray,
  isNumberArray,
  isPlainObject,
  isShortString,
  isStringArray,
  messageValidator,
  readyCheck,
  type ReadyMessage,
} from './index';

/** Most episodes a summary lists (the panel's list is virtualised; the JSON stays bounded). */
const MAX_EPISODES = 1_000_000;
/** Most frames of one episode the panel takes. */
const MAX_EPISODE_FRAMES = 100_000;
/** Most channels (action or state dimensions) plotted. */
const MAX_CHANNELS = 256;

export type DatasetLayout = 'calvin' | 'lerobot' | 'rlds';
export type FeatureRole = 'camera' | 'action' | 'state' | 'instruction' | 'other';

export interface DatasetEpisode {
  /** Position in the summary's list (what `openEpisode` names). */
  index: number;
  length: number;
  instruction: string;
  task: string;
  split: string | null;
  /** LeRobot: the dataset's own episode_index. */
  episodeIndex?: number;
  /** CALVIN layout: the first frame's number (episode_XXXXXXX.npz). */
  first?: number;
}

export interface DatasetFeature {
  name: string;
  dtype: string;
  shape: number[];
  role: FeatureRole;
}

export interface Histogram {
  /** counts.length + 1 bin edges. */
  edges: number[];
  counts: number[];
}

export interface ChannelStats {
  name: string;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Values that are NaN or infinite (left out of the other figures). */
  nonFinite: number;
  histogram: Histogram;
}

export interface ChannelSummary {
  names: string[];
  /** Frames the figures cover. */
  count: number;
  dims: ChannelStats[];
  /** Per dimension with at most 8 distinct values (a gripper): each value and its share of frames. */
  distinct: Record<string, { value: number; fraction: number }[]>;
}

export interface DatasetSummary {
  version: number;
  layout: DatasetLayout;
  /** The folder read (a CALVIN split folder, a LeRobot root). */
  path: string;
  /** Identifies the dataset's content (real path + index files): the cache folder's name. */
  key: string;
  split: string | null;
  splits: string[];
  /** Frames per second (a CALVIN-layout split, whose files record none: its control rate). */
  fps: number | null;
  /**
   * The control rate the trainer's convention check uses for this dataset (trainer/datasources.py
   * source_rate) and where it came from (`meta/info.json fps`, `Playtable's (playtable.json)`,
   * `CALVIN's built-in rate`, …); both null when it is known nowhere.
   */
  controlRate: { hz: number | null; source: string | null };
  frames: number;
  episodes: DatasetEpisode[];
  features: DatasetFeature[];
  cameras: { name: string; shape: number[] }[];
  tasks: { task: string; episodes: number; frames: number }[];
  actions: ChannelSummary | null;
  state: ChannelSummary | null;
  /** What the trainer normalises the arm dimensions (all but the gripper, the last) with. */
  normalization: { dims: number; mean: number[]; std: number[]; min: number[]; max: number[] };
  notes: string[];
  /**
   * The action convention the trainer assumes for this dataset (trainer/datasources.py: built-in for
   * Playtable/CALVIN, `action_convention` in LeRobot's info.json or RLDS's metadata.json), with where
   * it comes from; null when none is declared.
   */
  convention: ActionConvention | null;
  /**
   * Convention problems: none declared, or gripper values that are not the declared closed/open (left
   * out when `inferredConvention` contradicts the declared gripper: that one names the fix).
   */
  warnings: string[];
  /**
   * What the data's own actions and state say about its action convention (the training run's check,
   * python/vlalab/trainer/infer_convention.py: at most 32 episodes / 3,000 steps) against the declared
   * one; null in a `partial` summary.
   */
  inferredConvention: InferredConvention | null;
  seconds: number;
  cached: boolean;
  /**
   * True: the episode list alone, read from the split's index files without opening a frame file
   * (`dataset summary --list-only`); statistics, features and cameras are empty until the whole
   * summary follows. Absent or false: the whole summary.
   */
  partial?: boolean;
}

export interface ActionConvention {
  mode: string;
  frame: string;
  rotation: string;
  gripper: { closed: number; open: number };
  source: string;
}

export const CONVENTION_FIELDS = ['mode', 'frame', 'rotation', 'gripper'] as const;
export type ConventionField = (typeof CONVENTION_FIELDS)[number];

export interface InferredConventionField {
  field: ConventionField;
  /** The declared value as text (`delta`, `closed -1 / open 1`). */
  declared: string;
  /** The data's value (`unknown` when it cannot tell; `euler_xyz or axis_angle`, `{-1, 1}`). */
  inferred: string;
  /** `high`, or null when the data does not tell (then `inferred` is `unknown` or only partly known). */
  confidence: string | null;
  /** The numbers behind it (fits' R², the gripper width's moves under each value). */
  evidence: string;
  /** A confident inference that disagrees with the declared value: a training run stops on it. */
  contradicts: boolean;
  /** What to do (the words of the trainer's stop line) where it contradicts, else null. */
  fix: string | null;
}

export interface InferredConvention {
  /** Where the compared convention comes from (`built-in`, `meta/info.json`, `metadata.json`, or the assumed default). */
  against: string;
  /** None is declared: compared with the default spec convention a run would assume. */
  assumed: boolean;
  /** Episodes and steps the inference read. */
  episodes: number;
  frames: number;
  /** One per field in CONVENTION_FIELDS' order; empty when `error` says why nothing could be inferred. */
  fields: InferredConventionField[];
  error: string | null;
}

export interface EpisodeCamera {
  name: string;
  width: number;
  height: number;
  /** Image files (absolute paths from Python; webview URIs in the `episode` message). */
  frames: string[];
}

export interface DatasetEpisodeData {
  index: number;
  length: number;
  instruction: string;
  task: string;
  fps: number | null;
  split: string | null;
  /** T × D; null where a value is NaN or infinite. */
  actions: (number | null)[][];
  state: (number | null)[][] | null;
  cameras: EpisodeCamera[];
  seconds: number;
  cached: boolean;
}

/** One dimension of the actions or the state across episodes (`python -m vlalab dataset overlay`). */
export interface DatasetOverlay {
  kind: 'actions' | 'state';
  dim: number;
  name: string;
  /** Episodes in the list (the overlay holds an evenly spaced selection of them). */
  of: number;
  /** Each episode's values at frames 0, stride, 2·stride, …; null where NaN or infinite. */
  episodes: { index: number; stride: number; values: (number | null)[] }[];
  seconds: number;
}

/** Most episodes one overlay draws. */
const MAX_OVERLAY_EPISODES = 200;

// ---- extension → webview -----------------------------------------------------------------------

export type DatasetToWebview =
  | { type: 'init'; summary: DatasetSummary }
  /** The whole summary of the dataset whose list `init` sent as `partial` (the list and selection stay). */
  | { type: 'statistics'; summary: DatasetSummary }
  | { type: 'episode'; episode: DatasetEpisodeData }
  | { type: 'overlay'; overlay: DatasetOverlay }
  | { type: 'progress'; message: string }
  | { type: 'error'; message: string };

// ---- webview → extension -----------------------------------------------------------------------

export type DatasetToExtension =
  | ReadyMessage
  | { type: 'openEpisode'; index: number }
  /** Another split of a CALVIN-layout dataset (one of the summary's `splits`). */
  | { type: 'openSplit'; split: string }
  /** One dimension across up to `episodes` episodes. */
  | { type: 'overlay'; kind: 'actions' | 'state'; dim: number; episodes: number };

export const validateDatasetToExtension = messageValidator<DatasetToExtension>({
  ready: readyCheck,
  openEpisode: (m) => (isInteger(m.index, 0, MAX_EPISODES) ? { type: 'openEpisode', index: m.index } : 'index: an integer ≥ 0 expected'),
  overlay: (m) =>
    (m.kind === 'actions' || m.kind === 'state') && isInteger(m.dim, 0, MAX_CHANNELS - 1) && isInteger(m.episodes, 1, MAX_OVERLAY_EPISODES)
      ? { type: 'overlay', kind: m.kind, dim: m.dim, episodes: m.episodes }
      : 'kind (actions|state), dim and episodes (integers) expected',
  openSplit: (m) =>
    typeof m.split === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(m.split) && m.split !== '.' && m.split !== '..'
      ? { type: 'openSplit', split: m.split }
      : 'split: a folder name expected',
});

function isHistogram(v: unknown): v is Histogram {
  return isPlainObject(v) && isNumberArray(v.counts, 10_000) && isNumberArray(v.edges, 10_001) && v.edges.length === v.counts.length + 1;
}

function isChannelSummary(v: unknown): v is ChannelSummary {
  if (!isPlainObject(v) || !isInteger(v.count, 0) || !isStringArray(v.names, MAX_CHANNELS, 500) || !isPlainObject(v.distinct)) return false;
  if (!Array.isArray(v.dims) || v.dims.length > MAX_CHANNELS) return false;
  return v.dims.every(
    (d) =>
      isPlainObject(d) &&
      isShortString(d.name, 500) &&
      isFiniteNumber(d.mean) &&
      isFiniteNumber(d.std) &&
      isFiniteNumber(d.min) &&
      isFiniteNumber(d.max) &&
      isHistogram(d.histogram),
  );
}

function isEpisodeEntry(e: unknown): e is DatasetEpisode {
  return (
    isPlainObject(e) &&
    isInteger(e.index, 0) &&
    isInteger(e.length, 0) &&
    isShortString(e.instruction) &&
    isShortString(e.task) &&
    (e.split === null || isShortString(e.split, 64))
  );
}

function isRows(v: unknown, maxRows: number): v is (number | null)[][] {
  return Array.isArray(v) && v.length <= maxRows && v.every((r) => isNullableNumberArray(r, MAX_CHANNELS));
}

function isInferredField(f: unknown, i: number): f is InferredConventionField {
  return (
    isPlainObject(f) &&
    f.field === CONVENTION_FIELDS[i] &&
    isShortString(f.declared, 200) &&
    isShortString(f.inferred, 200) &&
    (f.confidence === null || isShortString(f.confidence, 32)) &&
    isShortString(f.evidence, 2000) &&
    typeof f.contradicts === 'boolean' &&
    (f.contradicts ? isShortString(f.fix, 2000) : f.fix === null)
  );
}

function isInferredConvention(v: unknown): v is InferredConvention | null {
  if (v === null) return true;
  if (!isPlainObject(v) || !isShortString(v.against, 500) || typeof v.assumed !== 'boolean') return false;
  if (!isInteger(v.episodes, 0) || !isInteger(v.frames, 0) || !(v.error === null || isShortString(v.error))) return false;
  if (!Array.isArray(v.fields)) return false;
  return v.error === null ? v.fields.length === CONVENTION_FIELDS.length && v.fields.every(isInferredField) : v.fields.length === 0;
}

/** Checks a summary (what Python printed, and what the webview receives). */
export function checkSummary(s: unknown): string | undefined {
  if (!isPlainObject(s)) return 'not an object';
  if (!(s.layout === 'calvin' || s.layout === 'lerobot' || s.layout === 'rlds')) return 'unknown layout';
  if (!isShortString(s.path) || !isShortString(s.key, 200) || !isInteger(s.frames, 0)) return 'bad path, key or frames';
  if (!Array.isArray(s.episodes) || s.episodes.length > MAX_EPISODES || !s.episodes.every(isEpisodeEntry)) return 'bad episodes';
  if (!Array.isArray(s.features) || !s.features.every((f) => isPlainObject(f) && isShortString(f.name, 500) && Array.isArray(f.shape)))
    return 'bad features';
  if (!(s.actions === null || isChannelSummary(s.actions)) || !(s.state === null || isChannelSummary(s.state))) return 'bad statistics';
  if (!(s.fps === null || isFiniteNumber(s.fps)) || !isStringArray(s.splits, 16, 64) || !isStringArray(s.notes))
    return 'bad fps, splits or notes';
  if (!Array.isArray(s.tasks) || !Array.isArray(s.cameras) || !isPlainObject(s.normalization)) return 'bad tasks, cameras or normalization';
  if (!isStringArray(s.warnings)) return 'bad warnings';
  const r = s.controlRate;
  if (!isPlainObject(r) || !(r.hz === null ? r.source === null : isFiniteNumber(r.hz) && r.hz > 0 && isShortString(r.source, 500)))
    return 'bad controlRate';
  if (!(s.partial === undefined || typeof s.partial === 'boolean')) return 'bad partial';
  const c = s.convention;
  if (
    !(
      c === null ||
      (isPlainObject(c) &&
        isShortString(c.mode, 64) &&
        isShortString(c.frame, 64) &&
        isShortString(c.rotation, 64) &&
        isShortString(c.source) &&
        isPlainObject(c.gripper) &&
        isFiniteNumber(c.gripper.closed) &&
        isFiniteNumber(c.gripper.open))
    )
  )
    return 'bad convention';
  if (!isInferredConvention(s.inferredConvention)) return 'bad inferredConvention';
  if (s.partial === true && s.inferredConvention !== null) return 'bad inferredConvention';
  return undefined;
}

/** Checks one episode's data. */
export function checkEpisode(e: unknown): string | undefined {
  if (!isPlainObject(e) || !isInteger(e.index, 0) || !isInteger(e.length, 0, MAX_EPISODE_FRAMES)) return 'bad index or length';
  if (!isShortString(e.instruction) || !isShortString(e.task)) return 'bad instruction or task';
  if (!isRows(e.actions, MAX_EPISODE_FRAMES) || !(e.state === null || isRows(e.state, MAX_EPISODE_FRAMES))) return 'bad actions or state';
  if (
    !Array.isArray(e.cameras) ||
    !e.cameras.every((c) => isPlainObject(c) && isShortString(c.name, 500) && isStringArray(c.frames, MAX_EPISODE_FRAMES, 2000))
  )
    return 'bad cameras';
  if (!(e.fps === null || isFiniteNumber(e.fps))) return 'bad fps';
  return undefined;
}

/** Checks an overlay (what Python printed, and what the webview receives). */
export function checkOverlay(o: unknown): string | undefined {
  if (
    !isPlainObject(o) ||
    !(o.kind === 'actions' || o.kind === 'state') ||
    !isInteger(o.dim, 0) ||
    !isShortString(o.name, 500) ||
    !isInteger(o.of, 0)
  )
    return 'bad kind, dim, name or count';
  if (!Array.isArray(o.episodes) || o.episodes.length > MAX_OVERLAY_EPISODES) return 'bad episodes';
  if (
    !o.episodes.every(
      (e) => isPlainObject(e) && isInteger(e.index, 0) && isInteger(e.stride, 1) && isNullableNumberArray(e.values, MAX_EPISODE_FRAMES),
    )
  )
    return 'bad episode values';
  return undefined;
}

export const validateDatasetToWebview = messageValidator<DatasetToWebview>({
  init: (m) => checkSummary(m.summary) ?? { type: 'init', summary: m.summary as DatasetSummary },
  statistics: (m) => checkSummary(m.summary) ?? { type: 'statistics', summary: m.summary as DatasetSummary },
  episode: (m) => checkEpisode(m.episode) ?? { type: 'episode', episode: m.episode as DatasetEpisodeData },
  overlay: (m) => checkOverlay(m.overlay) ?? { type: 'overlay', overlay: m.overlay as DatasetOverlay },
  progress: (m) => (isShortString(m.message, 500) ? { type: 'progress', message: m.message } : 'bad progress'),
  error: (m) => (isShortString(m.message) ? { type: 'error', message: m.message } : 'bad error'),
});
