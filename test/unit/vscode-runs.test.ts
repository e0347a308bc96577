/**
 * The Runs view's model and the Compare/Sweep data, from run directories on disk: grouping by
 * experiment and sweep, the one-line description, menu flags, the status-bar counts, a run
 * started elsewhere (the CLI) showing on the next refresh, and spec differences and metrics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadRun, metricRows, specDifferences, sweepState } from '../../extension/vscode/panels/compare-model';
import { buildTree, describeRun, queueCounts, runContextValue, runLabel, RunsIndex, statusLook } from '../../extension/vscode/runs/model';
import { writeRunFolder } from './run-folder-helpers';
import { tempDir } from './tmp-helpers';

const writeRun = (
  runs: string,
  exp: string,
  id: string,
  record: Record<string, unknown>,
  events: object[] = [],
  spec: object = { name: exp },
) => writeRunFolder(runs, exp, id, { record: { created_at: `2024-01-0${id.length % 9}T00:00:00Z`, ...record }, spec, events });

test('runs are grouped by experiment and sweep, described and flagged for the menus', () => {
  const runs = tempDir('vla-runs-');
  try {
    writeRun(runs, 'alpha', 'a1', { status: 'running', gpus: [0, 1], created_at: '2024-01-02T00:00:00Z' }, [
      { type: 'progress', t: 1, step: 40, total: 100 },
      { type: 'scalar', t: 1, step: 40, name: 'train/loss', value: 0.123456 },
    ]);
    writeRun(runs, 'alpha', 'a0', { status: 'failed', error: 'out of memory', created_at: '2024-01-01T00:00:00Z' });
    writeRun(runs, 'beta', 'b0', {
      status: 'queued',
      gpus_requested: 2,
      sweep: { id: 'sweep-1', index: 1, point: { 'policy.head.type': 'lstm' } },
    });
    writeRun(runs, 'beta', 'b1', { status: 'completed', sweep: { id: 'sweep-1', index: 0, point: { 'policy.head.type': 'mlp' } } }, [
      { type: 'eval_result', t: 2, benchmark: 'playtable', checkpoint: 'c', avg_seq_len: 1, chain_sr: { 1: 1 }, task_info: {} },
    ]);
    mkdirSync(join(runs, '_data', 'cache'), { recursive: true }); // not a run
    const index = new RunsIndex(runs);
    const all = index.refresh();
    assert.equal(all.length, 4);
    const tree = buildTree(all);
    assert.deepEqual(
      tree.map((n) => n.kind === 'experiment' && [n.name, n.active]),
      [
        ['alpha', 1],
        ['beta', 0],
      ],
    );
    const alpha = tree[0].kind === 'experiment' ? tree[0].children : [];
    assert.deepEqual(
      alpha.map((n) => n.kind === 'run' && n.info.id),
      ['a1', 'a0'],
      'newest first',
    );
    const beta = tree[1].kind === 'experiment' ? tree[1].children : [];
    assert.equal(beta[0].kind, 'sweep');
    const sweepRuns = beta[0].kind === 'sweep' ? beta[0].children : [];
    assert.deepEqual(
      sweepRuns.map((n) => n.kind === 'run' && runLabel(n.info)),
      ['head.type=mlp', 'head.type=lstm'],
      'by point index, labelled by the point',
    );
    const a1 = index.get('alpha/a1')!;
    assert.equal(describeRun(a1), '40/100 · loss 0.123 · GPU 0,1');
    assert.equal(describeRun(index.get('beta/b0')!), 'needs 2 GPUs');
    assert.equal(describeRun(index.get('beta/b1')!), 'evaluated');
    assert.match(runContextValue(a1), /\bactive\b/);
    assert.match(runContextValue(index.get('alpha/a0')!), /\bresumable\b/);
    assert.match(runContextValue(index.get('beta/b1')!), /\bevaluable\b/);
    assert.deepEqual(statusLook('failed'), { icon: 'error', color: 'testing.iconFailed' });
    const counts = queueCounts(all);
    assert.deepEqual([counts.running, counts.queued, [...counts.gpusBusy]], [1, 1, [0, 1]]);

    // A run started from the CLI (another process) appears on the next refresh; progress is tailed.
    writeRun(runs, 'gamma', 'g0', { status: 'running' });
    assert.ok(index.refresh().some((r) => r.key === 'gamma/g0'));
    appendFileSync(
      join(runs, 'alpha', 'a1', 'events.jsonl'),
      JSON.stringify({ v: 1, type: 'progress', t: 3, step: 60, total: 100 }) + '\n',
    );
    index.refresh();
    assert.equal(index.get('alpha/a1')!.step, 60);
  } finally {
    rmSync(runs, { recursive: true, force: true });
  }
});

test("compare: flattened spec differences side by side and the runs' metrics", () => {
  const runs = tempDir('vla-cmp-');
  try {
    const base = {
      name: 'e',
      policy: { formulation: 'policy-head', history: 4, head: { type: 'lstm' } },
      eval: [{ benchmark: 'playtable', chains: 10 }],
    };
    writeRun(
      runs,
      'e',
      'r1',
      {},
      [
        { type: 'scalar', t: 1, step: 10, name: 'train/loss', value: 0.5 },
        { type: 'scalar', t: 2, step: 20, name: 'train/loss', value: 0.25 },
        { type: 'scalar', t: 2, step: 20, name: 'val/loss', value: 0.3 },
        {
          type: 'eval_result',
          t: 3,
          benchmark: 'playtable',
          checkpoint: 'c',
          avg_seq_len: 2.5,
          chain_sr: { 1: 0.9, 2: 0.7 },
          task_info: {},
        },
      ],
      base,
    );
    writeRun(runs, 'e', 'r2', {}, [{ type: 'scalar', t: 1, step: 10, name: 'train/loss', value: 0.4 }], {
      ...base,
      policy: { ...base.policy, head: { type: 'gpt' } },
      eval: [{ benchmark: 'playtable', chains: 20 }],
    });
    const a = loadRun(runs, 'e/r1')!,
      b = loadRun(runs, 'e/r2')!;
    const { differences, sameCount } = specDifferences([a.spec, b.spec]);
    assert.deepEqual(differences, [
      { path: 'eval.0.chains', values: ['10', '20'] },
      { path: 'policy.head.type', values: ['lstm', 'gpt'] },
    ]);
    // formulation, history, the eval's benchmark, and every field both runs hold at its default
    assert.ok(sameCount > 20, `${sameCount} fields the same`);
    const rows = metricRows([a.metrics, b.metrics]);
    const row = (n: string) => rows.find((r) => r.name === n)!.values;
    assert.deepEqual(row('Final train loss'), [0.25, 0.4]);
    assert.deepEqual(row('Final val loss'), [0.3, null]);
    assert.deepEqual(row('Avg. len'), [2.5, null]);
    assert.deepEqual(row('Success (1st subtask)'), [0.9, null]);
    assert.equal(loadRun(runs, 'e/../x'), undefined);
  } finally {
    rmSync(runs, { recursive: true, force: true });
  }
});

test("sweep state: axes in the sweep's order, a cell per run", () => {
  const runs = tempDir('vla-sw-');
  try {
    writeRun(runs, 's', 'p0', { sweep: { id: 'sw', index: 0, point: { 'policy.head.type': 'mlp', 'policy.history': 4 } } });
    writeRun(runs, 's', 'p1', {
      status: 'running',
      sweep: { id: 'sw', index: 1, point: { 'policy.head.type': 'lstm', 'policy.history': 4 } },
    });
    const loaded = ['s/p0', 's/p1'].map((k) => loadRun(runs, k)!);
    const st = sweepState('sw', loaded, { 'policy.head.type': ['lstm', 'mlp'], 'policy.history': [4, 8] });
    assert.deepEqual(st.axes, [
      { path: 'policy.head.type', values: ['lstm', 'mlp'] },
      { path: 'policy.history', values: ['4', '8'] },
    ]);
    assert.deepEqual(
      st.cells.map((c) => [c.run, c.status, c.point['policy.history']]),
      [
        ['s/p0', 'completed', '4'],
        ['s/p1', 'running', '4'],
      ],
    );
  } finally {
    rmSync(runs, { recursive: true, force: true });
  }
});
