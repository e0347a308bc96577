/**
 * The every-checkpoint evaluation curve's data shaping (core/metrics/checkpoint-curve.ts): one curve
 * per benchmark and kind, points in step order with 95% intervals, the best checkpoint marked and
 * the others said to be within noise of it or not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  avgLenInterval,
  checkpointCurves,
  curveVerdict,
  formatCurveValue,
  type CurveInput,
} from '../../extension/core/metrics/checkpoint-curve';
import { wilsonInterval } from '../../extension/core/metrics/success';

const single = (step: number, success: number, total: number, t = step): CurveInput => ({
  benchmark: 'playtable',
  checkpoint: `step-${String(step).padStart(7, '0')}.pt`,
  step,
  chainLength: 1,
  numChains: total,
  avgLen: success / total,
  chainSr: { 1: success / total },
  taskInfo: {
    open_drawer: { success: Math.floor(success / 2), total: total / 2 },
    close_drawer: { success: success - Math.floor(success / 2), total: total / 2 },
  },
  t,
});

test('single-task results: pooled success with Wilson intervals in step order, the best marked, noise said', () => {
  const curves = checkpointCurves([single(300, 18, 20), single(100, 4, 20), single(200, 16, 20)]);
  assert.equal(curves.length, 1);
  const c = curves[0];
  assert.equal(c.kind, 'success');
  assert.equal(c.max, 1);
  assert.deepEqual(
    c.points.map((p) => p.step),
    [100, 200, 300],
  );
  assert.deepEqual(
    c.points.map((p) => p.n),
    [20, 20, 20],
  );
  assert.equal(c.points[0].value, 0.2);
  const w = wilsonInterval(4, 20);
  assert.equal(c.points[0].low, w.low);
  assert.equal(c.points[0].high, w.high);
  assert.equal(c.best, 2);
  assert.deepEqual(
    c.points.map((p) => p.best),
    [false, false, true],
  );
  // 16/20 vs 18/20 overlap; 4/20 is clearly below
  assert.deepEqual(
    c.points.map((p) => p.withinNoiseOfBest),
    [false, true, false],
  );
  assert.match(
    curveVerdict(c),
    /^best: step-0000300\.pt at step 300, success 90% \[\d+–\d+%\]; within noise of it \(95% intervals overlap\): step 200$/,
  );
});

test('ties go to the later checkpoint; a checkpoint evaluated twice keeps its later result', () => {
  const c = checkpointCurves([single(100, 10, 20), single(200, 10, 20), single(100, 2, 20, 999)])[0];
  assert.deepEqual(
    c.points.map((p) => p.value),
    [0.1, 0.5],
  );
  assert.equal(c.points[c.best].step, 200);
  const tie = checkpointCurves([single(100, 10, 20), single(200, 10, 20)])[0];
  assert.equal(tie.points[tie.best].step, 200);
});

test('chain results: average length with the interval from the chain-length distribution', () => {
  // 100 chains of 5: lengths 0 (10), 1 (20), 2 (30), 5 (40) → P(L≥k) = .9 .7 .4 .4 .4, mean 2.8
  const sr = { 1: 0.9, 2: 0.7, 3: 0.4, 4: 0.4, 5: 0.4 };
  const lengths = [...Array(10).fill(0), ...Array(20).fill(1), ...Array(30).fill(2), ...Array(40).fill(5)];
  const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
  const sd = Math.sqrt(lengths.reduce((a, b) => a + (b - mean) ** 2, 0) / lengths.length);
  const iv = avgLenInterval(sr, 100, mean);
  assert.ok(Math.abs(mean - 2.8) < 1e-12);
  assert.ok(Math.abs(iv.low - (mean - (1.959963984540054 * sd) / 10)) < 1e-9, `${iv.low}`);
  assert.ok(Math.abs(iv.high - (mean + (1.959963984540054 * sd) / 10)) < 1e-9, `${iv.high}`);
  const curves = checkpointCurves([
    { benchmark: 'calvin', checkpoint: 'a', step: 10, chainLength: 5, numChains: 100, avgLen: 2.8, chainSr: sr, taskInfo: {} },
    {
      benchmark: 'calvin',
      checkpoint: 'b',
      step: 20,
      chainLength: 5,
      numChains: 100,
      avgLen: 1.0,
      chainSr: { 1: 0.5, 2: 0.3, 3: 0.1, 4: 0.1, 5: 0 },
      taskInfo: {},
    },
    single(20, 5, 10),
  ]);
  assert.deepEqual(
    curves.map((c) => [c.benchmark, c.kind, c.max]),
    [
      ['calvin', 'avg_len', 5],
      ['playtable', 'success', 1],
    ],
  );
  assert.equal(curves[0].points[curves[0].best].checkpoint, 'a');
  assert.match(curveVerdict(curves[0]), /every other checkpoint is clearly below it/);
  assert.equal(formatCurveValue('avg_len', { value: 2.8, low: 2.4, high: 3.2 }), '2.80 [2.40–3.20]');
});

test('results without a step are left out; no chain count gives a zero-width interval', () => {
  assert.deepEqual(checkpointCurves([{ ...single(1, 1, 2), step: undefined }]), []);
  // an eval run records its parent's checkpoint relative to itself: shown by its file name
  assert.equal(
    checkpointCurves([{ ...single(6, 1, 2), checkpoint: '../20261204-222536-e258/checkpoints/step-0000006.pt' }])[0].points[0].checkpoint,
    'step-0000006.pt',
  );
  assert.deepEqual(avgLenInterval({ 1: 0.5 }, undefined, 0.5), { low: 0.5, high: 0.5 });
  assert.equal(
    curveVerdict({ benchmark: 'x', kind: 'success', chainLength: 1, max: 1, points: [], best: -1 }),
    'no evaluated checkpoint yet',
  );
});
