/** Sweeps with training seeds (sweep.seeds) and named axis values (sweep.labels). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planStarts } from '../../extension/core/runner/scheduler';
import { expandSweep, validateSpecText } from '../../extension/core/spec';
import { baseSpec, fakeDisk } from './spec-helpers';

const ctx = fakeDisk();

test('every cell is run once per seed, train.seed set, the seed in the name and the cell shared', () => {
  const s = baseSpec();
  s.sweep = { axes: { 'policy.chunk': [1, 4, 8] }, seeds: [0, 1, 7] };
  const x = expandSweep(s, ctx);
  assert.equal(x.total, 9);
  assert.deepEqual(x.seeds, [0, 1, 7]);
  assert.equal(x.points.length, 9);
  assert.deepEqual(
    x.points.slice(0, 3).map((p) => [p.name, p.cell, p.seed, (p.spec.train as any).seed, (p.spec.policy as any).chunk]),
    [
      ['base--chunk_1--seed_0', 'base--chunk_1', 0, 0, 1],
      ['base--chunk_1--seed_1', 'base--chunk_1', 1, 1, 1],
      ['base--chunk_1--seed_7', 'base--chunk_1', 7, 7, 1],
    ],
  );
  assert.deepEqual(x.points[3].assignments, { 'policy.chunk': 4 }, 'the seed is not an axis of the point');
  assert.equal(new Set(x.points.map((p) => p.cell)).size, 3);
  // Without seeds nothing changes: one point per cell, named as before, the spec's own seed kept.
  const plain = baseSpec();
  plain.sweep = { axes: { 'policy.chunk': [1, 4] } };
  const y = expandSweep(plain, ctx);
  assert.deepEqual(
    y.points.map((p) => [p.name, p.cell, p.seed]),
    [
      ['base--chunk_1', 'base--chunk_1', undefined],
      ['base--chunk_4', 'base--chunk_4', undefined],
    ],
  );
  assert.deepEqual(y.seeds, []);
});

test('exclusions drop a cell with all its seeds; an invalid cell is dropped once per seed', () => {
  const s = baseSpec();
  s.sweep = {
    axes: { 'policy.formulation': ['policy-head', 'interleaved'], 'backbone.id': ['tiny-prefix', 'tiny-xattn'] },
    exclude: [{ 'policy.formulation': 'policy-head', 'backbone.id': 'tiny-xattn' }],
    seeds: [0, 1, 2],
  };
  const x = expandSweep(s, ctx);
  assert.equal(x.total, 12);
  assert.equal(x.excluded.length, 3);
  // Cross-attention cannot interleave: that cell is invalid for every seed.
  assert.equal(x.dropped.length, 3);
  assert.ok(
    x.dropped.every((d) => d.cell === 'base--formulation_interleaved--id_tiny-xattn' && d.reasons.some((r) => r.includes('interleav'))),
  );
  assert.equal(x.points.length, 6);
});

test('labels name object-valued axes (whole data recipes) in run names; long names keep their seed suffix', () => {
  const s = baseSpec();
  const stage = (steps: number) => ({ name: 'finetune', datasets: [{ type: 'playtable', tasks: ['open_drawer'], episodes: 4 }], steps });
  s.sweep = {
    axes: {
      data: [
        { recipe: 'finetune', stages: [stage(100)] },
        { recipe: 'finetune', stages: [stage(200)] },
      ],
    },
    labels: { data: ['short', 'long'] },
    seeds: [0, 1, 2],
  };
  const x = expandSweep(s, ctx);
  assert.deepEqual(x.points.map((p) => p.name).slice(0, 4), [
    'base--data_short--seed_0',
    'base--data_short--seed_1',
    'base--data_short--seed_2',
    'base--data_long--seed_0',
  ]);
  assert.deepEqual(x.points[3].labels, { data: 'long' });
  assert.equal((x.points[3].spec.data as any).stages[0].steps, 200);

  const long = baseSpec();
  long.name = 'x'.repeat(80);
  long.sweep = { axes: { 'policy.head.type': ['mlp', 'lstm'], description: ['a'.repeat(40), 'b'] }, seeds: [3, 1000] };
  const y = expandSweep(long, ctx);
  assert.equal(y.points.length, 8);
  for (const p of y.points) {
    assert.ok(p.name.length <= 100, p.name);
    assert.ok(p.name.endsWith(`--seed_${p.seed}`), `${p.name} keeps its seed`);
    assert.ok(p.name.startsWith(p.cell));
  }
  assert.equal(new Set(y.points.map((p) => p.name)).size, 8);
});

test('an exclusion names a labelled value by its label (object-valued axes: whole eval lists)', () => {
  const s = baseSpec();
  const entry = (execution: string) => ({ benchmark: 'playtable', chains: 4, chain_length: 1, execution, delay: 1 });
  s.policy = { ...(s.policy as object), chunk: 4 };
  s.sweep = {
    axes: {
      'policy.head.type': ['oft', 'flow'],
      eval: [
        [entry('first'), entry('chunk')],
        [entry('first'), entry('rtc')],
      ],
    },
    labels: { eval: ['no-rtc', 'with-rtc'] },
    exclude: [
      { 'policy.head.type': 'oft', eval: 'with-rtc' },
      { 'policy.head.type': 'flow', eval: 'no-rtc' },
    ],
    seeds: [0, 1],
  };
  const diagnostics = validateSpecText(JSON.stringify(s, null, 2), ctx).diagnostics.filter((d) => d.code.startsWith('spec/sweep'));
  assert.deepEqual(diagnostics, [], 'a label is a value the exclusion can match');
  const x = expandSweep(s, ctx);
  assert.equal(x.total, 8);
  assert.deepEqual(x.dropped, [], 'the impossible pairing (rtc on a regression head) is excluded, not dropped');
  assert.deepEqual(
    x.points.map((p) => [p.name, (p.spec.eval as any[]).map((e) => e.execution).join('+')]),
    [
      ['base--head.type_oft--eval_no-rtc--seed_0', 'first+chunk'],
      ['base--head.type_oft--eval_no-rtc--seed_1', 'first+chunk'],
      ['base--head.type_flow--eval_with-rtc--seed_0', 'first+rtc'],
      ['base--head.type_flow--eval_with-rtc--seed_1', 'first+rtc'],
    ],
  );
  // A name that is neither a value nor a label of the axis never matches, and says so.
  (s.sweep as any).exclude = [{ eval: 'with-rcc' }];
  assert.deepEqual(
    validateSpecText(JSON.stringify(s, null, 2), ctx)
      .diagnostics.filter((d) => d.code === 'spec/sweep-exclude-never-matches')
      .map((d) => d.message),
    ['sweep.exclude[0] never matches: "with-rcc" is not one of the values of eval nor one of its labels.'],
  );
});

test('seeds are validated: duplicates, negative values, and a train.seed axis beside them', () => {
  const codes = (sweep: unknown) => {
    const s = baseSpec();
    s.sweep = sweep;
    return validateSpecText(JSON.stringify(s, null, 2), ctx)
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => `${d.code} ${d.pointer}`);
  };
  assert.deepEqual(codes({ axes: { 'policy.chunk': [1, 4] }, seeds: [0, 1, 2] }), []);
  assert.ok(codes({ axes: { 'policy.chunk': [1, 4] }, seeds: [0, 0] }).some((c) => c.startsWith('schema/uniqueItems /sweep/seeds')));
  assert.ok(codes({ axes: { 'policy.chunk': [1, 4] }, seeds: [-1] }).some((c) => c.includes('/sweep/seeds/0')));
  assert.deepEqual(codes({ axes: { 'policy.chunk': [1, 4], 'train.seed': [0, 1] }, seeds: [0, 1] }), [
    'spec/sweep-seeds-and-seed-axis /sweep/axes/train.seed',
  ]);
  assert.deepEqual(codes({ axes: { 'policy.chunk': [1, 4] }, labels: { 'policy.chunk': ['one', 'one'] } }), [
    'spec/sweep-labels-mismatch /sweep/labels/policy.chunk/1',
  ]);
  assert.deepEqual(codes({ axes: { 'policy.chunk': [1, 4] }, labels: { 'policy.chunks': ['one', 'four'] } }), [
    'spec/sweep-labels-mismatch /sweep/labels/policy.chunks',
  ]);
});

test('a seeded sweep queued on one GPU runs its points one after another, each with the whole GPU (docs/runs.md)', () => {
  const gpu = { index: 0, name: 'H100', memoryTotalMiB: 81920, memoryUsedMiB: 0, utilizationPct: 0 };
  const pending = [0, 1, 2].map((seed, i) => ({
    experiment: `study--chunk_1--seed_${seed}`,
    id: 'r',
    priority: 0,
    gpus: 1,
    launcher: 'local' as const,
    seq: i,
    enqueued_at: '',
  }));
  // Even when more runs at once are allowed, a GPU is held by one run: no packing.
  const first = planStarts({ pending, active: [], gpus: [gpu], maxConcurrent: 3 });
  assert.deepEqual(
    first.starts.map((s) => [s.entry.experiment, s.gpus]),
    [['study--chunk_1--seed_0', [0]]],
  );
  const second = planStarts({
    pending: pending.slice(1),
    active: [{ key: 'study--chunk_1--seed_0@r', gpus: [0], launcher: 'local' }],
    gpus: [gpu],
    maxConcurrent: 3,
  });
  assert.deepEqual(second.starts, [], 'the next seed waits for the GPU');
  const two = planStarts({ pending, active: [], gpus: [gpu, { ...gpu, index: 1 }] });
  assert.deepEqual(
    two.starts.map((s) => s.gpus),
    [[0], [1]],
    'with two GPUs two points run at once',
  );
});

test('a sweep of seeds only: one configuration trained once per seed', () => {
  const s = baseSpec();
  s.sweep = { seeds: [0, 1, 2] };
  assert.deepEqual(
    validateSpecText(JSON.stringify(s, null, 2), ctx).diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  const x = expandSweep(s, ctx);
  assert.deepEqual(
    x.points.map((p) => [p.name, p.cell, (p.spec.train as any).seed]),
    [
      ['base--seed_0', 'base', 0],
      ['base--seed_1', 'base', 1],
      ['base--seed_2', 'base', 2],
    ],
  );
  s.sweep = {};
  assert.ok(
    validateSpecText(JSON.stringify(s, null, 2), ctx).diagnostics.some((d) => d.severity === 'error' && d.pointer === '/sweep'),
    'a sweep needs axes or seeds',
  );
});
