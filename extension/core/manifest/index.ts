/**
 * A run's reproducibility manifest (manifest.json, schemas/manifest.schema.json): reading it from a
 * run folder (validated: run folders travel), a short summary for `vla-lab show` and the results
 * panel, and what differs between two manifests (`vla-lab reproduce`, compare).
 *
 * The manifest is written by Python (python/vlalab/trainer/manifest.py, the one owner of how each
 * fact is collected); this module only reads and compares.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Code, RunManifest } from '../generated/manifest';
import { validate } from '../generated/validators/manifest';
import { RUN_FILES } from '../runner/paths';

export type { RunManifest };

/** manifest.json is small; anything larger than this is not ours (the diff is cut at 1 MiB). */
const MAX_BYTES = 16 << 20;

export type ManifestRead = { manifest: RunManifest } | { manifest: null; problem: string | null };

/** The run's manifest; `problem` names why it cannot be used (null: the run has none). */
export function readManifest(runDir: string): ManifestRead {
  const file = path.join(runDir, RUN_FILES.manifest);
  let text: string;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return { manifest: null, problem: `${RUN_FILES.manifest} is not a file` };
    if (st.size > MAX_BYTES) return { manifest: null, problem: `${RUN_FILES.manifest} is ${st.size} bytes, too large to be a manifest` };
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { manifest: null, problem: code === 'ENOENT' ? null : `cannot read ${RUN_FILES.manifest} (${code ?? String(e)})` };
  }
  return parseManifest(text);
}

export function parseManifest(text: string): ManifestRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { manifest: null, problem: `${RUN_FILES.manifest} is not valid JSON` };
  }
  if (!validate(data)) {
    const e = validate.errors?.[0];
    return {
      manifest: null,
      problem: `${RUN_FILES.manifest} does not follow schemas/manifest.schema.json (${e?.instancePath || '/'} ${e?.message ?? ''})`,
    };
  }
  return { manifest: data as RunManifest };
}

const short = (h: string | null | undefined, n = 12) => (h ? h.slice(0, n) : '?');

function codeLine(c: Code): string {
  if (!c.commit) return `${c.path} (${c.error ?? 'no git commit'}${c.tree_sha256 ? `; code sha256 ${short(c.tree_sha256)}` : ''})`;
  const dirty = c.dirty ? `, uncommitted changes (${c.diff_bytes ?? 0} bytes of diff, sha256 ${short(c.diff_sha256)})` : ', clean';
  const untracked = c.untracked?.length ? `, ${c.untracked.length} untracked file${c.untracked.length === 1 ? '' : 's'}` : '';
  return `${short(c.commit)}${c.branch && c.branch !== 'HEAD' ? ` (${c.branch})` : ''}${dirty}${untracked}`;
}

/** [label, value] rows: what `vla-lab show` prints and the results panel's collapsible section lists. */
export function manifestSummary(m: RunManifest): [string, string][] {
  const pk = m.packages;
  const key = ['torch', 'numpy', 'transformers']
    .filter((n) => pk[n])
    .map((n) => `${n} ${pk[n]}`)
    .join(', ');
  const hw = m.hardware;
  const gpus = hw.gpus?.length
    ? `${hw.gpus.length} GPU${hw.gpus.length === 1 ? '' : 's'} (${[...new Set(hw.gpus.map((g) => g.name))].join(', ')}), driver ${hw.driver ?? '?'}`
    : 'no GPU';
  const rows: [string, string][] = [
    ['workspace', codeLine(m.code.workspace)],
    [m.backend === 'robovlms' ? 'RoboVLMs' : 'VLA Lab code', codeLine(m.code.backend)],
    ['python', `${m.python.version} (${m.python.executable}), ${Object.keys(pk).length} packages${key ? `: ${key}` : ''}`],
    ['spec sha256', short(m.spec.sha256, 16)],
    ...m.data.map((d, i): [string, string] => [
      `data ${i + 1}`,
      `${d.path} (${d.split}) sha256 ${short(d.sha256)}${d.episodes ? `; ${d.episodes.count} episode files (${Math.round(d.episodes.bytes / 2 ** 20)} MiB) sha256 ${short(d.episodes.sha256)}` : ''}${d.error ? ` — ${d.error}` : ''}`,
    ]),
  ];
  if (m.benchmark)
    rows.push(['benchmark', `${m.benchmark.name} ${m.benchmark.version ?? `(no version; source sha256 ${short(m.benchmark.sha256)})`}`]);
  rows.push([
    'seeds',
    Object.entries(m.seeds)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ') || 'none',
  ]);
  rows.push([
    'hardware',
    `${hw.cpu ?? 'unknown CPU'}, ${hw.cores ?? '?'} cores${hw.memory_bytes ? `, ${Math.round(hw.memory_bytes / 2 ** 30)} GiB` : ''}; ${gpus}`,
  ]);
  return rows;
}

