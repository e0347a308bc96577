/**
 * Datasets for the viewer and `vla-lab data`: Python reads them (`python -m vlalab dataset
 * summary|episode`, python/vlalab/dataview.py — parquet, mp4 and npz stay on that side), started
 * as an argv array (never a shell) with the interpreter the runner resolves, and prints JSON that
 * is checked against the panel contract's shapes before use: the caller passes the contract's check
 * (checkSummary / checkEpisode of extension/shared/messages/dataset.ts; the core imports its types only).
 * Bad input is one UserError line: the reader's own `vlalab: …` refusal, or what went wrong.
 */
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import { delimiter, join } from 'node:path';
import { UserError } from '../errors';
import { extensionRoot } from '../runner/paths';
import { conventionView, fmt } from './format';
import type { ChannelSummary, DatasetEpisodeData, DatasetOverlay, DatasetSummary } from '../../shared/messages/dataset';

export interface DatasetReadOptions {
  /** The Python interpreter (findInterpreter's choice). */
  python: string;
  /** Where summaries and episode frames are cached (the editor: its global storage). */
  cacheDir: string;
  /** A split of a CALVIN-layout dataset (default: training). */
  split?: string;
  /** VLA Lab's checkout or installed extension (its python/ holds vlalab); default: this code's root. */
  extRoot?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** Why the reader's JSON does not have the contract's shape, or undefined when it does. */
export type JsonCheck = (raw: unknown) => string | undefined;

/** Where the CLI caches (the editor passes its own storage folder). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(os.homedir(), '.cache'), 'vla-lab', 'datasets');
}

/** The reader's argv after the interpreter. */
export function datasetArgs(
  kind: 'summary',
  path: string,
  opts: { cacheDir: string; split?: string; bins?: number; listOnly?: boolean },
): string[];
export function datasetArgs(kind: 'episode', path: string, opts: { cacheDir: string; split?: string; index: number }): string[];
export function datasetArgs(
  kind: 'overlay',
  path: string,
  opts: { cacheDir: string; split?: string; of: 'actions' | 'state'; dim: number; episodes: number },
): string[];
export function datasetArgs(
  kind: 'summary' | 'episode' | 'overlay',
  path: string,
  opts: {
    cacheDir: string;
    split?: string;
    bins?: number;
    listOnly?: boolean;
    index?: number;
    of?: string;
    dim?: number;
    episodes?: number;
  },
): string[] {
  return [
    '-m',
    'vlalab',
    'dataset',
    kind,
    path,
    '--cache',
    opts.cacheDir,
    ...(opts.split ? ['--split', opts.split] : []),
    ...(kind === 'episode' ? ['--index', String(opts.index ?? 0)] : []),
    ...(kind === 'overlay' ? ['--kind', String(opts.of), '--dim', String(opts.dim ?? 0), '--episodes', String(opts.episodes ?? 40)] : []),
    ...(kind === 'summary' && opts.bins !== undefined ? ['--bins', String(opts.bins)] : []),
    ...(kind === 'summary' && opts.listOnly ? ['--list-only'] : []),
  ];
}

const MAX_OUTPUT = 512 * 1024 * 1024;

/** Runs the reader; resolves with the JSON it printed, or rejects with one UserError line. */
function runReader(args: string[], opts: DatasetReadOptions): Promise<unknown> {
  const extRoot = opts.extRoot ?? extensionRoot();
  const base = opts.env ?? process.env;
  const pyPath = join(extRoot, 'python');
  // As the exporter and the supervisor start Python: our vlalab first, nothing from the cwd imported.
  const env = {
    ...base,
    PYTHONSAFEPATH: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONPATH: base.PYTHONPATH ? `${pyPath}${delimiter}${base.PYTHONPATH}` : pyPath,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(opts.python, args, { cwd: extRoot, env, shell: false, stdio: ['ignore', 'pipe', 'pipe'], signal: opts.signal });
    const out: Buffer[] = [];
    let outBytes = 0;
    const err: string[] = [];
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > MAX_OUTPUT) child.kill('SIGKILL');
      else out.push(b);
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      if (err.join('').length < 1 << 20) err.push(s);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.name === 'AbortError') reject(new UserError('reading the dataset was cancelled'));
      else
        reject(
          new UserError(
            `cannot run ${opts.python} to read the dataset (${e.code ?? e.message}); point VLA Lab at another interpreter with --python / vlaLab.pythonPath`,
          ),
        );
    });
    child.on('close', (code) => {
      if (opts.signal?.aborted) return;
      if (outBytes > MAX_OUTPUT) {
        reject(new UserError(`the dataset reader printed more than ${MAX_OUTPUT >> 20} MiB: the episode is too long for the viewer`));
        return;
      }
      const lines = err
        .join('')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      if (code !== 0) {
        const refusal = lines.find((l) => l.startsWith('vlalab: '));
        const last = lines[lines.length - 1] ?? `exit status ${code}`;
        // The reader's refusals are one `vlalab: <reason>` line; anything else is a crash (a missing
        // package, a bug), whose last line names the cause.
        if (refusal) reject(new UserError(refusal.slice('vlalab: '.length)));
        else if (/No module named '?(pyarrow|av|PIL)/.test(last))
          reject(
            new UserError(
              `${last.replace(/^.*Error: /, '')} in ${opts.python}: install VLA Lab's data extra (pip install -e 'python[data]', or bash scripts/setup.sh)`,
            ),
          );
        else reject(new UserError(`the dataset reader failed in ${opts.python}: ${last} (run 'vla-lab doctor' to check its packages)`));
        return;
      }
      try {
        resolve(JSON.parse(Buffer.concat(out).toString('utf8')));
      } catch {
        reject(new UserError(`the dataset reader in ${opts.python} printed no JSON (is its vlalab VLA Lab's? run 'vla-lab doctor')`));
      }
    });
  });
}

