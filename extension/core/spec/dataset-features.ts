/**
 * Feature names of LeRobot and RLDS datasets, from their metadata, for the `features` mapping of a
 * data source in a *.vla.json: completions (the editor offers the names the dataset has, of the right
 * kind for the key) and the rule `spec/dataset-feature-unknown` (a mapped or default name the dataset
 * lacks, with "did you mean" quick fixes). Plain Node: no `vscode`.
 *
 * LeRobot: `meta/info.json` → `features` (name → dtype, shape). RLDS: `features.json` of the version
 * folder (tensorflow-datasets' serialised FeaturesDict), names under `steps/` flattened with `/` as
 * python/vlalab/trainer/rlds.py's step_features does, plus `episode_metadata/…`. Default names and
 * where metadata lives come from schemas/data-sources.json, which the trainer reads too.
 */
import { getLocation, parse as parseJsonc, type Location } from 'jsonc-parser';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import facts from '../../../schemas/data-sources.json';

export type FeatureKind = 'video' | 'image' | 'tensor' | 'scalar' | 'text' | 'other';

export interface DatasetFeature {
  name: string;
  kind: FeatureKind;
  dtype?: string;
  shape?: number[];
  /** LeRobot: what each dimension of `shape` is (images: "height", "width", "channels" in some order). */
  names?: string[];
}

export interface DatasetMetadata {
  type: 'lerobot' | 'rlds';
  /** The metadata file the features came from. */
  file: string;
  features: DatasetFeature[];
  fps?: number;
}

/** What the metadata reader needs from the disk (tests inject their own). */
export interface MetadataReader {
  readText(path: string): string | undefined;
  listDir?(path: string): string[];
}

export type FeatureRole = 'camera' | 'actions' | 'state' | 'instruction' | 'task';

/**
 * Each source type's metadata file, relative to a LeRobot dataset's root or an RLDS dataset's version
 * folder, with "/" (path.join turns it into the platform's separator; messages show it as is):
 * schemas/data-sources.json metadataFiles, which the trainer reads too. LeRobot meta/info.json (features,
 * fps, splits, action_convention), RLDS metadata.json (action_convention, control_hz).
 */
export const METADATA_FILES: Readonly<Record<'lerobot' | 'rlds', string>> = facts.metadataFiles;

export const DEFAULT_FEATURES = facts.defaultFeatures as Record<
  'lerobot' | 'rlds',
  { cameras: Record<string, string>; actions: string; state: string; instruction: string }
>;

