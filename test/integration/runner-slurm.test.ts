/**
 * Slurm for real: a one-node cluster on localhost (test/slurm/cluster.sh starts munged,
 * slurmctld and slurmd from Debian's slurm-wlm), then `vla-lab run` with the slurm launcher
 * submits an sbatch script that runs `srun <python> …/vlalab/torchrun.py … -m vlalab train`, tracks the job with
 * squeue (and sacct, or scontrol where the cluster keeps no accounting), and `vla-lab cancel`
 * reaches it through scancel. The interpreter is the test-double worker, which accepts torchrun's
 * argv and writes events like the trainer: the point here is the Slurm path, not training.
 * Skips, printing the reason, where this machine cannot run the daemons.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '../..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const CLI = path.join(ROOT, 'extension/cli/main.ts');
const FAKE = path.join(ROOT, 'test/fixtures/workers/fake_worker.py');
const CLUSTER = path.join(ROOT, 'test/slurm/cluster.sh');

const clusterDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vla-slurm-'));
let slurmConf: string | undefined;
let skipReason: string | undefined;

before(() => {
  const r = spawnSync('bash', [CLUSTER, 'start', clusterDir], { encoding: 'utf8', timeout: 180_000 });
  const m = /export SLURM_CONF=(\S+)/.exec(r.stdout);
  if (r.status === 0 && m) slurmConf = m[1];
  else skipReason = `no one-node Slurm cluster here: ${(r.stderr || r.stdout).trim().split('\n').pop() ?? `cluster.sh exited ${r.status}`}`;
  if (skipReason) console.log(`# SKIP reason: ${skipReason}`);
});

after(() => {
  spawnSync('bash', [CLUSTER, 'stop', clusterDir], { encoding: 'utf8', timeout: 30_000 });
});

function cli(cwd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], {
    cwd, encoding: 'utf8', timeout: 120_000,
    env: {
      ...process.env, SLURM_CONF: slurmConf ?? '', VLA_LAB_SLURM_POLL_MS: '300', VLA_LAB_NVIDIA_SMI: '/nonexistent/nvidia-smi',
      XDG_CACHE_HOME: path.join(cwd, '.cache'), ...env,
    },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function workspace(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vla-slurm-ws-'));
  fs.writeFileSync(path.join(dir, 'job.vla.json'), JSON.stringify({
    name, backbone: { id: 'tiny-prefix', size: 'nano' }, policy: { formulation: 'policy-head', head: { type: 'mlp' } },
    data: { stages: [{ name: 'ft', datasets: [{ type: 'playtable', tasks: ['open_drawer'], episodes: 2 }], steps: 5 }] }, eval: [],
    resources: { launcher: 'slurm', slurm: { partition: 'debug', time: '00:10:00' } },
  }, null, 2));
  return dir;
}

const runDirOf = (ws: string, name: string) => {
  const exp = path.join(ws, 'runs', name);
  return path.join(exp, fs.readdirSync(exp).filter((d) => !d.startsWith('.'))[0]);
};
const record = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));

test('a tiny job runs through sbatch/srun on the one-node cluster and completes', (t) => {
  if (skipReason) return t.skip(skipReason);
  const ws = workspace('slurm-ok');
  const r = cli(ws, ['run', 'job.vla.json', '--python', FAKE], { FAKE_WORKER_SLEEP: '0.02' });
  assert.equal(r.code, 0, r.err + r.out);
  assert.match(r.out, /completed at step 5\/5/);
  const dir = runDirOf(ws, 'slurm-ok');
  const rec = record(dir);
  assert.equal(rec.status, 'completed');
  assert.match(rec.slurm.job_id, /^\d+$/);
  assert.equal(rec.slurm.state, 'COMPLETED');
  const script = fs.readFileSync(path.join(dir, 'slurm.sbatch'), 'utf8');
  assert.match(script, /^#SBATCH --partition=debug$/m);
  assert.match(script, /srun .*python\/vlalab\/torchrun\.py .*--nnodes=1/);
  // the job's own output files are where the runner reads logs from
  const events = fs.readFileSync(path.join(dir, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(events.at(-1).type, 'run_end');
  assert.equal(events.filter((e) => e.type === 'scalar' && e.name === 'train/loss').length, 5);
});

test('vla-lab cancel reaches a running Slurm job through scancel', (t) => {
  if (skipReason) return t.skip(skipReason);
  const ws = workspace('slurm-cancel');
  const launched = cli(ws, ['run', 'job.vla.json', '--python', FAKE, '--detach'], { FAKE_WORKER_SLEEP: '2' });
  assert.equal(launched.code, 0, launched.err);
  const dir = runDirOf(ws, 'slurm-cancel');
  const deadline = Date.now() + 60_000;
  while (record(dir).status !== 'running' && Date.now() < deadline) spawnSync('sleep', ['0.3']);
  assert.equal(record(dir).status, 'running', JSON.stringify(record(dir)));
  const jobId = record(dir).slurm.job_id;
  const cancel = cli(ws, ['cancel', `slurm-cancel/${path.basename(dir)}`]);
  assert.equal(cancel.code, 0, cancel.err);
  while (!['cancelled', 'failed', 'completed'].includes(record(dir).status) && Date.now() < deadline) spawnSync('sleep', ['0.3']);
  assert.equal(record(dir).status, 'cancelled', JSON.stringify(record(dir)));
  const q = spawnSync('squeue', ['-h', '-j', jobId, '-o', '%T'], { encoding: 'utf8', env: { ...process.env, SLURM_CONF: slurmConf } });
  assert.equal(q.stdout.trim(), '', 'the job has left the queue');
});
