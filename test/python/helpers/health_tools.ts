/**
 * The TypeScript side of the training-health cross-check (test/python/test_training_health.py):
 * reads a list of runs on stdin, each a list of [name, step, value] scalars in logged order, and
 * prints the warnings core/health/monitor.ts raises for each, as [[code, step], …] per run.
 * Run as `node --import tsx test/python/helpers/health_tools.ts`.
 */
import { readFileSync } from 'node:fs';
import { ScalarHealthMonitor } from '../../../extension/core/health/monitor';
import type { RunEvent } from '../../../extension/core/generated/events';

const runs = JSON.parse(readFileSync(0, 'utf8')) as [string, number, number | null][][];
process.stdout.write(
  JSON.stringify(
    runs.map((scalars) => {
      const events = scalars.map(([name, step, value]): RunEvent => ({ v: 1, type: 'scalar', t: 0, name, step, value }));
      return new ScalarHealthMonitor().add(events).map((w) => [w.code, w.step]);
    }),
  ),
);
