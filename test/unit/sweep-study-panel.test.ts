/**
 * The Sweep panel with training seeds: the matrix shows each point's mean over its seeds and opens
 * all of them, the extension sends the study (per-seed points, t-intervals, Holm-corrected
 * comparisons — the numbers `vla-lab report` writes), and the message contract refuses a study whose
 * numbers a chart cannot draw.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunMetrics } from '../../extension/core/metrics/compare';
import { buildStudy } from '../../extension/core/metrics/study';
import type { SweepCell } from '../../extension/shared/messages/results';
import { validateSweepToWebview } from '../../extension/shared/messages/results';
import { sweepState, type LoadedRun } from '../../extension/vscode/panels/compare-model';
import { buildMatrix } from '../../webview/src/sweep/model';

const metrics = (rate: number | null): RunMetrics => ({
  finalTrainLoss: 0.5,
  finalValLoss: 0.6,
  avgLen: null,
  success: null,
  singleTaskSuccess: rate,
  steps: 600,
  protocol:
    rate === null
      ? undefined
      : { benchmark: 'playtable', benchmark_version: '2+abc', split: 'A->A', episodes: 60, seed: 1000, checkpoint: 'x' },
});

function run(chunk: number, seed: number, rate: number | null, status = 'completed'): LoadedRun {
  const key = `study--chunk_${chunk}--seed_${seed}/r${seed}`;
  return {
    summary: {
      key,
      experiment: key.split('/')[0],
      id: `r${seed}`,
      status: status as any,
      sweep: { id: 'study-x', point: { 'policy.chunk': String(chunk) }, cell: `study--chunk_${chunk}`, seed },
    },
    spec: { train: { seed } },
    metrics: metrics(rate),
  };
}

const RATES: Record<number, number[]> = { 1: [0.48, 0.56, 0.5], 4: [0.62, 0.7, 0.66] };

test('the extension sends the study: per-seed points, the t-interval and the Holm-corrected comparison', () => {
  const runs = [...[1, 4].flatMap((c) => RATES[c].map((r, s) => run(c, s, r))), run(8, 0, null, 'running')];
  const state = sweepState('study-x', runs);
  assert.ok(state.study, 'a sweep with seeds has a study view');
  const s = state.study!;
  assert.equal(s.metric, 'success rate (single task)');
  assert.equal(s.percent, true);
  assert.deepEqual(
    s.cells.map((c) => c.label),
    ['1', '4'],
  );
  assert.deepEqual(
    s.cells[1].points.map((p) => [p.seed, p.value]),
    [
      [0, 0.62],
      [1, 0.7],
      [2, 0.66],
    ],
  );
  // scipy: t.interval(0.95, 2, loc=0.66, scale=sem([0.62, 0.70, 0.66])) = (0.56063, 0.75937).
  assert.ok(Math.abs(s.cells[1].lo! - 0.5606344915299869) < 1e-9 && Math.abs(s.cells[1].hi! - 0.7593655084700132) < 1e-9);
  assert.equal(s.missing, 1, 'the running run is counted as missing, not as a point');
  const expected = buildStudy(
    [1, 4].flatMap((c) => RATES[c].map((value, seed) => ({ run: `r${c}${seed}`, cell: String(c), point: {}, seed, value, episodes: 60 }))),
  );
  assert.equal(s.comparisons.length, 1);
  assert.ok(Math.abs(s.comparisons[0].p! - expected.comparisons[0].test.p!) < 1e-12);
  assert.equal(s.comparisons[0].holds, true, 'p = 0.0117 < 0.05 with one comparison');
  assert.equal(validateSweepToWebview({ type: 'state', sweep: 'study-x', ...state }).ok, true);
  // Without seeds there is no study view.
  const plain = runs.map((r) => ({ ...r, summary: { ...r.summary, sweep: { id: 'x', point: r.summary.sweep!.point } } }));
  assert.equal(sweepState('x', plain).study, undefined);
});

test('the matrix: one point per cell with the mean over its seeds, opening every seed', () => {
  const cells: SweepCell[] = [1, 4].flatMap((c) =>
    RATES[c].map((r, s) => ({
      run: `e${c}/s${s}`,
      status: 'completed' as const,
      point: { 'policy.chunk': String(c) },
      metrics: { 'Success (single task)': r },
      seed: s,
    })),
  );
  cells[5] = { ...cells[5], status: 'running', metrics: { 'Success (single task)': null } };
  const m = buildMatrix(
    [{ path: 'policy.chunk', values: ['1', '4'] }],
    cells,
    { name: 'Success (single task)', label: 'Success (single task)', better: 'higher', digits: 3 },
    {},
  );
  assert.deepEqual(m.rows, ['1', '4']);
  assert.ok(Math.abs(m.cells[0][0].value! - (0.48 + 0.56 + 0.5) / 3) < 1e-12);
  assert.ok(Math.abs(m.cells[1][0].value! - 0.66) < 1e-12, 'the mean of the two seeds with a value');
  assert.equal(m.cells[1][0].valued, 2);
  assert.deepEqual(m.cells[1][0].runs, ['e4/s0', 'e4/s1', 'e4/s2']);
  assert.equal(m.cells[1][0].status, 'completed/running');
  assert.equal(m.cells[1][0].goodness, 1);
});

test('the contract refuses a study a chart cannot draw', () => {
  const base = { type: 'state', sweep: 's', axes: [], cells: [], metrics: [] };
  const cell = {
    label: '1',
    point: {},
    points: [{ seed: 0, value: 0.5, run: 'e/r' }],
    mean: 0.5,
    lo: null,
    hi: null,
    clipped: false,
    n: 1,
  };
  const study = {
    metric: 'm',
    metricKey: 'k',
    metrics: [{ key: 'k', label: 'm' }],
    perTask: true,
    tasks: ['t'],
    task: null,
    axes: ['a'],
    within: null,
    better: 'higher',
    percent: true,
    digits: 1,
    level: 0.95,
    alpha: 0.05,
    cells: [cell],
    comparisons: [],
    trend: null,
    missing: 0,
    notApplicable: [],
  };
  assert.equal(validateSweepToWebview({ ...base, study }).ok, true);
  const trend = { axis: 'policy.history', slope: 0.134, lo: 0.063, hi: 0.206, p: 0.0019, holds: true };
  assert.equal(validateSweepToWebview({ ...base, study: { ...study, trend } }).ok, true);
  assert.equal(
    validateSweepToWebview({ ...base, study: { ...study, trend: { ...trend, slope: NaN } } }).ok,
    false,
    'a trend is drawn: finite',
  );
  assert.equal(validateSweepToWebview({ ...base, study: { ...study, trend: undefined } }).ok, false, 'null, not missing');
  assert.equal(validateSweepToWebview({ ...base, study: { ...study, metrics: [{ key: 3 }] } }).ok, false, 'metric choices are named');
  assert.equal(validateSweepToWebview({ ...base, study: { ...study, notApplicable: [1] } }).ok, false);
  assert.equal(
    validateSweepToWebview({ ...base, study: { ...study, cells: [{ ...cell, points: [{ seed: 0, value: Number.NaN, run: 'e/r' }] }] } }).ok,
    false,
  );
  assert.equal(validateSweepToWebview({ ...base, study: { ...study, cells: [{ ...cell, mean: Infinity }] } }).ok, false);
  assert.equal(
    validateSweepToWebview({ ...base, study: { ...study, comparisons: [{ a: 0, b: 3, diff: 0, p: 0.5, pHolm: 0.5, holds: false }] } }).ok,
    false,
    'a comparison names a cell that is not there',
  );
  assert.equal(
    validateSweepToWebview({ ...base, study: { ...study, cells: [{ ...cell, points: [{ seed: 0, value: 0.5, run: '../x' }] }] } }).ok,
    false,
    'runs are run keys',
  );
});
