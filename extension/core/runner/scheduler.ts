/**
 * Which queued runs start now: pure functions over the queue, the runs holding GPUs and the
 * machine's GPUs, so every policy is testable with fake GPU lists.
 *
 * Policy: higher `priority` first, FIFO among equals (by enqueue sequence). Local runs start in
 * that order and a run that cannot start yet blocks the local runs behind it (no starvation of a
 * run waiting for several GPUs). Slurm runs never wait locally: Slurm queues them itself; nor do
 * runs of the hosts launcher, whose processes run on other machines.
 */
import type { GpuInfo } from './gpus';

/** Launchers whose processes (and GPUs) are on other machines: nothing of this machine's is held. */
export function runsElsewhere(launcher: string | undefined): boolean {
  return launcher === 'slurm' || launcher === 'hosts';
}

export interface QueueEntry {
  experiment: string;
  id: string;
  priority: number;
  /** GPUs per node requested (0 = CPU). */
  gpus: number;
  launcher: 'local' | 'torchrun' | 'slurm' | 'hosts';
  /** Enqueue order: milliseconds since the epoch × 1000 + a counter, FIFO among equal priorities. */
  seq: number;
  enqueued_at: string;
  /** The interpreter to launch with, resolved from the user's configuration when queued (trust.ts). */
  python?: string;
  /** The worker's working directory when not the run directory (backend robovlms: the checkout). */
  workdir?: string;
  /** HMAC of the fields above with the user's queue key (trust.ts): entries without a valid one never start. */
  sig?: string;
}

export interface ActiveRun {
  key: string;
  gpus: number[];
  launcher: QueueEntry['launcher'];
}

export interface PlanInput {
  pending: QueueEntry[];
  active: ActiveRun[];
  gpus: GpuInfo[];
  /** Most local runs at once (default: 1 on a CPU-only machine, the GPU count otherwise). */
  maxConcurrent?: number;
  /** Most CPU-only (gpus 0) local runs at once (default 1: they share the cores). */
  maxCpuRuns?: number;
  /** A GPU with more memory in use than this (MiB) counts as busy even if no run of ours holds it. */
  busyMemoryMiB?: number;
}

export interface PlannedStart {
  entry: QueueEntry;
  gpus: number[];
}
export interface Impossible {
  entry: QueueEntry;
  reason: string;
}

export function entryKey(e: { experiment: string; id: string }): string {
  return `${e.experiment}@${e.id}`;
}

export function orderQueue<T extends Pick<QueueEntry, 'priority' | 'seq' | 'experiment' | 'id'>>(entries: readonly T[]): T[] {
  return [...entries].sort(
    (a, b) => b.priority - a.priority || a.seq - b.seq || (entryKey(a) < entryKey(b) ? -1 : entryKey(a) > entryKey(b) ? 1 : 0),
  );
}

function defaultConcurrency(gpuCount: number): number {
  return Math.max(1, gpuCount);
}

/** GPUs no active run holds (and, with a threshold, not visibly used by someone else), lowest index first. */
export function freeGpus(gpus: GpuInfo[], active: ActiveRun[], busyMemoryMiB?: number): number[] {
  const held = new Set(active.flatMap((a) => (runsElsewhere(a.launcher) ? [] : a.gpus)));
  return gpus
    .filter((g) => !held.has(g.index) && (busyMemoryMiB === undefined || g.memoryUsedMiB <= busyMemoryMiB))
    .map((g) => g.index)
    .sort((a, b) => a - b);
}

export function planStarts(input: PlanInput): { starts: PlannedStart[]; impossible: Impossible[] } {
  const starts: PlannedStart[] = [];
  const impossible: Impossible[] = [];
  const local = input.active.filter((a) => !runsElsewhere(a.launcher));
  let running = local.length;
  let cpuRunning = local.filter((a) => a.gpus.length === 0).length;
  const maxConcurrent = input.maxConcurrent ?? defaultConcurrency(input.gpus.length);
  const maxCpu = input.maxCpuRuns ?? 1;
  const free = freeGpus(input.gpus, input.active, input.busyMemoryMiB);
  let blocked = false;
  for (const entry of orderQueue(input.pending)) {
    if (runsElsewhere(entry.launcher)) {
      starts.push({ entry, gpus: [] });
      continue;
    }
    if (entry.gpus > input.gpus.length) {
      impossible.push({
        entry,
        reason: `it asks for ${entry.gpus} GPU${entry.gpus === 1 ? '' : 's'} and this machine has ${input.gpus.length}`,
      });
      continue;
    }
    if (blocked) continue;
    const fits = running < maxConcurrent && (entry.gpus === 0 ? cpuRunning < maxCpu : free.length >= entry.gpus);
    if (!fits) {
      blocked = true;
      continue;
    }
    const take = free.splice(0, entry.gpus);
    starts.push({ entry, gpus: take });
    running++;
    if (entry.gpus === 0) cpuRunning++;
  }
  return { starts, impossible };
}
