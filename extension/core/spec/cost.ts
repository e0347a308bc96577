/**
 * A back-of-the-envelope cost estimate for a spec: parameter count and training GPU memory per
 * process. It is an ESTIMATE for choosing between designs (the composer shows it), not a
 * measurement: real memory also depends on the allocator, kernels and framework overheads.
 *
 * Formula (per process, batch = train.batch_size):
 *   params      = backbone (preset or published size) + head (from its hidden/layers, see headParams)
 *   trainable   = params − frozen backbone parts (backbone.train.* false; LoRA trains only adapters)
 *   weights     = 4 B × params                   (fp32 master weights; autocast keeps them fp32)
 *   gradients   = 4 B × trainable
 *   optimizer   = 8 B × trainable for adam/adamw (two fp32 moments), 4 B for sgd (momentum)
 *   activations = batch × T × hidden × layers × 16 × b   (b = 2 bytes in bf16/fp16, 4 in fp32)
 *               + batch × heads × T² × layers × b          (attention scores, heads = hidden / 64)
 *   where T = tokens through the backbone per sample: tokensPerStep × history for interleaved
 *   (one sequence) and policy-head (one pass per step), tokensPerStep for one-step.
 */
import { backboneFacts } from './backbones';
import { isPlainObject } from './pointer';

const TEXT_TOKENS = 16;

export interface SequenceEstimate {
  /** Vision tokens per camera image + action/readout tokens of one step. */
  tokensPerStep: number;
  history: number;
  /** Tokens per sample through the backbone: one sequence for interleaved, the sum over steps otherwise. */
  tokens: number;
  /** Longest single sequence the backbone attends over. */
  longestSequence: number;
}

function get(o: unknown, ...path: string[]): unknown {
  let cur = o;
  for (const k of path) cur = isPlainObject(cur) && Object.prototype.hasOwnProperty.call(cur, k) ? cur[k] : undefined;
  return cur;
}
const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d);
const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d);

export function sequenceLength(spec: unknown): SequenceEstimate | undefined {
  const imageSize = num(get(spec, 'observation', 'image_size'), 32);
  const patch = num(get(spec, 'observation', 'patch_size'), 8);
  const facts = backboneFacts(get(spec, 'backbone', 'id') ?? 'tiny-prefix', get(spec, 'backbone', 'size') ?? 'nano', Math.ceil(imageSize / patch) ** 2);
  if (!facts) return undefined;
  const cams = get(spec, 'observation', 'cameras');
  const cameras = Array.isArray(cams) && cams.length > 0 ? cams.length : 1;
  const formulation = str(get(spec, 'policy', 'formulation'), 'policy-head');
  const history = formulation === 'one-step' ? 1 : num(get(spec, 'policy', 'history'), 1);
  const chunk = num(get(spec, 'policy', 'chunk'), 1);
  const dim = num(get(spec, 'action', 'dim'), 7);
  const discrete = get(spec, 'policy', 'action_space') === 'discrete';
  // One learnable action token per step; discrete actions are chunk × dim generated tokens.
  const actionTokens = discrete ? chunk * dim : 1;
  const tokensPerStep = facts.tokensPerImage * cameras + actionTokens;
  const longest = formulation === 'interleaved' ? tokensPerStep * history + TEXT_TOKENS : tokensPerStep + TEXT_TOKENS;
  return { tokensPerStep, history, tokens: tokensPerStep * history + TEXT_TOKENS, longestSequence: longest };
}