/**
 * The dataset's summary: episodes, features, tasks and per-dimension statistics. `listOnly`: a
 * CALVIN-layout split's episode list from its index files alone (`partial`, no frame file read), or the
 * whole summary where it is cached or the layout has no such index.
 */
export async function readSummary(
  path: string,
  opts: DatasetReadOptions & { bins?: number; listOnly?: boolean; check: JsonCheck },
): Promise<DatasetSummary> {
  const raw = await runReader(datasetArgs('summary', path, opts), opts);
  const why = opts.check(raw);
  if (why) throw new UserError(`the dataset reader's summary of ${path} is malformed (${why}); run 'vla-lab doctor'`);
  return raw as DatasetSummary;
}

/** One episode: actions, state and its frames written as images into the cache folder. */
export async function readEpisode(
  path: string,
  index: number,
  opts: DatasetReadOptions & { check: JsonCheck },
): Promise<DatasetEpisodeData> {
  const raw = await runReader(datasetArgs('episode', path, { ...opts, index }), opts);
  const why = opts.check(raw);
  if (why) throw new UserError(`the dataset reader's episode ${index} of ${path} is malformed (${why}); run 'vla-lab doctor'`);
  return raw as DatasetEpisodeData;
}

/** One dimension of the actions or the state across (up to `episodes`) episodes. */
export async function readOverlay(
  path: string,
  of: 'actions' | 'state',
  dim: number,
  episodes: number,
  opts: DatasetReadOptions & { check: JsonCheck },
): Promise<DatasetOverlay> {
  const raw = await runReader(datasetArgs('overlay', path, { ...opts, of, dim, episodes }), opts);
  const why = opts.check(raw);
  if (why) throw new UserError(`the dataset reader's overlay of ${path} is malformed (${why}); run 'vla-lab doctor'`);
  return raw as DatasetOverlay;
}

// ---- conventions (vla-lab data conventions) ------------------------------------------------------

/** One convention field as the data's numbers say it (python/vlalab/trainer/infer_convention.py). */
export interface InferredField {
  value: string;
  confidence: string | null;
  evidence: string;
}

export interface ConventionReport {
  type: string;
  /** The source's declared convention (spec, metadata or built-in; the default spec convention when none is declared). */
  declared: { mode: string; frame: string; rotation: string; gripper: { closed: number; open: number } } | null;
  origin: string | null;
  inferred: Record<'mode' | 'frame' | 'rotation' | 'gripper', InferredField> & { episodes: number; frames: number };
  /** The fields whose confident inference contradicts the declared value. */
  contradictions: string[];
  /** Per contradicted field what to do, in the trainer's words (infer_convention.advice: the run's stop line ends with it). */
  fixes: Record<string, string>;
}

export const CONVENTION_FIELDS = ['mode', 'frame', 'rotation', 'gripper'] as const;

function conventionShape(raw: unknown): string | undefined {
  const r = raw as Partial<ConventionReport> | null;
  if (!r || typeof r !== 'object' || typeof r.type !== 'string' || !Array.isArray(r.contradictions)) return 'no type or contradictions';
  for (const k of r.contradictions) if (typeof r.fixes?.[k] !== 'string') return `no fix for the contradicted ${k}`;
  for (const k of CONVENTION_FIELDS) {
    const f = r.inferred?.[k];
    if (!f || typeof f.value !== 'string' || typeof f.evidence !== 'string') return `no inferred ${k}`;
  }
  return undefined;
}

/** Declared vs inferred action convention (`python -m vlalab data conventions PATH --json`). */
export async function readConventions(
  path: string,
  opts: DatasetReadOptions & { type?: 'calvin' | 'lerobot' | 'rlds' },
): Promise<ConventionReport> {
  const args = ['-m', 'vlalab', 'data', 'conventions', path, '--json', ...(opts.type ? ['--type', opts.type] : [])];
  const raw = await runReader([...args, ...(opts.split ? ['--split', opts.split] : [])], opts);
  const why = conventionShape(raw);
  if (why) throw new UserError(`the convention report on ${path} is malformed (${why}); run 'vla-lab doctor'`);
  return raw as ConventionReport;
}

