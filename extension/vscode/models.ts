/**
 * The local models the editor offers (completions, the composer's backbone choices): the
 * `vlaLab.modelsPath` folder and the Hugging Face cache, scanned by core/models/local.ts. A scan
 * reads directories and safetensors headers, so it is kept for a few seconds: completions and the
 * composer ask on every keystroke.
 */
import { scanLocalModels, type LocalModel } from '../core/models/local';
import { modelsDirectory } from './settings';

const KEEP_MS = 10_000;
let cached: { key: string; at: number; models: LocalModel[] } | undefined;

export function localModels(): LocalModel[] {
  const modelsPath = modelsDirectory();
  const key = `${modelsPath ?? ''}\u0000${process.env.HF_HUB_CACHE ?? ''}\u0000${process.env.HF_HOME ?? ''}`;
  if (cached && cached.key === key && Date.now() - cached.at < KEEP_MS) return cached.models;
  cached = { key, at: Date.now(), models: scanLocalModels({ modelsPath }) };
  return cached.models;
}
