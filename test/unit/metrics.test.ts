import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { downsample, EmaSmoother, IncrementalLttb, lttbIndices, SeriesStore, smooth } from '../../extension/core/metrics';
import type { ScalarEvent } from '../../extension/core/generated/events';

const close = (a: number | null, b: number | null, eps = 1e-12) =>
  assert.ok(a === b || (a !== null && b !== null && Math.abs(a - b) <= eps), `${a} vs ${b}`);

// ─── smoothing ───

test('TensorBoard smoothing, hand-computed: debiased EMA', () => {
  // w = 0.5: last = 0.5, 1.25, 2.125; debias 1 - 0.5^n = 0.5, 0.75, 0.875.
  const s = smooth([1, 2, 3], 0.5);
  close(s[0], 1);
  close(s[1], 1.25 / 0.75);
  close(s[2], 2.125 / 0.875);
  // w = 0.9 on [10, 0]: last = 1, 0.9; debias 0.1, 0.19.
  const t = smooth([10, 0], 0.9);
  close(t[0], 10);
  close(t[1], 0.9 / 0.19);
});

test('smoothing passes non-finite values through without accumulating them', () => {
  const s = smooth([1, NaN, 2, null, Infinity, 3], 0.5);
  close(s[0], 1);
  assert.ok(Number.isNaN(s[1]));
  close(s[2], 1.25 / 0.75);
  assert.equal(s[3], null);
  assert.equal(s[4], Infinity);
  close(s[5], 2.125 / 0.875);
});

test('smoothing: constant series unchanged, weight 0 is identity, weights clamped like TensorBoard', () => {
  assert.deepEqual(smooth([0.1, 0.1, 0.1], 0.99), [0.1, 0.1, 0.1]);
  assert.deepEqual(smooth([3, 1, 2], 0), [3, 1, 2]);
  assert.deepEqual(smooth([3, 1, 2], -4), [3, 1, 2]);
  assert.deepEqual(smooth([3, 1, 2], NaN), [3, 1, 2]);
  assert.deepEqual(smooth([3, 1, 2], 7), [0, 0, 0], 'weight 1 (clamped): TensorBoard shows the un-debiased average, 0 from the start');
  const ema = new EmaSmoother(0.5);
  assert.deepEqual(
    [1, 2, 3].map((v) => ema.push(v)),
    smooth([1, 2, 3], 0.5),
  );
});

// ─── LTTB ───

test('LTTB, hand-computed: keeps the spike and the dip', () => {
  const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const y = [0, 0, 0, 10, 0, 0, 0, 0, -10, 0];
  assert.deepEqual([...lttbIndices(x, y, 4)], [0, 3, 8, 9]);
  assert.deepEqual([...lttbIndices(x, y, 20)], x, 'fewer points than the threshold: all kept');
});

test('LTTB properties: size, order, first and last, isolated extremes', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3000 }),
      fc.integer({ min: 3, max: 500 }),
      (ys, threshold) => {
        const xs = ys.map((_, i) => i);
        const idx = lttbIndices(xs, ys, threshold);
        assert.equal(idx.length, Math.min(threshold, ys.length));
        assert.equal(idx[0], 0);
        assert.equal(idx[idx.length - 1], ys.length - 1);
        for (let i = 1; i < idx.length; i++) assert.ok(idx[i] > idx[i - 1]);
      },
    ),
    { numRuns: 60 },
  );
  // One spike in a flat noisy series of 100k points survives a 500-point budget.
  const ys = Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 50) * 0.01);
  ys[77_777] = 50;
  assert.ok(
    [
      ...lttbIndices(
        ys.map((_, i) => i),
        ys,
        500,
      ),
    ].includes(77_777),
  );
});

test('gaps: non-finite values become null markers, a trailing NaN stays visible', () => {
  const d = downsample([0, 1, 2, 3, 4, 5, 6], [1, 2, NaN, NaN, 3, 4, null]);
  assert.deepEqual(d.x, [0, 1, 2, 4, 5, 6]);
  assert.deepEqual(d.y, [1, 2, null, 3, 4, null]);
  const big = Array.from({ length: 10_000 }, (_, i) => (i >= 4000 && i < 4010 ? NaN : Math.cos(i)));
  const e = downsample(
    big.map((_, i) => i),
    big,
    100,
  );
  assert.equal(e.y.filter((v) => v === null).length, 1);
  assert.equal(e.y.filter((v) => v !== null).length, 100);
  const gapAt = e.y.indexOf(null);
  assert.ok(e.x[gapAt] >= 4000 && e.x[gapAt] < 4010);
  assert.deepEqual(downsample([], []), { x: [], y: [] });
  assert.deepEqual(downsample([0, 1], [NaN, NaN]), { x: [0], y: [null] });
});

