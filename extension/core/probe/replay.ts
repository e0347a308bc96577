/**
 * Open-loop replay: run the policy over recorded demonstrations and compare what it predicts with
 * what the demonstrator did, step by step. The observation window is built as the trainer builds
 * it (the last `history` frames of the segment, the first frame repeated before the segment's
 * start), and every predicted chunk step that has a demonstrated action is scored.
 *
 * Health check from the RoboVLMs maintainers: gripper accuracy should be clearly above 50% (the
 * gripper is open or closed; a policy at chance has not learned when to grasp).
 */
import { UserError } from '../errors';
import { readFrame, type CalvinSplit, type Frame, type FrameKey, type Segment } from './dataset';
import type { NpyArray } from './npy';
import type { LoadedPolicy, PreparedStep, StepObservation } from './policy';

export const CALVIN_ACTION_NAMES = ['x', 'y', 'z', 'roll', 'pitch', 'yaw', 'gripper'];

export function actionNames(dim: number): string[] {
  if (dim === 7) return CALVIN_ACTION_NAMES;
  return Array.from({ length: dim }, (_, i) => (i === dim - 1 ? 'gripper' : `a${i}`));
}

export interface DimensionMetrics {
  name: string;
  mse: number;
  l1: number;
}

export interface ReplayMetrics {
  /** Scored (predicted, demonstrated) action pairs. */
  pairs: number;
  dimensions: DimensionMetrics[];
  /** Sign agreement of the gripper dimension (open > 0, close ≤ 0); null when there is none. */
  gripperAccuracy: number | null;
}

/** MSE and L1 per dimension and gripper sign accuracy over paired rows. */
export function replayMetrics(
  predicted: readonly number[][],
  demonstrated: readonly number[][],
  gripperIndex: number | null,
): ReplayMetrics {
  if (predicted.length !== demonstrated.length) throw new Error('predicted and demonstrated differ in length');
  const dim = predicted[0]?.length ?? 0;
  const se = new Float64Array(dim),
    ae = new Float64Array(dim);
  let agree = 0;
  for (let i = 0; i < predicted.length; i++) {
    for (let d = 0; d < dim; d++) {
      const e = predicted[i][d] - demonstrated[i][d];
      se[d] += e * e;
      ae[d] += Math.abs(e);
    }
    if (gripperIndex !== null && predicted[i][gripperIndex] > 0 === demonstrated[i][gripperIndex] > 0) agree++;
  }
  const n = Math.max(1, predicted.length);
  const names = actionNames(dim);
  return {
    pairs: predicted.length,
    dimensions: names.map((name, d) => ({ name, mse: se[d] / n, l1: ae[d] / n })),
    gripperAccuracy: gripperIndex === null || predicted.length === 0 ? null : agree / predicted.length,
  };
}

export interface ReplayedSegment extends Segment {
  index: number;
  /** First predicted action of each step, and the demonstrated action of that step. */
  predicted: number[][];
  demonstrated: number[][];
}

export interface ReplayReport {
  split: string;
  actionKey: string;
  segments: ReplayedSegment[];
  metrics: ReplayMetrics;
  /** Metrics of the first action of each chunk only (what a closed loop would execute first). */
  firstStepMetrics: ReplayMetrics;
  notes: string[];
}

export interface ReplayOptions {
  /** How many segments (annotated instructions, else recorded episodes) to replay. */
  episodes: number;
  /** Used when the data has no instructions (or to override them). */
  instruction?: string;
  /** Demonstrated actions to compare with: CALVIN's relative actions by default. */
  actionKey?: 'rel_actions' | 'actions';
  onProgress?: (done: number, total: number) => void;
}

/** The segments a replay walks: annotated instructions if any, else recorded episodes. */
export function replaySegments(split: CalvinSplit): Segment[] {
  return split.annotated && split.annotated.length ? split.annotated : split.episodes;
}

