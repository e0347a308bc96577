/**
 * policy.json: the description `vla-lab export` (the trainer's exporter) writes beside policy.onnx — what each
 * ONNX input means, how to build it (image size, history, cameras, tokenizer), and how to read the
 * outputs (action dimension, chunk, statistics). This module validates it into a `PolicyManifest`
 * and checks it against the inputs and outputs onnxruntime reports for the model, so a mismatched
 * export is one clear message rather than a shape error deep inside onnxruntime.
 *
 * Optional parts degrade the probe instead of stopping it: without a vocabulary the instruction
 * probe is off (latency still works with a fixed token sequence), without `control_hz` the rate
 * comes from the run's spec or CALVIN's 30 Hz.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors';
import { EXPORT_FILES } from '../runner/paths';
import type { TensorSpec } from './onnx';
import type { ResizeMode } from './resize';
import { readFastTokenizer, type FastTokenizer } from './fast';
import { parseTokenizerSpec, type TokenizerSpec } from './tokenizer';

/** What an ONNX input carries; the probe fills each role from observations. */
export type InputRole = 'images' | 'rgb_static' | 'rgb_gripper' | 'tokens' | 'attention_mask' | 'proprio' | 'noise';
/** What an ONNX output carries ('bins': a discrete policy's chosen bin ids, shown, not needed;
 *  'action_tokens': a FAST policy's token ids, which the probe decodes with its action tokenizer). */
export type OutputRole = 'actions' | 'arm' | 'gripper' | 'bins' | 'action_tokens';

export interface ManifestTensor extends TensorSpec {
  role?: InputRole | OutputRole;
}

export interface ActionStats {
  /** Per-dimension statistics, when the export gives them (shown in the info view). */
  mean?: number[];
  std?: number[];
  min?: number[];
  max?: number[];
  /** Clip-and-scale normalisation of the arm dimensions, when the ONNX outputs are normalised. */
  normalize?: { enabled: boolean; min: number; max: number };
  /** The ONNX output is already in the dataset's units (the export folds un-normalisation in). */
  outputsUnnormalized: boolean;
}

export interface ImagePreprocess {
  resize: ResizeMode;
  /** Pixels are multiplied by this first (1/255 maps uint8 to [0, 1]). */
  scale: number;
  mean?: number[];
  std?: number[];
}

/** How a discrete policy's action tokens map to values (policy.json `discretization`). */
export interface Discretization {
  bins: number;
  min: number;
  max: number;
  /** How the export picks each token ('greedy': argmax, in the graph). */
  decoding: string;
}

/** How the gripper output reads: a logit, a probability, or a value whose sign is open/close. */
export type GripperOutput = 'logit' | 'prob' | 'signed';

export interface PolicyManifest {
  path: string;
  dir: string;
  onnxPath: string;
  inputs: ManifestTensor[];
  outputs: ManifestTensor[];
  imageSize: number;
  history: number;
  chunk: number;
  actionDim: number;
  cameras: ('static' | 'gripper')[];
  proprio: boolean;
  controlHz?: number;
  tokenizer?: TokenizerSpec;
  actionStats?: ActionStats;
  image: ImagePreprocess;
  /** Continuous regression, or discrete action tokens decoded inside the graph. */
  actionSpace: 'continuous' | 'discrete';
  discretization?: Discretization;
  /** A FAST policy's action tokenizer (policy.json `action_tokenizer`: the file beside it). */
  fast?: FastTokenizer;
  gripperOutput: GripperOutput;
  /** Things the probe works around (shown once). */
  warnings: string[];
  raw: Record<string, unknown>;
}

// 'noise': the starting point of a flow policy's sampler (standard normal; the probe draws it)
const INPUT_ROLES: readonly InputRole[] = ['images', 'rgb_static', 'rgb_gripper', 'tokens', 'attention_mask', 'proprio', 'noise'];
const OUTPUT_ROLES: readonly OutputRole[] = ['actions', 'arm', 'gripper', 'bins', 'action_tokens'];

