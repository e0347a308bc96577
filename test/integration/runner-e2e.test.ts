/**
 * End to end with the real trainer (python/vlalab) on the CPU, through the CLI: a tiny spec
 * derived from examples/quickstart.vla.json trains, evaluates and records videos; then a run is
 * killed with SIGKILL mid-training and resumed, and its curves have no duplicate or missing steps.
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
const PY = process.env.VLA_LAB_PYTHON || path.resolve(__dirname, '..', '..', '.venv', 'bin', 'python'); // scripts/setup.sh makes it
const QUICKSTART = path.join(ROOT, 'examples/quickstart.vla.json');
const TRAINER = path.join(ROOT, 'python/vlalab/__main__.py');
const torchOk = spawnSync(PY, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const skip = !fs.existsSync(TRAINER)
  ? `the trainer is not in this checkout (${path.relative(ROOT, TRAINER)} missing)`
  : !fs.existsSync(QUICKSTART)
    ? 'examples/quickstart.vla.json is missing'
    : !torchOk
      ? `torch is not importable from ${PY} (run scripts/setup.sh)`
      : false;

function cli(cwd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args, '--runs-dir', path.join(cwd, 'runs')], {
    cwd,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, VLA_LAB_PYTHON: PY, VLA_LAB_PROGRESS_MS: '2000', XDG_CACHE_HOME: path.join(cwd, '.cache'), ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The quickstart spec, shrunk: a couple of tasks, a few episodes, tens of steps, two short chains. */
function tinySpec(ws: string, name: string, steps: number, checkpointEvery: number): string {
  const q = JSON.parse(fs.readFileSync(QUICKSTART, 'utf8'));
  delete q.$schema;
  delete q.sweep;
  q.name = name;
  for (const st of q.data.stages) {
    st.steps = Math.max(1, Math.floor(steps / q.data.stages.length));
    delete st.epochs;
    for (const d of st.datasets) {
      if (d.tasks) d.tasks = d.tasks.slice(0, 2);
      d.episodes = Math.min(d.episodes ?? 4, 4);
      delete d.few_shot;
    }
  }
  q.train = {
    ...(q.train ?? {}),
    batch_size: 4,
    log_every: 1,
    val_every: 1000,
    checkpoint_every: checkpointEvery,
    warmup_steps: 0,
    num_workers: 0,
  };
  q.eval = (q.eval ?? [{ benchmark: 'playtable' }])
    .slice(0, 1)
    .map((e: Record<string, unknown>) => ({ ...e, chains: 2, chain_length: 1, videos: 1, max_steps: 30 }));
  q.resources = { launcher: 'local', gpus: 0 };
  const file = path.join(ws, `${name}.vla.json`);
  fs.writeFileSync(file, JSON.stringify(q, null, 2));
  return file;
}