function frameObservation(frame: Frame): StepObservation {
  const img = (a: NpyArray | undefined) =>
    a ? { data: a.data as ArrayLike<number>, height: a.shape[0], width: a.shape[1], channels: a.shape[2] ?? 1 } : undefined;
  return {
    rgb: {
      ...(frame.rgb_static ? { static: img(frame.rgb_static) } : {}),
      ...(frame.rgb_gripper ? { gripper: img(frame.rgb_gripper) } : {}),
    },
    ...(frame.robot_obs ? { robotObs: frame.robot_obs.data as unknown as ArrayLike<number> } : {}),
  };
}

/** Keys to read from each frame for this policy. */
export function frameKeys(policy: LoadedPolicy, actionKey: string): FrameKey[] {
  const keys = new Set<FrameKey>([actionKey as FrameKey]);
  for (const c of policy.manifest.cameras) keys.add(c === 'static' ? 'rgb_static' : 'rgb_gripper');
  if (policy.manifest.proprio) keys.add('robot_obs');
  return [...keys];
}

/** Reads one segment's frames once: prepared observations and demonstrated actions. */
export function loadSegment(
  policy: LoadedPolicy,
  splitDir: string,
  seg: Segment,
  actionKey: string,
): { steps: PreparedStep[]; actions: number[][] } {
  const keys = frameKeys(policy, actionKey);
  const steps: PreparedStep[] = [];
  const actions: number[][] = [];
  for (let f = seg.start; f <= seg.end; f++) {
    const frame = readFrame(splitDir, f, keys);
    steps.push(policy.prepare(frameObservation(frame)));
    const a = frame[actionKey as FrameKey] as NpyArray;
    actions.push(Array.from(a.data as ArrayLike<number>, Number));
  }
  return { steps, actions };
}

export async function replay(policy: LoadedPolicy, split: CalvinSplit, opts: ReplayOptions): Promise<ReplayReport> {
  const actionKey = opts.actionKey ?? (String(policy.manifest.raw.action_key ?? 'rel_actions') as 'rel_actions' | 'actions');
  const all = replaySegments(split);
  if (all.length === 0) throw new UserError(`${split.dir} has no episodes to replay.`);
  const notes: string[] = [];
  if (!split.annotated?.length) {
    if (!opts.instruction && policy.manifest.tokenizer)
      throw new UserError(`${split.annotationNote ?? 'The data has no instructions.'} Pass --instruction "<text>".`);
    notes.push(`Replaying recorded episodes with the instruction "${opts.instruction ?? ''}" (no annotations read).`);
  }
  const chosen = all.slice(0, Math.max(1, opts.episodes));
  const total = chosen.reduce((n, s) => n + (s.end - s.start + 1), 0);
  const { history: H, chunk: K, actionDim: D } = policy.manifest;
  const segments: ReplayedSegment[] = [];
  const allPred: number[][] = [],
    allDemo: number[][] = [],
    firstPred: number[][] = [],
    firstDemo: number[][] = [];
  let done = 0;
  for (const [index, seg] of chosen.entries()) {
    const instruction = opts.instruction ?? seg.instruction ?? '';
    const { steps, actions } = loadSegment(policy, split.dir, seg, actionKey);
    if (actions[0].length !== D)
      throw new UserError(
        `The data's ${actionKey} have ${actions[0].length} dimensions but the policy predicts ${D}; replay data of the same robot/action space.`,
      );
    const out: ReplayedSegment = { ...seg, index, instruction, predicted: [], demonstrated: [] };
    for (let t = 0; t < steps.length; t++) {
      const window = steps.slice(Math.max(0, t - H + 1), t + 1);
      const { chunk } = await policy.predict(window, instruction);
      for (let k = 0; k < K && t + k < actions.length; k++) {
        allPred.push(chunk[k]);
        allDemo.push(actions[t + k]);
      }
      firstPred.push(chunk[0]);
      firstDemo.push(actions[t]);
      out.predicted.push(chunk[0]);
      out.demonstrated.push(actions[t]);
      opts.onProgress?.(++done, total);
    }
    segments.push(out);
  }
  const gripper = D >= 2 ? D - 1 : null;
  return {
    split: split.dir,
    actionKey,
    segments,
    metrics: replayMetrics(allPred, allDemo, gripper),
    firstStepMetrics: replayMetrics(firstPred, firstDemo, gripper),
    notes,
  };
}
