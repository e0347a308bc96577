/**
 * What the spec rules and the cost estimate need to know about each backbone id: where it can
 * run, its architecture (decoder-only vs cross-attention) and its size. Every fact comes from
 * schemas/builtin-models.json, which the Python trainer reads too (python/vlalab/catalog.py):
 * built-in presets are the widths and depths the trainer builds; RoboVLMs backbones carry their
 * published sizes.
 */
import catalog from '../../../schemas/builtin-models.json';

export type Architecture = 'decoder' | 'xattn';
export type BackboneFamily = 'builtin' | 'robovlms' | 'hf';

/** A built-in size preset: width, transformer blocks of the vision encoder and the LM, attention heads. */
export interface SizePreset {
  width: number;
  vision_layers: number;
  language_layers: number;
  heads: number;
}

export interface BackboneFacts {
  id: string;
  /** builtin: VLA Lab's own tiny backbones; robovlms: needs the RoboVLMs backend; hf: any Hugging Face VLM. */
  family: BackboneFamily;
  architecture: Architecture;
  /** Width of the latent the policy head reads. */
  hidden: number;
  /** Transformer blocks the sequence passes through (built-ins: vision + language). */
  layers: number;
  /** Vision tokens one camera image becomes inside the language model (built-ins: from image/patch size). */
  tokensPerImage: number;
  /** Published parameter count (robovlms; hf: an assumption). Built-ins are counted exactly by cost.ts. */
  params?: number;
  /** Built-ins: the size preset. */
  preset?: SizePreset;
  /** Built-ins: length of the LM's learned position table. */
  positions?: number;
  /** tiny-xattn: latents of the perceiver resampler. */
  resamplerLatents?: number;
}

interface CatalogBackbone {
  family: 'builtin' | 'robovlms';
  architecture: Architecture;
  params?: number;
  hidden?: number;
  layers?: number;
  tokens_per_image?: number;
  positions?: number;
  resampler_latents?: number;
}

/** Entries of a catalogue table without its `$comment`. */
function entries<T>(table: Record<string, unknown>): [string, T][] {
  return Object.entries(table).filter(([k]) => !k.startsWith('$')) as [string, T][];
}

const BACKBONES = new Map(entries<CatalogBackbone>(catalog.backbones));

const SIZE_PRESETS: Readonly<Record<string, SizePreset>> = Object.fromEntries(entries<SizePreset>(catalog.sizes));
export const SIZE_NAMES = Object.keys(SIZE_PRESETS);
/** Hidden width of a transformer block's MLP, as a multiple of the model width. */
export const MLP_RATIO: number = catalog.mlp_ratio;
export const HEAD_TYPES = entries<unknown>(catalog.heads).map(([k]) => k);
/** Length of the GPT head's learned position table. */
export const GPT_HEAD_POSITIONS: number = catalog.heads.gpt.positions;
/** Length of the flow and OFT heads' learned position table over the history of latents. */
export const FLOW_HEAD_POSITIONS: number = catalog.heads.flow.positions;
export const DIFFUSION_HEAD_POSITIONS: number = catalog.heads.diffusion.positions;
/** The diffusion head's DDPM training timesteps: the most DDIM sampling steps it can take. */
export const DIFFUSION_TRAIN_STEPS: number = catalog.heads.diffusion.train_timesteps;
export const OFT_HEAD_POSITIONS: number = catalog.heads.oft.positions;
/** Heads that sample actions (flow matching, diffusion): `sample_steps` and rtc execution need one. */
export const GENERATIVE_HEADS: readonly string[] = entries<{ generative?: boolean }>(catalog.heads)
  .filter(([, v]) => v.generative)
  .map(([k]) => k);
/** The word tokenizer's vocabulary on Playtable's instructions for all tasks (the estimate's assumption). */
export const PLAYTABLE_VOCABULARY: number = catalog.word_vocabulary.playtable_all_tasks;

export const ALL_BACKBONES = [...BACKBONES.keys()];
export const BUILTIN_BACKBONES = ALL_BACKBONES.filter((id) => BACKBONES.get(id)!.family === 'builtin');
export const CROSS_ATTENTION_BACKBONES = ALL_BACKBONES.filter((id) => BACKBONES.get(id)!.architecture === 'xattn');

/**
 * Facts for a backbone id (undefined for an unknown id); `hf:` ids are decoder-only of unknown size
 * (the catalogue's `hf_assumed`). `size` picks a built-in's preset (unknown sizes: undefined).
 */
export function backboneFacts(id: unknown, size: unknown = 'nano', imageTokens = 16): BackboneFacts | undefined {
  if (typeof id !== 'string') return undefined;
  if (id.startsWith('hf:')) {
    const a = catalog.hf_assumed;
    return {
      id,
      family: 'hf',
      architecture: a.architecture as Architecture,
      params: a.params,
      hidden: a.hidden,
      layers: a.layers,
      tokensPerImage: a.tokens_per_image,
    };
  }
  const row = BACKBONES.get(id);
  if (!row) return undefined;
  if (row.family !== 'builtin') {
    return {
      id,
      family: row.family,
      architecture: row.architecture,
      params: row.params,
      hidden: row.hidden!,
      layers: row.layers!,
      tokensPerImage: row.tokens_per_image!,
    };
  }
  const preset = typeof size === 'string' && Object.prototype.hasOwnProperty.call(SIZE_PRESETS, size) ? SIZE_PRESETS[size] : undefined;
  if (!preset) return undefined;
  return {
    id,
    family: 'builtin',
    architecture: row.architecture,
    hidden: preset.width,
    layers: preset.vision_layers + preset.language_layers,
    tokensPerImage: imageTokens,
    preset,
    positions: row.positions,
    resamplerLatents: row.resampler_latents,
  };
}

/** An `hf:` id that names a local directory rather than a hub model id. */
export function hfLocalPath(id: string): string | undefined {
  const rest = id.slice(3);
  return /^(\.{1,2}[\\/]|[\\/]|~[\\/]|[A-Za-z]:[\\/])/.test(rest) ? rest : undefined;
}
