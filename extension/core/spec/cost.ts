/**
 * The cost of a spec: parameter count and training memory per process (the composer shows it).
 *
 * Built-in backbones (tiny-prefix, tiny-xattn) and every action head are COUNTED, layer by layer,
 * from the same catalogue the trainer builds them from (schemas/builtin-models.json): parameters,
 * gradients and optimizer state are exact for the built-in trainer (test/python/test_cost_model.py
 * builds the real policies and compares). The one assumption is the word vocabulary, which the
 * trainer takes from the training instructions: Playtable's vocabulary over all tasks (a run on
 * fewer tasks has a few words less). RoboVLMs backbones are their published sizes. `hf:` backbones are
 * COUNTED from their local weights' safetensors headers (../models/hf-params.ts: every tensor, the
 * freeze options and LoRA adapters as hf.py applies them); without local weights their size is
 * unknown (`unknownCost` says so) rather than guessed. Activations are an ESTIMATE (they depend on
 * kernels and the allocator).
 *
 *   weights     = 4 B × parameters                    (fp32 master weights; autocast keeps them fp32)
 *   gradients   = 4 B × trainable
 *   optimizer   = adam/adamw: 8 B × trainable (two fp32 moments) + 4 B per trainable tensor (its
 *                 step counter); sgd: 4 B × trainable (momentum)
 *   activations = batch × T × hidden × layers × 16 × b   (b = 2 bytes in bf16/fp16, 4 in fp32)
 *               + batch × heads × T² × layers × b          (attention scores, heads = hidden / 64)
 *   where T = tokens through the backbone per sample: tokensPerStep × history for interleaved
 *   (one sequence) and policy-head (one pass per step), tokensPerStep for one-step.
 *   Knowledge insulation (action.knowledge_insulation) runs the backbone twice per step (policy/vla.py):
 *   first the expert's pass without a graph (no_grad: only one layer's activations live at a time, the
 *   terms above ÷ layers), then the token pass that trains the backbone, whose activations are kept —
 *   the terms above over its sequence (last frame, instruction, [ACT] and up to chunk × dim FAST
 *   tokens) — plus its LM head's logits over the whole vocabulary (batch × action positions ×
 *   vocabulary rows × 4 B). The two passes do not overlap: activations = the larger of the two.
 *
 * The built-in trainer trains every parameter of a built-in backbone (it does not apply backbone.train
 * or LoRA to them); for RoboVLMs backbones those settings change the trainable count by a rough split.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { countHfBackbone, type Part } from '../models/hf-params';
import { cachedModelDir, expandHome, hubCacheDir, readModelDirectory, type ModelDirectory } from '../models/local';
import {
  backboneFacts,
  hfLocalPath,
  DIFFUSION_HEAD_POSITIONS,
  FLOW_HEAD_POSITIONS,
  GPT_HEAD_POSITIONS,
  MLP_RATIO,
  OFT_HEAD_POSITIONS,
  PLAYTABLE_VOCABULARY,
  type BackboneFacts,
} from './backbones';
import { isPlainObject } from './pointer';
import { resolveSpec } from './resolve';

const TEXT_TOKENS = 16;

export interface SequenceEstimate {
  /** Vision tokens per camera image + action/readout tokens of one step. */
  tokensPerStep: number;
  history: number;
  /** Tokens per sample through the backbone: one sequence for interleaved, the sum over steps otherwise. */
  tokens: number;
  /** Longest single sequence the backbone attends over (knowledge insulation's token pass included). */
  longestSequence: number;
  /** Knowledge insulation's token pass (last frame, instruction, [ACT] and up to chunk × dim FAST tokens); 0 without. */
  tokenPass: number;
}

// ---- reading a resolved spec (every field is there once resolveSpec filled the schema's defaults) ----

function get(o: unknown, ...path: string[]): unknown {
  let cur = o;
  for (const k of path) cur = isPlainObject(cur) && Object.prototype.hasOwnProperty.call(cur, k) ? cur[k] : undefined;
  return cur;
}

