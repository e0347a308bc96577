/**
 * The TypeScript side of the Python cross-checks: reads {"resolve": [spec…], "cost": [spec…],
 * "wilson": [[success, total]…], "avgLen": [[chainSr, chains, mean]…]} on stdin and prints what
 * resolveSpec, estimateCost, wilsonInterval and avgLenInterval answer, as JSON. Run as `node --import tsx test/python/helpers/spec_tools.ts`
 * (test_cost_model.py, test_spec_resolve.py, test_eval_report.py).
 */
import { readFileSync } from 'node:fs';
import { estimateCost, resolveSpec, unknownCost } from '../../../extension/core/spec';
import { wilsonInterval } from '../../../extension/core/metrics/success';
import { avgLenInterval } from '../../../extension/core/metrics/checkpoint-curve';

const input = JSON.parse(readFileSync(0, 'utf8')) as {
  resolve?: unknown[];
  cost?: unknown[];
  wilson?: [number, number][];
  avgLen?: [Record<string, number>, number, number][];
};
process.stdout.write(
  JSON.stringify({
    resolve: (input.resolve ?? []).map((s) => resolveSpec(s)),
    // a spec without an estimate: why, when it is an hf: backbone without local weights
    cost: (input.cost ?? []).map((s) => estimateCost(s) ?? (unknownCost(s) ? { unknown: unknownCost(s) } : null)),
    wilson: (input.wilson ?? []).map(([success, total]) => {
      const w = wilsonInterval(success, total);
      return [w.low, w.high];
    }),
    avgLen: (input.avgLen ?? []).map(([chainSr, chains, mean]) => {
      const iv = avgLenInterval(chainSr, chains, mean);
      return [iv.low, iv.high];
    }),
  }),
);
