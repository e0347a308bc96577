/**
 * RoboVLMs on Slurm, at the level of the sbatch script VLA Lab writes (no cluster needed): a job
 * that asks for no GPU runs main.py behind python/vlalab/robovlms_cpu.py (RoboVLMs' nccl process
 * group and `.cuda()` calls fail without CUDA otherwise), asks Slurm for no GPU, and tells main.py
 * as many devices (--gpus, Lightning's devices per node) as torchrun starts processes; a GPU job
 * runs main.py itself with one process per GPU. (test/integration/runner-slurm.test.ts runs a
 * stand-in main.py through a real one-node cluster.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { slurmJob } from '../../extension/core/runner/supervisor';
import { createRun, runsContext } from '../../extension/core/runner/runs';
import { compileSpec } from '../../extension/core/robovlms';
import { parseSpecText } from '../../extension/core/spec';

const ROOT = path.resolve(__dirname, '../..');
const py = { path: '/usr/bin/python3', version: '3.11', torch: '2.5', cuda: false };
const SHIM = path.join(ROOT, 'python', 'vlalab', 'robovlms_cpu.py');

async function job(resources: Record<string, unknown>) {
  const spec = parseSpecText(fs.readFileSync(path.join(ROOT, 'examples/robovlms-kosmos.vla.json'), 'utf8')).value as Record<
    string,
    unknown
  >;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vla-slurm-robovlms-'));
  const ctx = runsContext(root, {}, { gpus: () => [] });
  const { dir, record } = createRun(ctx, {
    spec: { ...spec, resources: { launcher: 'slurm', slurm: { partition: 'debug' }, ...resources } },
    specSource: '/ws/x.vla.json',
    specDir: '/ws',
    python: py,
    robovlmsPath: '/opt/RoboVLMs',
    compileRoboVLMs: (s: Record<string, unknown>) => compileSpec(s) as Record<string, unknown>,
  });
  const { script } = await slurmJob(record, dir, { python: py.path, workdir: '/opt/RoboVLMs' }, ROOT);
  const lines = script.split('\n');
  const srun = lines.findIndex((l) => l.startsWith('srun '));
  assert.ok(srun > 0, script);
  // The srun line's three physical lines: torchrun and its rendezvous, then the program.
  const program = lines[srun + 2].trim().split(' ');
  return { dir, record, lines, srunLine: lines[srun], program, root };
}

test('a CPU-only RoboVLMs job on Slurm keeps the CPU shim, asks for no GPU, and runs one CPU process per resources.processes', async () => {
  const one = await job({ gpus: 0 });
  try {
    const config = path.join(one.dir, 'robovlms-config.json');
    assert.deepEqual(one.program, [SHIM, 'main.py', '--exp_name', one.record.id, config, '--gpus', '1', '--num_nodes', '1']);
    assert.ok(one.srunLine.includes('--nproc_per_node=1'), one.srunLine);
    assert.ok(!one.lines.some((l) => /^#SBATCH --(gpus|gres)/.test(l)), 'no GPU asked of Slurm');
    assert.ok(one.lines.includes('#SBATCH --cpus-per-task=1'));
    assert.equal(JSON.parse(fs.readFileSync(config, 'utf8')).trainer.accelerator, 'cpu');
  } finally {
    fs.rmSync(one.root, { recursive: true, force: true });
  }
  const two = await job({ gpus: 0, processes: 2 });
  try {
    assert.deepEqual(two.program.slice(0, 2), [SHIM, 'main.py']);
    assert.equal(two.program[two.program.indexOf('--gpus') + 1], '2', "main.py's devices match torchrun's processes");
    assert.ok(two.srunLine.includes('--nproc_per_node=2'), two.srunLine);
    assert.ok(!two.lines.some((l) => /^#SBATCH --(gpus|gres)/.test(l)));
  } finally {
    fs.rmSync(two.root, { recursive: true, force: true });
  }
});

test('a GPU RoboVLMs job on Slurm runs main.py itself, one process per GPU, and asks Slurm for the GPUs', async () => {
  const gpu = await job({ gpus: 2 });
  try {
    assert.deepEqual(gpu.program, [
      'main.py',
      '--exp_name',
      gpu.record.id,
      path.join(gpu.dir, 'robovlms-config.json'),
      '--gpus',
      '2',
      '--num_nodes',
      '1',
    ]);
    assert.ok(gpu.srunLine.includes('--nproc_per_node=2'), gpu.srunLine);
    assert.ok(gpu.lines.includes('#SBATCH --gpus-per-node=2'));
  } finally {
    fs.rmSync(gpu.root, { recursive: true, force: true });
  }
});
