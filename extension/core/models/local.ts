/**
 * Vision-language models on this machine, for `backbone.path` / `hf:` completions, the composer and
 * the cost estimate: a models folder (the `vlaLab.modelsPath` setting) and the Hugging Face cache
 * (HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub; models--org--name/snapshots/<rev>/).
 *
 * A model directory is one with config.json and safetensors weights (model.safetensors or an index
 * of shards). Each found model says its architecture (config.json's model_type), its parameter count
 * (from the safetensors headers, exact) and the formulations the built-in trainer's hf: backbone
 * supports for it. Nothing is downloaded and no weights are read, only headers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import catalog from '../../../schemas/builtin-models.json';
import { modelTensors, numel, SafetensorsError, type TensorInfo } from './safetensors';

/** model_type values the hf: backbone loads (every one decoder-only: all formulations). */
const HF_MODEL_TYPES: readonly string[] = catalog.hf_model_types.types;
const DECODER_FORMULATIONS = ['one-step', 'interleaved', 'policy-head'];

export interface LocalModel {
  /** The model directory (a snapshot directory for the Hugging Face cache). */
  dir: string;
  /** models folder: the path below it; cache: the hub id (org/name). */
  name: string;
  source: 'models-path' | 'hf-cache';
  /** config.json's model_type (e.g. llava, qwen2_vl). */
  modelType: string;
  /** config.json's architectures[0] (e.g. LlavaForConditionalGeneration), when given. */
  architecture?: string;
  /** Exact parameter count of the saved weights. */
  params: number;
  /** Formulations the built-in trainer's hf: backbone trains with this model ([]: it cannot load it). */
  formulations: string[];
}

export interface ModelDirectory {
  dir: string;
  config: Record<string, unknown>;
  modelType: string;
  tensors: TensorInfo[];
}

/** config.json and the weight headers of a model directory; undefined when it is not one (or unreadable). */
export function readModelDirectory(dir: string): ModelDirectory | undefined {
  let config: unknown;
  try {
    config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return undefined;
  const modelType = (config as { model_type?: unknown }).model_type;
  if (typeof modelType !== 'string') return undefined;
  let tensors: TensorInfo[];
  try {
    tensors = modelTensors(dir);
  } catch (e) {
    if (e instanceof SafetensorsError || (e as NodeJS.ErrnoException).code) return undefined;
    throw e;
  }
  if (tensors.length === 0) return undefined;
  return { dir, config: config as Record<string, unknown>, modelType, tensors };
}

function describe(dir: string, name: string, source: LocalModel['source']): LocalModel | undefined {
  const m = readModelDirectory(dir);
  if (!m) return undefined;
  const arch = (m.config as { architectures?: unknown }).architectures;
  return {
    dir,
    name,
    source,
    modelType: m.modelType,
    ...(Array.isArray(arch) && typeof arch[0] === 'string' ? { architecture: arch[0] } : {}),
    params: m.tensors.reduce((s, t) => s + numel(t.shape), 0),
    formulations: HF_MODEL_TYPES.includes(m.modelType) ? DECODER_FORMULATIONS : [],
  };
}

function subdirectories(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() || (e.isSymbolicLink() && isDirectory(path.join(dir, e.name))))
      .map((e) => e.name)
      .filter((n) => !n.startsWith('.'))
      .sort();
  } catch {
    return [];
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The user's home for a path setting: a leading ~ is expanded. */
export function expandHome(p: string, home = os.homedir()): string {
  return p === '~' || p.startsWith('~/') || p.startsWith('~\\') ? path.join(home, p.slice(2)) : p;
}

/** Models in a models folder: the folder itself, its subdirectories and theirs (org/name layouts). */
function scanModelsPath(root: string): LocalModel[] {
  const out: LocalModel[] = [];
  const visit = (dir: string, rel: string, depth: number): void => {
    const m = describe(dir, rel || path.basename(dir), 'models-path');
    if (m) {
      out.push(m);
      return; // a model directory's subfolders are its own (processor, onnx, …), not models
    }
    if (depth < 2) for (const d of subdirectories(dir)) visit(path.join(dir, d), rel ? `${rel}/${d}` : d, depth + 1);
  };
  if (isDirectory(root)) visit(root, '', 0);
  return out;
}

/** The Hugging Face hub cache directory, as huggingface_hub finds it. */
export function hubCacheDir(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  if (env.HF_HUB_CACHE) return expandHome(env.HF_HUB_CACHE, home);
  if (env.HF_HOME) return path.join(expandHome(env.HF_HOME, home), 'hub');
  return path.join(home, '.cache', 'huggingface', 'hub');
}

/** A cached model's snapshot: the revision refs/main points at, else the most recently written one. */
function snapshotOf(repoDir: string): string | undefined {
  const snapshots = path.join(repoDir, 'snapshots');
  try {
    const main = fs.readFileSync(path.join(repoDir, 'refs', 'main'), 'utf8').trim();
    if (/^[0-9a-f]{6,64}$/i.test(main) && isDirectory(path.join(snapshots, main))) return path.join(snapshots, main);
  } catch {
    /* no refs/main: fall back to the newest snapshot */
  }
  const revs = subdirectories(snapshots).map((r) => path.join(snapshots, r));
  return revs.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

/** The local snapshot directory of a hub id (org/name) in the cache, or undefined when it is not cached. */
export function cachedModelDir(repoId: string, cacheDir = hubCacheDir()): string | undefined {
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(repoId) || repoId.includes('..')) return undefined;
  return snapshotOf(path.join(cacheDir, `models--${repoId.replace('/', '--')}`));
}

/** Cached models (config.json + safetensors in their snapshot), named by hub id. */
function scanHubCache(cacheDir = hubCacheDir()): LocalModel[] {
  const out: LocalModel[] = [];
  for (const d of subdirectories(cacheDir)) {
    if (!d.startsWith('models--')) continue;
    const snapshot = snapshotOf(path.join(cacheDir, d));
    const m = snapshot && describe(snapshot, d.slice('models--'.length).replace('--', '/'), 'hf-cache');
    if (m) out.push(m);
  }
  return out;
}

/** Every local model: the models folder's first, then the cache's. */
export function scanLocalModels(opts: { modelsPath?: string; env?: NodeJS.ProcessEnv; home?: string } = {}): LocalModel[] {
  const home = opts.home ?? os.homedir();
  const fromFolder = opts.modelsPath ? scanModelsPath(expandHome(opts.modelsPath, home)) : [];
  return [...fromFolder, ...scanHubCache(hubCacheDir(opts.env ?? process.env, home))];
}

const FORMAT = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 3 });

/** "llava · 7.06B parameters · one-step, interleaved, policy-head" (or why the built-in trainer cannot load it). */
export function describeLocalModel(m: LocalModel): string {
  const trains = m.formulations.length ? m.formulations.join(', ') : 'not a model type the built-in trainer loads';
  return `${m.modelType} · ${FORMAT.format(m.params)} parameters · ${trains}${m.source === 'hf-cache' ? ' · Hugging Face cache' : ''}`;
}

/**
 * How a spec names a model directory: ~/… under the home folder, else absolute — never relative, as
 * the trainer reads backbone.path from its run folder, not the spec's.
 */
export function modelPathValue(dir: string, home = os.homedir()): string {
  const fromHome = path.relative(home, dir);
  if (fromHome && !fromHome.startsWith('..') && !path.isAbsolute(fromHome)) return `~/${fromHome.split(path.sep).join('/')}`;
  return dir;
}
