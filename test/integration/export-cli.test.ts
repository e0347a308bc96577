/**
 * `vla-lab export <run>` through the built CLI (node dist/cli.js, after node scripts/build.mjs): a
 * briefly trained built-in run gets export/policy.onnx + policy.json that `vla-lab probe info`
 * opens; refusals (no checkpoint, a RoboVLMs run, an unknown checkpoint) are one line each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PY = process.env.VLA_LAB_PYTHON ?? path.join(ROOT, '.venv', 'bin', 'python');
const TASKS = 'open_drawer,move_slider_left';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vla-export-cli-'));
test.after(() => fs.rmSync(work, { recursive: true, force: true }));
const env = {
  ...process.env,
  VLA_LAB_PYTHON: PY,
  XDG_CACHE_HOME: path.join(work, '.cache'),
  VLA_LAB_THREADS: '1',
  OPENBLAS_NUM_THREADS: '1',
  OMP_NUM_THREADS: '1',
};

function cli(args: string[]) {
  assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run node scripts/build.mjs');
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: work, encoding: 'utf8', timeout: 300_000, env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function python(args: string[]) {
  const r = spawnSync(PY, ['-m', 'vlalab', ...args], {
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...env, PYTHONPATH: path.join(ROOT, 'python') },
  });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
}

function runFolder(id: string, backend = 'builtin'): string {
  const dir = path.join(work, 'runs', 'tiny', id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'run.json'),
    JSON.stringify({
      v: 1,
      id,
      experiment: 'tiny',
      status: 'completed',
      backend,
      launcher: 'local',
      kind: 'train',
      created_at: '2024-01-01T00:00:00Z',
    }),
  );
  return dir;
}

test('export writes policy.onnx + policy.json that the probe opens', () => {
  const data = path.join(work, 'data');
  python(['gen-data', '--out', data, '--tasks', TASKS, '--episodes', '2', '--image-size', '32', '--seed', '3']);
  const dir = runFolder('trained');
  const spec = {
    name: 'tiny',
    backbone: { id: 'tiny-prefix', size: 'nano' },
    policy: { formulation: 'policy-head', history: 2, chunk: 2, head: { type: 'mlp', hidden: 32, layers: 1 } },
    observation: { image_size: 32, patch_size: 8, cameras: ['static'] },
    data: { stages: [{ name: 'ft', datasets: [{ type: 'playtable', path: data, tasks: TASKS.split(',') }], steps: 4 }] },
    train: { batch_size: 4, log_every: 2, val_every: 4, checkpoint_every: 4, warmup_steps: 0, seed: 0 },
    eval: [],
  };
  fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
  python(['train', '--spec', path.join(dir, 'spec.json'), '--run-dir', dir, '--no-eval']);

  const r = cli(['export', 'tiny/trained']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.out.trim().split('\n'), [
    'wrote runs/tiny/trained/export/policy.onnx',
    'wrote runs/tiny/trained/export/policy.json',
    'probe it with: vla-lab probe info tiny/trained',
  ]);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'export', 'policy.json'), 'utf8'));
  assert.equal(manifest.format, 'vla-lab-policy/1');
  assert.equal(manifest.chunk, 2);
  assert.equal(manifest.history, 2);
  assert.match(manifest.checkpoint, /^checkpoints\/step-\d+\.pt$/);
  const info = cli(['probe', 'info', 'tiny/trained', '--json']);
  assert.equal(info.code, 0, info.err);
  assert.ok(JSON.parse(info.out).inputs.length > 0);

  // A named checkpoint from the run's checkpoints/ works too.
  const ck = fs.readdirSync(path.join(dir, 'checkpoints')).find((n) => n.endsWith('.pt'))!;
  const named = cli(['export', 'tiny/trained', '--checkpoint', ck]);
  assert.equal(named.code, 0, named.err);
  assert.match(named.err, new RegExp(`exporting tiny/trained \\(${ck.replace('.', '\\.')}\\)`));
});

test('export refusals are one line each, with what to do', () => {
  runFolder('untrained');
  const none = cli(['export', 'tiny/untrained']);
  assert.equal(none.code, 1);
  const noneLines = none.err.trim().split('\n');
  assert.match(
    noneLines[noneLines.length - 1],
    /^vla-lab: export: no checkpoint in .*untrained\/checkpoints to export \(train first, or pass --checkpoint\)$/,
  );
  assert.doesNotMatch(none.err, /Traceback/);

  runFolder('robovlms-run', 'robovlms');
  const rv = cli(['export', 'tiny/robovlms-run']);
  assert.equal(rv.code, 1);
  assert.equal(
    rv.err.trim(),
    "vla-lab: export: tiny/robovlms-run ran on the robovlms backend; 'vla-lab export' exports built-in runs (the probe reads their policy.json)",
  );

  const ck = cli(['export', 'tiny/untrained', '--checkpoint', 'step-9.pt']);
  assert.equal(ck.code, 1);
  assert.match(ck.err.trim(), /^vla-lab: no checkpoint "step-9\.pt" in .*untrained \(it has none yet\)$/);

  const usage = cli(['export']);
  assert.equal(usage.code, 1);
  assert.match(usage.err.trim(), /^vla-lab: export: give one run/);
});
