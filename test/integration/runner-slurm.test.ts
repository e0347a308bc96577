/**
 * Slurm for real, with the real trainer: a one-node cluster on localhost (test/slurm/cluster.sh
 * starts munged, slurmctld and slurmd from Debian's slurm-wlm, installing them as root when
 * missing), then `vla-lab run` with the slurm launcher submits an sbatch script that runs
 * `srun <python> …/vlalab/torchrun.py … -m vlalab train` on a tiny spec (nano backbone, 32 px
 * images, two Playtable episodes generated once into the shared runs/_data). Covered: queue → run
 * → complete; `vla-lab cancel` → scancel → the trainer checkpoints → `cancelled`; Slurm's own
 * SIGTERM (preemption, `scancel --signal=TERM`) → checkpoint → `failed` saying it resumes →
 * `vla-lab resume` continues with every step once; `scontrol requeue` → Slurm reruns the script,
 * which resumes from the checkpoint, and the run completes with every step once.
 * A machine that cannot run the daemons FAILS this test (with cluster.sh's reason): it must not
 * pass by skipping.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CLI,
  PY,
  ROOT,
  TSX,
  ended,
  events,
  logs,
  lossSteps,
  record,
  runDirOf as runDirIn,
  slurmCluster,
  waitFor,
  writeTinySpec,
} from '../unit/launch-helpers';
import { childTmpDir, tempDir } from '../unit/tmp-helpers';

const cluster = slurmCluster('start', 'vla-slurm-', 'one-node Slurm cluster', 30_000);
// One workspace and runs directory for every test: the Playtable data is generated once (runs/_data).
const ws = tempDir('vla-slurm-ws-');

function needCluster(): void {
  assert.ok(cluster.vars.SLURM_CONF, cluster.error);
}

const slurmEnv = () => ({ ...process.env, SLURM_CONF: cluster.vars.SLURM_CONF ?? '' });

function cli(args: string[], timeout = 150_000) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args, '--runs-dir', path.join(ws, 'runs')], {
    cwd: ws,
    encoding: 'utf8',
    timeout,
    env: {
      ...slurmEnv(),
      VLA_LAB_PYTHON: PY,
      VLA_LAB_SLURM_POLL_MS: '300',
      VLA_LAB_NVIDIA_SMI: '/nonexistent/nvidia-smi',
      XDG_CACHE_HOME: path.join(ws, '.cache'),
      TMPDIR: childTmpDir(), // torchrun's torchelastic_* folders go with the test's folders
    },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A tiny spec: a checkpoint every 3 steps, every step logged (so the step sequence can be checked). */
const writeSpec = (name: string, steps: number) =>
  writeTinySpec(ws, name, steps, { launcher: 'slurm', slurm: { partition: 'debug', time: '00:10:00' } });
const runDirOf = (name: string) => runDirIn(path.join(ws, 'runs'), name);

/** Starts a detached run and waits until the trainer has logged `steps` steps under Slurm. */
async function startAndReach(name: string, total: number, steps: number): Promise<{ dir: string; jobId: string }> {
  const launched = cli(['run', writeSpec(name, total), '--detach']);
  assert.equal(launched.code, 0, launched.err + launched.out);
  const dir = runDirOf(name);
  await waitFor(`step ${steps}`, () => lossSteps(dir).length >= steps || ended(dir), 150_000, dir);
  assert.equal(record(dir).status, 'running', `the run ended before it could be stopped: ${logs(dir)}`);
  return { dir, jobId: record(dir).slurm.job_id };
}

function assertEveryStepOnce(dir: string, total: number): void {
  assert.deepEqual(
    lossSteps(dir),
    Array.from({ length: total }, (_, i) => i + 1),
    'every step logged exactly once, across the interruption',
  );
}

