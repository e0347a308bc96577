/**
 * The torchrun launcher for real, through the CLI, on this machine's CPU: a tiny spec with
 * `launcher: torchrun, gpus: 0` and `--procs 2` trains with two ranks on the gloo backend (DDP)
 * through python/vlalab/torchrun.py (which is what makes torchrun start at all on Debian's torch
 * 1.13 with Python 3.11). The run completes; events.jsonl validates and has each step once (rank 0
 * alone writes); the trainer reports world size 2; the data was generated once; the ranks ended
 * with identical parameters (DDP all-reduced the gradients). That each rank trains on its own shard
 * is checked on the sampler itself in test/python/test_torchrun.py.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { childTmpDir, tempDir } from '../unit/tmp-helpers';

const ROOT = path.resolve(__dirname, '../..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const CLI = path.join(ROOT, 'extension/cli/main.ts');
const PY = process.env.VLA_LAB_PYTHON || path.resolve(__dirname, '..', '..', '.venv', 'bin', 'python'); // scripts/setup.sh makes it
const SHIM = path.join(ROOT, 'python/vlalab/torchrun.py');
const torchOk = spawnSync(PY, ['-c', 'import torch.distributed.run'], { stdio: 'ignore' }).status === 0;
const skip = !torchOk ? `torch (with torch.distributed) is not importable from ${PY} (run scripts/setup.sh)` : false;

function cli(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args, '--runs-dir', path.join(cwd, 'runs')], {
    cwd,
    encoding: 'utf8',
    timeout: 170_000,
    env: {
      ...process.env,
      VLA_LAB_PYTHON: PY,
      VLA_LAB_PROGRESS_MS: '2000',
      XDG_CACHE_HOME: path.join(cwd, '.cache'),
      VLA_LAB_NVIDIA_SMI: '/nonexistent/nvidia-smi',
      TMPDIR: childTmpDir(), // torchrun's torchelastic_* folders go with the test's folders
    },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const STEPS = 16;

function writeSpec(ws: string): void {
  fs.writeFileSync(
    path.join(ws, 'ddp.vla.json'),
    JSON.stringify(
      {
        name: 'ddp',
        backbone: { id: 'tiny-prefix', size: 'nano' },
        policy: { formulation: 'policy-head', history: 2, chunk: 2, head: { type: 'mlp', hidden: 32, layers: 1 } },
        observation: { image_size: 32, patch_size: 8, cameras: ['static'] },
        data: {
          stages: [
            { name: 'ft', datasets: [{ type: 'playtable', tasks: ['open_drawer', 'move_slider_left'], episodes: 3 }], steps: STEPS },
          ],
        },
        train: { batch_size: 4, log_every: 1, val_every: 8, checkpoint_every: 8, warmup_steps: 0 },
        eval: [],
        resources: { launcher: 'torchrun', gpus: 0 },
      },
      null,
      2,
    ),
  );
}

test('vla-lab run --procs 2 with the torchrun launcher: two CPU ranks (DDP, gloo), end to end', { skip, timeout: 180_000 }, () => {
  const ws = tempDir('vla-torchrun-');
  writeSpec(ws);
  const r = cli(ws, ['run', 'ddp.vla.json', '--procs', '2']);
  const shown = JSON.parse(cli(ws, ['show', 'ddp/latest', '--json']).out);
  const dir = shown.dir as string;
  const log = (f: string) => {
    try {
      return fs.readFileSync(path.join(dir, f), 'utf8');
    } catch {
      return '';
    }
  };
  assert.equal(r.code, 0, `${r.out}\n${r.err}\n--- stdout.log\n${log('stdout.log')}\n--- stderr.log\n${log('stderr.log')}`);
  assert.match(r.out, /ddp\/\S+ completed/);

  const rec = shown.record;
  assert.equal(rec.status, 'completed');
  assert.equal(rec.launcher, 'torchrun');
  assert.equal(rec.processes, 2);
  assert.deepEqual(rec.argv.slice(0, 2), [rec.python.path, SHIM], 'torchrun through the compat entry point');
  assert.equal(rec.argv[rec.argv.indexOf('--nproc_per_node') + 1], '2');
  assert.equal(rec.env.CUDA_VISIBLE_DEVICES, '');

  const lines = log('events.jsonl').trim().split('\n');
  const events = lines.map((l) => JSON.parse(l));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/events.schema.json'), 'utf8')));
  const bad = events.map((e, i) => (validate(e) ? null : `${i + 1}: ${ajv.errorsText(validate.errors)}`)).filter(Boolean);
  assert.deepEqual(bad, [], 'every record follows schemas/events.schema.json');

  const starts = events.filter((e) => e.type === 'run_start');
  assert.equal(starts.length, 1, 'one run_start: rank 0 alone writes events');
  assert.equal(starts[0].world_size, 2, 'the trainer ran with world size 2');
  const steps = events.filter((e) => e.type === 'scalar' && e.name === 'train/loss').map((e) => e.step);
  assert.deepEqual(
    steps,
    Array.from({ length: STEPS }, (_, i) => i + 1),
    'each step exactly once, in order',
  );
  assert.equal(events.filter((e) => e.type === 'run_end').length, 1);
  assert.equal(events.at(-1).type, 'run_end');
  assert.equal(events.at(-1).status, 'completed');
  const ckpts = events.filter((e) => e.type === 'checkpoint').map((e) => e.step);
  assert.deepEqual(ckpts, [8, 16], 'each checkpoint written once (rank 0)');
  assert.ok(!events.some((e) => e.type === 'warning' && e.code === 'ranks-diverged'), 'the ranks ended in sync');

  const stdout = log('stdout.log');
  assert.match(stdout, /world size 2\b/);
  assert.match(stdout, /2 ranks: parameters identical on every rank/, 'DDP all-reduced the gradients');
  assert.equal(
    (stdout.match(/generating Playtable demonstrations/g) ?? []).length,
    1,
    'one rank generated the data, the other waited for it',
  );
});

test(
  'vla-lab cancel of a torchrun run saves a checkpoint and ends cancelled; resume under torchrun carries the steps on',
  { skip, timeout: 240_000 },
  async () => {
    const ws = tempDir('vla-torchrun-cancel-');
    writeSpec(ws);
    const spec = JSON.parse(fs.readFileSync(path.join(ws, 'ddp.vla.json'), 'utf8'));
    spec.data.stages[0].steps = 400;
    spec.train.checkpoint_every = 1000;
    spec.resources.processes = 2;
    fs.writeFileSync(path.join(ws, 'ddp.vla.json'), JSON.stringify(spec, null, 2));
    assert.equal(cli(ws, ['run', 'ddp.vla.json', '--detach']).code, 0);
    const dir = JSON.parse(cli(ws, ['show', 'ddp/latest', '--json']).out).dir as string;
    const lossSteps = () => {
      try {
        return fs
          .readFileSync(path.join(dir, 'events.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
          .filter((e) => e.type === 'scalar' && e.name === 'train/loss')
          .map((e) => e.step as number);
      } catch {
        return [];
      }
    };
    const deadline = Date.now() + 120_000;
    const stderrTail = () => {
      try {
        return fs.readFileSync(path.join(dir, 'stderr.log'), 'utf8').slice(-2000);
      } catch {
        return '(no stderr.log yet)';
      }
    };
    while (lossSteps().length < 5) {
      // The message is built only on failure: stderr.log does not exist until the worker starts.
      if (Date.now() >= deadline) assert.fail(`no training steps in time: ${stderrTail()}`);
      await new Promise((res) => setTimeout(res, 200));
    }
    const c = cli(ws, ['cancel', 'ddp/latest', '--grace', '60']);
    assert.equal(c.code, 0, c.err);
    const cancelled = JSON.parse(cli(ws, ['show', 'ddp/latest', '--json']).out).record;
    assert.equal(cancelled.status, 'cancelled', JSON.stringify(cancelled));
    const evs = fs
      .readFileSync(path.join(dir, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const end = evs.at(-1);
    assert.equal(end.type, 'run_end');
    assert.equal(end.status, 'cancelled', 'the trainer (rank 0) wrote it: the ranks stopped together, cleanly');
    const ck = evs.filter((e) => e.type === 'checkpoint' && e.tag === 'cancel');
    assert.equal(ck.length, 1);
    assert.ok(fs.existsSync(path.join(dir, ck[0].path)));
    assert.ok(end.step < 400);

    // Resume under torchrun again, in the same run directory. The run's spec.json is shortened to 6
    // steps past the cancel so that the test does not train 400 steps (the trainer reads it again).
    const specJson = JSON.parse(fs.readFileSync(path.join(dir, 'spec.json'), 'utf8'));
    specJson.data.stages[0].steps = end.step + 6;
    fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(specJson, null, 2));
    const resumed = cli(ws, ['resume', 'ddp/latest']);
    assert.equal(resumed.code, 0, `${resumed.out}\n${resumed.err}\n${stderrTail()}`);
    const rec = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
    assert.equal(rec.status, 'completed');
    assert.ok(rec.argv.includes('--resume') && rec.argv[1] === SHIM);
    const steps = lossSteps();
    assert.deepEqual(
      steps,
      Array.from({ length: end.step + 6 }, (_, i) => i + 1),
      'every step once across the cancel',
    );
    const starts = fs
      .readFileSync(path.join(dir, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e.type === 'run_start');
    assert.deepEqual(
      starts.map((s) => [s.world_size, s.resumed ?? false, s.start_step ?? 0]),
      [
        [2, false, 0],
        [2, true, end.step],
      ],
    );
  },
);