const events = (dir: string) =>
  fs
    .readFileSync(path.join(dir, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

test('vla-lab run: real trainer, CPU, training + evaluation + video', { skip, timeout: 240_000 }, () => {
  const ws = tempDir('vla-e2e-');
  tinySpec(ws, 'e2e', 12, 6);
  const r = cli(ws, ['run', 'e2e.vla.json']);
  assert.equal(r.code, 0, `${r.out}\n${r.err}`);
  assert.match(r.out, /e2e\/\S+ completed/);
  assert.match(r.out, /curves \(events\.jsonl\)/);
  assert.match(r.out, /results table/);
  assert.match(r.out, /videos \(\d+\)/);
  const progress = r.out.split('\n').filter((l) => /^step \d+\/\d+/.test(l));
  assert.ok(
    progress.every((l, i) => i === 0 || l !== progress[i - 1]),
    `a progress line repeated:\n${progress.join('\n')}`,
  );
  const shown = JSON.parse(cli(ws, ['show', 'e2e/latest', '--json']).out);
  assert.equal(shown.record.status, 'completed');
  const ev = events(shown.dir);
  assert.equal(ev[0].type, 'run_start');
  assert.ok(ev.some((e) => e.type === 'scalar' && e.name === 'train/loss' && Number.isFinite(e.value)));
  const evalResult = ev.find((e) => e.type === 'eval_result');
  assert.ok(evalResult, 'an evaluation result');
  const video = ev.find((e) => e.type === 'media' && e.kind === 'video');
  assert.ok(video && fs.statSync(path.resolve(shown.dir, video.path)).size > 0, 'a video file');
  assert.ok(fs.readdirSync(path.join(shown.dir, 'checkpoints')).some((n) => /^step-\d+\.pt$/.test(n)));
  const ls = JSON.parse(cli(ws, ['ls', '--json']).out);
  assert.equal(ls[0].status, 'completed');

  // Every checkpoint evaluated as one queued eval run: listed, followed, its results a curve by step.
  const steps = fs
    .readdirSync(path.join(shown.dir, 'checkpoints'))
    .filter((n) => /^step-\d+\.pt$/.test(n))
    .map((n) => Number(/\d+/.exec(n)![0]))
    .sort((x, y) => x - y);
  assert.ok(steps.length >= 2, `two checkpoints to evaluate: ${steps}`);
  const curve = cli(ws, ['eval', `e2e/${shown.record.id}`, '--every-checkpoint']);
  assert.equal(curve.code, 0, `${curve.out}\n${curve.err}`);
  assert.match(curve.out, new RegExp(`queued: evaluating every checkpoint \\(${steps.length} now\\) of e2e/${shown.record.id}`));
  const evalRun = (JSON.parse(cli(ws, ['ls', '--json']).out) as { kind?: string; id: string; status: string }[]).find(
    (r) => r.kind === 'eval',
  );
  assert.ok(evalRun && evalRun.status === 'completed', 'the curve run is listed like any run');
  const curveShown = JSON.parse(cli(ws, ['show', `e2e/${evalRun!.id}`, '--json']).out);
  assert.equal(curveShown.record.every_checkpoint, true);
  assert.deepEqual(
    curveShown.summary.evals.map((e: { step: number }) => e.step),
    steps,
    'one result per checkpoint, in step order',
  );
  const text = cli(ws, ['show', `e2e/${evalRun!.id}`]).out;
  assert.match(text, /evaluation per checkpoint \(playtable, success rate, 95% Wilson interval\):/);
  assert.match(text, /^ +best: step-\d{7}\.pt at step \d+, success \d+% \[\d+–\d+%\]/m);

  // ... and cancellable like any run: cancelled while it evaluates.
  const again = cli(ws, ['eval', `e2e/${shown.record.id}`, '--every-checkpoint', '--detach']);
  assert.equal(again.code, 0, again.err);
  const second = /^(e2e\/\S+) queued/m.exec(again.out)![1];
  const deadline = Date.now() + 60_000;
  while (JSON.parse(cli(ws, ['show', second, '--json']).out).record.status !== 'running' && Date.now() < deadline)
    spawnSync('sleep', ['0.5']);
  const cancel = cli(ws, ['cancel', second, '--grace', '5']);
  assert.equal(cancel.code, 0, cancel.err);
  assert.equal(JSON.parse(cli(ws, ['show', second, '--json']).out).record.status, 'cancelled');
});

test('kill -9 of the real trainer mid-run, then resume: no duplicate and no missing steps', { skip, timeout: 300_000 }, async () => {
  const ws = tempDir('vla-e2e-resume-');
  tinySpec(ws, 'resume', 40, 5);
  const start = cli(ws, ['run', 'resume.vla.json', '--detach']);
  assert.equal(start.code, 0, start.err);
  const dir = JSON.parse(cli(ws, ['show', 'resume/latest', '--json']).out).dir as string;
  // Wait for a checkpoint past step 10, then kill the worker's whole process group.
  const deadline = Date.now() + 180_000;
  for (;;) {
    const ck = fs.existsSync(path.join(dir, 'checkpoints'))
      ? fs.readdirSync(path.join(dir, 'checkpoints')).filter((n) => /^step-\d+\.pt$/.test(n))
      : [];
    if (ck.some((n) => Number(/\d+/.exec(n)![0]) >= 10)) break;
    assert.ok(Date.now() < deadline, 'no checkpoint past step 10 in time');
    await new Promise((r) => setTimeout(r, 200));
  }
  const rec = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
  process.kill(-rec.pgid, 'SIGKILL');
  for (let i = 0; i < 100; i++) {
    if (JSON.parse(cli(ws, ['show', 'resume/latest', '--json']).out).record.status === 'failed') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const failed = JSON.parse(cli(ws, ['show', 'resume/latest', '--json']).out).record;
  assert.equal(failed.status, 'failed');
  assert.match(failed.error, /SIGKILL/);
  const resumed = cli(ws, ['resume', 'resume/latest']);
  assert.equal(resumed.code, 0, `${resumed.out}\n${resumed.err}`);
  const final = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
  assert.equal(final.status, 'completed');
  assert.equal(final.resumes, 1);
  const steps = events(dir)
    .filter((e) => e.type === 'scalar' && e.name === 'train/loss')
    .map((e) => e.step as number);
  assert.equal(new Set(steps).size, steps.length, `duplicate steps: ${steps}`);
  const sorted = [...steps].sort((a, b) => a - b);
  assert.deepEqual(steps, sorted, 'steps in order');
  const gaps = sorted.slice(1).map((s, i) => s - sorted[i]);
  assert.ok(
    gaps.every((g) => g === gaps[0]),
    `gaps in the steps: ${sorted}`,
  );
  assert.ok(sorted[sorted.length - 1] >= 35, `reached the end: ${sorted[sorted.length - 1]}`);
});