export type DifferenceKind = 'data' | 'code' | 'packages' | 'python' | 'hardware' | 'benchmark' | 'spec' | 'seeds';

export interface ManifestDifference {
  kind: DifferenceKind;
  /** What differs, e.g. `torch`, `workspace commit`, `data 1 (…/training)`. */
  what: string;
  /** The recorded run's value and this environment's ("—" when absent). */
  recorded: string;
  current: string;
}

const NONE = '—';

function diffCode(label: string, a: Code, b: Code, out: ManifestDifference[]): void {
  if ((a.commit ?? null) !== (b.commit ?? null))
    out.push({ kind: 'code', what: `${label} commit`, recorded: a.commit ?? NONE, current: b.commit ?? NONE });
  const da = a.dirty ? (a.diff_sha256 ?? 'dirty') : 'clean';
  const db = b.dirty ? (b.diff_sha256 ?? 'dirty') : 'clean';
  if (da !== db)
    out.push({
      kind: 'code',
      what: `${label} uncommitted diff`,
      recorded: da === 'clean' ? 'none' : `${a.diff_bytes} bytes, sha256 ${short(da)}`,
      current: db === 'clean' ? 'none' : `${b.diff_bytes} bytes, sha256 ${short(db)}`,
    });
  if (a.tree_sha256 && b.tree_sha256 && a.tree_sha256 !== b.tree_sha256)
    out.push({
      kind: 'code',
      what: `${label} *.py files`,
      recorded: `sha256 ${short(a.tree_sha256)}`,
      current: `sha256 ${short(b.tree_sha256)}`,
    });
}

/** Most episode files a difference names (the rest are counted). */
const MAX_NAMED_EPISODES = 5;

/** Which episode files differ between two manifests' `episodes.files`: changed, missing here, or new here; sorted by name. */
export function episodeDifferences(
  recorded: Record<string, string>,
  current: Record<string, string>,
): { file: string; how: 'changed' | 'missing' | 'new' }[] {
  const out: { file: string; how: 'changed' | 'missing' | 'new' }[] = [];
  for (const [f, h] of Object.entries(recorded)) {
    if (!(f in current)) out.push({ file: f, how: 'missing' });
    else if (current[f] !== h) out.push({ file: f, how: 'changed' });
  }
  for (const f of Object.keys(current)) if (!(f in recorded)) out.push({ file: f, how: 'new' });
  return out.sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
}

/**
 * What differs from `recorded` (a run's manifest) in `current` (this environment's, for the same
 * spec): data hashes first (they decide whether a reproduction may start), then code, packages,
 * interpreter, benchmark, hardware. Paths of interpreters and checkouts are not differences.
 */
export function diffManifests(recorded: RunManifest, current: RunManifest): ManifestDifference[] {
  const out: ManifestDifference[] = [];
  const n = Math.max(recorded.data.length, current.data.length);
  for (let i = 0; i < n; i++) {
    const a = recorded.data[i];
    const b = current.data[i];
    if (a?.sha256 !== b?.sha256 || (a?.error ?? null) !== (b?.error ?? null)) {
      out.push({
        kind: 'data',
        what: `data ${i + 1} (${(a ?? b)!.path}/${(a ?? b)!.split})`,
        recorded: a ? `sha256 ${short(a.sha256)}${a.error ? ` (${a.error})` : ''}` : NONE,
        current: b ? (b.error ? b.error : `sha256 ${short(b.sha256)}`) : NONE,
      });
    }
    // Episode files: compared when both manifests hashed them (manifests before that hashed index files only).
    if (a?.episodes && b?.episodes && a.episodes.sha256 !== b.episodes.sha256) {
      const changed = episodeDifferences(a.episodes.files, b.episodes.files);
      const shown = changed
        .slice(0, MAX_NAMED_EPISODES)
        .map((c) => `${c.file} (${c.how})`)
        .join(', ');
      out.push({
        kind: 'data',
        what: `data ${i + 1} (${a.path}/${a.split}) episode files ${shown}${changed.length > MAX_NAMED_EPISODES ? ` and ${changed.length - MAX_NAMED_EPISODES} more` : ''}`,
        recorded: `${a.episodes.count} files, sha256 ${short(a.episodes.sha256)}`,
        current: `${b.episodes.count} files, sha256 ${short(b.episodes.sha256)}; ${changed.length} differ`,
      });
    }
  }
  if (recorded.spec.sha256 !== current.spec.sha256)
    out.push({ kind: 'spec', what: 'resolved spec', recorded: short(recorded.spec.sha256), current: short(current.spec.sha256) });
  diffCode('workspace', recorded.code.workspace, current.code.workspace, out);
  diffCode(recorded.backend === 'robovlms' ? 'RoboVLMs' : 'VLA Lab code', recorded.code.backend, current.code.backend, out);
  const names = [...new Set([...Object.keys(recorded.packages), ...Object.keys(current.packages)])].sort();
  for (const p of names) {
    if (recorded.packages[p] !== current.packages[p])
      out.push({ kind: 'packages', what: p, recorded: recorded.packages[p] ?? NONE, current: current.packages[p] ?? NONE });
  }
  if (recorded.python.version !== current.python.version)
    out.push({ kind: 'python', what: 'python', recorded: recorded.python.version, current: current.python.version });
  if ((recorded.benchmark?.sha256 ?? null) !== (current.benchmark?.sha256 ?? null)) {
    out.push({
      kind: 'benchmark',
      what: recorded.benchmark?.name ?? current.benchmark?.name ?? 'benchmark',
      recorded: recorded.benchmark ? (recorded.benchmark.version ?? `sha256 ${short(recorded.benchmark.sha256)}`) : NONE,
      current: current.benchmark ? (current.benchmark.version ?? `sha256 ${short(current.benchmark.sha256)}`) : NONE,
    });
  }
  const seedKeys = [...new Set([...Object.keys(recorded.seeds), ...Object.keys(current.seeds)])].sort();
  for (const k of seedKeys)
    if (recorded.seeds[k] !== current.seeds[k])
      out.push({ kind: 'seeds', what: k, recorded: String(recorded.seeds[k] ?? NONE), current: String(current.seeds[k] ?? NONE) });
  const hw = (m: RunManifest) => ({
    cpu: m.hardware.cpu ?? NONE,
    cores: String(m.hardware.cores ?? NONE),
    gpus: m.hardware.gpus?.length ? m.hardware.gpus.map((g) => g.name).join(', ') : 'none',
    driver: m.hardware.driver ?? NONE,
    cuda: m.hardware.cuda ?? NONE,
  });
  const ha = hw(recorded);
  const hb = hw(current);
  for (const k of Object.keys(ha) as (keyof typeof ha)[])
    if (ha[k] !== hb[k]) out.push({ kind: 'hardware', what: k, recorded: ha[k], current: hb[k] });
  return out;
}

