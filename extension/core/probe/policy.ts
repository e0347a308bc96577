/**
 * An exported policy ready to run: policy.json + policy.onnx opened with onnxruntime-node and
 * checked against each other. It turns an observation window (frames of the cameras the policy
 * uses, optionally proprioception) and an instruction into the action chunk, building each ONNX
 * input the way the trainer's loader builds the batch.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors';
import { EXPORT_FILES, RUN_FILES } from '../runner/paths';
import {
  openSession,
  readOnnxFileInfo,
  type ExecutionProvider,
  type OnnxFileInfo,
  type OpenedSession,
  type OrtTensor,
  loadOrt,
} from './onnx';
import { decodeFast } from './fast';
import { checkAgainstModel, readPolicyManifest, type ManifestTensor, type PolicyManifest } from './policyManifest';
import { hwcToPlanar, resize, type PlanarImage } from './resize';
import { tokenize, type Tokenized } from './tokenizer';

/** Finds policy.json for a run directory, an export folder, policy.json itself or policy.onnx. */
export function resolvePolicyJson(target: string): string {
  const abs = resolve(target);
  if (!existsSync(abs))
    throw new UserError(`${target} does not exist; pass a run directory, its export/ folder, policy.json or policy.onnx.`);
  if (statSync(abs).isDirectory()) {
    for (const p of [join(abs, RUN_FILES.export, EXPORT_FILES.manifest), join(abs, EXPORT_FILES.manifest)]) if (existsSync(p)) return p;
    if (existsSync(join(abs, RUN_FILES.record)) || existsSync(join(abs, RUN_FILES.spec))) {
      throw new UserError(`The run ${target} has no exported policy (export/policy.json); export it with 'vla-lab export ${target}'.`);
    }
    throw new UserError(`${target} holds no policy.json; pass a run directory, its export/ folder, policy.json or policy.onnx.`);
  }
  if (abs.endsWith('.json')) return abs;
  // An .onnx file: its policy.json sits beside it.
  const beside = join(dirname(abs), EXPORT_FILES.manifest);
  if (!existsSync(beside))
    throw new UserError(
      `No policy.json beside ${basename(abs)} (${beside}); the probe needs it to know the inputs. Export with 'vla-lab export <run>'.`,
    );
  return beside;
}

/** One step of observations, as stored in a CALVIN frame. */
export interface StepObservation {
  /** HWC uint8 images by camera. */
  rgb: Partial<Record<'static' | 'gripper', { data: ArrayLike<number>; height: number; width: number; channels: number }>>;
  robotObs?: ArrayLike<number>;
}

/** A preprocessed step: planar float images at the model's size. */
export interface PreparedStep {
  images: Partial<Record<'static' | 'gripper', PlanarImage>>;
  robotObs?: Float32Array;
}

export interface Prediction {
  /** chunk × actionDim, in the dataset's units; the gripper as −1 (close) / +1 (open) probability-weighted: 2p − 1. */
  chunk: number[][];
}

export class LoadedPolicy {
  private constructor(
    readonly manifest: PolicyManifest,
    readonly opened: OpenedSession,
    readonly file: OnnxFileInfo,
  ) {}

  static async open(target: string, provider: ExecutionProvider = 'cpu', intraOpThreads?: number): Promise<LoadedPolicy> {
    const manifest = readPolicyManifest(resolvePolicyJson(target));
    if (!existsSync(manifest.onnxPath))
      throw new UserError(`${manifest.path} names ${manifest.onnxPath}, which does not exist; re-export the policy.`);
    const opened = await openSession(manifest.onnxPath, { provider, intraOpThreads });
    checkAgainstModel(manifest, opened);
    const file = readOnnxFileInfo(manifest.onnxPath);
    return new LoadedPolicy(manifest, opened, file);
  }

  /** Resizes and normalises one step's images as the trainer's loader does. */
  prepare(obs: StepObservation): PreparedStep {
    const m = this.manifest;
    const images: PreparedStep['images'] = {};
    for (const cam of m.cameras) {
      const img = obs.rgb[cam];
      if (!img) throw new UserError(`The observation has no ${cam} camera image, which this policy uses.`);
      let planar = resize(
        hwcToPlanar(img.data, img.height, img.width, img.channels, m.image.scale),
        m.imageSize,
        m.imageSize,
        m.image.resize,
      );
      if (m.image.mean || m.image.std) planar = normalise(planar, m.image.mean, m.image.std);
      images[cam] = planar;
    }
    return { images, ...(obs.robotObs ? { robotObs: Float32Array.from(obs.robotObs) } : {}) };
  }

