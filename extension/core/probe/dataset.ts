/**
 * Demonstrations in the CALVIN on-disk layout: `<split>/episode_XXXXXXX.npz` (one file per time
 * step), `ep_start_end_ids.npy` (inclusive frame ranges of the recorded episodes) and
 * `lang_annotations/auto_lang_ann.npy` (instructions with their frame ranges and task ids).
 *
 * The annotation file is a pickle. We never unpickle in TypeScript: we read a JSON sidecar
 * (`lang_annotations/auto_lang_ann.json`, same content without the embeddings) when present, else
 * convert the pickle once with the configured Python (argv array, no shell), else work without
 * instructions (the caller asks the user for one).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import dataSources from '../../../schemas/data-sources.json';
import { UserError } from '../errors';
import { readEvents } from '../events';
import type { StageEvent } from '../generated/events';
import { extensionRoot, RUN_FILES } from '../runner/paths';
import { readNpy, readNpz, toNumbers, type NpyArray } from './npy';

/**
 * A CALVIN-layout split's index files, relative to the split folder (schemas/data-sources.json
 * "calvinIndex", which the trainer reads too): the recorded episodes' frame ranges, the annotations
 * (a pickle) and their JSON sidecar (Playtable's, without the embeddings).
 */
export const CALVIN_INDEX = {
  episodes: join(...dataSources.calvinIndex.episodes.split('/')),
  annotations: join(...dataSources.calvinIndex.annotations.split('/')),
  annotationsJson: join(...dataSources.calvinIndex.annotationsJson.split('/')),
} as const;

export interface Segment {
  /** First and last frame index (inclusive), as in CALVIN. */
  start: number;
  end: number;
  instruction?: string;
  task?: string;
}

export interface CalvinSplit {
  dir: string;
  /** Recorded episodes (ep_start_end_ids.npy). */
  episodes: Segment[];
  /** Annotated segments with instruction and task, when annotations could be read. */
  annotated?: Segment[];
  /** Why annotations are absent (shown to the user). */
  annotationNote?: string;
}

export const FRAME_KEYS = ['rgb_static', 'rgb_gripper', 'actions', 'rel_actions', 'robot_obs', 'scene_obs'] as const;
export type FrameKey = (typeof FRAME_KEYS)[number];

/** Resolves a dataset root (with training/ and validation/) or a split directory. */
export function resolveSplitDir(dataDir: string, split?: string): string {
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new UserError(
      `The data directory ${dataDir} does not exist; pass a CALVIN-layout dataset (e.g. one written by 'python -m vlalab gen-data').`,
    );
  }
  if (split) {
    const d = join(dataDir, split);
    if (!existsSync(join(d, CALVIN_INDEX.episodes))) throw new UserError(`${d} is not a CALVIN split (no ${CALVIN_INDEX.episodes}).`);
    return d;
  }
  if (existsSync(join(dataDir, CALVIN_INDEX.episodes))) return dataDir;
  for (const s of ['validation', 'training']) {
    if (existsSync(join(dataDir, s, CALVIN_INDEX.episodes))) return join(dataDir, s);
  }
  throw new UserError(
    `${dataDir} is not a CALVIN-layout dataset: expected ${CALVIN_INDEX.episodes} in it or in its validation/ or training/ folder.`,
  );
}

function segmentsFrom(ids: NpyArray, what: string): Segment[] {
  if (ids.shape.length !== 2 || ids.shape[1] !== 2)
    throw new UserError(`${what} should have shape (N, 2), found (${ids.shape.join(', ')}).`);
  const v = toNumbers(ids);
  const out: Segment[] = [];
  for (let i = 0; i < ids.shape[0]; i++) out.push({ start: v[2 * i], end: v[2 * i + 1] });
  return out;
}

/** The JSON form of auto_lang_ann (the sidecar, or what the Python conversion prints). */
export interface LangAnnotationsJson {
  language: { ann: string[]; task?: string[] };
  info: { indx: [number, number][] };
}

export function parseLangAnnotations(value: unknown, what: string): Segment[] {
  const v = value as Partial<LangAnnotationsJson> | null;
  const ann = v?.language?.ann;
  const task = v?.language?.task;
  const indx = v?.info?.indx;
  if (!Array.isArray(ann) || !Array.isArray(indx) || ann.length !== indx.length) {
    throw new UserError(`${what} does not hold language.ann and info.indx lists of the same length.`);
  }
  return indx.map((r, i) => {
    if (!Array.isArray(r) || r.length !== 2 || !Number.isInteger(r[0]) || !Number.isInteger(r[1])) {
      throw new UserError(`${what}: info.indx[${i}] is not a [start, end] pair of frame indices.`);
    }
    return {
      start: r[0],
      end: r[1],
      instruction: String(ann[i]),
      ...(Array.isArray(task) && task[i] !== undefined ? { task: String(task[i]) } : {}),
    };
  });
}

/**
 * Converts the pickle to JSON (no embeddings) in a separate interpreter the user configured, with
 * VLA Lab's restricted unpickler (python/vlalab/trainer/annotations.py: numpy arrays and plain
 * containers only): the file may come from a copied run folder or dataset, and a plain
 * np.load(allow_pickle=True) would run whatever it says. cwd and PYTHONSAFEPATH keep the data's
 * folder off sys.path.
 */
