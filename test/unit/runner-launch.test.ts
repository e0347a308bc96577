import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { workerPlan } from '../../extension/core/runner/supervisor';
import { createRun, runsContext } from '../../extension/core/runner/runs';
import { readRecord } from '../../extension/core/runner/record';
import { compileSpec } from '../../extension/core/robovlms';
import { parseSpecText } from '../../extension/core/spec';
import { setOverrides } from '../../extension/core/runner/prepare';
import { tempDir } from './tmp-helpers';

const ROOT = path.resolve(__dirname, '../..');
const py = { path: '/usr/bin/python3', version: '3.11', torch: '2.5', cuda: true };
const launch = { python: py.path };
const SPEC = {
  name: 'launch',
  backbone: { id: 'tiny-prefix', size: 'nano' },
  data: { stages: [{ name: 'ft', datasets: [{ type: 'playtable', path: 'data/pt', tasks: ['open_drawer'] }], steps: 5 }] },
  eval: [{ benchmark: 'playtable', sequences: 'seqs.json' }],
};

function make(spec: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const root = tempDir('vla-launch-');
  const ctx = runsContext(root, {}, { gpus: () => [] });
  return createRun(ctx, { spec, specSource: '/ws/x.vla.json', specDir: '/ws', python: py, ...extra });
}

test('spec.json: defaults filled, relative paths made absolute against the spec file', () => {
  const { dir, record } = make(SPEC);
  const s = JSON.parse(fs.readFileSync(path.join(dir, 'spec.json'), 'utf8'));
  assert.equal(s.data.stages[0].datasets[0].path, '/ws/data/pt');
  assert.equal(s.eval[0].sequences, '/ws/seqs.json');
  assert.equal(s.train.batch_size, 32, 'schema default filled');
  assert.equal(record.status, 'queued');
  assert.match(record.spec_hash!, /^[0-9a-f]{64}$/);
  assert.deepEqual(readRecord(dir), record);
});

test('builtin: local and torchrun argv', async () => {
  const { dir, record } = make(SPEC);
  const local = await workerPlan({ ...record, gpus: [3] }, dir, launch, ROOT);
  assert.deepEqual(local.argv, [
    '/usr/bin/python3',
    '-m',
    'vlalab',
    'train',
    '--spec',
    path.join(dir, 'spec.json'),
    '--run-dir',
    dir,
    '--data-cache',
    path.join(path.dirname(path.dirname(dir)), '_data'),
  ]);
  assert.equal(local.env.CUDA_VISIBLE_DEVICES, '3');
  assert.equal(local.env.PYTHONSAFEPATH, '1', 'the run folder (cwd) is not on sys.path: a planted torch.py is not imported');
  assert.equal(local.env.PYTHONPATH.split(path.delimiter)[0], path.join(ROOT, 'python'));
  const resumed = await workerPlan({ ...record, resumes: 2 }, dir, launch, ROOT);
  assert.ok(resumed.argv.includes('--resume'));
  const tr = await workerPlan({ ...record, launcher: 'torchrun', gpus: [0, 1], gpus_requested: 2 }, dir, launch, ROOT);
  const trPort = tr.argv[tr.argv.indexOf('--master_port') + 1];
  assert.match(trPort, /^\d+$/);
  assert.deepEqual(tr.argv.slice(0, 16), [
    '/usr/bin/python3',
    path.join(ROOT, 'python', 'vlalab', 'torchrun.py'),
    '--nnodes',
    '1',
    '--node_rank',
    '0',
    '--nproc_per_node',
    '2',
    '--master_addr',
    '127.0.0.1',
    '--master_port',
    trPort,
    '-m',
    'vlalab',
    'train',
    '--spec',
  ]);
  assert.ok(fs.existsSync(tr.argv[1]), 'the torchrun entry point is in the extension');
  assert.equal(tr.env.CUDA_VISIBLE_DEVICES, '0,1');
  assert.equal(tr.env.OMP_NUM_THREADS, process.env.OMP_NUM_THREADS ?? String(Math.max(1, Math.floor(os.cpus().length / 2))));
  // On the CPU: resources.processes ranks (gloo), and no GPU is visible to them.
  const cpu = await workerPlan({ ...record, launcher: 'torchrun', gpus: [], gpus_requested: 0, processes: 3 }, dir, launch, ROOT);
  assert.equal(cpu.argv[cpu.argv.indexOf('--nproc_per_node') + 1], '3');
  assert.equal(cpu.env.CUDA_VISIBLE_DEVICES, '');
  const one = await workerPlan({ ...record, launcher: 'torchrun', gpus: [], gpus_requested: 0 }, dir, launch, ROOT);
  assert.equal(one.argv[one.argv.indexOf('--nproc_per_node') + 1], '1');
  // GPUs win over processes: one process per GPU.
  const both = await workerPlan({ ...record, launcher: 'torchrun', gpus: [2, 3], gpus_requested: 2, processes: 8 }, dir, launch, ROOT);
  assert.equal(both.argv[both.argv.indexOf('--nproc_per_node') + 1], '2');
  const ev = await workerPlan({ ...record, kind: 'eval', checkpoint: '/r/checkpoints/step-0000010.pt' }, dir, launch, ROOT);
  assert.deepEqual(ev.argv.slice(1), ['-m', 'vlalab', 'eval', '--run-dir', dir, '--checkpoint', '/r/checkpoints/step-0000010.pt']);
  // every checkpoint of the parent training run (inside the same runs root): --checkpoints-of its folder
  const root = path.dirname(path.dirname(dir));
  const every = await workerPlan(
    { ...record, kind: 'eval', checkpoint: null, every_checkpoint: true, parent_run: 'launch/20261204-000000-abcd' },
    dir,
    launch,
    ROOT,
  );
  assert.deepEqual(every.argv.slice(1), [
    '-m',
    'vlalab',
    'eval',
    '--run-dir',
    dir,
    '--every-checkpoint',
    '--checkpoints-of',
    path.join(root, 'launch', '20261204-000000-abcd'),
  ]);
  await assert.rejects(
    workerPlan({ ...record, kind: 'eval', checkpoint: null, every_checkpoint: true, parent_run: '../../etc' }, dir, launch, ROOT),
    /parent_run|invalid|outside/,
  );
});

