/**
 * What a real RoboVLMs run wrote (test/fixtures/robovlms-run/, README.md there: RoboVLMs 8adc1d2
 * trained a tiny KosMos-2 on the CPU, launched by `vla-lab run`, cancelled after its first
 * checkpoint and resumed with `vla-lab resume`), read the way the runner reads it: its Lightning
 * event files as scalars (checked against TensorBoard's own reader: truth.json), its checkpoints
 * listed by step, resume from the newest, and a resumed attempt's tail reporting only what is new.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRoboVLMsLogs, RoboVLMsLogTail } from '../../extension/core/adapters/robovlms-logs';
import { checkpointDiskUse } from '../../extension/core/checkpoints';
import { eventProblem } from '../../extension/core/events';
import type { CheckpointEvent, RunEvent, ScalarEvent } from '../../extension/core/generated/events';
import { compileSpec } from '../../extension/core/robovlms';
import { createRun, runsContext } from '../../extension/core/runner/runs';
import { latestRoboVLMsCheckpoint, roboVLMsResumeConfig, workerPlan } from '../../extension/core/runner/supervisor';
import { mapRoboVLMsTag } from '../../extension/core/tensorboard/tags';

const ROOT = path.resolve(__dirname, '../..');
const FIX = path.join(ROOT, 'test', 'fixtures', 'robovlms-run');
type Truth = Record<string, Record<string, { count: number; first: [number, number]; last: [number, number] }>>;
const TRUTH = JSON.parse(fs.readFileSync(path.join(FIX, 'truth.json'), 'utf8')) as Truth;
const SIZES = JSON.parse(fs.readFileSync(path.join(FIX, 'checkpoint-sizes.json'), 'utf8')) as Record<string, number>;
const LOGS = path.join(FIX, 'robovlms', 'logs');
const CKPTS = path.join(FIX, 'robovlms', 'checkpoints');
const VERSIONS = Object.keys(TRUTH).sort();
const CKPT_STEPS = Object.keys(SIZES)
  .map((n) => Number(/step=(\d+)/.exec(n)![1]))
  .sort((a, b) => a - b);

const scalars = (events: RunEvent[]) => events.filter((e): e is ScalarEvent => e.type === 'scalar');
const checkpoints = (events: RunEvent[]) => events.filter((e): e is CheckpointEvent => e.type === 'checkpoint');
/** The folder a file of the fixture lies in, found by name (the run id and date are the real run's). */
function find(dir: string, pred: (p: string, e: fs.Dirent) => boolean): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (pred(p, e)) out.push(p);
    if (e.isDirectory()) out.push(...find(p, pred));
  }
  return out.sort();
}
function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'vla-robovlms-real-'));
}

test('the fixture is what the run left: two Lightning versions (first attempt, resumed), hparams, config dump, placeholder checkpoints', () => {
  assert.deepEqual(VERSIONS, ['version_0', 'version_1']);
  for (const v of VERSIONS) {
    const [dir] = find(LOGS, (p, e) => e.isDirectory() && e.name === v);
    assert.ok(
      fs.readdirSync(dir).some((f) => f.startsWith('events.out.tfevents.')),
      `${v} has its event file`,
    );
    assert.match(fs.readFileSync(path.join(dir, 'hparams.yaml'), 'utf8'), /robovlm_name: RoboKosMos/);
  }
  const [dump] = find(LOGS, (p) => p.endsWith('-project.json'));
  assert.equal(JSON.parse(fs.readFileSync(dump, 'utf8')).robovlm_name, 'RoboKosMos');
  assert.ok(CKPT_STEPS.length >= 2, 'a checkpoint before the cancel and at least one after the resume');
  for (const p of find(CKPTS, (p) => p.endsWith('.ckpt'))) {
    assert.ok(fs.statSync(p).size < 1024, `${path.basename(p)} is a placeholder, not the ${SIZES[path.basename(p)]}-byte original`);
  }
});

