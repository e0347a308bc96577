/**
 * A run's checkpoints on disk (what `vla-lab show` reports as disk use), the pins that keep them,
 * and picking one by a --checkpoint value: a path, a name in checkpoints/, `latest`, `final` or
 * `best:<metric>[:min|max]` ranked by checkpoints/index.json. Which checkpoints a run keeps and the
 * metrics in index.json are the trainer's (python/vlalab/trainer/retention.py writes them; its
 * `pick` reads the same index with the same rules — schemas/run-layout.json names the files, the
 * selectors and which metrics are better higher, and test/unit/checkpoint-select.test.ts keeps the
 * two picks equal).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import layout from '../../../schemas/run-layout.json';
import { UserError } from '../errors';
import { checkpointStep, FINAL_CHECKPOINT_MARKER, RUN_FILES } from '../runner/paths';

/** checkpoints/<name>.pin: a user's pin (retention.py's PIN). */
const PIN_SUFFIX: string = layout.checkpoint.pinSuffix;
/** checkpoints/index.json: each checkpoint's step and the run's latest scalars when it was written. */
const CHECKPOINT_INDEX: string = layout.checkpoint.index;
export const SELECTORS: Readonly<typeof layout.checkpoint.selectors> = layout.checkpoint.selectors;
const HIGHER_IS_BETTER = new RegExp(layout.checkpoint.higherIsBetter, 'i');

export interface CheckpointFile {
  name: string;
  step: number;
  bytes: number;
  pinned: boolean;
}

export interface CheckpointDiskUse {
  files: CheckpointFile[];
  count: number;
  bytes: number;
}

export function checkpointDiskUse(runDir: string): CheckpointDiskUse {
  const dir = path.join(runDir, RUN_FILES.checkpoints);
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    /* no checkpoints yet */
  }
  const present = new Set(names);
  const files: CheckpointFile[] = [];
  for (const name of names) {
    const step = checkpointStep(name);
    if (step === undefined) continue;
    try {
      const st = fs.lstatSync(path.join(dir, name));
      if (st.isFile()) files.push({ name, step, bytes: st.size, pinned: present.has(name + PIN_SUFFIX) });
    } catch {
      /* deleted meanwhile */
    }
  }
  files.push(...roboVLMsCheckpointFiles(runDir));
  files.sort((a, b) => a.step - b.step);
  return { files, count: files.length, bytes: files.reduce((n, f) => n + f.bytes, 0) };
}

function treeBytes(p: string): number {
  const st = fs.lstatSync(p);
  if (!st.isDirectory()) return st.isFile() ? st.size : 0;
  return fs.readdirSync(p).reduce((n, e) => n + treeBytes(path.join(p, e)), 0);
}

/**
 * RoboVLMs' own checkpoints (backend robovlms): Lightning's `epoch=E-step=S.ckpt` under
 * robovlms/checkpoints/…/<exp_name>/, a file, or a directory under DeepSpeed (its size summed).
 * RoboVLMs keeps every one (save_top_k=-1); nothing pins or prunes them.
 */
function roboVLMsCheckpointFiles(runDir: string): CheckpointFile[] {
  const out: CheckpointFile[] = [];
  const visit = (d: string, depth: number) => {
    let entries: fs.Dirent[] = [];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      const m = /step=(\d+)/.exec(e.name);
      if (e.name.endsWith('.ckpt') && m) {
        try {
          out.push({ name: e.name, step: Number(m[1]), bytes: treeBytes(p), pinned: false });
        } catch {
          /* deleted meanwhile */
        }
      } else if (e.isDirectory() && depth < 6) visit(p, depth + 1);
    }
  };
  visit(path.join(runDir, RUN_FILES.robovlmsCheckpoints), 0);
  return out;
}

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

// ───────────────────────── picking a checkpoint (--checkpoint) ─────────────────────────

/** {name: {step, metrics: {metric: [logged step, value]}}}: retention.py's record(). */
export type CheckpointIndex = Record<string, { step: number; metrics: Record<string, [number, number]> }>;

function readCheckpointIndex(runDir: string): CheckpointIndex {
  try {
    const data = JSON.parse(fs.readFileSync(path.join(runDir, RUN_FILES.checkpoints, CHECKPOINT_INDEX), 'utf8')) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as CheckpointIndex) : {};
  } catch {
    return {};
  }
}