test(
  'Slurm preemption (SIGTERM with a grace period): checkpoint, a resumable failed run, vla-lab resume completes it',
  { timeout: 240_000 },
  async () => {
    needCluster();
    const TOTAL = 150;
    const { dir, jobId } = await startAndReach('slurm-preempt', TOTAL, 6);
    assert.match(jobId, /^\d+$/);
    const script = fs.readFileSync(path.join(dir, 'slurm.sbatch'), 'utf8');
    assert.match(script, /^#SBATCH --partition=debug$/m);
    assert.match(script, /srun .*python\/vlalab\/torchrun\.py .*--nnodes=1/);
    // What Slurm does to a preempted job with GraceTime (and KillWait = 30 s here): SIGTERM first.
    const sig = spawnSync('scancel', ['--signal=TERM', jobId], { encoding: 'utf8', env: slurmEnv() });
    assert.equal(sig.status, 0, sig.stderr);
    await waitFor('the run to end', () => ended(dir), 60_000, dir);
    const rec = record(dir);
    assert.equal(rec.status, 'failed', JSON.stringify(rec));
    assert.match(rec.error, /stopped by SIGTERM from Slurm .* after saving a checkpoint; vla-lab resume continues from it/);
    const evs = events(dir);
    const ck = evs.filter((e) => e.type === 'checkpoint' && e.tag === 'cancel');
    assert.equal(ck.length, 1, 'the trainer checkpointed on SIGTERM');
    assert.ok(fs.existsSync(path.join(dir, ck[0].path)));
    const stoppedAt = ck[0].step as number;
    assert.ok(stoppedAt >= 6 && stoppedAt < TOTAL, `stopped at ${stoppedAt}`);

    const resumed = cli(['resume', `slurm-preempt/${path.basename(dir)}`]);
    assert.equal(resumed.code, 0, resumed.err + resumed.out + logs(dir));
    assert.match(resumed.out, new RegExp(`completed at step ${TOTAL}/${TOTAL}`));
    assert.equal(record(dir).status, 'completed');
    assert.equal(record(dir).slurm.state, 'COMPLETED');
    const starts = events(dir).filter((e) => e.type === 'run_start');
    assert.equal(starts.length, 2);
    assert.equal(starts[1].start_step, stoppedAt, 'the second job continued from the preemption checkpoint');
    assertEveryStepOnce(dir, TOTAL);
    assert.equal(events(dir).at(-1)!.type, 'run_end');
    assert.ok(fs.existsSync(path.join(dir, 'checkpoints', `step-${String(TOTAL).padStart(7, '0')}.pt`)));
  },
);

test('vla-lab cancel reaches the trainer through scancel: it checkpoints and the run ends cancelled', { timeout: 240_000 }, async () => {
  needCluster();
  const { dir, jobId } = await startAndReach('slurm-cancel', 100000, 4);
  const cancel = cli(['cancel', `slurm-cancel/${path.basename(dir)}`]);
  assert.equal(cancel.code, 0, cancel.err);
  await waitFor('the run to end', () => ended(dir), 60_000, dir);
  assert.equal(record(dir).status, 'cancelled', JSON.stringify(record(dir)));
  const evs = events(dir);
  const ck = evs.filter((e) => e.type === 'checkpoint' && e.tag === 'cancel');
  assert.equal(ck.length, 1, `the trainer checkpointed on scancel's SIGTERM: ${logs(dir)}`);
  assert.ok(fs.existsSync(path.join(dir, ck[0].path)));
  assert.deepEqual([evs.at(-1)!.type, evs.at(-1)!.status], ['run_end', 'cancelled']);
  const q = spawnSync('squeue', ['-h', '-j', jobId, '-o', '%T'], { encoding: 'utf8', env: slurmEnv() });
  assert.equal(q.stdout.trim(), '', 'the job has left the queue');
});

test('scontrol requeue: Slurm reruns the job, the script resumes from the checkpoint, every step once', { timeout: 240_000 }, async () => {
  needCluster();
  const TOTAL = 150;
  const { dir, jobId } = await startAndReach('slurm-requeue', TOTAL, 6);
  const rq = spawnSync('scontrol', ['requeue', jobId], { encoding: 'utf8', env: slurmEnv() });
  assert.equal(rq.status, 0, rq.stderr);
  // Slurm holds a requeued job back (Reason=BeginTime, about two minutes); make it eligible now.
  await waitFor(
    'the requeued job to be pending',
    () => /PENDING/.test(spawnSync('squeue', ['-h', '-j', jobId, '-o', '%T'], { encoding: 'utf8', env: slurmEnv() }).stdout),
    60_000,
    dir,
  );
  const now = spawnSync('scontrol', ['update', `JobId=${jobId}`, 'StartTime=now'], { encoding: 'utf8', env: slurmEnv() });
  assert.equal(now.status, 0, now.stderr);
  await waitFor('the run to end', () => ended(dir), 150_000, dir);
  assert.equal(record(dir).status, 'completed', JSON.stringify(record(dir)) + logs(dir));
  const starts = events(dir).filter((e) => e.type === 'run_start');
  assert.equal(starts.length, 2, 'two attempts');
  assert.ok(starts[1].resumed && starts[1].start_step > 0, 'the rerun resumed from a checkpoint');
  assertEveryStepOnce(dir, TOTAL);
});

test('a RoboVLMs-backend run on Slurm: the job writes manifest.json on its node before RoboVLMs starts', { timeout: 240_000 }, () => {
  needCluster();
  // A RoboVLMs checkout whose main.py is a declared stand-in (RoboVLMs and its weights are not
  // installable here): what is tested is VLA Lab's job script, which writes the manifest with the
  // job's interpreter before it starts main.py; the stand-in only shows that main.py ran after it.
  const co = path.join(ws, 'RoboVLMs');
  fs.mkdirSync(co, { recursive: true });
  fs.writeFileSync(path.join(co, 'main.py'), 'import sys\nprint("stand-in for RoboVLMs main.py:", sys.argv[1:], flush=True)\n');
  const git = (...a: string[]) => spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...a], { cwd: co, encoding: 'utf8' });
  git('init', '-q');
  git('add', 'main.py');
  git('commit', '-q', '-m', 'stand-in');
  const commit = git('rev-parse', 'HEAD').stdout.trim();
  assert.match(commit, /^[0-9a-f]{40}$/);
  const data = path.join(ws, 'calvin-layout');
  const gen = spawnSync(
    PY,
    ['-m', 'vlalab', 'gen-data', '--out', data, '--tasks', 'open_drawer', '--episodes', '1', '--image-size', '32'],
    { encoding: 'utf8', env: { ...process.env, PYTHONPATH: path.join(ROOT, 'python') }, timeout: 120_000 },
  );
  assert.equal(gen.status, 0, gen.stderr);
  fs.mkdirSync(path.join(ws, 'weights', 'kosmos-2'), { recursive: true });
  const spec = path.join(ws, 'slurm-robovlms.vla.json');
  fs.writeFileSync(
    spec,
    JSON.stringify(
      {
        name: 'slurm-robovlms',
        backend: 'robovlms',
        backbone: { id: 'kosmos-2', path: path.join(ws, 'weights', 'kosmos-2') },
        policy: { formulation: 'policy-head', history: 2, chunk: 2, head: { type: 'lstm', hidden: 32, layers: 1 } },
        observation: { image_size: 32, cameras: ['static'] },
        // RoboVLMs reads the split folder itself (its data_dir), which preflight checks
        data: { stages: [{ name: 'ft', datasets: [{ type: 'calvin', path: path.join(data, 'training') }], steps: 10 }] },
        train: { batch_size: 2 },
        eval: [],
        resources: { launcher: 'slurm', gpus: 0, slurm: { partition: 'debug', time: '00:10:00' } },
      },
      null,
      2,
    ),
  );
  const r = cli(['run', spec, '--robovlms-path', co, '--robovlms-python', PY]);
  assert.ok(fs.existsSync(path.join(ws, 'runs', 'slurm-robovlms')), `no run folder: ${r.err}${r.out}`);
  const dir = runDirOf('slurm-robovlms');
  assert.equal(r.code, 0, r.err + r.out + logs(dir));
  assert.equal(record(dir).status, 'completed');
  const script = fs.readFileSync(path.join(dir, 'slurm.sbatch'), 'utf8');
  assert.ok(script.indexOf('-m vlalab manifest') < script.indexOf('srun '), 'the manifest is written before srun starts RoboVLMs');
  const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  assert.equal(m.backend, 'robovlms');
  assert.deepEqual([m.code.backend.path, m.code.backend.commit, m.code.backend.dirty], [co, commit, false]);
  assert.equal(m.python.executable, PY);
  assert.equal(m.data[0].path, path.join(data, 'training'));
  assert.ok(m.data[0].episodes.count > 10, 'the episode files are hashed');
  assert.equal(m.hardware.cores, os.cpus().length);
  assert.match(
    fs.readFileSync(path.join(dir, 'stdout.log'), 'utf8'),
    /wrote .*manifest\.json\n(.|\n)*stand-in for RoboVLMs main\.py: \['--exp_name'/,
  );
});
