/**
 * The policy probe: is an exported policy healthy, and can it run at the robot's control rate?
 * Used by `vla-lab probe` and the "VLA Lab: Probe Policy" panel. Everything here is plain Node
 * (onnxruntime-node is loaded lazily on the first call that needs it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors';
import { EXPORT_FILES, RUN_FILES } from '../runner/paths';
import {
  DEFAULT_CONTROL_HZ,
  controlRateVerdict,
  evalControlRate,
  measureLatency,
  type ControlRateSource,
  type ControlRateVerdict,
  type LatencyStats,
} from './latency';
import { executionProviders, openSession, readOnnxFileInfo, type ExecutionProvider, type OnnxFileInfo, type TensorSpec } from './onnx';
import { LoadedPolicy, resolvePolicyJson, type PreparedStep } from './policy';

export * from './latency';
export { executionProviders, readOnnxFileInfo, openSession } from './onnx';
export type { ExecutionProvider, OnnxFileInfo, TensorSpec } from './onnx';
export { LoadedPolicy, resolvePolicyJson } from './policy';
export type { PreparedStep, StepObservation } from './policy';
export { readPolicyManifest, checkAgainstModel, describeActionSpace } from './policyManifest';
export type { PolicyManifest } from './policyManifest';
export { tokenize, parseTokenizerSpec } from './tokenizer';
export { replay, replayMetrics, replaySegments, loadSegment, actionNames } from './replay';
export type { ReplayReport, ReplayMetrics } from './replay';
export { openCalvinSplit, resolveSplitDir, runTrainingData, describeRunData } from './dataset';
export type { RunData } from './dataset';

/** The control rate to compare against: policy.json, else the run's spec (its first eval entry's control_hz, else that benchmark's rate), else CALVIN's. */
export function targetControlRate(policy: LoadedPolicy): { hz: number; source: ControlRateSource } {
  if (policy.manifest.controlHz) return { hz: policy.manifest.controlHz, source: EXPORT_FILES.manifest as ControlRateSource };
  // policy.json lives in <run>/export/; the run's resolved spec is <run>/spec.json.
  for (const dir of [dirname(policy.manifest.dir), policy.manifest.dir]) {
    const spec = join(dir, RUN_FILES.spec);
    if (!existsSync(spec)) continue;
    try {
      const s = JSON.parse(readFileSync(spec, 'utf8')) as { eval?: { control_hz?: unknown }[] | { control_hz?: unknown } };
      const evals = Array.isArray(s.eval) ? s.eval : s.eval ? [s.eval] : [];
      if (evals.length) return evalControlRate(evals[0] as { benchmark?: unknown; control_hz?: unknown });
    } catch {
      // An unreadable spec only means we fall back to the default rate.
    }
  }
  return { hz: DEFAULT_CONTROL_HZ, source: 'default' };
}

export interface ProbeInfoReport {
  target: string;
  policyJson?: string;
  model: OnnxFileInfo;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  manifest?: {
    imageSize: number;
    history: number;
    chunk: number;
    actionDim: number;
    cameras: string[];
    proprio: boolean;
    vocabularySize?: number;
    maxTokens?: number;
    actionStats: boolean;
    actionSpace: 'continuous' | 'discrete';
    discretization?: { bins: number; min: number; max: number; decoding: string };
  };
  controlHz: { hz: number; source: ControlRateSource };
  providers: { provider: string; available: boolean; reason?: string }[];
  warnings: string[];
}

/**
 * Describes a policy. A bare .onnx without policy.json is described from the model alone (with a
 * warning); a run directory or policy.json must be complete and match its model.
 */
