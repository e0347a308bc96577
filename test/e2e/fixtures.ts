/**
 * Finished runs written straight to disk in the layout of docs/runs.md, for scenarios that look at
 * results without needing a trainer: runs/<experiment>/<run-id>/ with spec.json (the resolved
 * spec), run.json (schemas/run.schema.json) and events.jsonl (schemas/events.schema.json), plus any
 * media files. Every record is checked against its schema before it is written, so a fixture can
 * never drift from what the trainer and the runner really write.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { eventProblem } from '../../extension/core/events/validate';
import type { RunEvent } from '../../extension/core/generated/events';
import type { RunRecord } from '../../extension/core/generated/run';
import { expandSweep, diskContext, resolveSpec, specHash } from '../../extension/core/spec';
import runSchema from '../../schemas/run.schema.json';
import { REPO } from './harness';

export interface FixtureRun {
  experiment: string;
  id: string;
  /** The spec as a user wrote it (resolved with the runner's defaults before it is written). */
  spec: Record<string, unknown>;
  status?: RunRecord['status'];
  sweep?: RunRecord['sweep'];
  /** Training curve: the final train/val losses are what Compare shows. */
  trainLoss: number[];
  valLoss?: number[];
  /** One playtable evaluation at the end (chain length 1): avg len = success rate. */
  success?: number;
  /** Media files: path in the run directory → source file to copy, with its event's fields. */
  media?: { path: string; from: string; event: Omit<Extract<RunEvent, { type: 'media' }>, 'v' | 'type' | 't' | 'path'> }[];
}

const validateRecord = (() => {
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  return ajv.compile(runSchema);
})();

/** The events a finished run of `r` would have written, oldest first. */
export function fixtureEvents(r: FixtureRun, t0: number): RunEvent[] {
  const steps = r.trainLoss.length;
  const logEvery = 20;
  const total = steps * logEvery;
  const out: RunEvent[] = [
    {
      v: 1,
      type: 'run_start',
      t: t0,
      run_id: r.id,
      spec_hash: specHash(resolveSpec(r.spec)),
      host: 'e2e',
      device: 'cpu',
      versions: { python: '3.11', torch: '2.1' },
    },
  ];
  r.trainLoss.forEach((loss, i) => {
    const step = (i + 1) * logEvery;
    const t = t0 + 1 + i;
    out.push({ v: 1, type: 'scalar', t, step, name: 'train/loss', value: loss });
    out.push({ v: 1, type: 'scalar', t, step, name: 'train/lr', value: 0.001 });
    const val = r.valLoss?.[i];
    if (val !== undefined) out.push({ v: 1, type: 'scalar', t, step, name: 'val/loss', value: val });
    out.push({ v: 1, type: 'progress', t, step, total, phase: 'train' });
  });
  const tEnd = t0 + steps + 2;
  out.push({ v: 1, type: 'checkpoint', t: tEnd, step: total, path: `checkpoints/step-${String(total).padStart(7, '0')}.pt`, tag: 'final' });
  if (r.success !== undefined) {
    const chains = 10;
    const ok = Math.round(r.success * chains);
    out.push({
      v: 1,
      type: 'eval_result',
      t: tEnd + 1,
      benchmark: 'playtable',
      checkpoint: 'final',
      step: total,
      num_chains: chains,
      chain_length: 1,
      avg_seq_len: ok / chains,
      chain_sr: { 1: ok / chains },
      task_info: { open_drawer: { success: ok, total: chains } },
    });
  }
  for (const m of r.media ?? []) out.push({ v: 1, type: 'media', t: tEnd + 2, path: m.path, ...m.event });
  out.push({
    v: 1,
    type: 'run_end',
    t: tEnd + 3,
    status: r.status === 'failed' ? 'failed' : 'completed',
    step: total,
    ...(r.status === 'failed' ? { error: 'RuntimeError: e2e fixture', error_kind: 'exception' as const } : {}),
  });
  return out;
}