/** Role from the tensor's name when policy.json does not state it. */
function guessRole(name: string, output: boolean): InputRole | OutputRole | undefined {
  const n = name.toLowerCase();
  if (output) {
    if (/grip/.test(n)) return 'gripper';
    if (/arm/.test(n)) return 'arm';
    if (/action/.test(n)) return 'actions';
    return undefined;
  }
  if (/mask/.test(n)) return 'attention_mask';
  if (/noise/.test(n)) return 'noise';
  if (/token|input_ids|instruction|lang|text/.test(n)) return 'tokens';
  if (/gripper/.test(n)) return 'rgb_gripper';
  if (/static/.test(n)) return 'rgb_static';
  if (/image|rgb|pixel|obs_img/.test(n)) return 'images';
  if (/proprio|robot_obs|state/.test(n)) return 'proprio';
  return undefined;
}

function fail(path: string, what: string): never {
  throw new UserError(`${path}: ${what}. Re-export the policy with 'vla-lab export <run>'.`);
}

function positiveInt(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) > 0;
}

function numberList(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

function tensorList(v: unknown, path: string, key: string, output: boolean): ManifestTensor[] {
  // Accept a list of {name, dtype, shape} or a map name → {dtype, shape}.
  const entries: [string, unknown][] = Array.isArray(v)
    ? v.map((t, i) => [
        typeof (t as { name?: unknown })?.name === 'string' ? (t as { name: string }).name : fail(path, `${key}[${i}] has no name`),
        t,
      ])
    : v && typeof v === 'object'
      ? Object.entries(v)
      : fail(path, `'${key}' must list the model's ${key} (name, dtype, shape)`);
  if (entries.length === 0) fail(path, `'${key}' is empty`);
  return entries.map(([name, t]) => {
    const o = (t ?? {}) as Record<string, unknown>;
    const shape = Array.isArray(o.shape) ? (o.shape as unknown[]).map((d) => (typeof d === 'number' ? d : String(d))) : [];
    const role = typeof o.role === 'string' ? o.role : guessRole(name, output);
    const allowed: readonly string[] = output ? OUTPUT_ROLES : INPUT_ROLES;
    if (role !== undefined && !allowed.includes(role))
      fail(path, `${key} '${name}' has unknown role '${role}' (expected one of ${allowed.join(', ')})`);
    return {
      name,
      dtype: typeof o.dtype === 'string' ? o.dtype : 'float32',
      shape,
      ...(role ? { role: role as InputRole | OutputRole } : {}),
    };
  });
}

function pick(raw: Record<string, unknown>, ...keys: string[]): unknown {
  for (const k of keys) {
    const parts = k.split('.');
    let v: unknown = raw;
    for (const p of parts) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Reads and validates policy.json. `path` may be the file or its folder. */
export function readPolicyManifest(pathOrDir: string): PolicyManifest {
  const path = pathOrDir.endsWith('.json') ? resolve(pathOrDir) : join(resolve(pathOrDir), EXPORT_FILES.manifest);
  if (!existsSync(path)) {
    throw new UserError(
      `No policy.json at ${path}; export the run's policy with 'vla-lab export <run>' (it writes export/policy.onnx and policy.json).`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`${path} is not valid JSON (${(e as Error).message}); re-export the policy.`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail(path, 'it is not a JSON object');
  return parsePolicyManifest(raw as Record<string, unknown>, path);
}

export function parsePolicyManifest(raw: Record<string, unknown>, path: string): PolicyManifest {
  const dir = dirname(path);
  const warnings: string[] = [];
  const onnxName = pick(raw, 'onnx', 'model', 'onnx_file');
  const onnxPath = join(dir, typeof onnxName === 'string' ? onnxName : EXPORT_FILES.onnx);

  const inputs = tensorList(pick(raw, 'inputs'), path, 'inputs', false);
  const outputs = tensorList(pick(raw, 'outputs'), path, 'outputs', true);

  const imageSize = pick(raw, 'image_size', 'observation.image_size');
  const history = pick(raw, 'history', 'window_size', 'policy.history');
  const chunk = pick(raw, 'chunk', 'fwd_pred_next_n', 'policy.chunk');
  const actionDim = pick(raw, 'action_dim', 'action.dim');
  const cameras = pick(raw, 'cameras', 'observation.cameras') ?? ['static'];
  if (!positiveInt(imageSize)) fail(path, "'image_size' (a positive integer) is missing");
  if (!positiveInt(history)) fail(path, "'history' (a positive integer) is missing");
  if (!positiveInt(chunk)) fail(path, "'chunk' (a positive integer) is missing");
  if (!positiveInt(actionDim)) fail(path, "'action_dim' (a positive integer) is missing");
  if (!Array.isArray(cameras) || cameras.length === 0 || !cameras.every((c) => c === 'static' || c === 'gripper')) {
    fail(path, "'cameras' must list 'static' and/or 'gripper'");
  }
  const controlHz = pick(raw, 'control_hz');
  if (controlHz !== undefined && !(typeof controlHz === 'number' && controlHz > 0)) fail(path, "'control_hz' must be a positive number");

  let tokenizer: TokenizerSpec | undefined;
  const tok = pick(raw, 'tokenizer');
  if (tok === undefined)
    warnings.push(
      'policy.json has no tokenizer vocabulary: the instruction probe is off; latency and replay use an all-padding instruction.',
    );
  else tokenizer = parseTokenizerSpec(tok, path);

  const stats = pick(raw, 'action_stats', 'action.stats', 'statistics');
  let actionStats: ActionStats | undefined;
  if (stats && typeof stats === 'object') {
    const s = stats as Record<string, unknown>;
    const norm = (s.normalize ?? pick(raw, 'action.normalize')) as Record<string, unknown> | undefined;
    actionStats = {
      ...(numberList(s.mean) ? { mean: s.mean } : {}),
      ...(numberList(s.std) ? { std: s.std } : {}),
      ...(numberList(s.min) ? { min: s.min } : {}),
      ...(numberList(s.max) ? { max: s.max } : {}),
      ...(norm && typeof norm === 'object'
        ? { normalize: { enabled: norm.enabled === true, min: Number(norm.min ?? -1), max: Number(norm.max ?? 1) } }
        : {}),
      outputsUnnormalized: s.outputs_unnormalized !== false,
    };
  } else {
    warnings.push('policy.json has no action statistics: predictions are compared as the model outputs them.');
  }

  const img = (pick(raw, 'image', 'preprocess') ?? {}) as Record<string, unknown>;
  const resizeMode = img.resize ?? 'bilinear';
  if (resizeMode !== 'bilinear' && resizeMode !== 'nearest' && resizeMode !== 'area')
    fail(path, `image.resize '${String(resizeMode)}' is not one of bilinear, nearest, area`);
  const image: ImagePreprocess = {
    resize: resizeMode,
    scale: typeof img.scale === 'number' ? img.scale : 1 / 255,
    ...(numberList(img.mean) ? { mean: img.mean } : {}),
    ...(numberList(img.std) ? { std: img.std } : {}),
  };

  const actionSpace = pick(raw, 'action_space', 'policy.action_space') ?? 'continuous';
  if (actionSpace !== 'continuous' && actionSpace !== 'discrete')
    fail(path, `'action_space' is '${String(actionSpace)}', not continuous or discrete`);
  let discretization: Discretization | undefined;
  let fast: FastTokenizer | undefined;
  const fastFile = pick(raw, 'action_tokenizer');
  if (fastFile !== undefined) {
    if (typeof fastFile !== 'string' || fastFile.includes('/') || fastFile.includes('\\'))
      fail(path, "'action_tokenizer' must name a file beside policy.json");
    fast = readFastTokenizer(join(dir, fastFile));
    if (fast.chunk !== chunk || fast.dim !== actionDim)
      fail(path, `the action tokenizer decodes chunks of ${fast.chunk} × ${fast.dim}, but the policy predicts ${chunk} × ${actionDim}`);
    if (!outputs.some((o) => o.role === 'action_tokens'))
      fail(path, "a policy with an 'action_tokenizer' needs an output with role 'action_tokens'");
  } else if (outputs.some((o) => o.role === 'action_tokens')) {
    fail(path, "the output with role 'action_tokens' needs 'action_tokenizer' (the FAST tokenizer file beside policy.json)");
  }
  if (actionSpace === 'discrete' && !fast) {
    const d = pick(raw, 'discretization', 'policy.discretization') as Record<string, unknown> | undefined;
    if (!d || typeof d !== 'object') fail(path, "a discrete policy needs 'discretization' {bins, min, max}");
    const lo = d.min ?? -1,
      hi = d.max ?? 1;
    if (!Number.isInteger(d.bins) || (d.bins as number) < 2) fail(path, "'discretization.bins' must be an integer ≥ 2");
    if (typeof lo !== 'number' || typeof hi !== 'number' || !(lo < hi))
      fail(path, "'discretization' min and max must be numbers with min < max");
    discretization = { bins: d.bins as number, min: lo, max: hi, decoding: typeof d.decoding === 'string' ? d.decoding : 'greedy' };
  }
  const gripperOutput = pick(raw, 'gripper_output') ?? 'logit';
  if (gripperOutput !== 'logit' && gripperOutput !== 'prob' && gripperOutput !== 'signed')
    fail(path, `'gripper_output' is '${String(gripperOutput)}', not one of logit, prob, signed`);

  // Every input must have a role the probe can fill.
  for (const t of inputs) {
    if (!t.role) fail(path, `cannot tell what the input '${t.name}' carries (give it a "role": one of ${INPUT_ROLES.join(', ')})`);
  }
  if (!fast && !outputs.some((o) => o.role === 'actions' || o.role === 'arm'))
    fail(path, "no output carries the actions (name one 'actions' or give it role 'actions'/'arm')");

  return {
    path,
    dir,
    onnxPath,
    inputs,
    outputs,
    imageSize,
    history,
    chunk,
    actionDim,
    cameras: cameras as ('static' | 'gripper')[],
    proprio: pick(raw, 'proprio', 'observation.proprio') === true || inputs.some((i) => i.role === 'proprio'),
    ...(typeof controlHz === 'number' ? { controlHz } : {}),
    ...(tokenizer ? { tokenizer } : {}),
    ...(actionStats ? { actionStats } : {}),
    image,
    actionSpace,
    ...(discretization ? { discretization } : {}),
    ...(fast ? { fast } : {}),
    gripperOutput,
    warnings,
    raw,
  };
}

/** One line on how the policy produces actions (info view and CLI). */
export function describeActionSpace(m: Pick<PolicyManifest, 'actionSpace' | 'discretization' | 'chunk' | 'actionDim' | 'fast'>): string {
  if (m.fast) {
    const f = m.fast;
    return `discrete: FAST tokens (DCT + BPE, ${f.strings.length} tokens, scale ${f.scale}), greedy decoding of up to ${f.maxTokens} tokens inside the model (bins would need ${m.chunk * m.actionDim}), decoded to actions by the probe`;
  }
  if (m.actionSpace !== 'discrete' || !m.discretization) return 'continuous (regressed)';
  const d = m.discretization;
  return `discrete: ${d.bins} bins over [${d.min}, ${d.max}] per dimension, ${d.decoding} decoding inside the model (${m.chunk * m.actionDim} LM passes per call)`;
}

/**
 * Checks that the ONNX model's own inputs/outputs (as onnxruntime reports them) are the ones
 * policy.json describes: same names, same dtypes, same fixed sizes. Throws one UserError listing
 * every difference.
 */
export function checkAgainstModel(manifest: PolicyManifest, model: { inputs: TensorSpec[]; outputs: TensorSpec[] }): void {
  const problems: string[] = [];
  const compare = (kind: string, declared: ManifestTensor[], actual: TensorSpec[]) => {
    for (const d of declared) {
      const a = actual.find((x) => x.name === d.name);
      if (!a) {
        problems.push(`${kind} '${d.name}' is not in the model (it has ${actual.map((x) => `'${x.name}'`).join(', ')})`);
        continue;
      }
      if (a.dtype !== 'unknown' && a.dtype !== d.dtype)
        problems.push(`${kind} '${d.name}' is ${a.dtype} in the model but ${d.dtype} in policy.json`);
      if (d.shape.length && a.shape.length) {
        if (a.shape.length !== d.shape.length)
          problems.push(`${kind} '${d.name}' has ${a.shape.length} dimensions in the model but ${d.shape.length} in policy.json`);
        else
          a.shape.forEach((s, i) => {
            if (typeof s === 'number' && typeof d.shape[i] === 'number' && s !== d.shape[i])
              problems.push(`${kind} '${d.name}' dimension ${i} is ${s} in the model but ${d.shape[i]} in policy.json`);
          });
      }
    }
    for (const a of actual)
      if (kind === 'input' && !declared.some((d) => d.name === a.name))
        problems.push(`the model's input '${a.name}' is not described in policy.json`);
  };
  compare('input', manifest.inputs, model.inputs);
  compare('output', manifest.outputs, model.outputs);
  if (problems.length) {
    throw new UserError(
      `${manifest.onnxPath} does not match ${manifest.path}: ${problems.slice(0, 4).join('; ')}${problems.length > 4 ? `; and ${problems.length - 4} more` : ''}. Re-export both together with 'vla-lab export <run>'.`,
    );
  }
}