export async function probeInfo(target: string): Promise<ProbeInfoReport> {
  const abs = resolve(target);
  if (abs.endsWith('.onnx') && existsSync(abs) && !existsSync(join(dirname(abs), EXPORT_FILES.manifest))) {
    const model = readOnnxFileInfo(abs);
    const opened = await openSession(abs);
    return {
      target,
      model,
      inputs: opened.inputs,
      outputs: opened.outputs,
      controlHz: { hz: DEFAULT_CONTROL_HZ, source: 'default' },
      providers: executionProviders(),
      warnings: [`No policy.json beside ${basename(abs)}: latency, replay and the instruction probe need it.`],
    };
  }
  const policy = await LoadedPolicy.open(target);
  const m = policy.manifest;
  return {
    target,
    policyJson: m.path,
    model: policy.file,
    inputs: policy.opened.inputs,
    outputs: policy.opened.outputs,
    manifest: {
      imageSize: m.imageSize,
      history: m.history,
      chunk: m.chunk,
      actionDim: m.actionDim,
      cameras: m.cameras,
      proprio: m.proprio,
      ...(m.tokenizer ? { vocabularySize: m.tokenizer.vocab.size, maxTokens: m.tokenizer.maxLength } : {}),
      actionStats: Boolean(m.actionStats),
      actionSpace: m.actionSpace,
      ...(m.discretization ? { discretization: m.discretization } : {}),
    },
    controlHz: targetControlRate(policy),
    providers: executionProviders(),
    warnings: m.warnings,
  };
}

/** A synthetic observation window (mid-grey images, neutral proprioception) for latency runs. */
export function syntheticWindow(policy: LoadedPolicy): PreparedStep[] {
  const m = policy.manifest;
  const size = m.imageSize;
  const grey = { data: new Uint8Array(size * size * 3).fill(128), height: size, width: size, channels: 3 };
  const step = policy.prepare({ rgb: { static: grey, gripper: grey }, robotObs: new Float32Array(64) });
  return Array.from({ length: m.history }, () => step);
}

/** A representative instruction: the first words of the vocabulary (same length as real ones). */
export function sampleInstruction(policy: LoadedPolicy): string {
  const words = [...(policy.manifest.tokenizer?.vocab.keys() ?? [])].filter((w) => /^[a-z0-9]+$/.test(w));
  return words.slice(0, 8).join(' ') || 'open the drawer';
}

export interface LatencyResult {
  provider: ExecutionProvider;
  available: boolean;
  reason?: string;
  stats?: LatencyStats;
  verdict?: ControlRateVerdict;
}

export interface LatencyReport {
  target: string;
  modelPath: string;
  batch: 1;
  results: LatencyResult[];
  notes: string[];
}

export interface LatencyOptions {
  runs: number;
  warmup: number;
  providers?: ExecutionProvider[];
  intraOpThreads?: number;
  onProgress?: (provider: ExecutionProvider, done: number, total: number) => void;
}

/** Batch-1 inference latency on each execution provider, with the control rate it allows. */
export async function probeLatency(target: string, opts: LatencyOptions): Promise<LatencyReport> {
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new UserError('--runs must be a positive integer.');
  if (!Number.isInteger(opts.warmup) || opts.warmup < 0) throw new UserError('--warmup must be a non-negative integer.');
  const results: LatencyResult[] = [];
  const notes: string[] = [];
  let modelPath = '';
  for (const p of opts.providers ?? ['cpu', 'cuda']) {
    const avail = executionProviders().find((x) => x.provider === p);
    if (!avail?.available) {
      results.push({ provider: p, available: false, reason: avail?.reason });
      continue;
    }
    const policy = await LoadedPolicy.open(target, p, opts.intraOpThreads);
    modelPath = policy.manifest.onnxPath;
    const { tensors } = policy.feeds(syntheticWindow(policy), sampleInstruction(policy));
    const session = policy.opened.session;
    const stats = await measureLatency(() => session.run(tensors), {
      runs: opts.runs,
      warmup: opts.warmup,
      onProgress: (d, t) => opts.onProgress?.(p, d, t),
    });
    const rate = targetControlRate(policy);
    results.push({ provider: p, available: true, stats, verdict: controlRateVerdict(stats, rate.hz, rate.source) });
    if (policy.manifest.chunk > 1) {
      notes.push(
        `The policy predicts ${policy.manifest.chunk} actions per call: executing whole chunks open-loop needs a call only every ${policy.manifest.chunk} control steps.`,
      );
    }
    await session.release();
  }
  if (!modelPath) modelPath = resolvePolicyJson(target);
  return { target, modelPath, batch: 1, results, notes };
}
