/** Every examples/*.vla.json (ours and other helpers') validates without errors, on the real disk. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { formatDiagnostic } from '../../extension/core/diagnostics';
import { expandSweep, validateSpecFile } from '../../extension/core/spec';
import { exampleFiles } from './spec-helpers';

const REQUIRED = ['one-step-continuous', 'interleaved', 'policy-head-gpt', 'discrete', 'post-train', 'robovlms-kosmos', 'moe-sweep'];

test('the spec examples exist', () => {
  const names = exampleFiles().map((f) => basename(f, '.vla.json'));
  for (const n of REQUIRED) assert.ok(names.includes(n), `examples/${n}.vla.json missing`);
});

for (const file of exampleFiles()) {
  test(`example ${basename(file)} validates with no errors`, () => {
    const r = validateSpecFile(file);
    const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(basename(file), d));
    assert.deepEqual(errors, []);
    // A sweep must keep at least one valid point.
    assert.ok(expandSweep(r.spec, { baseDir: '/', dirExists: () => true, fileExists: () => true }).points.length >= 1);
  });
}

test('the examples cover the design space', () => {
  const specs = exampleFiles().map((f) => validateSpecFile(f).spec as any);
  const formulations = new Set(specs.map((s) => s.policy?.formulation));
  for (const f of ['one-step', 'interleaved', 'policy-head']) assert.ok(formulations.has(f), f);
  assert.ok(specs.some((s) => s.policy?.action_space === 'discrete'));
  assert.ok(specs.some((s) => s.data?.recipe === 'post-train' && s.data.stages.length >= 2));
  assert.ok(specs.some((s) => s.backend === 'robovlms' && typeof s.backbone?.path === 'string'));
  assert.ok(specs.some((s) => s.sweep && Object.values(s.sweep.axes).some((v: any) => v.includes('moe'))));
});
