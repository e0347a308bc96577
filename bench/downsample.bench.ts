/**
 * Downsampling for charts: 10 runs × 1M points each to 2000 points per series, and the cost of
 * one live update (100 new points on one series, then the chart's query), against baselines
 * measured in the same run: one plain pass over the data (summing it: the memory-bandwidth
 * floor) and LTTB recomputed from scratch on the whole series.
 *
 *   node --import tsx bench/downsample.bench.ts [runs] [points]
 */
import { lttbIndices, SeriesStore } from '../extension/core/metrics';
import type { ScalarEvent } from '../extension/core/generated/events';

const RUNS = Number(process.argv[2] ?? 10);
const POINTS = Number(process.argv[3] ?? 1_000_000);
const TARGET = 2000;

function time<T>(fn: () => T): { ms: number; result: T } {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A loss-like curve: decay, noise and the odd spike. */
function value(run: number, i: number): number {
  const noise = Math.sin(i * 12.9898 + run * 78.233) * 43758.5453;
  return 2 * Math.exp(-i / (POINTS / 5)) + 0.1 * (noise - Math.floor(noise)) + (i % 99_991 === 0 ? 3 : 0);
}

const xs = Array.from({ length: RUNS }, () => Float64Array.from({ length: POINTS }, (_, i) => i * 10));
const ys = Array.from({ length: RUNS }, (_, r) => Float64Array.from({ length: POINTS }, (_, i) => value(r, i)));

console.log(`${RUNS} series × ${POINTS.toLocaleString('en')} points → ${TARGET} points each (node ${process.version})\n`);
const pass = time(() => {
  let s = 0;
  for (const y of ys) for (let i = 0; i < y.length; i++) s += y[i];
  return s;
});
const plain = time(() => ys.map((y, r) => lttbIndices(xs[r], y, TARGET).length));
const store = new SeriesStore({ maxPoints: TARGET });
const ingest = time(() => {
  for (let r = 0; r < RUNS; r++) {
    const ev: ScalarEvent = { v: 1, type: 'scalar', t: 0, step: 0, name: 'train/loss', value: 0 };
    for (let i = 0; i < POINTS; i++) {
      ev.t = 1.7e9 + i * 0.1;
      ev.step = i * 10;
      ev.value = ys[r][i];
      store.add(`run-${r}`, ev);
    }
  }
});
const firstQuery = time(() => Array.from({ length: RUNS }, (_, r) => store.get(`run-${r}`, 'train/loss')!.x.length));

console.log('| work | time (ms) | vs one pass over the data |');
console.log('|---|---:|---:|');
console.log(`| baseline: one summing pass over all points | ${pass.ms.toFixed(1)} | 1.0× |`);
console.log(`| lttbIndices, all series | ${plain.ms.toFixed(1)} | ${(plain.ms / pass.ms).toFixed(1)}× |`);
console.log(
  `| SeriesStore.add, all points (${((RUNS * POINTS) / ingest.ms / 1000).toFixed(1)} M points/s) | ${ingest.ms.toFixed(1)} | ${(ingest.ms / pass.ms).toFixed(1)}× |`,
);
console.log(
  `| SeriesStore.get, first query of every series (${firstQuery.result[0]} points each) | ${firstQuery.ms.toFixed(1)} | ${(firstQuery.ms / pass.ms).toFixed(1)}× |`,
);

// Live update: 100 new points on one series, then the chart asks for it again.
const updates: number[] = [];
const smoothedUpdates: number[] = [];
let next = POINTS;
store.get('run-0', 'train/loss', { smoothing: 0.6 });
for (let rep = 0; rep < 50; rep++) {
  const add = () => {
    for (let i = 0; i < 100; i++, next++) {
      store.add('run-0', { v: 1, type: 'scalar', t: 1.7e9 + next * 0.1, step: next * 10, name: 'train/loss', value: value(0, next) });
    }
  };
  updates.push(
    time(() => {
      add();
      return store.get('run-0', 'train/loss')!.x.length;
    }).ms,
  );
  smoothedUpdates.push(
    time(() => {
      add();
      return store.get('run-0', 'train/loss', { smoothing: 0.6 })!.x.length;
    }).ms,
  );
}
const scratch = median(Array.from({ length: 5 }, () => time(() => lttbIndices(xs[0], ys[0], TARGET)).ms));
const upd = median(updates);
console.log(
  `\nOne live update (append 100 points to a ${POINTS.toLocaleString('en')}-point series + query), median of 50: ` +
    `${upd.toFixed(3)} ms (${median(smoothedUpdates).toFixed(3)} ms with smoothing); ` +
    `LTTB from scratch on that series: ${scratch.toFixed(1)} ms → ${(scratch / upd).toFixed(0)}× cheaper.`,
);
