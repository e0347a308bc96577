// bench/gpu_check.py runs on a GPU machine that may have no Node: it reads the cost model's estimate
// for bench/gpu-check.vla.json from bench/gpu-check.expected.json. This test keeps that copy equal
// to what core/spec/cost.ts computes (regenerate: UPDATE_GPU_CHECK_EXPECTED=1 node --import tsx --test test/unit/gpu-check-expected.test.ts).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { estimateCost } from '../../extension/core/spec/cost';

const BENCH = join(__dirname, '..', '..', 'bench');

test("bench/gpu-check.expected.json is the cost model's estimate for bench/gpu-check.vla.json", () => {
  const spec = JSON.parse(readFileSync(join(BENCH, 'gpu-check.vla.json'), 'utf8'));
  const c = estimateCost(spec)!;
  assert.ok(c.exact, 'the built-in preset is counted exactly');
  const want = {
    params: c.params.total,
    memory_total_bytes: c.memory.total,
    memory_activations_bytes: c.memory.activations,
    vocabulary: c.vocabulary,
  };
  const file = join(BENCH, 'gpu-check.expected.json');
  if (process.env.UPDATE_GPU_CHECK_EXPECTED) writeFileSync(file, JSON.stringify(want, null, 2) + '\n');
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), want);
  assert.ok(c.params.total > 250e6 && c.params.total < 400e6, `the ~300M preset: ${c.params.total}`);
});