/** The fields the cost depends on, or undefined when the spec does not have them in a usable form. */
interface CostInputs {
  backbone: BackboneFacts;
  /** hf: backbones: the local model directory's config and weight headers. */
  hf?: ModelDirectory;
  imageSize: number;
  patch: number;
  cameras: number;
  formulation: string;
  discrete: boolean;
  bins: number;
  /** FAST token slots + the end token (discrete FAST actions or knowledge insulation; policy/fast.py), else 0. */
  fastTokens: number;
  /** Knowledge insulation: a continuous expert beside a backbone that learns FAST tokens (a second backbone pass). */
  insulated: boolean;
  history: number;
  chunk: number;
  actionDim: number;
  head: { type: string; hidden: number; layers: number; experts: number };
}

/** Where an hf: backbone's local weights are looked for: the spec's folder (relative paths) and the hub cache. */
export interface ModelLocation {
  /** Folder relative backbone paths are read from (the spec file's); default the current directory. */
  baseDir?: string;
  /** The Hugging Face hub cache; default HF_HUB_CACHE / HF_HOME/hub / ~/.cache/huggingface/hub. */
  hubCache?: string;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The local directory an hf: spec loads from, as python/vlalab/policy/backbones/hf.py finds it. */
export function hfModelDir(resolved: unknown, where: ModelLocation): string | undefined {
  const id = get(resolved, 'backbone', 'id');
  if (typeof id !== 'string' || !id.startsWith('hf:')) return undefined;
  const given = get(resolved, 'backbone', 'path');
  const local = typeof given === 'string' ? given : id.slice(3);
  const dir = path.resolve(where.baseDir ?? process.cwd(), expandHome(local));
  if (isDirectory(dir)) return dir;
  if (typeof given === 'string' || hfLocalPath(id) !== undefined) return undefined;
  return cachedModelDir(id.slice(3), where.hubCache ?? hubCacheDir());
}

/** The word embedding of a local hf: model (rows: its vocabulary, columns: its width). */
function hfWordEmbedding(model: ModelDirectory) {
  return model.tensors.find((t) => /(^|\.)embed_tokens\.weight$/.test(t.name) && !/vision/.test(t.name));
}

/** Facts of a local hf: model: width and depth from its weights and config, its image tokens per frame. */
function localHfFacts(id: string, model: ModelDirectory, imageSize: number): BackboneFacts | undefined {
  const cfg = model.config as Record<string, any>;
  const text = (cfg.text_config ?? cfg) as Record<string, any>;
  const vision = (cfg.vision_config ?? {}) as Record<string, any>;
  const embedding = hfWordEmbedding(model);
  if (!embedding) return undefined;
  const layers = Number(text.num_hidden_layers ?? text.layers ?? 0) + Number(vision.num_hidden_layers ?? vision.depth ?? 0);
  const patch = Number(vision.patch_size) || 14;
  const side = model.modelType.startsWith('qwen2') ? imageSize : Number(vision.image_size) || imageSize;
  const patches = Math.floor(side / patch) ** 2;
  const merge = model.modelType.startsWith('qwen2') ? Number(vision.spatial_merge_size) || 2 : Number(cfg.scale_factor) || 1;
  const tokensPerImage =
    model.modelType === 'kosmos-2' ? Number(cfg.latent_query_num) || 64 : Math.max(1, Math.floor(patches / (merge * merge)));
  return { id, family: 'hf', architecture: 'decoder', hidden: embedding.shape[1], layers: Math.max(1, layers), tokensPerImage };
}

function inputs(resolved: unknown, where?: ModelLocation): CostInputs | undefined {
  const n = (...path: string[]): number | undefined => {
    const v = get(resolved, ...path);
    return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
  };
  const imageSize = n('observation', 'image_size');
  const patch = n('observation', 'patch_size');
  const cams = get(resolved, 'observation', 'cameras');
  const formulation = get(resolved, 'policy', 'formulation');
  const space = get(resolved, 'policy', 'action_space');
  const history = n('policy', 'history');
  const chunk = n('policy', 'chunk');
  const actionDim = n('action', 'dim');
  const headType = get(resolved, 'policy', 'head', 'type');
  const head = { hidden: n('policy', 'head', 'hidden'), layers: n('policy', 'head', 'layers'), experts: n('policy', 'head', 'experts') };
  if (!imageSize || !patch || !Array.isArray(cams) || cams.length === 0 || typeof formulation !== 'string' || typeof space !== 'string')
    return undefined;
  if (!history || !chunk || !actionDim || typeof headType !== 'string' || !head.hidden || !head.layers || !head.experts) return undefined;
  const discrete = space === 'discrete';
  const fast = discrete ? get(resolved, 'action', 'tokenizer') === 'fast' : get(resolved, 'action', 'knowledge_insulation') === true;
  const bins = discrete && !fast ? n('policy', 'discretization', 'bins') : 0;
  if (bins === undefined) return undefined;
  const fastVocab = fast ? n('action', 'fast', 'vocab_size') : 0;
  if (fastVocab === undefined) return undefined;
  const fastTokens = fast ? fastVocab + 1 : 0;
  const insulated = fast && !discrete;
  let backbone = backboneFacts(get(resolved, 'backbone', 'id'), get(resolved, 'backbone', 'size'), Math.floor(imageSize / patch) ** 2);
  if (!backbone) return undefined;
  let hf: ModelDirectory | undefined;
  if (backbone.family === 'hf' && where) {
    const dir = hfModelDir(resolved, where);
    hf = dir === undefined ? undefined : readModelDirectory(dir);
    const facts = hf && localHfFacts(backbone.id, hf, imageSize);
    if (!facts) return undefined;
    backbone = facts;
  }
  return {
    backbone,
    hf,
    imageSize,
    patch,
    cameras: cams.length,
    formulation,
    discrete,
    bins,
    fastTokens,
    insulated,
    history,
    chunk,
    actionDim,
    head: { type: headType, hidden: head.hidden, layers: head.layers, experts: head.experts },
  };
}

/** Action positions of a FAST token pass (teacher forcing): [ACT] and up to chunk × dim tokens, since BPE
 *  never makes more tokens than the chunk's chunk × dim integers (the end token is a target, never an input). */
const fastPositions = (c: CostInputs): number => c.chunk * c.actionDim + 1;

/** The longest sequence of the pass that makes the latents: the whole history (interleaved) or one step. */
function mainSequence(c: CostInputs, tokensPerStep: number, history: number): number {
  return c.formulation === 'interleaved' ? tokensPerStep * history + TEXT_TOKENS : tokensPerStep + TEXT_TOKENS;
}

function sequenceOf(c: CostInputs): SequenceEstimate {
  const history = c.formulation === 'one-step' ? 1 : c.history;
  // One learnable action token per step; discrete actions are [ACT] + chunk × dim − 1 binned tokens,
  // or FAST's (at most chunk × dim; the fitted max_tokens is known only once fitted on the data).
  const actionTokens = c.discrete ? (c.fastTokens ? fastPositions(c) : c.chunk * c.actionDim) : 1;
  const tokensPerStep = c.backbone.tokensPerImage * c.cameras + actionTokens;
  const longest = mainSequence(c, tokensPerStep, history);
  const tokenPass = c.insulated ? c.backbone.tokensPerImage * c.cameras + TEXT_TOKENS + fastPositions(c) : 0;
  return {
    tokensPerStep,
    history,
    tokens: tokensPerStep * history + TEXT_TOKENS,
    longestSequence: Math.max(longest, tokenPass),
    tokenPass,
  };
}

export function sequenceLength(spec: unknown): SequenceEstimate | undefined {
  const c = inputs(resolveSpec(spec));
  return c && sequenceOf(c);
}

// ---- exact parameter counts: the layers of python/vlalab/policy, module by module ----------------

/** Parameters and parameter tensors (each tensor has its own optimizer step counter). */
export interface Count {
  params: number;
  tensors: number;
}

const ZERO: Count = { params: 0, tensors: 0 };
const tensor = (n: number): Count => ({ params: n, tensors: 1 });
const add = (...cs: Count[]): Count => cs.reduce((a, b) => ({ params: a.params + b.params, tensors: a.tensors + b.tensors }), ZERO);
const times = (k: number, c: Count): Count => ({ params: k * c.params, tensors: k * c.tensors });
/** nn.Linear(i, o): weight and bias. */
const linear = (i: number, o: number): Count => add(tensor(i * o), tensor(o));
/** nn.LayerNorm(d): weight and bias. */
const layerNorm = (d: number): Count => add(tensor(d), tensor(d));
/** layers.MultiHeadAttention: q, fused kv, out projections. */
const attention = (d: number): Count => add(linear(d, d), linear(d, 2 * d), linear(d, d));
/** layers.Block: pre-norm self-attention + MLP. */
const block = (d: number): Count => add(layerNorm(d), layerNorm(d), attention(d), linear(d, MLP_RATIO * d), linear(MLP_RATIO * d, d));
/** layers.DecoderBlock: three norms, self- and cross-attention, MLP. */
const decoderBlock = (d: number): Count =>
  add(layerNorm(d), layerNorm(d), layerNorm(d), attention(d), attention(d), linear(d, MLP_RATIO * d), linear(MLP_RATIO * d, d));
/** heads/base.HistoryContext: projection of the latents, learned positions, norm. */
const historyContext = (latent: number, d: number, positions: number): Count => add(linear(latent, d), tensor(positions * d), layerNorm(d));
/** layers.GatedCrossAttention: norm, attention, feed-forward and two tanh gates. */
const gatedCrossAttention = (d: number): Count =>
  add(layerNorm(d), attention(d), layerNorm(d), linear(d, MLP_RATIO * d), linear(MLP_RATIO * d, d), tensor(1), tensor(1));
/** tiny_xattn.PerceiverResampler: latents, attention, three norms, feed-forward. */
const resampler = (d: number, latents: number): Count =>
  add(tensor(latents * d), attention(d), layerNorm(d), layerNorm(d), layerNorm(d), linear(d, MLP_RATIO * d), linear(MLP_RATIO * d, d));
/** layers.PatchEmbed: an RGB patch convolution and learned positions. */
const patchEmbed = (image: number, patch: number, d: number): Count =>
  add(tensor(3 * patch * patch * d), tensor(d), tensor(Math.floor(image / patch) ** 2 * d));

/** A built-in backbone, its word embedding included (the LM head is tied to it). */
function builtinBackboneCount(c: CostInputs, vocabulary: number): Count {
  const b = c.backbone;
  const { width: d, vision_layers: vis, language_layers: lm } = b.preset!;
  // Word ids, then the [ACT] token, then (discrete) one token per action bin, then (FAST) its slots and end token.
  const embedding = tensor((vocabulary + 1 + c.bins + c.fastTokens) * d);
  const vision = add(patchEmbed(c.imageSize, c.patch, d), tensor(c.cameras * d), times(vis, block(d)));
  const language = add(embedding, tensor(b.positions! * d), times(lm, block(d)), layerNorm(d));
  if (b.architecture === 'xattn') return add(vision, resampler(d, b.resamplerLatents!), language, times(lm, gatedCrossAttention(d)));
  return add(vision, layerNorm(d), linear(d, d), language); // vision_proj: LayerNorm + Linear
}

/** The action head of a continuous policy (discrete policies decode with the LM head: no head). */
function headCount(c: CostInputs): Count {
  if (c.discrete) return ZERO;
  const { type, hidden: h, layers, experts } = c.head;
  const arm = c.actionDim - 1;
  const latent = c.backbone.hidden;
  const readout = linear(h, c.chunk * c.actionDim); // heads/base.ChunkOutput
  switch (type) {
    case 'mlp':
      return add(linear(latent, h), times(layers - 1, linear(h, h)), readout);
    case 'lstm': {
      // nn.LSTM: per layer W_ih (4h × input), W_hh (4h × h), b_ih, b_hh
      const lstmLayer = (input: number): Count => add(tensor(4 * h * input), tensor(4 * h * h), tensor(4 * h), tensor(4 * h));
      return add(lstmLayer(latent), times(layers - 1, lstmLayer(h)), readout);
    }
    case 'gpt':
      return add(linear(latent, h), tensor(GPT_HEAD_POSITIONS * h), times(layers, block(h)), layerNorm(h), readout);
    case 'moe': // router, experts of two linear layers each, one shared readout
      return add(linear(latent, experts), times(experts, add(linear(latent, h), linear(h, h))), readout);
    case 'flow': // flow.ChunkDenoiser (diffusion shares it): context, action input, chunk positions, time MLP (sinusoid of 2⌊h/2⌋), blocks, norm, velocity/noise out, gripper readout of the latent
    case 'diffusion':
      return add(
        historyContext(latent, h, type === 'flow' ? FLOW_HEAD_POSITIONS : DIFFUSION_HEAD_POSITIONS),
        linear(arm, h),
        tensor(c.chunk * h),
        linear(2 * Math.floor(h / 2), h),
        linear(h, h),
        times(layers, decoderBlock(h)),
        layerNorm(h),
        linear(h, arm),
        linear(latent, c.chunk),
      );
    case 'oft': // oft.OFTHead: context, one learned query per chunk step, blocks, norm, per-query readout of arm + gripper
      return add(
        historyContext(latent, h, OFT_HEAD_POSITIONS),
        tensor(c.chunk * h),
        times(layers, decoderBlock(h)),
        layerNorm(h),
        linear(h, c.actionDim),
      );
    default:
      return ZERO;
  }
}

export interface CostEstimate {
  params: { backbone: number; head: number; total: number; trainable: number };
  /** Parameters, gradients and optimizer state are counted exactly (built-in and local hf: backbones), not estimated. */
  exact: boolean;
  /** The word vocabulary the count assumes (built-in backbones). */
  vocabulary?: number;
  /** hf: backbones: the local model counted, its weights per tower and the LoRA adapters added. */
  hf?: { dir: string; modelType: string; parts: Record<Part, number>; lora: number };
  sequence: SequenceEstimate;
  /** Bytes per training process. */
  memory: { weights: number; gradients: number; optimizer: number; activations: number; total: number };
  /** What is exact and what is estimated, for tooltips. */
  note: string;
}

/**
 * The cost of a spec (raw or resolved: it is resolved first, so every default is the schema's).
 * `vocabulary`: the word tokenizer's size when known (a trained run's); default Playtable's.
 */
export function estimateCost(spec: unknown, vocabulary = PLAYTABLE_VOCABULARY, where: ModelLocation = {}): CostEstimate | undefined {
  const resolved = resolveSpec(spec);
  const c = inputs(resolved, where);
  if (!c) return undefined;
  const facts = c.backbone;
  const exact = facts.family === 'builtin' || c.hf !== undefined;
  const head = headCount(c);
  let backbone: Count;
  let trainableBackbone: Count;
  let hf: CostEstimate['hf'];
  if (facts.family === 'builtin') {
    backbone = builtinBackboneCount(c, vocabulary);
    trainableBackbone = backbone;
  } else if (c.hf) {
    const bb = get(resolved, 'backbone') as any;
    const count = countHfBackbone(c.hf.tensors, c.hf.modelType, {
      train: bb.train,
      lora: bb.lora,
      extraTokens: 1 + c.bins + c.fastTokens,
    })!; // localHfFacts found the word embedding, so the count exists
    backbone = { params: count.params, tensors: count.tensors };
    trainableBackbone = { params: count.trainable, tensors: count.trainableTensors };
    hf = { dir: c.hf.dir, modelType: c.hf.modelType, parts: count.parts, lora: count.lora };
  } else {
    backbone = { params: facts.params!, tensors: 0 }; // tensor count unknown: step counters left out
    // Frozen parts: vision ~ 15%, language ~ 80%, text embedding ~ 5% of a VLM (rough split).
    const shares = { vision: 0.15, language: 0.8, text_embedding: 0.05 } as const;
    let trainable = 0;
    for (const [part, share] of Object.entries(shares))
      if (get(resolved, 'backbone', 'train', part) !== false) trainable += share * facts.params!;
    if (get(resolved, 'backbone', 'lora', 'enabled') === true) {
      const r = get(resolved, 'backbone', 'lora', 'r');
      trainable = 2 * (typeof r === 'number' ? r : 0) * facts.hidden * 4 * facts.layers; // A and B for q, k, v, o in every layer
    }
    trainableBackbone = { params: trainable, tensors: 0 };
  }
  const trainable = add(trainableBackbone, head);
  const optimizer = get(resolved, 'train', 'optimizer');
  const b = get(resolved, 'train', 'precision') === 'fp32' ? 4 : 2;
  const batchValue = get(resolved, 'train', 'batch_size');
  const batch = typeof batchValue === 'number' && batchValue > 0 ? batchValue : 1;
  const sequence = sequenceOf(c);
  const heads = Math.max(1, facts.hidden / 64);
  /** Activations a backward keeps of `tokens` per sample in sequences of `longest` (tokens / longest passes). */
  const kept = (tokens: number, longest: number): number =>
    batch * tokens * facts.hidden * facts.layers * 16 * b + batch * (tokens / longest) * heads * longest * longest * facts.layers * b;
  const main = kept(sequence.tokens, mainSequence(c, sequence.tokensPerStep, sequence.history));
  let activations = main;
  if (c.insulated) {
    // the expert's pass has no graph (one layer at a time); the token pass is kept, with its logits
    const vocabRows =
      facts.family === 'builtin'
        ? vocabulary + 1 + c.bins + c.fastTokens
        : c.hf
          ? (hfWordEmbedding(c.hf)?.shape[0] ?? 0) + 1 + c.bins + c.fastTokens
          : 0;
    // (the expert's pass ends before the token pass starts: the larger of the two is the peak)
    activations = Math.max(main / facts.layers, kept(sequence.tokenPass, sequence.tokenPass) + batch * fastPositions(c) * vocabRows * 4);
  }
  const total = backbone.params + head.params;
  const memory = {
    weights: 4 * total,
    gradients: 4 * trainable.params,
    optimizer: optimizer === 'sgd' ? 4 * trainable.params : 8 * trainable.params + 4 * trainable.tensors,
    activations,
    total: 0,
  };
  memory.total = memory.weights + memory.gradients + memory.optimizer + memory.activations;
  return {
    params: { backbone: backbone.params, head: head.params, total, trainable: trainable.params },
    exact,
    ...(facts.family === 'builtin' ? { vocabulary } : {}),
    ...(hf ? { hf } : {}),
    sequence,
    memory,
    note:
      (hf
        ? `Parameters, gradients and optimizer state counted exactly from the weights in ${hf.dir} (${hf.modelType}${hf.lora ? `, ${formatCount(hf.lora)} LoRA parameters` : ''}); activations estimated (batch × tokens × hidden × layers × 16 × bytes, plus attention scores).`
        : exact
          ? `Parameters, gradients and optimizer state counted exactly (a ${vocabulary}-word vocabulary, Playtable's); activations estimated (batch × tokens × hidden × layers × 16 × bytes, plus attention scores).`
          : 'Estimate: published backbone size; fp32 weights + gradients + optimizer moments of trainable parameters + activations (batch × tokens × hidden × layers × 16 × bytes, plus attention scores). Real usage differs by framework overheads.') +
      (c.insulated
        ? ` Knowledge insulation: the token pass (${sequence.tokenPass} tokens) is kept with its logits; the expert's pass runs without a graph.`
        : ''),
  };
}

/**
 * Why a spec has no cost estimate although it is complete: an hf: backbone whose weights are not on
 * this machine (its size is unknown rather than guessed). undefined when there is nothing to say.
 */
export function unknownCost(spec: unknown, where: ModelLocation = {}): string | undefined {
  const resolved = resolveSpec(spec);
  if (backboneFacts(get(resolved, 'backbone', 'id'))?.family !== 'hf' || !inputs(resolved)) return undefined;
  if (inputs(resolved, where)) return undefined;
  const dir = hfModelDir(resolved, where);
  return dir === undefined
    ? 'unknown (no local weights)'
    : `unknown (no local weights: ${dir} has no config.json with safetensors weights)`;
}

/** 1.66e9 → "1.66B", 2.3e6 → "2.3M". */
export function formatCount(n: number): string {
  const units: [number, string][] = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [u, s] of units) if (n >= u) return `${+(n / u).toPrecision(3)}${s}`;
  return String(Math.round(n));
}

/** Bytes → "3.2 GiB". */
export function formatBytes(n: number): string {
  const units: [number, string][] = [
    [2 ** 40, 'TiB'],
    [2 ** 30, 'GiB'],
    [2 ** 20, 'MiB'],
    [2 ** 10, 'KiB'],
  ];
  for (const [u, s] of units) if (n >= u) return `${+(n / u).toPrecision(3)} ${s}`;
  return `${Math.round(n)} B`;
}
