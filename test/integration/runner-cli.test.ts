/**
 * `vla-lab run/ls/show/logs/cancel/open` through the real CLI entry (tsx), with the test-double
 * worker standing in for the interpreter where the trainer itself is not the point.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from '../unit/tmp-helpers';

const ROOT = path.resolve(__dirname, '../..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const CLI = path.join(ROOT, 'extension/cli/main.ts');
const FAKE = path.join(ROOT, 'test/fixtures/workers/fake_worker.py');
const NO_TORCH = path.join(ROOT, 'test/fixtures/workers/no_torch_python.py');
// A Lightning TensorBoardLogger run (test/fixtures/tfevents/generate.py; truth.json: what it logged).
const TFEVENTS = path.resolve(ROOT, 'test/fixtures/tfevents/lightning-run');
const TF_TRUTH = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/tfevents/truth.json'), 'utf8'))['lightning-run'];

function cli(cwd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...process.env,
      VLA_LAB_NVIDIA_SMI: '/nonexistent/nvidia-smi',
      FAKE_WORKER_SLEEP: '0.02',
      XDG_CACHE_HOME: path.join(cwd, '.cache'),
      ...env,
    },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function workspace(spec: Record<string, unknown> = {}): string {
  const dir = tempDir('vla-cli-');
  fs.writeFileSync(
    path.join(dir, 'tiny.vla.json'),
    JSON.stringify(
      {
        name: 'tiny',
        backbone: { id: 'tiny-prefix', size: 'nano' },
        data: { stages: [{ name: 'ft', datasets: [{ type: 'playtable', tasks: ['open_drawer'], episodes: 2 }], steps: 5 }] },
        eval: [],
        ...spec,
      },
      null,
      2,
    ),
  );
  return dir;
}

const oneLine = (s: string) => s.trim().split('\n').filter(Boolean);

test('refused before launch, each with one clear line', () => {
  const ws = workspace();
  fs.writeFileSync(path.join(ws, 'bad.vla.json'), '{ "name": "bad name!", "policy": { "formulation": "sideways" } }');
  const bad = cli(ws, ['run', 'bad.vla.json', '--python', FAKE]);
  assert.equal(bad.code, 1);
  const lines = oneLine(bad.err);
  assert.ok(
    lines.some((l) => /^bad\.vla\.json:1:\d+: error /.test(l)),
    bad.err,
  );
  assert.match(lines[lines.length - 1], /^vla-lab: bad\.vla\.json has \d+ errors \(listed above\)/);

  const notorch = cli(ws, ['run', 'tiny.vla.json', '--python', NO_TORCH]);
  assert.equal(notorch.code, 1);
  assert.deepEqual(oneLine(notorch.err).length, 1, notorch.err);
  assert.match(notorch.err, /torch is not importable from .*no_torch_python\.py.*bash scripts\/setup\.sh.*--python/);

  const gpus = cli(ws, ['run', 'tiny.vla.json', '--python', FAKE, '--gpus', '2', '--launcher', 'torchrun']);
  assert.equal(gpus.code, 1);
  assert.match(gpus.err, /asks for 2 GPUs .* no GPU .*--gpus 0 \(and --procs 2 for 2 CPU processes\)/);
  assert.equal(oneLine(gpus.err).length, 1);

  const procs = cli(ws, ['run', 'tiny.vla.json', '--python', FAKE, '--gpus', '0', '--launcher', 'torchrun', '--procs', '0']);
  assert.equal(procs.code, 1);
  assert.match(procs.err, /--procs must be a whole number from 1 to 256/);
  assert.equal(oneLine(procs.err).length, 1);

  const file = path.join(ws, 'a-file');
  fs.writeFileSync(file, '');
  const unwritable = cli(ws, ['run', 'tiny.vla.json', '--python', FAKE, '--runs-dir', path.join(file, 'runs')]);
  assert.equal(unwritable.code, 1);
  assert.match(unwritable.err, /cannot create the runs directory .*--runs-dir/);

  const full = cli(ws, ['run', 'tiny.vla.json', '--python', FAKE], { VLA_LAB_MIN_FREE_MB: String(1e12) });
  assert.equal(full.code, 1);
  assert.match(full.err, /has only \d+ MiB free/);

  fs.writeFileSync(
    path.join(ws, 'sw.vla.json'),
    JSON.stringify({
      ...JSON.parse(fs.readFileSync(path.join(ws, 'tiny.vla.json'), 'utf8')),
      sweep: { axes: { 'train.lr': [0.001, 0.01] } },
    }),
  );
  const sw = cli(ws, ['run', 'sw.vla.json', '--python', FAKE]);
  assert.match(sw.err, /has a sweep; enqueue all its points with 'vla-lab sweep sw\.vla\.json'/);
  assert.ok(!fs.existsSync(path.join(ws, 'runs', 'tiny')), 'nothing was launched');
});

test('run follows to the end; ls, show and logs read it back', () => {
  const ws = workspace();
  const r = cli(ws, ['run', 'tiny.vla.json', '--python', FAKE], { FAKE_WORKER_STEPS: '8' });
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /tiny\/\d{8}-\d{6}-[0-9a-f]{4} completed at step 8\/8/);
  assert.match(r.out, /curves \(events\.jsonl\): runs\/tiny\/.*\/events\.jsonl/);
  const ls = JSON.parse(cli(ws, ['ls', '--json']).out);
  assert.equal(ls.length, 1);
  assert.equal(ls[0].status, 'completed');
  assert.equal(ls[0].step, 8);
  assert.equal(ls[0].total, 8);
  const show = cli(ws, ['show', 'latest']);
  assert.match(show.out, /status\s+completed/);
  assert.match(show.out, /train\/loss\s+7\s+0\.125/);
  assert.match(cli(ws, ['logs', ls[0].id.slice(0, 15)]).out, /fake worker started/);
  const failed = cli(ws, ['run', 'tiny.vla.json', '--python', FAKE], { FAKE_WORKER_MODE: 'fail' });
  assert.equal(failed.code, 1);
  assert.match(failed.out, /failed: ValueError: bad batch/);
});

test('detached: the CLI exits, the run goes on and completes; ls shows it', async () => {
  const ws = workspace();
  const r = cli(ws, ['run', 'tiny.vla.json', '--python', FAKE, '--detach'], { FAKE_WORKER_STEPS: '40', FAKE_WORKER_SLEEP: '0.1' });
  assert.equal(r.code, 0, r.err);
  const first = JSON.parse(cli(ws, ['ls', '--json']).out)[0];
  assert.ok(['queued', 'starting', 'running'].includes(first.status), first.status);
  let last = first;
  for (let i = 0; i < 60 && last.status !== 'completed'; i++) {
    await new Promise((res) => setTimeout(res, 500));
    last = JSON.parse(cli(ws, ['ls', '--json']).out)[0];
  }
  assert.equal(last.status, 'completed');
  assert.equal(last.step, 40);
  assert.match(cli(ws, ['ls']).out, /tiny\s+\S+\s+completed\s+40\/40/);
});

test('hostile values reach argv and env verbatim and nothing is executed', () => {
  const ws = workspace({ description: '; touch PWNED1 $(touch PWNED2) `touch PWNED3` "q" \'q\'\nnewline' });
  const evilRoot = path.join(ws, 'runs $(touch PWNED4); \'x\' "y"\n`touch PWNED5`');
  const r = cli(ws, ['run', 'tiny.vla.json', '--python', FAKE, '--runs-dir', evilRoot]);
  assert.equal(r.code, 0, r.err + r.out);
  const runDir = path.join(evilRoot, 'tiny', fs.readdirSync(path.join(evilRoot, 'tiny'))[0]);
  const w = JSON.parse(fs.readFileSync(path.join(runDir, 'worker-args.json'), 'utf8'));
  assert.equal(w.argv[w.argv.indexOf('--run-dir') + 1], runDir);
  assert.equal(JSON.parse(fs.readFileSync(path.join(runDir, 'spec.json'), 'utf8')).description.startsWith('; touch PWNED1'), true);
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('PWNED')) found.push(path.join(d, e.name));
      if (e.isDirectory()) walk(path.join(d, e.name));
    }
  };
  walk(ws);
  assert.deepEqual(found, []);
  assert.ok(!fs.existsSync(path.join(ROOT, 'PWNED1')) && !fs.existsSync('/PWNED1'));
  // Names that could escape the runs directory are refused.
  assert.match(cli(ws, ['show', '../../etc', '--runs-dir', evilRoot]).err, /no run/);
  assert.match(cli(ws, ['show', 'tiny/../../x', '--runs-dir', evilRoot]).err, /no run/);
});

test('open: a Lightning TensorBoard log directory becomes an imported run', () => {
  const ws = workspace();
  const r = cli(ws, ['open', TFEVENTS, '--name', 'textgen']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /imported \d+ scalar points as textgen\//);
  const shown = JSON.parse(cli(ws, ['show', 'textgen/latest', '--json']).out);
  assert.equal(shown.record.kind, 'imported');
  assert.equal(shown.record.backend, 'tensorboard');
  assert.equal(shown.record.logdir, TFEVENTS);
  const lines = fs
    .readFileSync(path.join(shown.dir, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const loss = lines.filter((e) => e.name === 'train/loss');
  assert.equal(loss.length, TF_TRUTH.train_loss.count);
  assert.equal(loss[0].step, TF_TRUTH.train_loss.first[0]);
  assert.ok(Math.abs(loss[0].value - TF_TRUTH.train_loss.first[1]) < 1e-5);
  // A refresh with nothing new adds nothing.
  cli(ws, ['ls']);
  assert.equal(fs.readFileSync(path.join(shown.dir, 'events.jsonl'), 'utf8').trim().split('\n').length, lines.length);
});
