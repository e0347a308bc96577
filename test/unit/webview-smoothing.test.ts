/**
 * Smoothing in the results webview (webview/src/results/smoothing.ts + charts.ts): the extension
 * sends raw points only, and the webview applies TensorBoard's debiased EMA — the core's one
 * implementation — to the points it holds: on the slider (no message) and as points arrive.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smooth } from '../../extension/core/metrics/smoothing';
import { buildDatasets, chartGroups } from '../../webview/src/results/charts';
import { smoothedY } from '../../webview/src/results/smoothing';
import { emptyState, reduce } from '../../webview/src/results/state';

function panel() {
  const s = emptyState();
  reduce(s, {
    type: 'init',
    title: 't',
    view: { x: 'step', smoothing: 0.6 },
    runs: [{ key: 'e/r1', experiment: 'e', id: 'r1', status: 'running' }],
  });
  reduce(s, { type: 'series-reset', run: 'e/r1', name: 'train/loss', count: 4, points: { x: [0, 10, 20, 30], y: [1, 3, null, 2] } });
  return s;
}

test('the smoothed curve is the debiased EMA of the raw points, worked by hand', () => {
  const s = panel();
  const c = s.series.get('e/r1')!.get('train/loss')!;
  const got = smoothedY(c, 0.5);
  // last = 0.5·0 + 0.5·1 = 0.5 → /(1 − 0.5) = 1; last = 0.5·0.5 + 0.5·3 = 1.75 → /(1 − 0.25) = 7/3;
  // the gap passes through and does not count; last = 0.5·1.75 + 0.5·2 = 1.875 → /(1 − 0.125) = 15/7.
  assert.equal(got[0], 1);
  assert.ok(Math.abs(got[1]! - 7 / 3) < 1e-12);
  assert.equal(got[2], null);
  assert.ok(Math.abs(got[3]! - 15 / 7) < 1e-12);
  assert.deepEqual(got, smooth([1, 3, null, 2], 0.5), 'the same function as the core');
});

test('moving the slider recomputes from the same points, with no message; weight 0 draws the raw curve alone', () => {
  const s = panel();
  const [loss] = chartGroups(['train/loss']);
  const at = (w: number) => buildDatasets(s, loss, { colors: ['red'], smoothing: w, logScale: false });
  const a = at(0.6);
  const b = at(0.95);
  assert.deepEqual(
    a.map((d) => d.raw),
    [true, false],
  );
  assert.deepEqual(a[0].data, b[0].data, 'the raw line does not change');
  assert.deepEqual(
    a[1].data.map((p) => p.y),
    smooth([1, 3, null, 2], 0.6),
  );
  assert.deepEqual(
    b[1].data.map((p) => p.y),
    smooth([1, 3, null, 2], 0.95),
  );
  assert.notDeepEqual(a[1].data, b[1].data);
  const off = at(0);
  assert.equal(off.length, 1);
  assert.deepEqual(
    off[0].data.map((p) => p.y),
    [1, 3, null, 2],
  );
});

test('appended points (also a re-picked tail) are smoothed with the rest; unchanged curves reuse their values', () => {
  const s = panel();
  const c = s.series.get('e/r1')!.get('train/loss')!;
  const first = smoothedY(c, 0.6);
  assert.equal(smoothedY(c, 0.6), first, 'cached while nothing changed');
  // LTTB re-picked the last point: the append replaces it and adds two more.
  reduce(s, {
    type: 'series-append',
    run: 'e/r1',
    name: 'train/loss',
    from: 3,
    count: 7,
    points: { x: [25, 40, 50], y: [2.5, 0.5, 0.25] },
  });
  const after = smoothedY(c, 0.6);
  assert.notEqual(after, first);
  assert.deepEqual(after, smooth([1, 3, null, 2.5, 0.5, 0.25], 0.6));
  assert.deepEqual(after.slice(0, 3), first.slice(0, 3), 'the untouched prefix smooths the same');
  // A reset (new x axis) replaces the curve: its smoothing starts over.
  reduce(s, { type: 'series-reset', run: 'e/r1', name: 'train/loss', count: 7, points: { x: [0, 1], y: [4, 4] } });
  assert.deepEqual(smoothedY(s.series.get('e/r1')!.get('train/loss')!, 0.6), [4, 4], 'a constant curve stays flat');
});