/**
 * What a manifest says about a run, flattened to comparable facts (label → display value) for
 * comparing several runs side by side (vla-lab compare, the Compare panel): code commits and
 * diffs, Python and every package, data and benchmark hashes, seeds, hardware.
 */
function manifestFacts(m: RunManifest): Map<string, string> {
  const f = new Map<string, string>();
  const code = (label: string, c: Code) => {
    f.set(`${label} commit`, c.commit ? short(c.commit) : (c.error ?? 'no git'));
    f.set(`${label} uncommitted diff`, c.dirty ? `${c.diff_bytes ?? 0} bytes, sha256 ${short(c.diff_sha256)}` : 'none');
    if (c.tree_sha256) f.set(`${label} *.py sha256`, short(c.tree_sha256));
  };
  code('workspace', m.code.workspace);
  code(m.backend === 'robovlms' ? 'RoboVLMs' : 'VLA Lab code', m.code.backend);
  m.data.forEach((d, i) => {
    f.set(`data ${i + 1} sha256`, d.error ? `— (${d.error})` : `${short(d.sha256)} (${d.path}/${d.split})`);
    if (d.episodes) f.set(`data ${i + 1} episode files sha256`, `${short(d.episodes.sha256)} (${d.episodes.count} files)`);
  });
  if (m.benchmark) f.set(`${m.benchmark.name} sha256`, m.benchmark.version ?? short(m.benchmark.sha256));
  for (const [k, v] of Object.entries(m.seeds)) f.set(`seed ${k}`, String(v));
  f.set('python', m.python.version);
  for (const [k, v] of Object.entries(m.packages)) f.set(`package ${k}`, v);
  const hw = m.hardware;
  f.set('cpu', `${hw.cpu ?? '?'} (${hw.cores ?? '?'} cores)`);
  f.set('gpus', hw.gpus?.length ? hw.gpus.map((g) => g.name).join(', ') : 'none');
  f.set('driver', hw.driver ?? '—');
  return f;
}

/** The facts that differ between runs (one value per run: "—" when the run's manifest lacks it, "no manifest.json"), and how many agree. */
export function manifestDifferences(manifests: (RunManifest | null)[]): {
  differences: { path: string; values: string[] }[];
  sameCount: number;
} {
  const facts = manifests.map((m) => (m ? manifestFacts(m) : null));
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const f of facts)
    for (const k of f?.keys() ?? [])
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
  const differences: { path: string; values: string[] }[] = [];
  let sameCount = 0;
  for (const k of keys) {
    const values = facts.map((f) => (f ? (f.get(k) ?? NONE) : 'no manifest.json'));
    if (values.every((v) => v === values[0])) sameCount++;
    else differences.push({ path: k, values });
  }
  return { differences, sameCount };
}