  tokenize(instruction: string): Tokenized | undefined {
    return this.manifest.tokenizer ? tokenize(this.manifest.tokenizer, instruction) : undefined;
  }

  /**
   * Runs the policy on a window of prepared steps (oldest first; shorter windows are padded by
   * repeating the first step, as at the start of an episode) and one instruction.
   */
  async predict(window: readonly PreparedStep[], instruction: string): Promise<Prediction & { tokens?: Tokenized }> {
    const feeds = this.feeds(window, instruction);
    const results = await this.opened.session.run(feeds.tensors);
    return { chunk: this.readActions(results), ...(feeds.tokens ? { tokens: feeds.tokens } : {}) };
  }

  /** The ONNX feeds for a window and instruction (exposed for latency runs and tests). */
  feeds(window: readonly PreparedStep[], instruction: string): { tensors: Record<string, OrtTensor>; tokens?: Tokenized } {
    const m = this.manifest;
    if (window.length === 0) throw new Error('empty observation window');
    const H = m.history;
    const steps: PreparedStep[] = [];
    for (let i = 0; i < H; i++) steps.push(window[Math.max(0, window.length - H + i)] ?? window[0]);
    // When the window is shorter than H, window.length - H + i < 0 for the first slots → step 0.
    const ort = loadOrt();
    const tensors: Record<string, OrtTensor> = {};
    const tokens = this.tokenize(instruction);
    for (const input of m.inputs) {
      const dims = this.concreteShape(input, tokens);
      const count = dims.reduce((a, b) => a * b, 1);
      switch (input.role) {
        case 'images':
        case 'rgb_static':
        case 'rgb_gripper': {
          const cams = input.role === 'images' ? m.cameras : [input.role === 'rgb_static' ? ('static' as const) : ('gripper' as const)];
          const data = new Float32Array(count);
          const per = 3 * m.imageSize * m.imageSize;
          if (count !== H * cams.length * per)
            throw new UserError(
              `The input '${input.name}' has shape [${dims.join(', ')}], but history ${H} × ${cams.length} camera(s) × 3 × ${m.imageSize}² needs ${H * cams.length * per} values; re-export the policy.`,
            );
          let o = 0;
          for (const s of steps)
            for (const c of cams) {
              data.set((s.images[c] as PlanarImage).data, o);
              o += per;
            }
          tensors[input.name] = new ort.Tensor('float32', data, dims);
          break;
        }
        case 'tokens':
        case 'attention_mask': {
          if (!tokens)
            throw new UserError(
              `The model takes '${input.name}' but policy.json has no tokenizer; re-export the policy with its vocabulary.`,
            );
          const values = input.role === 'tokens' ? tokens.ids : tokens.mask;
          if (count !== values.length)
            throw new UserError(
              `The input '${input.name}' has ${count} values but the tokenizer's max_length is ${values.length}; re-export the policy.`,
            );
          tensors[input.name] = intTensor(input.dtype, values, dims);
          break;
        }
        case 'proprio': {
          const data = new Float32Array(count);
          const per = count / H;
          steps.forEach((s, i) => {
            if (!s.robotObs) throw new UserError(`The model takes proprioception ('${input.name}') but the observation has no robot_obs.`);
            data.set(s.robotObs.subarray(0, per), i * per);
          });
          tensors[input.name] = new ort.Tensor('float32', data, dims);
          break;
        }
        case 'noise': // a flow policy samples from it: each call a fresh standard normal draw
          tensors[input.name] = new ort.Tensor('float32', standardNormal(count), dims);
          break;
        default:
          throw new UserError(`Cannot fill the input '${input.name}' (role ${String(input.role)}).`);
      }
    }
    return { tensors, ...(tokens ? { tokens } : {}) };
  }

