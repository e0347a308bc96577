// The CLI's results table (vla-lab run / show): a single-task evaluation is per-task success rates
// with intervals, only chains get success at 1..N and an average length.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evalHeadline, evalTable } from '../../extension/core/runner/format';
import type { EvalResultEvent } from '../../extension/core/generated/events';

const base = { v: 1, type: 'eval_result', t: 1, benchmark: 'playtable', checkpoint: 'step-0004500.pt' } as const;
const single = {
  ...base,
  chain_length: 1,
  num_chains: 40,
  avg_seq_len: 0.9,
  chain_sr: { 1: 0.9 },
  task_info: { open_drawer: { success: 20, total: 20 }, move_slider_left: { success: 16, total: 20 } },
} as unknown as EvalResultEvent;
const chains = {
  ...base,
  chain_length: 5,
  num_chains: 100,
  avg_seq_len: 1.97,
  chain_sr: { 1: 0.8, 2: 0.5, 3: 0.4, 4: 0.2, 5: 0.07 },
  task_info: {},
} as unknown as EvalResultEvent;

test('a single-task evaluation prints success rates per task with Wilson intervals, no average length', () => {
  const text = evalTable([single]).join('\n');
  assert.doesNotMatch(text, /avg len/);
  assert.match(text, /single tasks/);
  assert.match(text, /move_slider_left\s+16\/20 · 80% \(95% CI 58–92%\)/);
  assert.match(text, /all tasks\s+36\/40 · 90%/);
  assert.match(evalHeadline(single), /^success 36\/40 · 90% .* over 2 task\(s\)$/);
});

test('a chain evaluation prints success at 1..5 and the average length', () => {
  const text = evalTable([chains]).join('\n');
  assert.match(text, /avg len/);
  assert.match(text, /1\.97/);
  assert.equal(evalHeadline(chains), 'avg len 1.97 over 100 chains');
  const both = evalTable([single, chains]).join('\n');
  assert.match(both, /single tasks/);
  assert.match(both, /1\.97/);
});