test("real RoboVLMs event files: every scalar of both versions, as TensorBoard's own reader finds them", () => {
  const { events, warnings } = readRoboVLMsLogs({ logDir: LOGS, outputDir: CKPTS, runDir: FIX });
  assert.deepEqual(warnings, []);
  for (const e of events) assert.equal(eventProblem(e), null, JSON.stringify(e));
  const byName = new Map<string, ScalarEvent[]>();
  for (const s of scalars(events)) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const want = new Map<string, { count: number; first: [number, number]; last: [number, number] }>();
  for (const v of VERSIONS) {
    for (const [tag, t] of Object.entries(TRUTH[v])) {
      const name = mapRoboVLMsTag(tag);
      const w = want.get(name);
      want.set(name, w ? { count: w.count + t.count, first: w.first, last: t.last } : { ...t });
    }
  }
  assert.deepEqual([...byName.keys()].sort(), [...want.keys()].sort());
  for (const name of [
    'train/loss',
    'train/loss_arm',
    'train/loss_gripper',
    'train/acc_gripper',
    'train/lr',
    'val/loss',
    'val/acc_gripper',
  ]) {
    assert.ok(want.has(name), `RoboVLMs logged ${name}`);
  }
  for (const [name, w] of want) {
    const got = byName.get(name)!;
    assert.equal(got.length, w.count, name);
    // Read in version order (version_0 then version_1): the first and last points are the truth's.
    assert.equal(got[0].step, w.first[0], name);
    assert.ok(
      Math.abs((got[0].value as number) - w.first[1]) <= 1e-6 * Math.max(1, Math.abs(w.first[1])),
      `${name} first ${got[0].value} vs ${w.first[1]}`,
    );
    assert.equal(got[got.length - 1].step, w.last[0], name);
    assert.ok(Math.abs((got[got.length - 1].value as number) - w.last[1]) <= 1e-6 * Math.max(1, Math.abs(w.last[1])), `${name} last`);
  }
  // The resumed attempt continued from the checkpoint's step, not from 0.
  const v1Loss = TRUTH.version_1.train_loss;
  assert.ok(v1Loss.first[0] >= CKPT_STEPS[0], `version_1 starts at step ${v1Loss.first[0]}, after the checkpoint at ${CKPT_STEPS[0]}`);
});

test("the real run's checkpoints are listed by step, with paths inside the run", () => {
  const { events } = readRoboVLMsLogs({ outputDir: CKPTS, runDir: FIX });
  const cks = checkpoints(events);
  assert.deepEqual(
    cks.map((c) => c.step),
    CKPT_STEPS,
  );
  for (const c of cks) {
    assert.match(c.path, /^robovlms\/checkpoints\/kosmos\/calvin_finetune\/\d{4}-\d\d-\d\d\/[^/]+\/epoch=\d+-step=\d+\.ckpt$/);
    assert.equal(c.tag, undefined, 'a file, not a DeepSpeed directory');
  }
  const disk = checkpointDiskUse(FIX);
  assert.deepEqual(
    disk.files.map((f) => [f.name, f.step]),
    Object.keys(SIZES)
      .map((n) => [n, Number(/step=(\d+)/.exec(n)![1])])
      .sort((a, b) => (a[1] as number) - (b[1] as number)),
  );
});

