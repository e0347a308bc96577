/**
 * The TypeScript side of the Python cross-checks: reads {"resolve": [spec…], "cost": [spec…]} on
 * stdin and prints {"resolve": [resolveSpec(spec)…], "cost": [estimateCost(spec)…]} as JSON.
 * Run as `node --import tsx test/python/helpers/spec_tools.ts` (test_cost_model.py, test_spec_resolve.py).
 */
import { readFileSync } from 'node:fs';
import { estimateCost, resolveSpec } from '../../../extension/core/spec';

const input = JSON.parse(readFileSync(0, 'utf8')) as { resolve?: unknown[]; cost?: unknown[] };
process.stdout.write(JSON.stringify({
  resolve: (input.resolve ?? []).map((s) => resolveSpec(s)),
  cost: (input.cost ?? []).map((s) => estimateCost(s) ?? null),
}));