/** The report as text: per field the declared and inferred values, and the evidence under them. */
export function formatConventions(r: ConventionReport, path: string): string[] {
  const out = [
    `${r.type} ${path}: declared by ${r.origin ?? "nothing (the spec's convention is assumed)"}; inferred from ${r.inferred.episodes} episodes, ${r.inferred.frames} steps`,
  ];
  for (const k of CONVENTION_FIELDS) {
    const d = r.declared;
    const declared = !d ? '—' : k === 'gripper' ? `closed ${fmt(d.gripper.closed)} / open ${fmt(d.gripper.open)}` : d[k];
    const flag = r.contradictions.includes(k) ? '  CONTRADICTS' : '';
    out.push(`  ${k.padEnd(9)} declared ${declared.padEnd(26)} inferred ${r.inferred[k].value}${flag}`);
    out.push(`  ${''.padEnd(9)} ${r.inferred[k].evidence}`);
  }
  for (const k of r.contradictions) out.push(`${k}: ${r.fixes[k]}`);
  return out;
}

// ---- text (vla-lab data) -------------------------------------------------------------------------

function channelLines(title: string, c: ChannelSummary): string[] {
  const width = Math.max(4, ...c.dims.map((d) => d.name.length));
  const lines = [
    `${title} (${c.dims.length} dimensions over ${c.count} frames):`,
    `  ${'dim'.padEnd(width)}  ${['mean', 'std', 'min', 'max'].map((h) => h.padStart(10)).join('')}`,
  ];
  for (const d of c.dims) {
    const extra = [
      d.nonFinite ? `${d.nonFinite} non-finite` : '',
      c.distinct[d.name] ? `values ${c.distinct[d.name].map((v) => `${fmt(v.value)} (${(v.fraction * 100).toFixed(0)}%)`).join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(
      `  ${d.name.padEnd(width)}  ${[d.mean, d.std, d.min, d.max].map((v) => fmt(v).padStart(10)).join('')}${extra ? `  ${extra}` : ''}`,
    );
  }
  return lines;
}

/** `vla-lab data`'s report: what a user checks before training on a dataset. */
export function formatSummary(s: DatasetSummary, opts: { episodes?: number } = {}): string[] {
  const layout = s.layout === 'calvin' ? 'CALVIN layout' : s.layout === 'lerobot' ? 'LeRobot' : 'RLDS (Open X-Embodiment)';
  const lines = [
    `${s.path}`,
    `  layout ${layout}${s.split ? `, split ${s.split}${s.splits.length > 1 ? ` (of ${s.splits.join(', ')})` : ''}` : ''}${s.fps && s.fps !== s.controlRate.hz ? `, ${fmt(s.fps)} fps` : ''}`,
    s.controlRate.hz ? `  control rate ${fmt(s.controlRate.hz)} Hz (${s.controlRate.source})` : '  control rate not recorded',
    `  ${s.episodes.length} episodes, ${s.frames} frames${s.episodes.length ? ` (length ${Math.min(...s.episodes.map((e) => e.length))}–${Math.max(...s.episodes.map((e) => e.length))})` : ''}`,
    ...s.notes.map((n) => `  ${n}`),
    'features:',
    ...s.features.map(
      (f) => `  ${f.name}  ${f.dtype}${f.shape.length ? ` [${f.shape.join('×')}]` : ''}${f.role !== 'other' ? `  (${f.role})` : ''}`,
    ),
  ];
  const c = s.convention;
  lines.push(
    c
      ? `action convention: ${c.mode}, ${c.frame} frame, ${c.rotation}, gripper closed ${fmt(c.gripper.closed)} / open ${fmt(c.gripper.open)} (${c.source})`
      : 'action convention: not declared',
  );
  lines.push(...s.warnings.map((w) => `warning: ${w}`));
  if (s.inferredConvention) {
    const v = conventionView(s.inferredConvention);
    lines.push([v.head, v.parts.map((p) => p.text).join(' · ')].filter(Boolean).join(' '), ...v.warnings.map((w) => `warning: ${w}`));
  }
  if (s.actions) lines.push(...channelLines('actions', s.actions));
  if (s.state) lines.push(...channelLines('state', s.state));
  if (s.normalization.dims)
    lines.push(
      `the trainer normalises the first ${s.normalization.dims} action dimensions with the mean/std above (or min/max with action.normalize); the last (gripper) is not normalised`,
    );
  lines.push(`tasks (${s.tasks.length}):`, ...s.tasks.map((t) => `  ${t.episodes} episodes, ${t.frames} frames  ${t.task}`));
  const show = Math.min(opts.episodes ?? 20, s.episodes.length);
  if (show) {
    lines.push(`episodes${show < s.episodes.length ? ` (first ${show} of ${s.episodes.length}; --episodes N for more)` : ''}:`);
    for (const e of s.episodes.slice(0, show))
      lines.push(
        `  #${e.index}  ${String(e.length).padStart(5)} frames  ${e.instruction}${e.task && e.task !== e.instruction ? `  [${e.task}]` : ''}`,
      );
  }
  return lines;
}
