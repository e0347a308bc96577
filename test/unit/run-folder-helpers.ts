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