  /** Replaces symbolic dimensions: batch 1, history, token length. */
  private concreteShape(t: ManifestTensor, tokens?: Tokenized): number[] {
    return t.shape.map((d, i) => {
      if (typeof d === 'number' && d > 0) return d;
      if (i === 0) return 1;
      if ((t.role === 'tokens' || t.role === 'attention_mask') && tokens) return tokens.ids.length;
      if (i === 1) return this.manifest.history;
      throw new UserError(
        `The input '${t.name}' has a dynamic dimension ${i} ('${String(d)}') the probe cannot size; export with fixed shapes.`,
      );
    });
  }

  /** Reads the action chunk of the last history step from the outputs, in the dataset's units. */
  private readActions(results: Record<string, OrtTensor>): number[][] {
    const m = this.manifest;
    const { chunk: K, actionDim: D } = m;
    const lastRows = (name: string, width: number): number[][] => {
      const t = results[name];
      const data = t.data as Float32Array;
      if (data.length < K * width || data.length % (K * width) !== 0) {
        throw new UserError(
          `The output '${name}' has ${data.length} values, not a multiple of chunk ${K} × ${width}; re-export the policy.`,
        );
      }
      const off = data.length - K * width; // the last history step's chunk
      return Array.from({ length: K }, (_, k) => Array.from(data.subarray(off + k * width, off + (k + 1) * width)));
    };
    const actionsOut = m.outputs.find((o) => o.role === 'actions');
    const tokensOut = m.outputs.find((o) => o.role === 'action_tokens');
    let rows: number[][];
    if (m.fast && tokensOut) {
      // a FAST policy: the graph chose the tokens; BPE strings → DCT coefficients → inverse DCT here
      const decoded = decodeFast(m.fast, results[tokensOut.name].data as ArrayLike<number | bigint>);
      return decoded.actions.map((r) => r.map((v, i) => (i === D - 1 ? (v > 0 ? 1 : -1) : v)));
    }
    if (actionsOut) {
      rows = lastRows(actionsOut.name, D);
    } else {
      const arm = m.outputs.find((o) => o.role === 'arm') as ManifestTensor;
      const armRows = lastRows(arm.name, D - 1);
      const g = m.outputs.find((o) => o.role === 'gripper');
      const gRows = g ? lastRows(g.name, 1) : armRows.map(() => [0]);
      rows = armRows.map((r, k) => [...r, gripperToSigned(gRows[k][0], m.gripperOutput)]);
    }
    const st = m.actionStats;
    if (st?.normalize?.enabled && !st.outputsUnnormalized) {
      const { min, max } = st.normalize;
      rows = rows.map((r) => r.map((v, i) => (i < D - 1 ? ((v + 1) / 2) * (max - min) + min : v)));
    }
    return rows;
  }
}

/** Gripper output → [−1, 1]: a logit or probability becomes 2p − 1; a signed value stays. */
export function gripperToSigned(v: number, kind: string): number {
  if (kind === 'prob') return 2 * v - 1;
  if (kind === 'signed') return v;
  return 2 / (1 + Math.exp(-v)) - 1;
}

function normalise(img: PlanarImage, mean?: number[], std?: number[]): PlanarImage {
  const plane = img.height * img.width;
  const data = new Float32Array(img.data);
  for (let c = 0; c < img.channels; c++) {
    const mu = mean?.[c] ?? 0,
      sd = std?.[c] ?? 1;
    for (let i = c * plane; i < (c + 1) * plane; i++) data[i] = (data[i] - mu) / sd;
  }
  return { ...img, data };
}

function intTensor(dtype: string, values: number[], dims: number[]): OrtTensor {
  const ort = loadOrt();
  if (dtype === 'int64') return new ort.Tensor('int64', BigInt64Array.from(values.map((v) => BigInt(v))), dims);
  if (dtype === 'int32') return new ort.Tensor('int32', Int32Array.from(values), dims);
  if (dtype === 'bool') return new ort.Tensor('bool', Uint8Array.from(values), dims);
  return new ort.Tensor('float32', Float32Array.from(values), dims);
}

/** n standard normal samples (Box–Muller). */
function standardNormal(n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - Math.random()));
    const a = 2 * Math.PI * Math.random();
    out[i] = r * Math.cos(a);
    if (i + 1 < n) out[i + 1] = r * Math.sin(a);
  }
  return out;
}
