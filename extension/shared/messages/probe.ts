/**
 * Messages of the policy probe panel ("VLA Lab: Probe Policy").
 *
 * After `ready` the extension sends one `init` (the model's description and the frames available
 * for the instruction probe); then results as the user asks for them: `latency`, `replay` (curves
 * of predicted vs demonstrated actions per dimension and the metrics), `frame` (one observation
 * with the predicted action chunk for the typed instruction), `progress` while work runs, and
 * `error` (one line). The webview never names files: it refers to segments by index.
 */
import {
  isFiniteNumber,
  isInteger,
  isNonEmptyString,
  isNumberArray,
  isPlainObject,
  isShortString,
  isStringArray,
  messageValidator,
  readyCheck,
  type ReadyMessage,
} from './index';

/** Longest instruction the panel may send (characters). */
const MAX_INSTRUCTION = 500;
/** Most points of one replay curve. */
export const MAX_REPLAY_POINTS = 20_000;

export interface ProbeTensor {
  name: string;
  dtype: string;
  shape: (number | string)[];
}

export interface ProbeInfo {
  title: string;
  modelPath: string;
  fileBytes: number;
  parameterCount: number;
  opset?: number;
  producer?: string;
  inputs: ProbeTensor[];
  outputs: ProbeTensor[];
  imageSize?: number;
  history?: number;
  chunk?: number;
  actionDim?: number;
  cameras?: string[];
  /** How actions come out: continuous, or discrete bins decoded in the model. */
  actionSpace?: string;
  controlHz: number;
  controlHzSource: string;
  /** `CPU: available`, `CUDA: the CUDA provider library of onnxruntime-node is not installed (…)`, … */
  providers: string[];
  /** Problems that do not stop the probe (e.g. no vocabulary: instruction probe disabled). */
  warnings: string[];
}

export interface ProbeSegment {
  index: number;
  start: number;
  end: number;
  instruction?: string;
  task?: string;
}

export interface ProbeLatency {
  provider: string;
  runs: number;
  warmup: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  targetHz: number;
  budgetMs: number;
  maxHzAtP99: number;
  meetsTarget: boolean;
}

export interface ProbeReplayDimension {
  name: string;
  mse: number;
  l1: number;
}

export interface ProbeReplay {
  episodes: number;
  steps: number;
  dimensions: ProbeReplayDimension[];
  /** Fraction of steps where predicted and demonstrated gripper agree (open/close); null without a gripper. */
  gripperAccuracy: number | null;
  /** Per dimension: predicted and demonstrated first action of each step, episodes concatenated. */
  predicted: number[][];
  demonstrated: number[][];
  /** Step indices where a new episode starts (drawn as separators). */
  episodeStarts: number[];
}

export interface ProbeFrame {
  segment: number;
  /** Frame index inside the dataset. */
  frame: number;
  instruction: string;
  width: number;
  height: number;
  /** RGB bytes, base64 (width · height · 3). */
  rgbBase64: string;
  /** Predicted chunk: chunk × actionDim, un-normalised. */
  predicted: number[][];
  /** Demonstrated actions for the same steps (fewer at the episode's end). */
  demonstrated: number[][];
  /** The token ids the instruction became (shown for checking the tokenizer). */
  tokens: number[];
  unknownWords: string[];
}

// ---- extension → webview -----------------------------------------------------------------------

export type ProbeToWebview =
  | { type: 'init'; info: ProbeInfo; segments: ProbeSegment[]; dataNote?: string }
  | { type: 'progress'; task: string; done: number; total: number }
  | { type: 'latency'; results: ProbeLatency[]; notes: string[] }
  | { type: 'replay'; replay: ProbeReplay }
  | { type: 'frame'; frame: ProbeFrame }
  | { type: 'error'; message: string };

// ---- webview → extension -----------------------------------------------------------------------

export type ProbeToExtension =
  | ReadyMessage
  | { type: 'runLatency'; runs: number; warmup: number }
  | { type: 'runReplay'; episodes: number }
  /** Ask for a folder of demonstrations (CALVIN layout). */
  | { type: 'chooseData' }
  /** Predict for one frame of a segment (offset from the segment's start) with this instruction. */
  | { type: 'predict'; segment: number; offset: number; instruction: string };