function parse(text: string | undefined): any {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The RLDS folder holding dataset_info.json: `dir` itself or its newest version folder (as rlds.py's dataset_root). */
export function rldsRoot(dir: string, reader: MetadataReader): string | undefined {
  if (reader.readText(join(dir, 'dataset_info.json')) !== undefined) return dir;
  const versions = (reader.listDir?.(dir) ?? []).filter(
    (d) => /^\d+\.\d+\.\d+$/.test(d) && reader.readText(join(dir, d, 'dataset_info.json')) !== undefined,
  );
  versions.sort((a, b) => {
    const x = a.split('.').map(Number),
      y = b.split('.').map(Number);
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
  return versions.length ? join(dir, versions[versions.length - 1]) : undefined;
}

function lerobotKind(dtype: unknown): FeatureKind {
  if (dtype === 'video') return 'video';
  if (dtype === 'image') return 'image';
  if (dtype === 'string') return 'text';
  return typeof dtype === 'string' ? 'tensor' : 'other';
}

/** The features of the dataset at `dir` (absolute), or undefined when its metadata is missing or unreadable. */
export function readDatasetMetadata(type: string, dir: string, reader: MetadataReader): DatasetMetadata | undefined {
  if (type === 'lerobot') {
    const file = join(dir, METADATA_FILES.lerobot);
    const info = parse(reader.readText(file));
    if (!info || typeof info.features !== 'object' || info.features === null) return undefined;
    const features = Object.entries(info.features as Record<string, any>).map(([name, f]) => ({
      name,
      kind: lerobotKind(f?.dtype),
      ...(typeof f?.dtype === 'string' ? { dtype: f.dtype } : {}),
      ...(Array.isArray(f?.shape) ? { shape: f.shape.map(Number) } : {}),
      ...(Array.isArray(f?.names) && f.names.every((n: unknown) => typeof n === 'string') ? { names: f.names as string[] } : {}),
    }));
    return { type, file, features, ...(typeof info.fps === 'number' ? { fps: info.fps } : {}) };
  }
  if (type === 'rlds') {
    const root = rldsRoot(dir, reader);
    if (!root) return undefined;
    const file = join(root, 'features.json');
    const tree = parse(reader.readText(file));
    if (!tree || typeof tree !== 'object') return undefined;
    const features: DatasetFeature[] = [];
    const dims = (d: any): number[] => (Array.isArray(d?.shape?.dimensions) ? d.shape.dimensions.map(Number) : []);
    const walk = (node: any, prefix: string): void => {
      if (!node || typeof node !== 'object') return;
      if (node.featuresDict) {
        for (const [k, v] of Object.entries(node.featuresDict.features ?? {})) walk(v, `${prefix}${k}/`);
      } else if (node.sequence) {
        walk(node.sequence.feature, prefix);
      } else {
        let name = prefix.replace(/\/$/, '');
        if (name.startsWith('steps/')) name = name.slice('steps/'.length);
        if (node.image) features.push({ name, kind: 'image', dtype: node.image.dtype, shape: dims(node.image) });
        else if (node.text) features.push({ name, kind: 'text' });
        else if (node.tensor)
          features.push({ name, kind: dims(node.tensor).length ? 'tensor' : 'scalar', dtype: node.tensor.dtype, shape: dims(node.tensor) });
        else features.push({ name, kind: 'other' });
      }
    };
    walk(tree, '');
    return { type, file, features };
  }
  return undefined;
}

/** Whether a feature can fill a role (cameras are videos or images, actions float tensors, texts…). */
export function fits(f: DatasetFeature, role: FeatureRole, type: 'lerobot' | 'rlds'): boolean {
  switch (role) {
    case 'camera':
      return f.kind === 'video' || f.kind === 'image'; // LeRobot: an mp4, or PNG/JPEG bytes in the parquet (trainer/lerobot.py)
    case 'actions':
      return (f.kind === 'tensor' || f.kind === 'scalar') && (f.dtype ?? '').startsWith('float');
    case 'state':
      return f.kind === 'tensor';
    case 'instruction':
      return type === 'lerobot' ? f.kind === 'text' : f.kind === 'text';
    case 'task':
      return f.kind === 'text';
  }
}

/** An image feature's height, width and channels from its shape — LeRobot: in the order of its names,
 * else channels last or first (whichever is at most 4); RLDS: height, width, channels — or undefined
 * when the shape is unknown or variable. */
export function imageShape(f: DatasetFeature): { height: number; width: number; channels: number } | undefined {
  const s = f.shape;
  if (!s || s.length !== 3 || s.some((x) => !Number.isInteger(x) || x <= 0)) return undefined;
  const names = f.names?.map((n) => n.toLowerCase()) ?? [];
  const at = (n: string) => names.indexOf(n);
  if (at('height') >= 0 && at('width') >= 0 && at('channels') >= 0)
    return { height: s[at('height')], width: s[at('width')], channels: s[at('channels')] };
  if (s[2] <= 4) return { height: s[0], width: s[1], channels: s[2] };
  if (s[0] <= 4) return { height: s[1], width: s[2], channels: s[0] };
  return undefined;
}

/** Names offered for a role: the fitting features (LeRobot's instruction also `task`, the episode's task). */
export function featureCandidates(meta: DatasetMetadata, role: FeatureRole): DatasetFeature[] {
  const out = meta.features.filter((f) => fits(f, role, meta.type));
  if (meta.type === 'lerobot' && role === 'instruction') out.unshift({ name: 'task', kind: 'text' });
  return out;
}

export interface FeatureContext {
  /** Path of the data source in the document (['data', 'stages', i, 'datasets', j]). */
  dataset: (string | number)[];
  role: FeatureRole;
  camera?: string;
  typed: string;
  start: number;
  end: number;
}

/** The cursor inside a string value of `data.stages[i].datasets[j].features.{cameras.<cam>|actions|state|instruction|task}`. */
export function featureContext(text: string, offset: number): FeatureContext | undefined {
  const loc: Location = getLocation(text, offset);
  if (loc.isAtPropertyKey || !loc.previousNode || loc.previousNode.type !== 'string') return undefined;
  const p = loc.path;
  if (p.length < 7 || p[0] !== 'data' || p[1] !== 'stages' || p[3] !== 'datasets' || p[5] !== 'features') return undefined;
  let role: FeatureRole | undefined;
  let camera: string | undefined;
  if (p.length === 8 && p[6] === 'cameras') {
    role = 'camera';
    camera = String(p[7]);
  } else if (p.length === 7 && ['actions', 'state', 'instruction', 'task'].includes(String(p[6]))) role = p[6] as FeatureRole;
  else if (p.length === 8 && p[6] === 'actions' && typeof p[7] === 'number') role = 'actions'; // one part of a list
  if (!role) return undefined;
  const node = loc.previousNode;
  const start = node.offset + 1;
  const end = node.offset + node.length - 1;
  if (offset < start || offset > Math.max(start, end)) return undefined;
  return {
    dataset: p.slice(0, 5),
    role,
    ...(camera ? { camera } : {}),
    typed: text.slice(start, offset),
    start,
    end: Math.max(start, end),
  };
}

/** Levenshtein distance (names are short). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** Candidates ordered by closeness to `name`: those containing it first (a name typed short), then by
 * case-insensitive edit distance, then by the distance of the last path part. */
export function closest(name: string, candidates: string[]): string[] {
  const tail = (s: string) => s.toLowerCase().split(/[./]/).pop() ?? s;
  const low = name.toLowerCase();
  const contains = (s: string) => (low && s.toLowerCase().includes(low) ? 0 : 1);
  return [...candidates].sort(
    (a, b) =>
      contains(a) - contains(b) ||
      distance(low, a.toLowerCase()) - distance(low, b.toLowerCase()) ||
      distance(tail(name), tail(a)) - distance(tail(name), tail(b)) ||
      a.localeCompare(b),
  );
}

export interface MappedFeature {
  role: FeatureRole;
  camera?: string;
  name: string;
  /** Whether the spec names it (false: the default name for an absent key). */
  mapped: boolean;
  /** The pointer of the key that sets it (relative to the data source). */
  key: string;
}

/** The names a data source reads, mapped or by default, as the trainer reads them (lerobot.py / rlds.py). */
export function mappedFeatures(type: 'lerobot' | 'rlds', features: Record<string, any> | undefined, cameras: string[]): MappedFeature[] {
  const d = DEFAULT_FEATURES[type];
  const given = features ?? {};
  const out: MappedFeature[] = cameras.map((c) => {
    const v = given.cameras?.[c];
    return {
      role: 'camera' as const,
      camera: c,
      name: typeof v === 'string' ? v : (d.cameras[c] ?? ''),
      mapped: typeof v === 'string',
      key: `/features/cameras/${c}`,
    };
  });
  if (Array.isArray(given.actions)) {
    given.actions.forEach((a: unknown, i: number) => {
      if (typeof a === 'string') out.push({ role: 'actions', name: a, mapped: true, key: `/features/actions/${i}` });
    });
  } else {
    out.push({
      role: 'actions',
      name: typeof given.actions === 'string' ? given.actions : d.actions,
      mapped: typeof given.actions === 'string',
      key: '/features/actions',
    });
  }
  if (typeof given.state === 'string') out.push({ role: 'state', name: given.state, mapped: true, key: '/features/state' });
  const ins = typeof given.instruction === 'string' ? given.instruction : d.instruction;
  if (!(type === 'lerobot' && ins === 'task'))
    out.push({ role: 'instruction', name: ins, mapped: typeof given.instruction === 'string', key: '/features/instruction' });
  if (typeof given.task === 'string') out.push({ role: 'task', name: given.task, mapped: true, key: '/features/task' });
  return out.filter((m) => m.name);
}

export interface FeatureCompletion {
  /** The name to insert. */
  value: string;
  detail: string;
  /** Whether it is the name the trainer reads when the key is absent. */
  isDefault: boolean;
}

/**
 * Completions for the feature-name string under the cursor: the dataset's features that fit the key,
 * read from the metadata of the data source's `path` (relative to `baseDir`, the spec's folder).
 */
export function featureCompletions(
  text: string,
  offset: number,
  baseDir: string,
  reader: MetadataReader,
): { context: FeatureContext; items: FeatureCompletion[] } | undefined {
  const context = featureContext(text, offset);
  if (!context) return undefined;
  let source: any;
  try {
    source = context.dataset.reduce((v: any, k) => (v == null ? v : v[k]), parseLoose(text));
  } catch {
    return undefined;
  }
  const type = source?.type;
  if ((type !== 'lerobot' && type !== 'rlds') || typeof source.path !== 'string') return undefined;
  const p: string = source.path;
  const dir = p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(2)) : isAbsolute(p) ? p : join(baseDir, p);
  const meta = readDatasetMetadata(type, dir, reader);
  if (!meta) return undefined;
  const d = DEFAULT_FEATURES[meta.type];
  const def = context.role === 'camera' ? d.cameras[context.camera ?? ''] : context.role === 'task' ? undefined : d[context.role];
  const items = featureCandidates(meta, context.role).map((f) => ({
    value: f.name,
    detail: `${f.kind}${f.dtype && f.kind !== 'text' ? ` ${f.dtype}` : ''}${f.shape?.length ? ` [${f.shape.join(', ')}]` : ''} — ${meta.file}`,
    isDefault: f.name === def,
  }));
  return { context, items };
}

/** The document's value, tolerating comments and trailing commas (a *.vla.json is JSONC). */
function parseLoose(text: string): unknown {
  return parseJsonc(text, [], { allowTrailingComma: true });
}