test('incremental LTTB equals LTTB recomputed from scratch, whatever the append sizes', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 25 }),
      fc.integer({ min: 3, max: 64 }),
      (chunks, threshold) => {
        const total = chunks.reduce((a, b) => a + b, 0);
        const x = Float64Array.from({ length: total }, (_, i) => i * 2);
        const y = Float64Array.from({ length: total }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 13)));
        const live = new IncrementalLttb(threshold);
        let n = 0;
        let got: Int32Array = new Int32Array();
        for (const c of chunks) {
          n += c;
          got = live.update(x, y, n);
        }
        assert.deepEqual([...got], [...new IncrementalLttb(threshold).update(x, y, n)]);
        assert.ok(got.length <= threshold);
        if (n > threshold) assert.ok(got.length >= threshold / 2 - 1, `${got.length} of ${threshold}`);
      },
    ),
    { numRuns: 80 },
  );
});

// ─── SeriesStore ───

const scalar = (step: number, value: number | null, t = 1000 + step, name = 'train/loss'): ScalarEvent => ({
  v: 1,
  type: 'scalar',
  t,
  step,
  name,
  value,
});

test('SeriesStore: x as step, relative time or wall time; smoothing; last point and counts', () => {
  const store = new SeriesStore();
  store.add('run-a', { v: 1, type: 'run_start', t: 990, spec_hash: 'h', host: 'x', device: 'cpu', versions: {} });
  store.addAll('run-a', [scalar(0, 1), scalar(10, 2), scalar(20, null), scalar(30, 3)]);
  store.add('run-a', scalar(5, 0.5, 1005, 'val/loss'));
  assert.deepEqual(store.names('run-a'), ['train/loss', 'val/loss']);
  const byStep = store.get('run-a', 'train/loss')!;
  assert.deepEqual(byStep.x, [0, 10, 20, 30]);
  assert.deepEqual(byStep.y, [1, 2, null, 3]);
  assert.equal(byStep.count, 4);
  assert.equal(byStep.nonFinite, 1);
  assert.deepEqual(byStep.last, { step: 30, t: 1030, value: 3 });
  assert.deepEqual(store.get('run-a', 'train/loss', { x: 'relative' })!.x, [10, 20, 30, 40], 'seconds since run_start');
  assert.deepEqual(store.get('run-a', 'train/loss', { x: 'wall' })!.x, [1000, 1010, 1020, 1030]);
  const sm = store.get('run-a', 'train/loss', { smoothing: 0.5 })!.smoothed!;
  const expected = smooth([1, 2, null, 3], 0.5);
  sm.forEach((v, i) => close(v, expected[i]));
  assert.equal(store.get('run-a', 'nope'), undefined);
  assert.equal(store.get('run-b', 'train/loss'), undefined);
});

test('SeriesStore: 100 new points on a long series give what a fresh store computes', () => {
  const live = new SeriesStore({ maxPoints: 500 });
  const events = Array.from({ length: 200_100 }, (_, i) =>
    scalar(i, i === 150_000 ? NaN : Math.exp(-i / 50_000) + 0.05 * Math.sin(i), 1000 + i * 0.5),
  );
  live.addAll('r', events.slice(0, 200_000));
  const before = live.get('r', 'train/loss', { smoothing: 0.9 })!;
  assert.ok(before.y.filter((v) => v !== null).length <= 500);
  live.addAll('r', events.slice(200_000));
  const after = live.get('r', 'train/loss', { smoothing: 0.9 })!;
  assert.equal(after.version, before.version + 100);
  const fresh = new SeriesStore({ maxPoints: 500 });
  fresh.addAll('r', events);
  assert.deepEqual(after, fresh.get('r', 'train/loss', { smoothing: 0.9 }));
  assert.equal(after.x[after.x.length - 1], 200_099);
  assert.equal(after.y.filter((v) => v === null).length, 1, 'the NaN at step 150000 is a gap');
});
