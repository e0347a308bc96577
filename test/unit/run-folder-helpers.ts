/**
 * Run folders written straight to disk for the unit tests that read them (the Runs view, Compare,
 * `vla-lab compare`, the probe command, the training-health display): runs/<experiment>/<id>/ with
 * run.json, events.jsonl and, when given, spec.json, in the layout of docs/runs.md. The e2e tests
 * have their own, schema-checked fixtures (test/e2e/fixtures.ts).
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunFolder {
  /** run.json's fields over a completed local built-in run's (v, id, experiment, status, backend, launcher, created_at). */
  record?: Record<string, unknown>;
  /** spec.json; none written when absent. */
  spec?: object;
  /** Events appended to events.jsonl (created empty when there are none), each with `v: 1`. */
  events?: object[];
}

/** Writes runs/<exp>/<id>/ under `runs` and returns its path. */
export function writeRunFolder(runs: string, exp: string, id: string, { record = {}, spec, events = [] }: RunFolder = {}): string {
  const dir = join(runs, exp, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'run.json'),
    JSON.stringify({
      v: 1,
      id,
      experiment: exp,
      status: 'completed',
      backend: 'builtin',
      launcher: 'local',
      created_at: '2024-01-01T00:00:00Z',
      ...record,
    }),
  );
  if (spec !== undefined) writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  appendFileSync(join(dir, 'events.jsonl'), events.map((e) => JSON.stringify({ v: 1, ...e }) + '\n').join(''));
  return dir;
}

type TaskCounts = Record<string, { success: number; total: number }>;

/**
 * A single-task evaluation's `eval_result` event (one chain of length 1 per episode) of the
 * checkpoint at `step` (default 1): `task_info` holds the successes; `chainRate` (avg_seq_len and
 * chain_sr[1]) defaults to their overall rate.
 */
export function singleTaskEvalResult(opts: {
  protocol: Record<string, unknown>;
  episodes: number;
  taskInfo: TaskCounts;
  chainRate?: number;
  resultsPath?: string;
  step?: number;
}): object {
  const counts = Object.values(opts.taskInfo);
  const rate = opts.chainRate ?? counts.reduce((n, c) => n + c.success, 0) / counts.reduce((n, c) => n + c.total, 0);
  const step = opts.step ?? 1;
  return {
    type: 'eval_result',
    t: step,
    benchmark: 'playtable',
    checkpoint: `checkpoints/step-${step}.pt`,
    step,
    protocol: opts.protocol,
    num_chains: opts.episodes,
    chain_length: 1,
    ...(opts.resultsPath ? { results_path: opts.resultsPath } : {}),
    avg_seq_len: rate,
    chain_sr: { 1: rate },
    task_info: opts.taskInfo,
  };
}

/** Protocol tags of a long-horizon evaluation (Playtable 3, ABCD->D): 100 five-task chains, or each task alone. */
export const LONG_HORIZON_CHAINS = {
  benchmark: 'playtable',
  benchmark_version: '3+abc',
  split: 'ABCD->D',
  chains: 100,
  chain_length: 5,
  episodes: 100,
  seed: 1000,
};
export const LONG_HORIZON_ALONE = { benchmark: 'playtable', benchmark_version: '3+abc', split: 'ABCD->D', chain_length: 1, seed: 2000 };

/**
 * A chain evaluation's `eval_result` event of the checkpoint at `step`: its average length, success
 * at 1 (default: the average length, capped at 1) and each task's successes inside the chains.
 */
export function chainEvalResult(opts: {
  step: number;
  avgLen: number;
  protocol?: Record<string, unknown>;
  taskInfo?: TaskCounts;
  firstRate?: number;
  resultsPath?: string;
}): object {
  const protocol = opts.protocol ?? LONG_HORIZON_CHAINS;
  return {
    type: 'eval_result',
    t: opts.step,
    benchmark: 'playtable',
    checkpoint: `checkpoints/step-${opts.step}.pt`,
    step: opts.step,
    protocol,
    num_chains: protocol.chains,
    chain_length: protocol.chain_length,
    ...(opts.resultsPath ? { results_path: opts.resultsPath } : {}),
    avg_seq_len: opts.avgLen,
    chain_sr: { 1: opts.firstRate ?? Math.min(1, opts.avgLen) },
    task_info: opts.taskInfo ?? {},
  };
}
