/**
 * Where runs live on disk and how names become paths, safely.
 *
 *   runs/<experiment>/<run-id>/{spec.json, run.json, events.jsonl, stdout.log, stderr.log, checkpoints/, eval/<ckpt>/}
 *   runs/.queue/{pending,active}/   the on-disk queue (queue.ts)
 *
 * Experiment names and run ids are checked against the run schema's patterns before they touch
 * the file system, and every joined path is resolved and checked to stay inside the runs root,
 * symlinks included, so nothing a spec or a command line says can write outside it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import layout from '../../../schemas/run-layout.json';
import { UserError } from '../errors';
import { experimentNameProblem, isValidExperimentName, isValidRunId } from './names';

export { isValidExperimentName, isValidRunId };

/** A run folder's file names: schemas/run-layout.json owns them (Python reads the same file). */
export const RUN_FILES: Readonly<typeof layout.files> = layout.files;

/** The files inside a run's export/ folder (RUN_FILES.export): policy.onnx, policy.json, onnx-refused.txt. */
export const EXPORT_FILES: Readonly<{ onnx: string; manifest: string; refused: string }> = layout.export;

/**
 * Inside eval/<name>/: eval entry `index`'s result file and its own rollout-video folder (schemas/run-layout.json
 * "evaluation"; the trainer writes them). Readers follow the media events' paths, so older run folders with every
 * entry's videos in one folder still display.
 */
export function evalEntryFiles(index: number): { results: string; videos: string } {
  const e = layout.evaluation;
  return {
    results: index === 0 ? `${e.results}.json` : `${e.results}_${index}.json`,
    videos: path.join(e.videos, `${e.entryPrefix}${index}`),
  };
}

/** checkpoints/step-0000042.pt → 42; undefined for any other name (schemas/run-layout.json). */
export function checkpointStep(name: string): number | undefined {
  const { prefix, digits, suffix } = layout.checkpoint;
  if (!name.startsWith(prefix) || !name.endsWith(suffix)) return undefined;
  const num = name.slice(prefix.length, name.length - suffix.length);
  return num.length === digits && /^\d+$/.test(num) ? Number(num) : undefined;
}

/** The name of the file that names a run's final checkpoint, inside checkpoints/. */
export const FINAL_CHECKPOINT_MARKER: string = layout.checkpoint.finalMarker;

function checkRunId(id: string): string {
  if (!isValidRunId(id))
    throw new UserError(`invalid run id ${JSON.stringify(id)}: use letters, digits, '-', '_' and '.' (starting with a letter or digit)`);
  return id;
}

export function checkExperimentName(name: string): string {
  const problem = experimentNameProblem(name);
  if (problem) throw new UserError(`invalid experiment name ${JSON.stringify(name)}: ${problem}`);
  return name;
}

/**
 * The runs root: --runs-dir, then VLA_LAB_RUNS_DIR, then <workspace>/runs. Always absolute. An
 * empty --runs-dir or VLA_LAB_RUNS_DIR is a mistake (an unset shell variable), never "./runs".
 */
export function resolveRunsRoot(opts: { cwd: string; env?: NodeJS.ProcessEnv; flag?: string }): string {
  if (opts.flag !== undefined && !opts.flag.trim())
    throw new UserError('--runs-dir is empty: give a directory (or leave the option out to use VLA_LAB_RUNS_DIR or ./runs)');
  const fromEnv = opts.env?.VLA_LAB_RUNS_DIR;
  if (opts.flag === undefined && fromEnv !== undefined && fromEnv !== '' && !fromEnv.trim())
    throw new UserError('VLA_LAB_RUNS_DIR is blank: set it to a directory or unset it');
  const raw = opts.flag || fromEnv || 'runs';
  return path.resolve(opts.cwd, raw);
}

/** True when `child` is `root` or below it (both absolute, normalised). */
export function isInside(root: string, child: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of the longest existing prefix of `p`, with the rest appended. */
function realPathOfPrefix(p: string): string {
  let existing = p;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return p;
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}

/**
 * Joins parts under `root` and refuses any result outside it: `..` segments, absolute parts,
 * and symlinks (anywhere along the path) that point outside the root's real path.
 */
export function safeJoin(root: string, ...parts: string[]): string {
  const absRoot = path.resolve(root);
  const joined = path.resolve(absRoot, ...parts);
  if (!isInside(absRoot, joined))
    throw new UserError(`refusing the path ${JSON.stringify(parts.join('/'))}: it leads outside the runs directory ${absRoot}`);
  const realRoot = realPathOfPrefix(absRoot);
  const realJoined = realPathOfPrefix(joined);
  if (!isInside(realRoot, realJoined))
    throw new UserError(`refusing ${joined}: a symbolic link leads outside the runs directory ${absRoot}`);
  return joined;
}

export function runDirOf(root: string, experiment: string, id: string): string {
  return safeJoin(root, checkExperimentName(experiment), checkRunId(id));
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** A new run id: `YYYYMMDD-HHMMSS-xxxx` (UTC, sortable by time; 4 random hex digits). */
export function newRunId(now = new Date()): string {
  const d = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const t = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  return `${d}-${t}-${randomBytes(2).toString('hex')}`;
}

/**
 * Creates a fresh run directory with a unique id (mkdir without `recursive` fails if the id is
 * taken, so two processes creating runs at the same second never share one).
 */
export function createRunDir(root: string, experiment: string): { id: string; dir: string } {
  const expDir = safeJoin(root, checkExperimentName(experiment));
  fs.mkdirSync(expDir, { recursive: true });
  for (let attempt = 0; attempt < 50; attempt++) {
    const id = newRunId();
    const dir = safeJoin(expDir, id);
    try {
      fs.mkdirSync(dir);
      return { id, dir };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  throw new Error(`could not find a free run id under ${expDir}`);
}

/** The package root (the folder holding package.json): from dist/, from extension/core/runner/, or an installed .vsix. */
export function extensionRoot(from = __dirname): string {
  const override = process.env.VLA_LAB_EXTENSION_ROOT;
  if (override) return path.resolve(override);
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'vla-lab') return dir;
      } catch {
        /* keep looking */
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find VLA Lab's package.json above ${from}`);
    dir = parent;
  }
}