/** Writes the run under `<workspace>/runs/`; returns its key `<experiment>/<run-id>`. */
export function writeRun(workspace: string, r: FixtureRun, t0 = Date.UTC(2025, 0, 15, 9, 0, 0) / 1000): string {
  const dir = join(workspace, 'runs', r.experiment, r.id);
  mkdirSync(dir, { recursive: true });
  const spec = resolveSpec({ ...r.spec, name: r.experiment });
  const iso = (t: number) => new Date(t * 1000).toISOString();
  const events = fixtureEvents(r, t0);
  const record: RunRecord = {
    v: 1,
    id: r.id,
    experiment: r.experiment,
    status: r.status ?? 'completed',
    kind: 'train',
    backend: 'builtin',
    launcher: 'local',
    created_at: iso(t0),
    started_at: iso(t0),
    ended_at: iso(events[events.length - 1].t),
    exit_code: r.status === 'failed' ? 1 : 0,
    error: r.status === 'failed' ? 'exited with code 1: RuntimeError: e2e fixture' : null,
    gpus: [],
    spec_hash: specHash(spec),
    ...(r.sweep ? { sweep: r.sweep } : {}),
  };
  if (!validateRecord(record))
    throw new Error(`fixture run.json of ${r.experiment}/${r.id} breaks the run schema: ${JSON.stringify(validateRecord.errors?.[0])}`);
  for (const e of events) {
    const problem = eventProblem(e);
    if (problem) throw new Error(`fixture event of ${r.experiment}/${r.id} breaks the events schema: ${problem}`);
  }
  for (const m of r.media ?? []) {
    mkdirSync(dirname(join(dir, m.path)), { recursive: true });
    copyFileSync(m.from, join(dir, m.path));
  }
  writeFileSync(join(dir, 'spec.json'), `${JSON.stringify(spec, null, 2)}\n`);
  writeFileSync(join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  // run.json last: a run directory without it is still being created, and readers skip it.
  writeFileSync(join(dir, 'run.json'), `${JSON.stringify(record, null, 2)}\n`);
  return `${r.experiment}/${r.id}`;
}

/** A decreasing loss curve from `start` to about `end` over `n` logged points (deterministic wobble). */
export function lossCurve(start: number, end: number, n = 12): number[] {
  return Array.from({ length: n }, (_, i) => {
    if (i === n - 1) return end;
    const k = i / (n - 1);
    const v = end + (start - end) * Math.exp(-4 * k) + 0.01 * Math.sin(i * 1.7) * (1 - k);
    return Number(v.toFixed(4));
  });
}

/** The spec of examples/<name>. */
export function exampleSpec(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO, 'examples', name), 'utf8')) as Record<string, unknown>;
}

export interface SweepFixture {
  sweepId: string;
  experiment: string;
  axes: Record<string, unknown[]>;
  /** One per valid point, in the sweep's order. */
  runs: { key: string; point: Record<string, unknown>; trainLoss: number; success: number | null; status: RunRecord['status'] }[];
}

/**
 * The runs a launched sweep of examples/<specFile> leaves behind once finished: the example's
 * points (core's own expansion, so dropped and excluded points are left out as the runner does),
 * each a run of the experiment with the sweep's id, index and point in run.json. Metrics differ
 * per point (`metric(index)`); the point at `failedIndex` failed before evaluating.
 */
export function writeSweep(
  workspace: string,
  specFile: string,
  metric: (index: number) => { trainLoss: number; success: number },
  failedIndex?: number,
): SweepFixture {
  const base = exampleSpec(specFile);
  const expansion = expandSweep(base, diskContext(join(REPO, 'examples')));
  if (expansion.points.length < 4)
    throw new Error(`examples/${specFile} expands to ${expansion.points.length} valid points: a matrix needs more`);
  const experiment = base.name as string;
  const sweepId = 'sweep-20250115-090000';
  const runs: SweepFixture['runs'] = expansion.points.map((p, index) => {
    const m = metric(index);
    const failed = index === failedIndex;
    const id = `20250115-0900${String(index).padStart(2, '0')}-${(0xa000 + index).toString(16)}`;
    const key = writeRun(workspace, {
      experiment,
      id,
      spec: p.spec,
      status: failed ? 'failed' : 'completed',
      sweep: { id: sweepId, index, point: p.assignments },
      trainLoss: lossCurve(1.2, m.trainLoss, failed ? 4 : 12),
      success: failed ? undefined : m.success,
    });
    return {
      key,
      point: p.assignments,
      trainLoss: m.trainLoss,
      success: failed ? null : m.success,
      status: failed ? 'failed' : 'completed',
    };
  });
  return { sweepId, experiment, axes: (base.sweep as { axes: Record<string, unknown[]> }).axes, runs };
}
