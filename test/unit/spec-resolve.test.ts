/** resolveSpec (defaults), specHash (equal to Python's) and estimateCost. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { canonicalJson, estimateCost, resolveSpec, specHash, validateSpecText } from '../../extension/core/spec';
import { pythonFloatRepr } from '../../extension/core/spec/resolve';
import { baseSpec, exampleFiles, fakeDisk } from './spec-helpers';

const PY = process.env.VLA_LAB_PYTHON ?? path.resolve(__dirname, '..', '..', '.venv', 'bin', 'python'); // scripts/setup.sh makes it

test('resolveSpec fills schema defaults on a copy and keeps what was written', () => {
  const s = {
    name: 'x',
    backbone: { id: 'tiny-prefix' },
    policy: { history: 8, head: { type: 'gpt' } },
    data: { stages: [{ datasets: [{ type: 'playtable' }], steps: 5 }] },
    eval: [{ benchmark: 'playtable' }],
  };
  const r = resolveSpec(s) as any;
  assert.equal(r.backend, 'builtin');
  assert.equal(r.backbone.size, 'nano');
  assert.deepEqual(
    r.backbone.train,
    { vision: true, language: true, text_embedding: true, gradient_checkpointing: false, autocast: 'none' },
    'optional sections with defaults are created',
  );
  assert.equal(r.backbone.lora.enabled, false);
  assert.equal(r.policy.discretization, undefined, 'sections with required fields are not invented');
  assert.equal(r.sweep, undefined);
  assert.equal(r.policy.formulation, 'policy-head');
  assert.equal(r.policy.history, 8);
  assert.equal(r.policy.head.hidden, 256);
  assert.equal(r.policy.head.type, 'gpt');
  assert.equal(r.data.recipe, 'finetune');
  assert.equal(r.data.stages[0].datasets[0].weight, 1);
  assert.equal(r.data.stages[0].datasets[0].embodiment, 'default');
  assert.equal(r.eval[0].chains, 50);
  assert.equal(r.train.lr, 0.001);
  assert.equal(r.train.optimizer, 'adamw');
  assert.deepEqual(r.observation.cameras, ['static']);
  assert.equal(r.resources.launcher, 'local');
  assert.equal((s as any).backend, undefined, 'input untouched');
  // The resolved spec is still valid and resolving again changes nothing.
  assert.equal(validateSpecText(JSON.stringify(r), fakeDisk()).errors, 0);
  assert.deepEqual(resolveSpec(r), r);
});

test('every example resolves to a valid spec', () => {
  for (const f of exampleFiles()) {
    const r = resolveSpec(JSON.parse(readFileSync(f, 'utf8')));
    assert.equal(validateSpecText(JSON.stringify(r), fakeDisk()).errors, 0, f);
  }
});

test('pythonFloatRepr matches Python repr for awkward floats', () => {
  const cases: [number, string][] = [
    [0.1, '0.1'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1.5e-7, '1.5e-07'],
    [123.456, '123.456'],
    [2e-5, '2e-05'],
    [1e21, '1e+21'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [-0.5, '-0.5'],
    [5e-324, '5e-324'],
    [1234567.125, '1234567.125'],
  ];
  for (const [x, want] of cases) assert.equal(pythonFloatRepr(x), want, String(x));
});

test('specHash equals Python hashlib.sha256(json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False))', () => {
  assert.ok(existsSync(PY), `${PY} not found: run bash scripts/setup.sh`);
  const specs: unknown[] = [
    ...exampleFiles().map((f) => resolveSpec(JSON.parse(readFileSync(f, 'utf8')))),
    {
      name: 'ünïcødé-😀',
      description: 'tab\there "quotes" \\ back\u0001slash \u2028',
      b: [1, 2.5, -0, 1e-5, 1e21, 3e-7, 0.1 + 0.2, 100, 1e15, 123456789.123],
      a: { z: null, y: true, é: 1, e: 2, '😀': 3, '\uffff': 4 },
    },
    { n: 2 ** 53, m: -(2 ** 31), f: 1.0, g: 1.5e300, nested: [[[]], {}] },
  ];
  const script =
    'import sys, json, hashlib\nfor line in sys.stdin:\n    v = json.loads(line)\n    print(hashlib.sha256(json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest())\n';
  const py = spawnSync(PY, ['-c', script], { input: specs.map((s) => JSON.stringify(s)).join('\n') + '\n', encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  assert.deepEqual(specs.map(specHash), py.stdout.trim().split('\n'));
});

test('canonicalJson sorts keys and has no whitespace', () => {
  assert.equal(canonicalJson({ b: 1, a: [1, { d: 2, c: 'x' }] }), '{"a":[1,{"c":"x","d":2}],"b":1}');
  assert.notEqual(specHash({ a: 1 }), specHash({ a: 2 }));
  assert.equal(specHash({ a: 1, b: 2 }), specHash({ b: 2, a: 1 }));
});

test('estimateCost: parameter counts and memory grow the way the formula says', () => {
  const s = resolveSpec(baseSpec()) as any;
  const small = estimateCost(s)!;
  assert.ok(
    small.exact && small.params.backbone > 1e5 && small.params.backbone < 1e6,
    'a nano built-in is a few hundred thousand parameters (exact counts: test/python/test_cost_model.py)',
  );
  assert.ok(small.params.head > 0 && small.params.total === small.params.backbone + small.params.head);
  assert.equal(small.memory.total, small.memory.weights + small.memory.gradients + small.memory.optimizer + small.memory.activations);
  // fp32 AdamW, everything trainable: 16 bytes per parameter (+ a 4-byte step counter per tensor) before activations.
  const stateBytes = small.memory.weights + small.memory.gradients + small.memory.optimizer - 16 * small.params.total;
  assert.ok(stateBytes > 0 && stateBytes % 4 === 0 && stateBytes < 4 * 1000);
  assert.deepEqual(estimateCost(baseSpec()), small, 'a raw spec is resolved first: the same estimate');
  const kosmos = estimateCost(resolveSpec({ ...baseSpec(), backend: 'robovlms', backbone: { id: 'kosmos-2', path: 'w' } }))!;
  assert.equal(kosmos.params.backbone, 1.66e9);
  assert.equal(kosmos.exact, false);
  const doubleBatch = estimateCost({ ...s, train: { ...s.train, batch_size: 16 } })!;
  assert.ok(Math.abs(doubleBatch.memory.activations - 2 * small.memory.activations) < 1e-6 * small.memory.activations);
  const bf16 = estimateCost({ ...s, train: { ...s.train, precision: 'bf16' } })!;
  assert.ok(Math.abs(bf16.memory.activations - small.memory.activations / 2) < 1);
  const frozenKosmos = estimateCost(
    resolveSpec({
      ...baseSpec(),
      backend: 'robovlms',
      backbone: { id: 'kosmos-2', path: 'w', train: { vision: false, language: false, text_embedding: false } },
    }),
  )!;
  assert.equal(frozenKosmos.params.trainable, frozenKosmos.params.head);
  const gpt = estimateCost({ ...s, policy: { ...s.policy, head: { type: 'gpt', hidden: 256, layers: 4 } } })!;
  assert.ok(gpt.params.head > 12 * 256 * 256 * 4, 'a 4-block GPT head has at least 12·h²·L parameters');
  assert.equal(estimateCost('not a spec'), undefined, 'garbage in: no estimate, never a throw');
});