function metricValue(entry: CheckpointIndex[string] | undefined, metric: string): number | undefined {
  const v = entry && typeof entry === 'object' && entry.metrics && typeof entry.metrics === 'object' ? entry.metrics[metric] : undefined;
  return Array.isArray(v) && v.length === 2 && typeof v[1] === 'number' && Number.isFinite(v[1]) ? v[1] : undefined;
}

/** The run's built-in checkpoints on disk (checkpoints/step-*.pt), by step. */
export function stepCheckpoints(runDir: string): { step: number; path: string }[] {
  const dir = path.join(runDir, RUN_FILES.checkpoints);
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    /* none yet */
  }
  return names
    .flatMap((n) => {
      const step = checkpointStep(n);
      return step === undefined ? [] : [{ step, path: path.join(dir, n) }];
    })
    .sort((a, b) => a.step - b.step);
}

/** The final checkpoint: the one final.txt names when it is on disk, else the latest (checkpoint.py's final()). */
function finalCheckpoint(runDir: string): string | undefined {
  const dir = path.join(runDir, RUN_FILES.checkpoints);
  try {
    const name = path.basename(fs.readFileSync(path.join(dir, FINAL_CHECKPOINT_MARKER), 'utf8').trim());
    const p = path.join(dir, name);
    if (name && checkpointStep(name) !== undefined && fs.statSync(p).isFile()) return p;
  } catch {
    /* no marker: the latest */
  }
  return stepCheckpoints(runDir).at(-1)?.path;
}

/** min or max for `best:<metric>` without a mode: the spec's train.best_mode for its best_metric, else by name (losses lower). */
export function defaultMode(metric: string, spec?: { train?: { best_metric?: unknown; best_mode?: unknown } } | null): 'min' | 'max' {
  const tr = spec?.train;
  if (tr && metric === tr.best_metric && (tr.best_mode === 'min' || tr.best_mode === 'max')) return tr.best_mode;
  return HIGHER_IS_BETTER.test(metric) ? 'max' : 'min';
}

/** [value, step, path] of the checkpoints on disk that recorded `metric`, best first (ties: the later one). */
function rankedCheckpoints(runDir: string, metric: string, mode: 'min' | 'max'): { value: number; step: number; path: string }[] {
  const index = readCheckpointIndex(runDir);
  const rows = stepCheckpoints(runDir).flatMap((c) => {
    const value = metricValue(index[path.basename(c.path)], metric);
    return value === undefined ? [] : [{ value, ...c }];
  });
  return rows.sort((a, b) => (mode === 'min' ? a.value - b.value : b.value - a.value) || b.step - a.step);
}

/** Every metric some checkpoint recorded in index.json, sorted. */
function recordedMetrics(runDir: string): string[] {
  const names = new Set<string>();
  for (const e of Object.values(readCheckpointIndex(runDir)))
    if (e && typeof e === 'object' && e.metrics && typeof e.metrics === 'object') for (const k of Object.keys(e.metrics)) names.add(k);
  return [...names].sort();
}

/** True for `latest`, `final` and `best:…`: references resolved against the run, not file names. */
export function isCheckpointSelector(ref: string): boolean {
  return ref === SELECTORS.latest || ref === SELECTORS.final || ref.startsWith(SELECTORS.bestPrefix);
}

function readSpec(runDir: string): Record<string, any> | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(runDir, RUN_FILES.spec), 'utf8')) as Record<string, any>;
  } catch {
    return null;
  }
}

/**
 * The checkpoint file a --checkpoint value names: `latest`, `final` (default), `best:<metric>[:min|max]`
 * (by checkpoints/index.json, among the checkpoints on disk), a name in checkpoints/, or a path
 * (relative to `cwd`). A reference that names nothing is one UserError saying what exists.
 */