test('resume: the newest checkpoint becomes "resume" in robovlms-config.resume.json; none yet: start over', () => {
  const dir = tmp();
  try {
    fs.cpSync(FIX, dir, { recursive: true });
    const newest = latestRoboVLMsCheckpoint(dir)!;
    assert.equal(
      path.basename(newest),
      Object.keys(SIZES).find((n) => n.includes(`step=${CKPT_STEPS[CKPT_STEPS.length - 1]}.`)),
    );
    const original = JSON.parse(fs.readFileSync(path.join(dir, 'robovlms-config.json'), 'utf8'));
    const resumed = JSON.parse(fs.readFileSync(roboVLMsResumeConfig(dir), 'utf8'));
    assert.equal(resumed.resume, newest);
    assert.deepEqual({ ...resumed, resume: original.resume }, original, 'nothing else changes');
    fs.rmSync(path.join(dir, 'robovlms', 'checkpoints'), { recursive: true });
    assert.equal(latestRoboVLMsCheckpoint(dir), null);
    assert.equal(JSON.parse(fs.readFileSync(roboVLMsResumeConfig(dir), 'utf8')).resume, null);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a resumed attempt's tail reports what it writes, not what the first attempt left", () => {
  const dir = tmp();
  try {
    const [v0] = find(LOGS, (p, e) => e.isDirectory() && e.name === 'version_0');
    const [v1] = find(LOGS, (p, e) => e.isDirectory() && e.name === 'version_1');
    const rel = (p: string) => path.relative(FIX, p);
    fs.cpSync(v0, path.join(dir, rel(v0)), { recursive: true });
    const ckpts = find(CKPTS, (p) => p.endsWith('.ckpt'));
    fs.mkdirSync(path.dirname(path.join(dir, rel(ckpts[0]))), { recursive: true });
    fs.copyFileSync(ckpts[0], path.join(dir, rel(ckpts[0])));
    const tail = new RoboVLMsLogTail({
      logDir: path.join(dir, 'robovlms', 'logs'),
      outputDir: path.join(dir, 'robovlms', 'checkpoints'),
      runDir: dir,
    });
    assert.ok(scalars(tail.poll(true).events).length > 0, 'the first attempt left scalars (the supervisor drops them)');
    fs.cpSync(v1, path.join(dir, rel(v1)), { recursive: true });
    for (const c of ckpts.slice(1)) fs.copyFileSync(c, path.join(dir, rel(c)));
    const next = tail.poll(true).events;
    const v1Count = Object.values(TRUTH.version_1).reduce((n, t) => n + t.count, 0);
    assert.equal(scalars(next).length, v1Count);
    assert.deepEqual(
      checkpoints(next).map((c) => c.step),
      CKPT_STEPS.slice(1),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a RoboVLMs run without GPUs: compiled for the CPU, main.py through robovlms_cpu.py; resumed, from its newest checkpoint', async () => {
  const root = tmp();
  try {
    const spec = {
      name: 'robovlms-cpu',
      backend: 'robovlms',
      backbone: { id: 'kosmos-2', path: '/models/tiny-kosmos2' },
      policy: {
        formulation: 'policy-head',
        action_space: 'continuous',
        history: 2,
        chunk: 2,
        head: { type: 'lstm', hidden: 32, layers: 1 },
      },
      observation: { image_size: 32, cameras: ['static', 'gripper'] },
      data: { stages: [{ name: 'ft', datasets: [{ type: 'calvin', path: '/data/calvin/training' }], epochs: 4 }] },
      train: { batch_size: 2, lr: 1e-4, precision: 'fp32', num_workers: 1 },
    };
    const ctx = runsContext(root, {}, { gpus: () => [] });
    const py = { path: '/venvs/robovlms/bin/python', version: '3.11', torch: '2.14', cuda: false };
    const { dir, record } = createRun(ctx, {
      spec,
      specSource: '/ws/x.vla.json',
      specDir: '/ws',
      python: py,
      robovlmsPath: '/opt/RoboVLMs',
      compileRoboVLMs: (s) => compileSpec(s) as Record<string, unknown>,
    });
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'robovlms-config.json'), 'utf8'));
    assert.equal(config.trainer.accelerator, 'cpu');
    assert.equal(config.trainer.strategy, 'ddp', "DeepSpeed (the template's) needs CUDA");
    assert.equal(config.trainer.precision, '32');
    assert.equal(config.num_workers, 1);
    const launch = { python: py.path, workdir: '/opt/RoboVLMs' };
    const plan = await workerPlan({ ...record, gpus: [] }, dir, launch, ROOT);
    const at = plan.argv.indexOf('main.py');
    assert.deepEqual(plan.argv.slice(at - 1), [
      path.join(ROOT, 'python', 'vlalab', 'robovlms_cpu.py'),
      'main.py',
      '--exp_name',
      record.id,
      path.join(dir, 'robovlms-config.json'),
      '--gpus',
      '1',
      '--num_nodes',
      '1',
    ]);
    assert.equal(plan.env.CUDA_VISIBLE_DEVICES, '');
    // With a GPU, RoboVLMs' own line: no shim.
    assert.ok(!(await workerPlan({ ...record, gpus: [0] }, dir, launch, ROOT)).argv.some((a) => a.endsWith('robovlms_cpu.py')));
    // Resumed after the real run's checkpoints appeared in it.
    fs.cpSync(CKPTS, path.join(dir, 'robovlms', 'checkpoints'), { recursive: true });
    const again = await workerPlan({ ...record, gpus: [], resumes: 1 }, dir, launch, ROOT);
    const cfg = again.argv[again.argv.indexOf('--exp_name') + 2];
    assert.equal(cfg, path.join(dir, 'robovlms-config.resume.json'));
    assert.match(
      JSON.parse(fs.readFileSync(cfg, 'utf8')).resume,
      new RegExp(`epoch=\\d+-step=${CKPT_STEPS[CKPT_STEPS.length - 1]}\\.ckpt$`),
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
