/** Sweep expansion: cartesian product, exclusions, drops with reasons, deterministic names. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandSweep, parseSpecText, validateSpecText } from '../../extension/core/spec';
import { baseSpec, fakeDisk, repoRoot } from './spec-helpers';

const ctx = fakeDisk();

test('the product of the axes, last axis fastest, each point a concrete valid spec', () => {
  const s = baseSpec();
  s.sweep = { axes: { 'policy.formulation': ['policy-head', 'interleaved'], 'policy.head.type': ['mlp', 'lstm', 'gpt'] } };
  const x = expandSweep(s, ctx);
  assert.equal(x.total, 6);
  assert.equal(x.points.length, 6);
  assert.deepEqual(
    x.points.map((p) => p.assignments),
    [
      { 'policy.formulation': 'policy-head', 'policy.head.type': 'mlp' },
      { 'policy.formulation': 'policy-head', 'policy.head.type': 'lstm' },
      { 'policy.formulation': 'policy-head', 'policy.head.type': 'gpt' },
      { 'policy.formulation': 'interleaved', 'policy.head.type': 'mlp' },
      { 'policy.formulation': 'interleaved', 'policy.head.type': 'lstm' },
      { 'policy.formulation': 'interleaved', 'policy.head.type': 'gpt' },
    ],
  );
  const p = x.points[4];
  assert.equal(p.name, 'base--formulation_interleaved--head.type_lstm');
  assert.equal(p.spec.sweep, undefined);
  assert.equal((p.spec.policy as any).formulation, 'interleaved');
  assert.equal((p.spec.policy as any).head.type, 'lstm');
  assert.equal((p.spec.policy as any).head.hidden, 64, 'other fields are kept');
  assert.equal((s.policy as any).formulation, 'policy-head', 'the input is not modified');
  // Every point validates on its own without errors.
  for (const pt of x.points) assert.equal(validateSpecText(JSON.stringify(pt.spec), ctx).errors, 0);
  // Deterministic: same input, same names.
  assert.deepEqual(
    expandSweep(s, ctx).points.map((q) => q.name),
    x.points.map((q) => q.name),
  );
});

test('exclusions remove matching points; invalid points are dropped with their reasons', () => {
  const s = baseSpec();
  s.sweep = {
    axes: { 'backbone.id': ['tiny-prefix', 'tiny-xattn'], 'policy.formulation': ['interleaved', 'policy-head'], 'policy.history': [1, 8] },
    exclude: [{ 'policy.formulation': 'policy-head', 'policy.history': 1 }],
  };
  const x = expandSweep(s, ctx);
  assert.equal(x.total, 8);
  assert.equal(x.excluded.length, 2);
  assert.ok(x.excluded.every((e) => e.exclude === 0 && e.assignments['policy.history'] === 1));
  assert.equal(x.dropped.length, 2, 'tiny-xattn cannot interleave');
  for (const d of x.dropped) {
    assert.equal(d.assignments['backbone.id'], 'tiny-xattn');
    assert.equal(d.assignments['policy.formulation'], 'interleaved');
    assert.match(d.reasons[0], /^spec\/interleaved-needs-decoder: /);
  }
  assert.equal(x.points.length, 4);
  assert.equal(x.points.length + x.dropped.length + x.excluded.length, x.total);
});

test('axis values that break the schema drop the point, naming the field', () => {
  const s = baseSpec();
  s.sweep = { axes: { 'train.lr': [0.001, 0], 'data.stages.0.steps': [10, 20] } };
  const x = expandSweep(s, ctx);
  assert.equal(x.points.length, 2);
  assert.equal(x.dropped.length, 2);
  assert.ok(x.dropped.every((d) => d.reasons.some((r) => r.startsWith('schema/exclusiveMinimum: train.lr'))));
  assert.deepEqual(
    x.points.map((p) => (p.spec.data as any).stages[0].steps),
    [10, 20],
  );
  assert.equal(x.points[0].name, 'base--lr_0.001--stages.0.steps_10');
});

test('a spec without a sweep is one point; a too large sweep is refused, not expanded', () => {
  const one = expandSweep(baseSpec(), ctx);
  assert.equal(one.total, 1);
  assert.equal(one.points[0].name, 'base');
  const s = baseSpec();
  s.sweep = {
    axes: { 'train.seed': Array.from({ length: 100 }, (_, i) => i), 'policy.chunk': Array.from({ length: 50 }, (_, i) => i + 1) },
  };
  const big = expandSweep(s, ctx);
  assert.equal(big.points.length, 0);
  assert.equal(big.problems[0].code, 'spec/sweep-too-large');
  assert.equal(expandSweep(s, ctx, { maxPoints: 10000 }).total, 5000);
});

test('point names follow the name pattern, stay within 100 characters and are unique', () => {
  const s = baseSpec();
  s.name = 'a-rather-long-experiment-name-that-takes-space';
  s.sweep = { axes: { 'observation.cameras': [['static'], ['static', 'gripper']], description: ['x y z!', 'x-y-z', 'a'.repeat(60)] } };
  const x = expandSweep(s, ctx);
  const names = [...x.points, ...x.dropped].map((p) => p.name);
  assert.equal(new Set(names).size, names.length);
  for (const n of names) {
    assert.match(n, /^[A-Za-z0-9_.-]+$/);
    assert.ok(n.length <= 100, n);
  }
  assert.equal(x.points.length, 6);
});

test('the moe-sweep example: 12 points, 2 excluded, 2 dropped (cross-attention cannot interleave)', () => {
  const file = join(repoRoot, 'examples/moe-sweep.vla.json');
  const x = expandSweep(parseSpecText(readFileSync(file, 'utf8')).value, ctx);
  assert.deepEqual([x.total, x.points.length, x.excluded.length, x.dropped.length], [12, 8, 2, 2]);
  // validate reports the drops as one info on /sweep.
  const r = validateSpecText(readFileSync(file, 'utf8'), ctx);
  const info = r.diagnostics.find((d) => d.code === 'spec/sweep-invalid-points')!;
  assert.equal(info.severity, 'info');
  assert.match(info.message, /^2 of 10 sweep points are invalid/);
});