export function resolveCheckpoint(
  runDir: string,
  ref: string | undefined,
  opts: { cwd?: string; spec?: Record<string, any> | null } = {},
): string {
  let p: string | undefined;
  if (!ref || ref === SELECTORS.final) p = finalCheckpoint(runDir);
  else if (ref === SELECTORS.latest) p = stepCheckpoints(runDir).at(-1)?.path;
  else if (ref.startsWith(SELECTORS.bestPrefix)) {
    const rest = ref.slice(SELECTORS.bestPrefix.length);
    const colon = rest.indexOf(':');
    const metric = colon < 0 ? rest : rest.slice(0, colon);
    const given = colon < 0 ? '' : rest.slice(colon + 1);
    if (!metric) throw new UserError(`${ref}: name a metric after ${SELECTORS.bestPrefix} (e.g. ${SELECTORS.bestPrefix}val/loss)`);
    if (given && given !== 'min' && given !== 'max')
      throw new UserError(`${ref}: the mode after the metric must be min or max (${SELECTORS.bestPrefix}${metric}:min)`);
    const mode = (given || defaultMode(metric, opts.spec === undefined ? readSpec(runDir) : opts.spec)) as 'min' | 'max';
    const rows = rankedCheckpoints(runDir, metric, mode);
    if (!rows.length) {
      const known = recordedMetrics(runDir);
      throw new UserError(
        `no checkpoint of ${runDir} has a value of ${JSON.stringify(metric)}${known.length ? `; metrics recorded: ${known.join(', ')}` : ` (${RUN_FILES.checkpoints}/${CHECKPOINT_INDEX} is missing: runs before checkpoint metrics were recorded)`}`,
      );
    }
    p = rows[0].path;
  } else {
    const cands = [path.resolve(opts.cwd ?? process.cwd(), ref), path.join(runDir, RUN_FILES.checkpoints, ref), path.join(runDir, ref)];
    p = cands.find((c) => {
      try {
        return fs.statSync(c).isFile();
      } catch {
        return false;
      }
    });
  }
  let isFile = false;
  try {
    isFile = Boolean(p) && fs.statSync(p!).isFile();
  } catch {
    /* gone */
  }
  if (!p || !isFile) {
    const names = stepCheckpoints(runDir).map((c) => path.basename(c.path));
    throw new UserError(
      `no checkpoint ${JSON.stringify(ref ?? SELECTORS.final)} in ${runDir}${names.length ? `; there are: ${names.join(', ')} (or ${SELECTORS.bestPrefix}<metric>, ${SELECTORS.latest}, ${SELECTORS.final})` : ' (it has none yet)'}`,
    );
  }
  return p;
}

/** What a checkpoint picker offers for a run: the selectors, best by each recorded metric, then every file. */
export interface CheckpointChoice {
  /** The --checkpoint value. */
  ref: string;
  label: string;
  /** The file it resolves to now. */
  path: string;
  description: string;
}

export function checkpointChoices(runDir: string): CheckpointChoice[] {
  const spec = readSpec(runDir);
  const out: CheckpointChoice[] = [];
  const files = stepCheckpoints(runDir);
  if (!files.length) return out;
  const fin = finalCheckpoint(runDir)!;
  out.push({ ref: SELECTORS.final, label: SELECTORS.final, path: fin, description: path.basename(fin) });
  out.push({ ref: SELECTORS.latest, label: SELECTORS.latest, path: files.at(-1)!.path, description: path.basename(files.at(-1)!.path) });
  for (const metric of recordedMetrics(runDir)) {
    // Offered: held-out metrics (validation, evaluation) and the spec's own best_metric. In-sample
    // training scalars (train/lr, train/grad_norm …) are no way to choose a checkpoint; they can
    // still be typed as best:<metric>.
    if (metric.startsWith('train/') && metric !== spec?.train?.best_metric) continue;
    const mode = defaultMode(metric, spec);
    const best = rankedCheckpoints(runDir, metric, mode)[0];
    if (best)
      out.push({
        ref: `${SELECTORS.bestPrefix}${metric}`,
        label: `${SELECTORS.bestPrefix}${metric}`,
        path: best.path,
        description: `${path.basename(best.path)} (${metric} ${mode === 'min' ? 'lowest' : 'highest'}: ${Number(best.value.toPrecision(4))})`,
      });
  }
  for (const f of [...files].reverse())
    out.push({ ref: path.basename(f.path), label: path.basename(f.path), path: f.path, description: `step ${f.step}` });
  return out;
}