test('resources.processes reaches run.json; --procs sets it and refuses nonsense in one line', () => {
  const { record } = make({ ...SPEC, resources: { launcher: 'torchrun', gpus: 0, processes: 2 } });
  assert.equal(record.processes, 2);
  assert.equal(record.launcher, 'torchrun');
  assert.equal(make(SPEC).record.processes, undefined, 'absent: one process');
  assert.deepEqual(setOverrides(SPEC, { processes: 4, launcher: 'torchrun', gpus: 0 }).resources, {
    launcher: 'torchrun',
    gpus: 0,
    processes: 4,
  });
  for (const bad of [0, -1, 1.5, 257])
    assert.throws(() => setOverrides(SPEC, { processes: bad }), /^UserError: --procs must be a whole number from 1 to 256/);
});

test("robovlms: compiled config in the run dir, RoboVLMs' run.sh line with cwd = the checkout", async () => {
  const text = fs.readFileSync(path.join(ROOT, 'examples/robovlms-kosmos.vla.json'), 'utf8');
  const spec = parseSpecText(text).value as Record<string, unknown>;
  const { dir, record } = make(
    { ...spec, resources: { launcher: 'torchrun', gpus: 2 } },
    { robovlmsPath: '/opt/RoboVLMs', compileRoboVLMs: (s: Record<string, unknown>) => compileSpec(s) as Record<string, unknown> },
  );
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'robovlms-config.json'), 'utf8'));
  assert.equal(config.log_root, path.join(dir, 'robovlms', 'logs'));
  assert.equal(config.output_root, path.join(dir, 'robovlms', 'checkpoints'));
  assert.equal(record.cwd, '/opt/RoboVLMs');
  assert.equal(record.logdir, config.log_root);
  const plan = await workerPlan({ ...record, gpus: [0, 1] }, dir, { python: py.path, workdir: '/opt/RoboVLMs' }, ROOT);
  const port = plan.argv[plan.argv.indexOf('--master_port') + 1];
  assert.match(port, /^\d+$/);
  assert.deepEqual(plan.argv, [
    '/usr/bin/python3',
    path.join(ROOT, 'python', 'vlalab', 'torchrun.py'),
    '--nnodes',
    '1',
    '--node_rank',
    '0',
    '--nproc_per_node',
    '2',
    '--master_addr',
    '127.0.0.1',
    '--master_port',
    port,
    'main.py',
    '--exp_name',
    record.id,
    path.join(dir, 'robovlms-config.json'),
    '--gpus',
    '2',
    '--num_nodes',
    '1',
  ]);
  assert.equal(plan.cwd, '/opt/RoboVLMs');
  assert.equal(plan.env.PYTHONSAFEPATH, undefined, "RoboVLMs' main.py imports its package from the checkout");
  assert.equal(plan.env.PYTHONUNBUFFERED, '1');
  assert.match(plan.env.OMP_NUM_THREADS, /^\d+$/);
});
