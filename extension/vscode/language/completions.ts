/**
 * Completions the JSON schema cannot know, computed from the disk (plain Node, no `vscode`):
 * - directories for `backbone.path` and `data.stages[].datasets[].path` (relative to the spec);
 * - CALVIN-style `*.json` chain files for `eval[].sequences`;
 * - checkpoint files of runs (`runs/<experiment>/<run>/…/*.pt|*.ckpt|*.pth|*.safetensors`) for
 *   RoboVLMs keys that load one (`robovlms.overrides.model_load_path`, `…resume`);
 * - local vision-language models (the `vlaLab.modelsPath` folder and the Hugging Face cache:
 *   core/models/local.ts) for `backbone.path` and `backbone.id: "hf:…"`.
 * The cursor must be inside a string value; the typed prefix picks the folder to list.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { getLocation, type Location } from 'jsonc-parser';
import { describeLocalModel, modelPathValue, type LocalModel } from '../../core/models/local';

/** backbone-path: a directory, and local models are offered too; hf-id: only local models (`hf:…`). */
export type PathKind = 'directory' | 'backbone-path' | 'sequences' | 'checkpoint' | 'hf-id';

export interface PathContext {
  kind: PathKind;
  /** What is typed between the opening quote and the cursor. */
  typed: string;
  /** Offsets of the string's content (to replace). */
  start: number;
  end: number;
}

function matches(path: Location['path'], pattern: (string | '*')[]): boolean {
  return path.length === pattern.length && pattern.every((p, i) => p === '*' || p === path[i]);
}

export function pathContext(text: string, offset: number): PathContext | undefined {
  const loc = getLocation(text, offset);
  if (loc.isAtPropertyKey || !loc.previousNode || loc.previousNode.type !== 'string') return undefined;
  const p = loc.path;
  let kind: PathKind | undefined;
  if (matches(p, ['backbone', 'path'])) kind = 'backbone-path';
  else if (matches(p, ['data', 'stages', '*', 'datasets', '*', 'path'])) kind = 'directory';
  else if (matches(p, ['eval', '*', 'sequences'])) kind = 'sequences';
  else if (matches(p, ['robovlms', 'overrides', 'model_load_path']) || matches(p, ['robovlms', 'overrides', 'resume'])) kind = 'checkpoint';
  else if (matches(p, ['backbone', 'id'])) kind = 'hf-id';
  if (!kind) return undefined;
  const node = loc.previousNode;
  const start = node.offset + 1;
  const end = node.offset + node.length - 1;
  if (offset < start || offset > Math.max(start, end)) return undefined;
  return { kind, typed: text.slice(start, offset), start, end: Math.max(start, end) };
}

export interface PathCandidate {
  /** The full value to insert (relative to the spec's folder unless typed absolute). */
  value: string;
  isDirectory: boolean;
  detail?: string;
}

const CHECKPOINT = /\.(pt|pth|ckpt|safetensors|bin)$/i;
const MAX_ENTRIES = 200;

function readDir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).slice(0, 5000);
  } catch {
    return [];
  }
}

/** Entries of the folder the typed prefix points into (`data/cal` lists `data/` filtered by `cal`). */
export function pathCandidates(ctx: PathContext, baseDir: string, runsDir?: string): PathCandidate[] {
  if (ctx.kind === 'hf-id') return [];
  const slash = ctx.typed.lastIndexOf('/');
  const folderPart = slash >= 0 ? ctx.typed.slice(0, slash + 1) : '';
  const namePart = slash >= 0 ? ctx.typed.slice(slash + 1) : ctx.typed;
  const folder = resolve(baseDir, folderPart || '.');
  const out: PathCandidate[] = [];
  for (const d of readDir(folder)) {
    if (d.name.startsWith('.') && !namePart.startsWith('.')) continue;
    if (!d.name.startsWith(namePart)) continue;
    if (d.name === 'node_modules') continue;
    const isDir = d.isDirectory() || (d.isSymbolicLink() && readDir(join(folder, d.name)).length > 0);
    const wanted = isDir || (ctx.kind === 'sequences' && /\.json$/i.test(d.name)) || (ctx.kind === 'checkpoint' && CHECKPOINT.test(d.name));
    if (!wanted) continue;
    out.push({ value: `${folderPart}${d.name}${isDir ? '/' : ''}`, isDirectory: isDir });
    if (out.length >= MAX_ENTRIES) break;
  }
  if (ctx.kind === 'checkpoint' && runsDir && ctx.typed === '') out.push(...runCheckpoints(runsDir, baseDir));
  return out.sort((a, b) => Number(b.isDirectory) - Number(a.isDirectory) || a.value.localeCompare(b.value));
}

/**
 * Local models for `backbone.path` (their directories) and `backbone.id` (`hf:` + the hub id of a
 * cached model, which the trainer finds in the cache, or + the directory of a models-folder one),
 * filtered by what is typed.
 */
export function modelCandidates(ctx: PathContext, models: readonly LocalModel[], home = homedir()): PathCandidate[] {
  const out: PathCandidate[] = [];
  for (const m of models) {
    const value =
      ctx.kind === 'hf-id' ? `hf:${m.source === 'hf-cache' ? m.name : modelPathValue(m.dir, home)}` : modelPathValue(m.dir, home);
    if (!value.startsWith(ctx.typed)) continue;
    out.push({ value, isDirectory: false, detail: describeLocalModel(m) });
  }
  return out;
}

/** Checkpoint files of every run (a bounded walk: runs/<exp>/<run>/ down to 3 levels). */
function runCheckpoints(runsDir: string, baseDir: string, limit = 100): PathCandidate[] {
  const out: PathCandidate[] = [];
  const walk = (dir: string, depth: number, run: string) => {
    for (const d of readDir(dir)) {
      if (out.length >= limit) return;
      const p = join(dir, d.name);
      if (d.isDirectory() && depth > 0) walk(p, depth - 1, run);
      else if (d.isFile() && CHECKPOINT.test(d.name)) {
        const rel = relative(baseDir, p).split(sep).join('/');
        out.push({ value: rel, isDirectory: false, detail: `checkpoint of run ${run}` });
      }
    }
  };
  for (const exp of readDir(runsDir)) {
    if (!exp.isDirectory() || exp.name.startsWith('_')) continue;
    for (const run of readDir(join(runsDir, exp.name))) {
      if (run.isDirectory()) walk(join(runsDir, exp.name, run.name), 3, `${exp.name}/${run.name}`);
    }
  }
  return out;
}