export const validateProbeToExtension = messageValidator<ProbeToExtension>({
  ready: readyCheck,
  runLatency: (m) =>
    isInteger(m.runs, 1, 100_000) && isInteger(m.warmup, 0, 10_000)
      ? { type: 'runLatency', runs: m.runs, warmup: m.warmup }
      : 'runs 1–100000 and warmup 0–10000 expected',
  runReplay: (m) => (isInteger(m.episodes, 1, 10_000) ? { type: 'runReplay', episodes: m.episodes } : 'episodes 1–10000 expected'),
  chooseData: () => ({ type: 'chooseData' }),
  predict: (m) =>
    isInteger(m.segment, 0, 1_000_000) && isInteger(m.offset, 0, 1_000_000) && isShortString(m.instruction, MAX_INSTRUCTION)
      ? { type: 'predict', segment: m.segment, offset: m.offset, instruction: m.instruction }
      : 'segment, offset (integers) and instruction (≤ 500 characters) expected',
});

function isTensorList(v: unknown): v is ProbeTensor[] {
  return (
    Array.isArray(v) &&
    v.length <= 64 &&
    v.every((t) => isPlainObject(t) && isNonEmptyString(t.name, 500) && isShortString(t.dtype, 50) && Array.isArray(t.shape))
  );
}

function isMatrix(v: unknown, maxRows: number, maxCols: number): v is number[][] {
  return Array.isArray(v) && v.length <= maxRows && v.every((r) => isNumberArray(r, maxCols));
}

export const validateProbeToWebview = messageValidator<ProbeToWebview>({
  init: (m) => {
    const i = m.info;
    if (
      !isPlainObject(i) ||
      !isShortString(i.title) ||
      !isFiniteNumber(i.parameterCount) ||
      !isTensorList(i.inputs) ||
      !isTensorList(i.outputs)
    )
      return 'bad info';
    if (!isFiniteNumber(i.controlHz) || !isStringArray(i.providers) || !isStringArray(i.warnings)) return 'bad info';
    if (
      !Array.isArray(m.segments) ||
      !m.segments.every((s) => isPlainObject(s) && isInteger(s.index, 0) && isInteger(s.start, 0) && isInteger(s.end, 0))
    )
      return 'bad segments';
    return {
      type: 'init',
      info: i as unknown as ProbeInfo,
      segments: m.segments as ProbeSegment[],
      ...(isShortString(m.dataNote) ? { dataNote: m.dataNote } : {}),
    };
  },
  progress: (m) =>
    isShortString(m.task, 200) && isInteger(m.done, 0) && isInteger(m.total, 0)
      ? { type: 'progress', task: m.task, done: m.done, total: m.total }
      : 'bad progress',
  latency: (m) =>
    Array.isArray(m.results) &&
    m.results.every((r) => isPlainObject(r) && isFiniteNumber(r.p50Ms) && isFiniteNumber(r.p95Ms) && isFiniteNumber(r.p99Ms)) &&
    isStringArray(m.notes)
      ? { type: 'latency', results: m.results as unknown as ProbeLatency[], notes: m.notes }
      : 'bad latency',
  replay: (m) => {
    const r = m.replay;
    if (!isPlainObject(r) || !Array.isArray(r.dimensions)) return 'bad replay';
    if (
      !isMatrix(r.predicted, 64, MAX_REPLAY_POINTS) ||
      !isMatrix(r.demonstrated, 64, MAX_REPLAY_POINTS) ||
      !isNumberArray(r.episodeStarts, 10_000)
    )
      return 'bad replay series';
    if (!(r.gripperAccuracy === null || isFiniteNumber(r.gripperAccuracy))) return 'bad gripper accuracy';
    return { type: 'replay', replay: r as unknown as ProbeReplay };
  },
  frame: (m) => {
    const f = m.frame;
    if (!isPlainObject(f) || !isInteger(f.width, 1, 4096) || !isInteger(f.height, 1, 4096) || typeof f.rgbBase64 !== 'string')
      return 'bad frame';
    if (
      !isMatrix(f.predicted, 256, 64) ||
      !isMatrix(f.demonstrated, 256, 64) ||
      !isNumberArray(f.tokens, 4096) ||
      !isStringArray(f.unknownWords, 4096)
    )
      return 'bad frame actions';
    return { type: 'frame', frame: f as unknown as ProbeFrame };
  },
  error: (m) => (isShortString(m.message) ? { type: 'error', message: m.message } : 'bad error'),
});
