/**
 * The run queue on disk, `runs/.queue/`, shared by every process that looks at the runs
 * directory (CLI invocations, the editor, supervisors):
 *
 *   pending/<experiment>@<run-id>.json   waiting (QueueEntry)
 *   active/<experiment>@<run-id>.json    claimed and launched, with the GPUs it holds
 *   .lock                                held while one process decides and claims
 *
 * Claiming is `rename(pending/x, active/x)`: atomic, so of two consumers that pick the same run
 * exactly one succeeds. Scheduling decisions happen under `.lock` (a pid + start-time lock file
 * that a crashed holder cannot keep), so two consumers never hand the same GPU to two runs.
 * Everything is files: the queue survives restarts of the editor, the CLI and the machine.
 *
 * Entries are signed with the user's queue key (trust.ts). Only entries this user queued on this
 * machine start; others (a copied or committed runs folder) wait until the user adopts them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GpuInfo } from './gpus';
import { withLock } from './lock';
import { writeJsonAtomic } from './record';
import { entryKey, planStarts, type ActiveRun, type Impossible, type PlannedStart, type QueueEntry } from './scheduler';
import { safeJoin } from './paths';
import { isOwnEntry, signEntry, userSecret } from './trust';

export interface QueueDirs {
  root: string;
  pending: string;
  active: string;
  lock: string;
}

export function queueDirs(runsRoot: string): QueueDirs {
  const root = safeJoin(runsRoot, '.queue');
  return { root, pending: path.join(root, 'pending'), active: path.join(root, 'active'), lock: path.join(root, '.lock') };
}

function ensure(q: QueueDirs): void {
  fs.mkdirSync(q.pending, { recursive: true });
  fs.mkdirSync(q.active, { recursive: true });
}

let seqCounter = 0;
export function nextSeq(): number {
  seqCounter = (seqCounter + 1) % 1000;
  return Date.now() * 1000 + seqCounter;
}

function readEntries<T>(dir: string): { file: string; entry: T }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: { file: string; entry: T }[] = [];
  for (const n of names) {
    if (!n.endsWith('.json') || n.startsWith('.')) continue;
    try {
      out.push({ file: path.join(dir, n), entry: JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8')) as T });
    } catch {
      /* being written (temp files start with '.') or removed meanwhile */
    }
  }
  return out;
}

export interface ActiveEntry extends QueueEntry {
  assigned_gpus: number[];
  claimed_by: number;
  claimed_at: string;
}

/** Writes a pending entry, signed with the user's queue key (`env` finds the key). */
export function enqueue(runsRoot: string, entry: QueueEntry, env: NodeJS.ProcessEnv = process.env): void {
  const q = queueDirs(runsRoot);
  ensure(q);
  writeJsonAtomic(path.join(q.pending, `${entryKey(entry)}.json`), signEntry(entry, userSecret(env)));
}

/** Pending entries this user did not queue on this machine (no valid signature): they never start on their own. */
export function listForeign(runsRoot: string, env: NodeJS.ProcessEnv = process.env): QueueEntry[] {
  const secret = userSecret(env);
  return listPending(runsRoot).filter((e) => !isOwnEntry(e, secret));
}

export function listPending(runsRoot: string): QueueEntry[] {
  return readEntries<QueueEntry>(queueDirs(runsRoot).pending).map((e) => e.entry);
}

export function listActive(runsRoot: string): ActiveEntry[] {
  return readEntries<ActiveEntry>(queueDirs(runsRoot).active).map((e) => e.entry);
}

/** Removes a waiting entry; false when it was not waiting (already claimed, or never queued). */
export function removePending(runsRoot: string, key: string): boolean {
  try {
    fs.unlinkSync(path.join(queueDirs(runsRoot).pending, `${key}.json`));
    return true;
  } catch {
    return false;
  }
}

/** Drops an active entry (the run ended). */
export function release(runsRoot: string, key: string): void {
  fs.rmSync(path.join(queueDirs(runsRoot).active, `${key}.json`), { force: true });
}

/** Atomically moves pending → active. Exactly one of several concurrent callers gets true. */
function claim(runsRoot: string, key: string): boolean {
  const q = queueDirs(runsRoot);
  try {
    fs.renameSync(path.join(q.pending, `${key}.json`), path.join(q.active, `${key}.json`));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

export interface ScheduleOptions {
  gpus: GpuInfo[];
  maxConcurrent?: number;
  maxCpuRuns?: number;
  busyMemoryMiB?: number;
  /** Is the run behind an active entry still starting/running? Entries of ended runs are released. */
  isActive: (entry: ActiveEntry) => boolean;
  /** Launches a claimed run (must return quickly: spawn a supervisor). Throwing marks it failed via onLaunchError. */
  launch: (entry: QueueEntry, gpus: number[]) => void;
  onLaunchError?: (entry: QueueEntry, error: unknown) => void;
  onImpossible?: (item: Impossible) => void;
  /** Where the user's queue key is found (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
}

/**
 * One scheduling pass under the queue lock: release ended runs, plan, claim and launch. Returns
 * what was started. Safe to call from any number of processes at once.
 */
export function scheduleOnce(runsRoot: string, opts: ScheduleOptions): PlannedStart[] {
  const q = queueDirs(runsRoot);
  ensure(q);
  const secret = userSecret(opts.env ?? process.env);
  return withLock(q.lock, () => {
    const active: ActiveRun[] = [];
    for (const a of listActive(runsRoot)) {
      if (!isOwnEntry(a, secret)) continue; // not ours: holds nothing, and is not ours to remove
      if (opts.isActive(a)) active.push({ key: entryKey(a), gpus: a.assigned_gpus ?? [], launcher: a.launcher });
      else release(runsRoot, entryKey(a));
    }
    const own = listPending(runsRoot).filter((e) => isOwnEntry(e, secret));
    const plan = planStarts({
      pending: own,
      active,
      gpus: opts.gpus,
      maxConcurrent: opts.maxConcurrent,
      maxCpuRuns: opts.maxCpuRuns,
      busyMemoryMiB: opts.busyMemoryMiB,
    });
    const started: PlannedStart[] = [];
    for (const item of plan.impossible) {
      if (!claim(runsRoot, entryKey(item.entry))) continue;
      release(runsRoot, entryKey(item.entry));
      opts.onImpossible?.(item);
    }
    for (const s of plan.starts) {
      const key = entryKey(s.entry);
      if (!claim(runsRoot, key)) continue;
      const active: ActiveEntry = { ...s.entry, assigned_gpus: s.gpus, claimed_by: process.pid, claimed_at: new Date().toISOString() };
      writeJsonAtomic(path.join(q.active, `${key}.json`), active);
      try {
        opts.launch(s.entry, s.gpus);
        started.push(s);
      } catch (e) {
        release(runsRoot, key);
        opts.onLaunchError?.(s.entry, e);
      }
    }
    return started;
  });
}
