/**
 * A single-task evaluation (chain length 1) is shown as per-task success rates with episode counts
 * and 95% Wilson intervals — never as a chain result (success at 1..N, average length) — in the
 * Results panel's table model, the compare model and `vla-lab show`.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatSuccess, successByTask, wilsonInterval } from '../../extension/core/metrics/success';
import type { EvalResult, RunSummary } from '../../extension/shared/messages/results';
import { runMetrics } from '../../extension/vscode/panels/compare-model';
import { buildChainTable, buildSingleTaskTable, buildTaskTable } from '../../webview/src/results/table';
import { tempDir } from './tmp-helpers';

const run = (key: string): RunSummary => ({ key, experiment: key.split('/')[0], id: key.split('/')[1], status: 'completed' });
const single = (over: Partial<EvalResult> = {}): EvalResult => ({
  benchmark: 'playtable',
  checkpoint: 'checkpoints/final.pt',
  chainLength: 1,
  numChains: 40,
  avgLen: 0.6,
  chainSr: { 1: 0.6 },
  taskInfo: { open_drawer: { success: 17, total: 20 }, close_drawer: { success: 7, total: 20 } },
  t: 2,
  ...over,
});
const chain = (over: Partial<EvalResult> = {}): EvalResult => ({
  benchmark: 'playtable',
  checkpoint: 'checkpoints/final.pt',
  chainLength: 5,
  numChains: 10,
  avgLen: 2.1,
  chainSr: { 1: 0.9, 2: 0.6, 3: 0.4, 4: 0.1, 5: 0.1 },
  taskInfo: { open_drawer: { success: 9, total: 10 } },
  t: 1,
  ...over,
});

test('Wilson interval: known values, inside [0, 1], never zero-width at 0/n or n/n', () => {
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-4, `${a} ≈ ${b}`);
  const w = wilsonInterval(17, 20);
  close(w.low, 0.6396);
  close(w.high, 0.9476);
  close(wilsonInterval(0, 10).high, 0.2775);
  close(wilsonInterval(10, 10).low, 0.7225);
  assert.deepEqual(wilsonInterval(0, 0), { low: 0, high: 1 });
});

test('a single-task evaluation is not a chain row: it gets its own per-task table with counts and intervals', () => {
  const evals = new Map([['e/a', [chain(), single()]]]);
  const chains = buildChainTable([run('e/a')], evals, (k) => k);
  assert.equal(chains.rows.length, 1, 'only the chain evaluation is a chain row');
  assert.equal(chains.rows[0].avgLen, 2.1);
  const s = buildSingleTaskTable([run('e/a')], evals, (k) => k);
  assert.deepEqual(
    s.columns.map((c) => c.label),
    ['e/a'],
  );
  assert.deepEqual(
    s.rows.map((r) => r.task),
    ['close_drawer', 'open_drawer', 'all tasks'],
  );
  assert.deepEqual(
    s.rows.map((r) => formatSuccess(r.cells[0]!)),
    ['7/20 · 35% (95% CI 18–57%)', '17/20 · 85% (95% CI 64–95%)', '24/40 · 60% (95% CI 45–74%)'],
  );
  const perTask = buildTaskTable([run('e/a')], evals, (k) => k);
  assert.deepEqual(
    perTask.rows.map((r) => r.task),
    ['open_drawer'],
    'the in-chain breakdown comes from the chain evaluation only',
  );
});

test('only single-task evaluations: no chain table at all', () => {
  const evals = new Map([
    ['e/a', [single()]],
    ['e/b', [single({ taskInfo: { open_drawer: { success: 2, total: 20 } } })]],
  ]);
  assert.equal(buildChainTable([run('e/a'), run('e/b')], evals, (k) => k).rows.length, 0);
  const s = buildSingleTaskTable([run('e/a'), run('e/b')], evals, (k) => k);
  assert.equal(s.columns.length, 2);
  const od = s.rows.find((r) => r.task === 'open_drawer')!;
  assert.deepEqual(
    od.cells.map((c) => c && [c.success, c.total]),
    [
      [17, 20],
      [2, 20],
    ],
  );
  assert.equal(s.rows.find((r) => r.task === 'close_drawer')!.cells[1], undefined, 'a task one run did not evaluate');
  assert.deepEqual(successByTask({}).all, { task: 'all tasks', success: 0, total: 0, rate: 0, low: 0, high: 1 });
});

test('compare: a single-task evaluation is a success rate, not an average length', () => {
  const base = { v: 1 as const, type: 'eval_result' as const, t: 1, benchmark: 'playtable' as const, checkpoint: 'c.pt' };
  const m = runMetrics([
    {
      ...base,
      chain_length: 1,
      avg_seq_len: 0.6,
      chain_sr: { 1: 0.6 },
      task_info: { a: { success: 3, total: 4 }, b: { success: 0, total: 4 } },
    },
  ]);
  assert.deepEqual([m.avgLen, m.success, m.singleTaskSuccess], [null, null, 0.375]);
  const c = runMetrics([{ ...base, chain_length: 5, avg_seq_len: 2.5, chain_sr: { 1: 0.9 }, task_info: {} }]);
  assert.deepEqual([c.avgLen, c.success, c.singleTaskSuccess], [2.5, 0.9, null]);
});

test('vla-lab show prints a single-task evaluation as success per task with intervals, not as chains', async () => {
  const { main } = await import('../../extension/cli/main');
  const root = tempDir('vla-show-');
  const dir = join(root, 'runs', 'e', 'r1');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'run.json'),
    JSON.stringify({ v: 1, experiment: 'e', id: 'r1', status: 'completed', backend: 'builtin', created: 1, spec_hash: 'h' }),
  );
  const rec = {
    v: 1,
    type: 'eval_result',
    t: 2,
    benchmark: 'playtable',
    checkpoint: 'checkpoints/final.pt',
    step: 10,
    num_chains: 40,
    chain_length: 1,
    avg_seq_len: 0.6,
    chain_sr: { 1: 0.6 },
    task_info: { open_drawer: { success: 17, total: 20 }, close_drawer: { success: 7, total: 20 } },
  };
  writeFileSync(join(dir, 'events.jsonl'), JSON.stringify(rec) + '\n');
  const out: string[] = [];
  const code = await main(['show', 'e/r1', '--runs-dir', join(root, 'runs')], {
    cwd: root,
    env: {},
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    isTTY: false,
  });
  assert.equal(code, 0, out.join('\n'));
  const text = out.join('\n');
  assert.match(text, /single-task evaluation \(playtable, checkpoints\/final\.pt\): success per task, 95% Wilson interval/);
  assert.match(text, /open_drawer\s+17\/20\s+85%\s+64–95%/);
  assert.match(text, /all tasks\s+24\/40\s+60%\s+45–74%/);
  assert.doesNotMatch(text, /avg len|in a row/);
});
