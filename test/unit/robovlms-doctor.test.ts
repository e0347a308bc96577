/**
 * `vla-lab doctor --robovlms`: a checkout without main.py, an interpreter that lacks CALVIN's
 * modules or has another transformers than RoboVLMs pins, a spec whose backbone weights are missing
 * and whose paths point at /mnt/ — each reported with its fix. The interpreter is the project's
 * .venv (real imports); the checkout is a folder made here with RoboVLMs' module names. The smoke
 * run itself needs RoboVLMs (docs/robovlms.md, "Run for real"); here only its refusals and the
 * traceback reading.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { errorLine, formatRoboVLMsDoctor, runRoboVLMsDoctor } from '../../extension/core/environment/robovlms-doctor';

const ROOT = path.resolve(__dirname, '../..');
const PY = path.join(ROOT, '.venv', 'bin', 'python');

function checkout(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vla-robovlms-doctor-'));
  fs.writeFileSync(path.join(dir, 'main.py'), '');
  for (const m of ['robovlms/train/base_trainer.py', 'robovlms/data/datamodule/gr_datamodule.py']) {
    fs.mkdirSync(path.dirname(path.join(dir, m)), { recursive: true });
    fs.writeFileSync(path.join(dir, m), '');
  }
  return dir;
}

const SPEC = {
  name: 'doctor',
  backend: 'robovlms',
  backbone: { id: 'paligemma-3b', path: '/mnt/bn/robotics/paligemma-3b' },
  policy: { formulation: 'policy-head', action_space: 'continuous', history: 2, chunk: 2, head: { type: 'lstm', hidden: 32, layers: 1 } },
  data: { stages: [{ name: 'ft', datasets: [{ type: 'calvin', path: 'calvin/training' }], epochs: 1 }] },
};

test('doctor --robovlms: each missing piece with its fix; the pin of the spec’s backbone; weights and /mnt/ paths', async () => {
  const dir = checkout();
  try {
    fs.writeFileSync(path.join(dir, 'x.vla.json'), JSON.stringify(SPEC));
    const report = await runRoboVLMsDoctor({
      checkout: dir,
      python: PY,
      spec: path.join(dir, 'x.vla.json'),
      env: { ...process.env, VLA_LAB_PYTHON: '' },
      cwd: dir,
    });
    const by = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    assert.equal(by['RoboVLMs checkout'].status, 'ok');
    assert.equal(by['torch'].status, 'ok');
    assert.equal(by["RoboVLMs' trainer"].status, 'ok', "the checkout's own modules are imported from it");
    assert.equal(by['calvin_agent (CALVIN data)'].status, 'missing');
    assert.match(by['calvin_agent (CALVIN data)'].detail, /No module named 'calvin_agent'/);
    assert.match(by['calvin_agent (CALVIN data)'].fix!, /calvin_models/);
    const tf = by['transformers pin'];
    const installed = by['transformers'].detail;
    assert.equal(tf.status, installed === '4.44.0' ? 'ok' : 'warning');
    if (tf.status === 'warning') assert.equal(tf.fix, 'pip install transformers==4.44.0', 'PaliGemma’s pin, not the default');
    assert.equal(by['backbone weights'].status, 'missing');
    assert.match(by['backbone weights'].fix!, /google\/paligemma2-3b-pt-224/);
    assert.equal(by['/mnt/ paths'].status, 'warning');
    assert.match(by['/mnt/ paths'].detail, /vlm\.pretrained_model_name_or_path = \/mnt\/bn\/robotics\/paligemma-3b/);
    assert.equal(by['/mnt/ paths'].fix, "paths of RoboVLMs' authors' machines: set backbone.path in the spec to paths on this machine");
    assert.equal(report.ok, false);
    assert.equal(formatRoboVLMsDoctor(report).pop(), 'RoboVLMs cannot train here yet: run the fixes above');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('doctor --robovlms: no main.py; --smoke without a spec, or with something missing, does not start', async () => {
  const dir = checkout();
  try {
    fs.rmSync(path.join(dir, 'main.py'));
    const report = await runRoboVLMsDoctor({ checkout: dir, python: PY, smoke: true, env: process.env, cwd: dir });
    const by = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    assert.equal(by['RoboVLMs checkout'].status, 'missing');
    assert.match(by['RoboVLMs checkout'].detail, /^no main\.py in /);
    assert.equal(by["RoboVLMs' trainer"], undefined, 'not probed without a checkout');
    assert.deepEqual([by['smoke run'].status, by['smoke run'].detail], ['missing', '--smoke needs --spec <file.vla.json>']);
    fs.writeFileSync(path.join(dir, 'main.py'), '');
    fs.writeFileSync(path.join(dir, 'x.vla.json'), JSON.stringify(SPEC));
    const again = await runRoboVLMsDoctor({ checkout: dir, python: PY, spec: 'x.vla.json', smoke: true, env: process.env, cwd: dir });
    assert.equal(again.checks.find((c) => c.name === 'smoke run')!.detail, 'not started: fix what is missing above first');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the smoke run's failure is the traceback's last exception, a bare one with the line that raised it", () => {
  const out = [
    '[rank0]:   File "/r/robovlms/data/calvin_dataset.py", line 232, in __init__',
    '[rank0]:     assert self.abs_datasets_dir.is_dir()',
    '[rank0]:            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    '[rank0]: AssertionError',
    'E1204 19:50:17.812000 20354 torch/distributed/elastic/multiprocessing/api.py:1002] failed (exitcode: 1)',
    'torchrun: rank 0 exited with code 1 (failed rank: 0)',
  ].join('\n');
  assert.equal(errorLine(out), 'AssertionError at `assert self.abs_datasets_dir.is_dir()`');
  assert.equal(errorLine("Traceback\n  File x\nNameError: name 'logger' is not defined\n"), "NameError: name 'logger' is not defined");
  assert.equal(errorLine('all fine\n'), undefined);
});
