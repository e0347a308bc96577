import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { formatDoctor, runDoctor } from '../../extension/core/environment/doctor';
import { tempDir } from './tmp-helpers';

const VENV_PYTHON = path.resolve('.venv/bin/python');

test('doctor: the project .venv (what scripts/setup.sh installs) has everything, with versions', () => {
  const report = runDoctor({ explicit: VENV_PYTHON, cacheFile: null });
  assert.equal(report.interpreter, VENV_PYTHON);
  const byName = new Map(report.checks.map((c) => [c.name, c]));
  for (const name of ['torch', 'numpy', 'transformers', 'peft', 'onnx']) {
    assert.equal(byName.get(name)?.status, 'ok', `${name}: ${byName.get(name)?.detail}`);
    assert.match(byName.get(name)!.detail, /^\d+\.\d+/);
  }
  assert.match(byName.get('torch')!.detail, /^2\./);
  assert.match(byName.get('CUDA devices')!.detail, /.+/);
  assert.equal(report.ok, true);
  assert.match(formatDoctor(report).at(-1)!, /everything the built-in trainer needs is here/);
});

test('doctor: an interpreter without torch is MISSING with the one command that fixes it, and exit status not ok', () => {
  const fake = path.resolve('test/fixtures/workers/no_torch_python.py');
  const report = runDoctor({ explicit: fake, cacheFile: null });
  assert.equal(report.ok, false);
  const py = report.checks.find((c) => c.name === 'python interpreter')!;
  assert.equal(py.status, 'missing');
  assert.match(py.fix!, /bash .*scripts\/setup\.sh/);
  const lines = formatDoctor(report);
  assert.ok(lines.some((l) => l.startsWith('MISSING') && l.includes('python interpreter')));
  assert.ok(lines.some((l) => /fix: bash .*setup\.sh/.test(l)));
});

test('doctor: missing ffmpeg and an unloadable onnxruntime-node are warnings with their fixes', () => {
  const emptyPath = tempDir('nopath-');
  const report = runDoctor({
    explicit: VENV_PYTHON,
    cacheFile: null,
    env: { ...process.env, PATH: emptyPath },
    loadOnnxRuntime: () => {
      throw new Error('cannot find module');
    },
  });
  const ff = report.checks.find((c) => c.name === 'ffmpeg')!;
  assert.equal(ff.status, 'warning');
  assert.equal(ff.fix, 'sudo apt-get install ffmpeg');
  const ort = report.checks.find((c) => c.name === 'onnxruntime-node')!;
  assert.equal(ort.status, 'warning');
  assert.match(ort.fix!, /npm ci/);
  assert.equal(report.ok, true, 'optional pieces do not fail the check');
});
