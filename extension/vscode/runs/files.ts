/**
 * The on-disk layout of runs (docs/ARCHITECTURE.md): runs/<experiment>/<run-id>/ with run.json
 * (schemas/run.schema.json), spec.json (the resolved spec) and events.jsonl. Plain Node, no
 * `vscode`: the runs view, the panels and their tests read runs through these functions.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { RunRecord } from '../../core/generated/run';
import { isValidExperimentName, isValidRunId } from '../../core/runner/names';
import { RUN_FILES } from '../../core/runner/paths';
import { UNFINISHED } from '../../core/runner/record';

// The runner's vocabulary (schemas/run-layout.json), under the names the views use.
export const RUN_FILE = RUN_FILES.record;
export const SPEC_FILE = RUN_FILES.spec;
export const EVENTS_FILE = RUN_FILES.events;

export function runKey(experiment: string, id: string): string {
  return `${experiment}/${id}`;
}

/** Splits `<experiment>/<run-id>`; undefined unless both parts are names runs/ can hold. */
export function parseRunKey(key: string): { experiment: string; id: string } | undefined {
  const parts = key.split('/');
  if (parts.length !== 2) return undefined;
  const [experiment, id] = parts;
  // The runner's one rule for names under runs/ (core/runner/names.ts).
  if (!isValidExperimentName(experiment) || !isValidRunId(id)) return undefined;
  return { experiment, id };
}

export function runDir(runsDir: string, key: string): string | undefined {
  const p = parseRunKey(key);
  return p ? join(runsDir, p.experiment, p.id) : undefined;
}

/** `rel` resolved inside `dir`, or undefined when it would leave it (absolute paths, `..`). */
export function insideDir(dir: string, rel: string): string | undefined {
  if (isAbsolute(rel)) return undefined;
  const full = resolve(dir, rel);
  const back = relative(dir, full);
  return back === '' || back.startsWith('..') || isAbsolute(back) || back.split(sep).includes('..') ? undefined : full;
}

export function readJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** run.json of a run, or undefined when missing or not a run record (being written, foreign). */
export function readRunRecord(dir: string): RunRecord | undefined {
  const v = readJsonFile(join(dir, RUN_FILE));
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const r = v as Partial<RunRecord>;
  return typeof r.id === 'string' && typeof r.experiment === 'string' && typeof r.status === 'string' ? (r as RunRecord) : undefined;
}

export function mtimeMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/** Every run directory under runsDir (those with a run.json), as keys. VLA Lab's own folders (_data, .queue) are skipped. */
export function listRunKeys(runsDir: string): string[] {
  const keys: string[] = [];
  let experiments: string[];
  try {
    experiments = readdirSync(runsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && isValidExperimentName(d.name))
      .map((d) => d.name);
  } catch {
    return keys;
  }
  for (const exp of experiments.sort()) {
    let ids: string[];
    try {
      ids = readdirSync(join(runsDir, exp), { withFileTypes: true })
        .filter((d) => d.isDirectory() && isValidRunId(d.name))
        .map((d) => d.name);
    } catch {
      continue;
    }
    for (const id of ids.sort()) {
      if (mtimeMs(join(runsDir, exp, id, RUN_FILE)) >= 0) keys.push(runKey(exp, id));
    }
  }
  return keys;
}

/** The CALVIN split a resolved spec trains on, from its dataset paths (task_ABCD_D / task_ABC_D). */
export function calvinSplitOf(spec: unknown): 'ABCD_D' | 'ABC_D' | undefined {
  const text = JSON.stringify((spec as { data?: unknown } | undefined)?.data ?? '');
  if (/task_ABCD_D/i.test(text)) return 'ABCD_D';
  if (/task_ABC_D/i.test(text)) return 'ABC_D';
  return undefined;
}

/** Statuses that may still change (queued or running): the views refresh while a run has one. */
export const ACTIVE_STATUSES: ReadonlySet<string> = UNFINISHED;
