/**
 * The TypeScript side of the training-health cross-check (test/python/test_training_health.py):
 * reads a list of runs on stdin, each a list of [name, step, value] scalars in logged order, or
 * {"grad_clip": clip, "scalars": [...]} for a run whose gradient clip is known, and prints the
 * warnings core/health/monitor.ts raises for each, as [[code, step, advice], …] per run.
 * Run as `node --import tsx test/python/helpers/health_tools.ts`.
 */
import { readFileSync } from 'node:fs';
import { ScalarHealthMonitor } from '../../../extension/core/health/monitor';
import type { RunEvent } from '../../../extension/core/generated/events';

type Scalars = [string, number, number | null][];
const runs = JSON.parse(readFileSync(0, 'utf8')) as (Scalars | { grad_clip: number | null; scalars: Scalars })[];
process.stdout.write(
  JSON.stringify(
    runs.map((run) => {
      const { grad_clip: clip, scalars } = Array.isArray(run) ? { grad_clip: null, scalars: run } : run;
      const events = scalars.map(([name, step, value]): RunEvent => ({ v: 1, type: 'scalar', t: 0, name, step, value }));
      return new ScalarHealthMonitor([], clip).add(events).map((w) => [w.code, w.step, w.advice]);
    }),
  ),
);