/** Parameters of the action head, from its type, width and depth (biases included). */
export function headParams(spec: unknown, latent: number): number {
  const type = str(get(spec, 'policy', 'head', 'type'), 'mlp');
  const h = num(get(spec, 'policy', 'head', 'hidden'), 256);
  const layers = num(get(spec, 'policy', 'head', 'layers'), 2);
  const out = num(get(spec, 'policy', 'chunk'), 1) * num(get(spec, 'action', 'dim'), 7);
  const history = num(get(spec, 'policy', 'history'), 1);
  const readout = h * out + out;
  const mlp = (latent * h + h) + Math.max(0, layers - 1) * (h * h + h) + readout;
  switch (type) {
    case 'lstm': // 4 gates × (input + recurrent) weights + 2 biases per layer
      return 4 * h * (latent + h) + 8 * h + Math.max(0, layers - 1) * (4 * h * 2 * h + 8 * h) + readout;
    case 'gpt': // input projection, 12h² per block (attention 4h², MLP 8h²), positions, readout
      return latent * h + h + layers * (12 * h * h + 13 * h) + history * h + readout;
    case 'moe': {
      const experts = num(get(spec, 'policy', 'head', 'experts'), 4);
      return experts * mlp + latent * experts + experts;
    }
    default:
      return mlp;
  }
}

export interface CostEstimate {
  params: { backbone: number; head: number; total: number; trainable: number };
  sequence: SequenceEstimate;
  /** Bytes per training process. */
  memory: { weights: number; gradients: number; optimizer: number; activations: number; total: number };
  /** The formula in words, for tooltips. */
  note: string;
}

export function estimateCost(spec: unknown): CostEstimate | undefined {
  const imageSize = num(get(spec, 'observation', 'image_size'), 32);
  const patch = num(get(spec, 'observation', 'patch_size'), 8);
  const facts = backboneFacts(get(spec, 'backbone', 'id') ?? 'tiny-prefix', get(spec, 'backbone', 'size') ?? 'nano', Math.ceil(imageSize / patch) ** 2);
  const sequence = sequenceLength(spec);
  if (!facts || !sequence) return undefined;
  const head = headParams(spec, facts.hidden);
  const backbone = facts.params;
  // Frozen parts: vision ~ 15%, language ~ 80%, text embedding ~ 5% of a VLM (rough split).
  const trainFlags = { vision: 0.15, language: 0.8, text_embedding: 0.05 } as const;
  let trainableBackbone = 0;
  for (const [part, share] of Object.entries(trainFlags)) if (get(spec, 'backbone', 'train', part) !== false) trainableBackbone += share * backbone;
  if (get(spec, 'backbone', 'lora', 'enabled') === true) {
    const r = num(get(spec, 'backbone', 'lora', 'r'), 64);
    trainableBackbone = 2 * r * facts.hidden * 4 * facts.layers; // A and B for q, k, v, o in every layer
  }
  const trainable = trainableBackbone + head;
  const optimizer = str(get(spec, 'train', 'optimizer'), 'adamw');
  const precision = str(get(spec, 'train', 'precision'), 'fp32');
  const b = precision === 'fp32' ? 4 : 2;
  const batch = num(get(spec, 'train', 'batch_size'), 32);
  const T = sequence.tokens;
  const L = sequence.longestSequence;
  const steps = T / L; // number of backbone passes per sample
  const heads = Math.max(1, facts.hidden / 64);
  const activations = batch * T * facts.hidden * facts.layers * 16 * b + batch * steps * heads * L * L * facts.layers * b;
  const memory = {
    weights: 4 * (backbone + head),
    gradients: 4 * trainable,
    optimizer: (optimizer === 'sgd' ? 4 : 8) * trainable,
    activations,
    total: 0,
  };
  memory.total = memory.weights + memory.gradients + memory.optimizer + memory.activations;
  return {
    params: { backbone, head, total: backbone + head, trainable },
    sequence,
    memory,
    note: 'Estimate: fp32 weights + gradients + optimizer moments of trainable parameters + activations (batch × tokens × hidden × layers × 16 × bytes, plus attention scores). Real usage differs by framework overheads.',
  };
}

/** 1.66e9 → "1.66B", 2.3e6 → "2.3M". */
export function formatCount(n: number): string {
  const units: [number, string][] = [[1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [u, s] of units) if (n >= u) return `${+(n / u).toPrecision(3)}${s}`;
  return String(Math.round(n));
}

/** Bytes → "3.2 GiB". */
export function formatBytes(n: number): string {
  const units: [number, string][] = [[2 ** 40, 'TiB'], [2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  for (const [u, s] of units) if (n >= u) return `${+(n / u).toPrecision(3)} ${s}`;
  return `${Math.round(n)} B`;
}
