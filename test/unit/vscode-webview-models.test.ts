/**
 * The result panels' browser-free logic: which curves share a chart, the datasets and the text
 * summary of a chart, the CALVIN-style tables with the paper's reference rows, the gallery
 * filters and frame stepping, the compare table's best values and the sweep matrix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EvalResult, RunSummary, SweepCell } from '../../extension/shared/messages/results';
import { smooth } from '../../extension/core/metrics/smoothing';
import { buildDatasets, chartGroups, chartSummary, formatX } from '../../webview/src/results/charts';
import { filterMedia, stepTime, tasksOf } from '../../webview/src/results/gallery';
import { emptyState, reduce } from '../../webview/src/results/state';
import { buildChainTable, buildTaskTable, formatCount, formatRate } from '../../webview/src/results/table';
import { bestIndex, formatMetric } from '../../webview/src/compare/model';
import { buildMatrix } from '../../webview/src/sweep/model';

test('curves are grouped into loss, components, gripper accuracy, learning rate, then the rest', () => {
  const groups = chartGroups([
    'val/loss',
    'train/lr',
    'train/loss',
    'train/loss_gripper',
    'train/acc_gripper',
    'train/loss_arm',
    'train_loss_arm_act',
    'lr-AdamW',
    'train/grad_norm',
  ]);
  assert.deepEqual(
    groups.map((g) => g.title),
    ['Loss', 'Loss components', 'Gripper accuracy', 'Learning rate', 'train/grad_norm'],
  );
  assert.deepEqual(groups[0].names, ['train/loss', 'val/loss']);
  assert.deepEqual(new Set(groups[1].names), new Set(['train/loss_arm', 'train/loss_gripper', 'train_loss_arm_act']));
  assert.deepEqual(new Set(groups[3].names), new Set(['train/lr', 'lr-AdamW']));
});

function stateWithTwoRuns() {
  const s = emptyState();
  reduce(s, {
    type: 'init',
    title: 't',
    view: { x: 'step', smoothing: 0.6 },
    runs: [
      { key: 'a/r1', experiment: 'a', id: 'r1', status: 'completed' },
      { key: 'b/r2', experiment: 'b', id: 'r2', status: 'running' },
    ],
  });
  reduce(s, { type: 'series-reset', run: 'a/r1', name: 'train/loss', count: 3, points: { x: [0, 1, 2], y: [3, 2, -1] } });
  reduce(s, { type: 'series-reset', run: 'b/r2', name: 'val/loss', count: 2, points: { x: [0, 5], y: [4, null] } });
  return s;
}

test('overlaid runs get one colour each, labels name the run, validation is dashed, smoothing adds a faint raw line', () => {
  const s = stateWithTwoRuns();
  const [loss] = chartGroups(['train/loss', 'val/loss']);
  const ds = buildDatasets(s, loss, { colors: ['red', 'blue'], smoothing: 0.6, logScale: false });
  assert.deepEqual(
    ds.map((d) => [d.label, d.raw, d.color, d.dashed]),
    [
      ['a/r1 · train/loss (raw)', true, 'red', false],
      ['a/r1 · train/loss', false, 'red', false],
      ['b/r2 · val/loss (raw)', true, 'blue', true],
      ['b/r2 · val/loss', false, 'blue', true],
    ],
  );
  assert.deepEqual(
    ds[0].data.map((p) => p.y),
    [3, 2, -1],
    'the raw values',
  );
  assert.deepEqual(
    ds[1].data.map((p) => p.y),
    smooth([3, 2, -1], 0.6),
    'the smoothed values, computed in the webview',
  );
  assert.deepEqual(
    ds[3].data.map((p) => p.y),
    [4, null],
    'a gap stays a gap when smoothed',
  );
  const noSmooth = buildDatasets(s, loss, { colors: ['red', 'blue'], smoothing: 0, logScale: true });
  assert.equal(noSmooth.length, 2);
  assert.deepEqual(
    noSmooth[0].data.map((p) => p.y),
    [3, 2, null],
    'a log axis turns values ≤ 0 into gaps',
  );
  assert.equal(chartSummary(s, loss), 'Latest: a/r1: train/loss -1 at step 2; b/r2: val/loss 4 at step 0.');
});

test('series-append replaces the tail from `from`', () => {
  const s = stateWithTwoRuns();
  const before = s.series.get('a/r1')!.get('train/loss')!.version;
  reduce(s, { type: 'series-append', run: 'a/r1', name: 'train/loss', from: 2, count: 5, points: { x: [3, 4], y: [0.5, 0.4] } });
  const c = s.series.get('a/r1')!.get('train/loss')!;
  assert.deepEqual(c.x, [0, 1, 3, 4]);
  assert.deepEqual(c.y, [3, 2, 0.5, 0.4]);
  assert.notEqual(c.version, before, 'the curve is marked changed');
  assert.equal(c.count, 5);
});

test('x axis labels', () => {
  assert.equal(formatX('step', 12345), '12,345');
  assert.equal(formatX('relative', 3725), '1:02:05');
  assert.equal(formatX('relative', 65), '1:05');
});

const ev = (over: Partial<EvalResult>): EvalResult => ({
  benchmark: 'calvin',
  checkpoint: 'c.pt',
  avgLen: 3.2,
  chainSr: { 1: 0.9, 2: 0.8, 3: 0.6, 4: 0.5, 5: 0.4 },
  taskInfo: { open_drawer: { success: 9, total: 10 } },
  t: 1,
  ...over,
});

test("a CALVIN evaluation gets the paper's rows for its split, labelled as paper figures", () => {
  const runs: RunSummary[] = [{ key: 'e/r', experiment: 'e', id: 'r', status: 'completed', calvinSplit: 'ABCD_D' }];
  const t = buildChainTable(runs, new Map([['e/r', [ev({})]]]), (k) => k);
  assert.equal(t.chainLength, 5);
  assert.deepEqual(t.rows[0].sr, [0.9, 0.8, 0.6, 0.5, 0.4]);
  const refs = t.rows.filter((r) => r.reference);
  assert.deepEqual(
    refs.map((r) => [r.label.replace(/ — paper figure$/, ''), r.avgLen]),
    [
      ['KosMos P.H. (RoboVLMs), CALVIN ABCD→D', 4.49],
      ['GR-1, CALVIN ABCD→D', 4.21],
      ['HULC, CALVIN ABCD→D', 3.06],
      ['RT-1, CALVIN ABCD→D', 2.45],
    ],
  );
  assert.ok(refs.every((r) => /paper figure/.test(r.label)));
  assert.deepEqual(refs[0].sr, [0.967, 0.93, 0.899, 0.865, 0.826]);
  // Unknown split: both splits' rows; ABC→D KosMos 4.25.
  const both = buildChainTable([{ ...runs[0], calvinSplit: undefined }], new Map([['e/r', [ev({})]]]), (k) => k);
  assert.ok(both.rows.some((r) => r.reference && /ABC→D/.test(r.label) && r.avgLen === 4.25));
  assert.ok(both.rows.some((r) => r.reference && /ABC→D/.test(r.label) && /GR-1/.test(r.label) && r.avgLen === 3.06));
});

test('Playtable chain evaluations: no paper rows; per-task table with chain and legacy single-task columns', () => {
  const runs: RunSummary[] = [{ key: 'e/r', experiment: 'e', id: 'r', status: 'completed' }];
  const e = ev({
    benchmark: 'playtable',
    chainSr: { 1: 0.5, 2: 0.25 },
    chainLength: 2,
    avgLen: 0.75,
    taskInfo: { open_drawer: { success: 1, total: 2 }, close_drawer: { success: 0, total: 2 } },
    singleTask: { open_drawer: { success: 3, total: 4 } },
  });
  const t = buildChainTable(runs, new Map([['e/r', [e]]]), (k) => k);
  assert.equal(t.rows.length, 1);
  assert.equal(t.chainLength, 2);
  const tasks = buildTaskTable(runs, new Map([['e/r', [e]]]), (k) => k);
  assert.deepEqual(
    tasks.columns.map((c) => c.kind),
    ['chain', 'single'],
  );
  assert.deepEqual(
    tasks.rows.map((r) => [r.task, r.cells.map(formatCount)]),
    [
      ['close_drawer', ['0/2 (0%)', '—']],
      ['open_drawer', ['1/2 (50%)', '3/4 (75%)']],
    ],
  );
  assert.equal(formatRate(0.9671), '96.7%');
});

test('gallery filters and frame stepping', () => {
  const m = (task: string, success?: boolean) => ({
    run: 'e/r',
    path: `${task}${success}.mp4`,
    kind: 'video' as const,
    format: 'mp4' as const,
    src: 's',
    task,
    success,
  });
  const items = [m('open_drawer', true), m('open_drawer', false), m('close_drawer', true), m('lift', undefined)];
  assert.deepEqual(tasksOf(items), ['close_drawer', 'lift', 'open_drawer']);
  assert.equal(filterMedia(items, { task: 'open_drawer', outcome: 'all' }).length, 2);
  assert.equal(filterMedia(items, { task: '', outcome: 'success' }).length, 2);
  assert.equal(filterMedia(items, { task: '', outcome: 'failure' }).length, 1);
  assert.equal(stepTime(0, 1, 2, 60), 2 / 60);
  assert.equal(stepTime(0, -1, 2, 60), 0, 'clamped at the start');
  assert.equal(stepTime(1.99, 1, 2, 60), 2, 'clamped at the end');
  assert.equal(stepTime(0, 1, Number.NaN, undefined), 1 / 30, "CALVIN's 30 Hz when the frame count is unknown");
});

test('compare: best value per metric row', () => {
  assert.equal(bestIndex({ name: 'l', values: [0.3, null, 0.2], better: 'lower', digits: 3 }), 2);
  assert.equal(bestIndex({ name: 'a', values: [2, 4.1, 3], better: 'higher', digits: 2 }), 1);
  assert.equal(bestIndex({ name: 'a', values: [2, null], better: 'higher', digits: 2 }), -1, 'no best with one value');
  assert.equal(formatMetric(0.00001, 3), '1.00e-5');
  assert.equal(formatMetric(1234.4, 0), '1,234');
});

test('sweep matrix: two main axes, a slice for the third, shading by the metric', () => {
  const axes = [
    { path: 'policy.formulation', values: ['one-step', 'policy-head'] },
    { path: 'policy.head.type', values: ['mlp', 'lstm'] },
    { path: 'backbone.id', values: ['tiny-prefix', 'tiny-xattn'] },
  ];
  const cell = (f: string, h: string, b: string, v: number | null): SweepCell => ({
    run: `e/${f}-${h}-${b}`,
    status: 'completed',
    point: { 'policy.formulation': f, 'policy.head.type': h, 'backbone.id': b },
    metrics: { 'Avg. len': v },
  });
  const cells = [
    cell('one-step', 'mlp', 'tiny-prefix', 1),
    cell('policy-head', 'lstm', 'tiny-prefix', 3),
    cell('policy-head', 'mlp', 'tiny-prefix', 2),
    cell('one-step', 'mlp', 'tiny-xattn', 9),
  ];
  const m = buildMatrix(axes, cells, { name: 'Avg. len', label: 'Avg. len', better: 'higher', digits: 2 }, {});
  assert.deepEqual(m.rows, ['one-step', 'policy-head']);
  assert.deepEqual(m.cols, ['mlp', 'lstm']);
  assert.deepEqual(
    m.cells.map((r) => r.map((c) => c.value)),
    [
      [1, null],
      [2, 3],
    ],
  );
  assert.equal(m.cells[1][1].goodness, 1);
  assert.equal(m.cells[0][0].goodness, 0);
  assert.equal(m.cells[0][1].run, undefined, 'a point that was not run');
  const other = buildMatrix(
    axes,
    cells,
    { name: 'Avg. len', label: 'Avg. len', better: 'lower', digits: 2 },
    { 'backbone.id': 'tiny-xattn' },
  );
  assert.equal(other.cells[0][0].value, 9);
});
