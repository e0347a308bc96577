import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freeGpus, orderQueue, planStarts, type QueueEntry } from '../../extension/core/runner/scheduler';
import type { GpuInfo } from '../../extension/core/runner/gpus';

const gpu = (index: number, used = 0): GpuInfo => ({
  index,
  name: 'NVIDIA H100 80GB HBM3',
  memoryTotalMiB: 81559,
  memoryUsedMiB: used,
  utilizationPct: 0,
});
let seq = 0;
const entry = (id: string, gpus = 0, priority = 0, launcher: QueueEntry['launcher'] = gpus > 1 ? 'torchrun' : 'local'): QueueEntry => ({
  experiment: 'e',
  id,
  gpus,
  priority,
  launcher,
  seq: ++seq,
  enqueued_at: '',
});

test('higher priority first, FIFO among equals', () => {
  const a = entry('a'),
    b = entry('b', 0, 5),
    c = entry('c'),
    d = entry('d', 0, 5);
  assert.deepEqual(
    orderQueue([a, b, c, d]).map((e) => e.id),
    ['b', 'd', 'a', 'c'],
  );
});

test('CPU-only machine: one run at a time by default', () => {
  const p = planStarts({ pending: [entry('a'), entry('b')], active: [], gpus: [] });
  assert.deepEqual(
    p.starts.map((s) => s.entry.id),
    ['a'],
  );
  assert.deepEqual(p.starts[0].gpus, []);
  const busy = planStarts({ pending: [entry('b')], active: [{ key: 'e@a', gpus: [], launcher: 'local' }], gpus: [] });
  assert.equal(busy.starts.length, 0);
});

test('GPU runs get disjoint free GPUs, lowest first; a run waits until enough are free', () => {
  const gpus = [gpu(0), gpu(1), gpu(2), gpu(3)];
  const p = planStarts({ pending: [entry('a', 2), entry('b', 1), entry('c', 2)], active: [], gpus });
  assert.deepEqual(
    p.starts.map((s) => [s.entry.id, s.gpus]),
    [
      ['a', [0, 1]],
      ['b', [2]],
    ],
  );
  // c needs 2, only GPU 3 is left: it waits (and blocks local runs behind it).
  const later = planStarts({
    pending: [entry('c', 2), entry('d', 1)],
    active: [{ key: 'x', gpus: [0, 1, 2], launcher: 'torchrun' }],
    gpus,
  });
  assert.deepEqual(later.starts, []);
  const freed = planStarts({ pending: [entry('c', 2)], active: [{ key: 'x', gpus: [0], launcher: 'local' }], gpus });
  assert.deepEqual(freed.starts[0].gpus, [1, 2]);
});

test('a GPU with memory in use above the threshold is busy', () => {
  const gpus = [gpu(0, 40_000), gpu(1, 10)];
  assert.deepEqual(freeGpus(gpus, [], 1024), [1]);
  assert.deepEqual(freeGpus(gpus, []), [0, 1]);
  const p = planStarts({ pending: [entry('a', 1)], active: [], gpus, busyMemoryMiB: 1024 });
  assert.deepEqual(p.starts[0].gpus, [1]);
});

test('concurrency limit and the CPU-run limit', () => {
  const gpus = [gpu(0), gpu(1)];
  const p = planStarts({ pending: [entry('a', 1), entry('b', 1)], active: [], gpus, maxConcurrent: 1 });
  assert.equal(p.starts.length, 1);
  const cpu = planStarts({ pending: [entry('a', 0), entry('b', 0), entry('c', 1)], active: [], gpus, maxCpuRuns: 1 });
  // b waits for the CPU slot and, FIFO, c waits behind it.
  assert.deepEqual(
    cpu.starts.map((s) => s.entry.id),
    ['a'],
  );
  const two = planStarts({ pending: [entry('a', 0), entry('b', 0)], active: [], gpus, maxCpuRuns: 2 });
  assert.equal(two.starts.length, 2);
});

test('slurm runs never wait for local GPUs; impossible requests are reported', () => {
  const p = planStarts({
    pending: [entry('big', 8), entry('s', 4, 0, 'slurm'), entry('a', 0)],
    active: [],
    gpus: [gpu(0)],
  });
  assert.deepEqual(
    p.impossible.map((i) => i.entry.id),
    ['big'],
  );
  assert.match(p.impossible[0].reason, /8 GPUs and this machine has 1/);
  assert.deepEqual(p.starts.map((s) => s.entry.id).sort(), ['a', 's']);
});
