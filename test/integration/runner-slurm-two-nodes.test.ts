/**
 * A two-node Slurm job with the real trainer: test/slurm/cluster.sh start-two runs slurmctld and
 * slurmd `vnode-a` in one network namespace and slurmd `vnode-b` in another (a veth pair between
 * them, each with its own address; Debian's slurm-wlm has no --enable-multiple-slurmd, `slurmd -N`
 * names each node). `vla-lab run` with `launcher: slurm, nodes: 2` submits from namespace A (where
 * the controller is reachable); the sbatch script's `srun torchrun --nnodes=2` starts one rank on
 * each node, meeting at the c10d rendezvous on the first node. The run completes with world size 2
 * and every step once, and Slurm says the job held both nodes. `vla-lab cancel` of a second two-node
 * run → scancel: the trainer processes on both nodes end, rank 0 keeps its cancel checkpoint and the
 * run ends `cancelled`.
 * A machine that cannot run the daemons or make namespaces FAILS this test: it must not pass by skipping.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CLI,
  PY,
  TSX,
  ended,
  events,
  logs,
  lossSteps,
  record,
  runDirOf,
  slurmCluster,
  waitFor,
  writeTinySpec,
} from '../unit/launch-helpers';
import { childTmpDir, tempDir } from '../unit/tmp-helpers';

const cluster = slurmCluster('start-two', 'vla-slurm2-', 'two-node Slurm cluster', 60_000);
const ws = tempDir('vla-slurm2-ws-');
/** Namespace A, holding node vnode-a and the controller. */
const netns = () => cluster.vars.VLA_SLURM_NETNS;

const env = () => ({
  ...process.env,
  SLURM_CONF: cluster.vars.SLURM_CONF ?? '',
  VLA_LAB_PYTHON: PY,
  VLA_LAB_SLURM_POLL_MS: '300',
  VLA_LAB_NVIDIA_SMI: '/nonexistent/nvidia-smi',
  XDG_CACHE_HOME: path.join(ws, '.cache'),
  VLA_LAB_THREADS: '1',
  OMP_NUM_THREADS: '1',
  TMPDIR: childTmpDir(), // torchrun's torchelastic_* folders go with the test's folders
});

/** A command inside namespace A (node vnode-a), where the controller is reachable. */
function inA(argv: string[], timeout = 60_000) {
  const r = spawnSync('ip', ['netns', 'exec', netns()!, ...argv], { cwd: ws, encoding: 'utf8', timeout, env: env() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const writeSpec = (name: string, steps: number, checkpointEvery: number) =>
  writeTinySpec(ws, name, steps, { launcher: 'slurm', nodes: 2, slurm: { partition: 'debug', time: '00:10:00' } }, checkpointEvery);

test(
  'vla-lab run with the slurm launcher and nodes 2: one rank on each of two slurmd nodes, the run completes',
  { timeout: 300_000 },
  () => {
    assert.ok(cluster.vars.SLURM_CONF && netns(), cluster.error);
    const STEPS = 12;
    const file = writeSpec('two-nodes', STEPS, 6);
    const r = inA([process.execPath, '--import', TSX, CLI, 'run', file, '--runs-dir', path.join(ws, 'runs')], 240_000);
    const dir = runDirOf(path.join(ws, 'runs'), 'two-nodes');
    assert.equal(r.code, 0, r.out + r.err + logs(dir));
    assert.match(r.out, new RegExp(`completed at step ${STEPS}/${STEPS}`));
    const rec = record(dir);
    assert.equal(rec.status, 'completed');
    assert.equal(rec.slurm.state, 'COMPLETED');
    assert.match(fs.readFileSync(path.join(dir, 'slurm.sbatch'), 'utf8'), /^#SBATCH --nodes=2$/m);
    const starts = events(dir).filter((e) => e.type === 'run_start');
    assert.equal(starts.length, 1);
    assert.equal(starts[0].world_size, 2, 'two ranks');
    assert.deepEqual(
      lossSteps(dir),
      Array.from({ length: STEPS }, (_, i) => i + 1),
    );
    // Slurm's own word that the job ran on both nodes.
    const job = inA(['scontrol', 'show', 'job', '-o', rec.slurm.job_id]);
    assert.equal(job.code, 0, job.err);
    assert.match(job.out, /\bNumNodes=2\b/);
    assert.match(job.out, /\bNodeList=(vnode-a,vnode-b|vnode-\[a-b\])\s/);
  },
);

/** The trainer's processes (torchrun.py and its ranks) running in namespace `ns`. */
function trainerPids(ns: string): number[] {
  const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout.split(/\s+/).filter(Boolean).map(Number);
  return pids.filter((p) => {
    try {
      return /vlalab/.test(fs.readFileSync(`/proc/${p}/cmdline`, 'utf8'));
    } catch {
      return false;
    }
  });
}

test(
  'vla-lab cancel of a two-node job: the trainer on both nodes ends, rank 0 checkpoints, the run ends cancelled',
  { timeout: 240_000 },
  async () => {
    assert.ok(cluster.vars.SLURM_CONF && netns(), cluster.error);
    const namespaces = fs.readFileSync(path.join(cluster.dir, 'netns'), 'utf8').split(/\s+/).filter(Boolean);
    assert.equal(namespaces.length, 2, `one namespace per node: ${namespaces}`);
    const file = writeSpec('two-nodes-cancel', 100000, 1000);
    const runsDir = path.join(ws, 'runs');
    const vlaLab = (args: string[], timeout?: number) =>
      inA([process.execPath, '--import', TSX, CLI, ...args, '--runs-dir', runsDir], timeout);
    const launched = vlaLab(['run', file, '--detach'], 120_000);
    assert.equal(launched.code, 0, launched.out + launched.err);
    const dir = runDirOf(runsDir, 'two-nodes-cancel');
    await waitFor('step 3', () => lossSteps(dir).length >= 3 || ended(dir), 150_000, dir);
    assert.equal(record(dir).status, 'running', `the run ended before it could be cancelled: ${logs(dir)}`);
    for (const ns of namespaces) assert.ok(trainerPids(ns).length > 0, `the trainer runs on the node in ${ns}`);
    const began = Date.now();
    const cancel = vlaLab(['cancel', `two-nodes-cancel/${path.basename(dir)}`]);
    assert.equal(cancel.code, 0, cancel.out + cancel.err);
    await waitFor('the run to end', () => ended(dir), 60_000, dir);
    const cancelledAfter = (Date.now() - began) / 1000;
    const end = record(dir);
    assert.equal(end.status, 'cancelled', JSON.stringify(end) + logs(dir));
    const evs = events(dir);
    const ck = evs.filter((e) => e.type === 'checkpoint' && e.tag === 'cancel');
    assert.equal(ck.length, 1, `rank 0 checkpointed on scancel's SIGTERM: ${logs(dir)}`);
    assert.ok(fs.existsSync(path.join(dir, ck[0].path)), 'the checkpoint is kept');
    assert.deepEqual([evs.at(-1)!.type, evs.at(-1)!.status], ['run_end', 'cancelled']);
    await waitFor('the trainer to end on both nodes', () => namespaces.every((ns) => trainerPids(ns).length === 0), 15_000, dir);
    console.log(
      `two-node cancel: the run was cancelled ${cancelledAfter.toFixed(1)} s after vla-lab cancel; no trainer process on either node ${((Date.now() - began) / 1000).toFixed(1)} s after`,
    );
    const q = inA(['squeue', '-h', '-j', end.slurm.job_id, '-o', '%T']);
    assert.equal(q.out.trim(), '', 'the job has left the queue');
  },
);
