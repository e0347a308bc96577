/**
 * What the spec rules and the cost estimate need to know about each backbone id: where it can
 * run, its architecture (decoder-only vs cross-attention), and rough sizes. Parameter counts of
 * RoboVLMs backbones are the published model sizes; built-in presets are the schema's targets.
 */
export type Architecture = 'decoder' | 'xattn';

export interface BackboneFacts {
  id: string;
  /** builtin: VLA Lab's own tiny backbones; robovlms: needs the RoboVLMs backend (or an hf: path). */
  family: 'builtin' | 'robovlms' | 'hf';
  architecture: Architecture;
  /** Parameters (for built-ins: per size preset, see BUILTIN_PRESETS). */
  params: number;
  /** Width of the latent the policy head reads. */
  hidden: number;
  layers: number;
  /** Vision tokens one camera image becomes inside the language model (built-ins: from image/patch size). */
  tokensPerImage: number;
}

export const BUILTIN_PRESETS: Record<string, { params: number; hidden: number; layers: number }> = {
  nano: { params: 1.5e6, hidden: 128, layers: 4 },
  micro: { params: 6e6, hidden: 256, layers: 6 },
  small: { params: 25e6, hidden: 512, layers: 8 },
  base: { params: 85e6, hidden: 768, layers: 12 },
  large: { params: 300e6, hidden: 1024, layers: 24 },
};

const TABLE: BackboneFacts[] = [
  { id: 'tiny-prefix', family: 'builtin', architecture: 'decoder', params: 0, hidden: 0, layers: 0, tokensPerImage: 0 },
  { id: 'tiny-xattn', family: 'builtin', architecture: 'xattn', params: 0, hidden: 0, layers: 0, tokensPerImage: 0 },
  { id: 'kosmos-2', family: 'robovlms', architecture: 'decoder', params: 1.66e9, hidden: 2048, layers: 24, tokensPerImage: 64 },
  { id: 'paligemma-3b', family: 'robovlms', architecture: 'decoder', params: 2.9e9, hidden: 2048, layers: 18, tokensPerImage: 256 },
  { id: 'llava-7b', family: 'robovlms', architecture: 'decoder', params: 7e9, hidden: 4096, layers: 32, tokensPerImage: 256 },
  { id: 'qwen-vl-7b', family: 'robovlms', architecture: 'decoder', params: 9.6e9, hidden: 4096, layers: 32, tokensPerImage: 256 },
  { id: 'flamingo-3b', family: 'robovlms', architecture: 'xattn', params: 3.2e9, hidden: 2048, layers: 24, tokensPerImage: 64 },
  { id: 'moondream2', family: 'robovlms', architecture: 'decoder', params: 1.9e9, hidden: 2048, layers: 24, tokensPerImage: 729 },
  { id: 'uform-gen', family: 'robovlms', architecture: 'decoder', params: 1.5e9, hidden: 1024, layers: 24, tokensPerImage: 256 },
];

export const BUILTIN_BACKBONES = TABLE.filter((b) => b.family === 'builtin').map((b) => b.id);
export const ROBOVLMS_BACKBONES = TABLE.filter((b) => b.family === 'robovlms').map((b) => b.id);
export const CROSS_ATTENTION_BACKBONES = TABLE.filter((b) => b.architecture === 'xattn').map((b) => b.id);

/** Facts for a backbone id; `hf:` ids are decoder-only of unknown size (a 2B-class VLM assumed). */
export function backboneFacts(id: unknown, size: unknown = 'nano', imageTokens = 16): BackboneFacts | undefined {
  if (typeof id !== 'string') return undefined;
  if (id.startsWith('hf:')) return { id, family: 'hf', architecture: 'decoder', params: 2e9, hidden: 2048, layers: 24, tokensPerImage: 256 };
  const row = TABLE.find((b) => b.id === id);
  if (!row) return undefined;
  if (row.family !== 'builtin') return row;
  const preset = BUILTIN_PRESETS[String(size)] ?? BUILTIN_PRESETS.nano;
  return { ...row, ...preset, tokensPerImage: imageTokens };
}

/** An `hf:` id that names a local directory rather than a hub model id. */
export function hfLocalPath(id: string): string | undefined {
  const rest = id.slice(3);
  return /^(\.{1,2}[\\/]|[\\/]|~[\\/]|[A-Za-z]:[\\/])/.test(rest) ? rest : undefined;
}
