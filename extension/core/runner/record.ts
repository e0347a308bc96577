/**
 * run.json (schemas/run.schema.json): read, write atomically (temp file + rename, so a reader
 * never sees half a record and a crash never leaves one), and update under a lock so the
 * supervisor, the CLI and the editor can all change it without losing each other's fields.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../generated/run';
import { withLock } from './lock';
import layout from '../../../schemas/run-layout.json';
import { RUN_FILES } from './paths';

export type { RunRecord };
export type RunStatus = RunRecord['status'];
// The status sets (schemas/run-layout.json owns them):
/** Never changes again. */
export const TERMINAL: ReadonlySet<RunStatus> = new Set(layout.statuses.terminal as RunStatus[]);
/** A process is (or should be) alive: what a reader checks against the pids. */
export const ACTIVE: ReadonlySet<RunStatus> = new Set(layout.statuses.running as RunStatus[]);
/** May still change: queued, or running (the runs view refreshes while one is). */
export const UNFINISHED: ReadonlySet<RunStatus> = new Set(layout.statuses.unfinished as RunStatus[]);

export function nowIso(): string {
  return new Date().toISOString();
}

/** Writes JSON atomically: a temp file in the same directory, fsync, then rename over the target. */
export function writeJsonAtomic(file: string, value: unknown): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, JSON.stringify(value, null, 2) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

function recordPath(runDir: string): string {
  return path.join(runDir, RUN_FILES.record);
}

/** The run record, or null when the directory holds none (or an unreadable one). */
export function readRecord(runDir: string): RunRecord | null {
  try {
    const r = JSON.parse(fs.readFileSync(recordPath(runDir), 'utf8')) as RunRecord;
    return r && typeof r === 'object' && r.v === 1 && typeof r.id === 'string' ? r : null;
  } catch {
    return null;
  }
}

/** Why the folder's run.json cannot be read (null: it can, or there is none yet — a run being created). */
export function recordProblem(runDir: string): string | null {
  let text: string;
  try {
    text = fs.readFileSync(recordPath(runDir), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? null : `cannot be read (${code ?? (e as Error).message})`;
  }
  let r: unknown;
  try {
    r = JSON.parse(text);
  } catch {
    return 'is not valid JSON';
  }
  const rec = r as Partial<RunRecord> | null;
  if (!rec || typeof rec !== 'object' || rec.v !== 1 || typeof rec.id !== 'string')
    return 'is not a VLA Lab run record (no "v": 1 and "id")';
  return null;
}

export function writeRecord(runDir: string, record: RunRecord): void {
  writeJsonAtomic(recordPath(runDir), record);
}

/**
 * Read-modify-write under run.json's lock. `fn` returns the new record (or mutates and returns
 * the one it is given); returning null leaves the file as it is.
 */
export function updateRecord(runDir: string, fn: (r: RunRecord) => RunRecord | null): RunRecord | null {
  return withLock(path.join(runDir, '.run.json.lock'), () => {
    const current = readRecord(runDir);
    if (!current) return null;
    const next = fn(current);
    if (next) writeRecord(runDir, next);
    return next ?? current;
  });
}