function annotationsToJson(python: string, pickle: string) {
  const pyDir = join(extensionRoot(), 'python');
  const env = {
    ...process.env,
    PYTHONPATH: process.env.PYTHONPATH ? `${pyDir}${delimiter}${process.env.PYTHONPATH}` : pyDir,
    PYTHONSAFEPATH: '1',
  };
  return spawnSync(python, ['-m', 'vlalab.trainer.annotations', pickle], {
    cwd: pyDir,
    env,
    encoding: 'utf8',
    shell: false,
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
}

export interface OpenSplitOptions {
  /** A Python with numpy, to convert auto_lang_ann.npy when no JSON sidecar exists. */
  python?: string;
}

export function openCalvinSplit(splitDir: string, opts: OpenSplitOptions = {}): CalvinSplit {
  const episodesFile = join(splitDir, CALVIN_INDEX.episodes);
  const episodes = segmentsFrom(readNpy(episodesFile), episodesFile);
  const split: CalvinSplit = { dir: splitDir, episodes };
  const sidecar = join(splitDir, CALVIN_INDEX.annotationsJson);
  const pickle = join(splitDir, CALVIN_INDEX.annotations);
  if (existsSync(sidecar)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(sidecar, 'utf8'));
    } catch (e) {
      throw new UserError(`${sidecar} is not valid JSON (${(e as Error).message}).`);
    }
    split.annotated = parseLangAnnotations(parsed, sidecar);
  } else if (existsSync(pickle)) {
    if (!opts.python) {
      split.annotationNote = `${pickle} is a pickle; set a Python interpreter (vlaLab.pythonPath / --python) to read its instructions, or type an instruction.`;
    } else {
      const r = annotationsToJson(opts.python, pickle);
      if (r.status === 0) {
        try {
          split.annotated = parseLangAnnotations(JSON.parse(r.stdout), pickle);
        } catch (e) {
          split.annotationNote = (e as Error).message;
        }
      } else {
        const why = r.error ? r.error.message : (r.stderr || '').trim().split('\n').pop();
        split.annotationNote = `Could not read the instructions in ${pickle} with ${opts.python} (${why}); type an instruction instead.`;
      }
    }
  } else {
    split.annotationNote = `${splitDir} has neither ${CALVIN_INDEX.annotationsJson} nor ${CALVIN_INDEX.annotations}; type an instruction.`;
  }
  return split;
}

/** A CALVIN-layout split's per-time-step file name (schemas/data-sources.json, which the trainer reads too): episode_0000042.npz. */
const FRAMES = dataSources.calvinFrames;

function isFrameFile(name: string): boolean {
  const { prefix, digits, suffix } = FRAMES;
  const num = name.slice(prefix.length, name.length - suffix.length);
  return name.startsWith(prefix) && name.endsWith(suffix) && num.length === digits && /^\d+$/.test(num);
}

export function framePath(splitDir: string, index: number): string {
  return join(splitDir, `${FRAMES.prefix}${String(index).padStart(FRAMES.digits, '0')}${FRAMES.suffix}`);
}

export type Frame = Partial<Record<FrameKey, NpyArray>>;

/** Reads the listed arrays of one time step. */
export function readFrame(splitDir: string, index: number, keys: readonly FrameKey[]): Frame {
  const p = framePath(splitDir, index);
  if (!existsSync(p)) throw new UserError(`Frame ${index} is missing: ${p} does not exist (is the dataset complete?).`);
  return readNpz(p, keys) as Frame;
}

/** Number of frame files in a split (for sanity messages). */
export function countFrames(splitDir: string): number {
  return readdirSync(splitDir).filter(isFrameFile).length;
}

/** Where a run trained, from its events: the last stage's datasets (the in-domain stage of a recipe). */
export interface RunData {
  /** The split folder to probe with (validation/ when the dataset has one: episodes the run did not train on). */
  splitDir: string;
  /** The dataset root as the trainer recorded it. */
  dataset: string;
  heldOut: boolean;
}

/** "<folder> (the run's validation split, not trained on)", as the CLI and the panel show it. */
export function describeRunData(d: RunData): string {
  return `${d.splitDir} (the run's ${d.heldOut ? 'validation split, not trained on' : 'training split'})`;
}

/**
 * The demonstrations a run was trained on, found through the `datasets` of its last `stage` event
 * (the trainer records them there); undefined when the run records none or they no longer exist.
 * `target` is what the probe was opened on: a run folder, its export/ folder or a file in it.
 */
export function runTrainingData(target: string): RunData | undefined {
  let dir = target;
  for (let i = 0; i < 3 && !existsSync(join(dir, RUN_FILES.events)); i++) dir = dirname(dir);
  const eventsPath = join(dir, RUN_FILES.events);
  if (!existsSync(eventsPath)) return undefined;
  const stages = readEvents(eventsPath).events.filter(
    (e): e is StageEvent => e.type === 'stage' && Array.isArray((e as StageEvent).datasets),
  );
  for (const ds of stages.at(-1)?.datasets ?? []) {
    for (const split of ['validation', ds.split ?? 'training']) {
      const splitDir = join(ds.path, split);
      if (existsSync(join(splitDir, CALVIN_INDEX.episodes))) return { splitDir, dataset: ds.path, heldOut: split === 'validation' };
    }
  }
  return undefined;
}
