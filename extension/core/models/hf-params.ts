/**
 * The exact parameter count of an hf: backbone, from its weights' tensor names and shapes (the
 * safetensors headers) and the spec's freeze and LoRA options: what python/vlalab/policy/backbones/hf.py
 * builds and marks trainable, counted without loading anything (test/python/test_hf_cost_model.py
 * builds the real policies of five tiny families and compares).
 *
 * Checkpoint names are the model's own as saved (e.g. LLaVA's `language_model.model.layers.0…`,
 * Qwen2-VL's `model.layers.0…` and `visual.blocks.0…`): the parts are told apart by name components
 * every supported family uses.
 */
import { numel, type TensorInfo } from './safetensors';

/** Where a weight lives, as the hf: backbone trains it. */
export type Part = 'vision' | 'language' | 'projector' | 'word_embedding' | 'lm_head';

const VISION = /(^|\.)(vision_tower|visual|vision_model)\./;
const PROJECTOR = /(^|\.)(multi_modal_projector|connector|image_to_text_projection)\./;
const LM_HEAD = /(^|\.)lm_head\./;
const WORD_EMBEDDING = /(^|\.)embed_tokens\.weight$/;

function partOf(name: string, modelType: string): Part {
  if (VISION.test(name)) return 'vision';
  if (PROJECTOR.test(name)) return 'projector';
  if (WORD_EMBEDDING.test(name)) return 'word_embedding';
  // The LM head sits beside the language model in memory (hf.py trains it with the language model), except
  // in Kosmos-2, whose head is inside its text model
  if (LM_HEAD.test(name) && modelType !== 'kosmos-2') return 'lm_head';
  return 'language';
}

/** A linear layer's weight (out × in): what LoRA can adapt. Embedding tables are 2-D too, but named so. */
function linearModule(t: TensorInfo): string | undefined {
  if (t.shape.length !== 2 || !t.name.endsWith('.weight')) return undefined;
  const module = t.name.slice(0, -'.weight'.length);
  const last = module.split('.').pop()!;
  if (/embed/.test(last) || last === 'lm_head') return undefined;
  return last;
}

export interface HfBackboneOptions {
  train: { vision: boolean; language: boolean; text_embedding: boolean };
  lora: { enabled: boolean; r: number; towers: 'language' | 'vision' | 'both'; target_modules?: string[] };
  /** Our tokens after the model's vocabulary: [ACT], then (discrete) one per action bin. */
  extraTokens: number;
}

export interface HfBackboneCount {
  /** Parameters and tensors of the backbone as the policy holds it (the model, LoRA adapters, our token rows). */
  params: number;
  tensors: number;
  trainable: number;
  trainableTensors: number;
  /** The model's own weights per part (before adapters). */
  parts: Record<Part, number>;
  /** LoRA adapter parameters (r × (in + out) per adapted linear layer). */
  lora: number;
  /** Our [ACT]/bin token rows. */
  extra: number;
  /** Width of the language model (its word embedding's), what the action head reads. */
  hidden: number;
}

export function countHfBackbone(tensors: readonly TensorInfo[], modelType: string, o: HfBackboneOptions): HfBackboneCount | undefined {
  const embedding = tensors.find((t) => partOf(t.name, modelType) === 'word_embedding' && t.shape.length === 2);
  if (!embedding) return undefined;
  const hidden = embedding.shape[1];
  const adapted = new Set<Part>(o.lora.enabled ? (o.lora.towers === 'both' ? ['vision', 'language'] : [o.lora.towers]) : []);
  const wanted = o.lora.target_modules ?? [];
  const parts: Record<Part, number> = { vision: 0, language: 0, projector: 0, word_embedding: 0, lm_head: 0 };
  const c = { params: 0, tensors: 0, trainable: 0, trainableTensors: 0, lora: 0 };
  const take = (n: number, trains: boolean): void => {
    c.params += n;
    c.tensors += 1;
    if (trains) {
      c.trainable += n;
      c.trainableTensors += 1;
    }
  };
  for (const t of tensors) {
    const part = partOf(t.name, modelType);
    const n = numel(t.shape);
    parts[part] += n;
    if (part === 'word_embedding') take(n, o.train.text_embedding);
    else if (part === 'vision' || part === 'language') take(n, o.train[part] && !adapted.has(part));
    else if (part === 'lm_head')
      take(n, o.train.language && !adapted.has('language')); // hf.py: the head trains with the language model
    else take(n, true); // the projector: always trained
    const linear = linearModule(t);
    if (linear !== undefined && adapted.has(part) && (wanted.length === 0 || wanted.includes(linear))) {
      const [out, inp] = t.shape;
      const a = o.lora.r * inp;
      const b = out * o.lora.r;
      take(a, true);
      take(b, true);
      c.lora += a + b;
    }
  }
  const extra = Math.max(1, o.extraTokens) * hidden;
  take(extra, true);
  return { ...c, parts, extra, hidden };
}
