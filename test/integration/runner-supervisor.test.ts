/**
 * The process machinery with a test-double worker (test/fixtures/workers/fake_worker.py stands in
 * for the interpreter): detached supervisor, run.json lifecycle, signals, cancel, queue progress.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  cancelRun,
  createRun,
  drainQueue,
  enqueueRun,
  reconcile,
  resumeRun,
  runsContext,
  type RunsContext,
} from '../../extension/core/runner/runs';
import { readRecord, TERMINAL, type RunRecord } from '../../extension/core/runner/record';
import { processGroupAlive, processStartTime } from '../../extension/core/runner/process';
import { readEvents } from '../../extension/core/events';
import { tempDir } from '../unit/tmp-helpers';

const FAKE = path.resolve(__dirname, '../fixtures/workers/fake_worker.py');
const SPEC = {
  name: 'proc',
  backbone: { id: 'tiny-prefix', size: 'nano' },
  data: { stages: [{ name: 'ft', datasets: [{ type: 'playtable', tasks: ['open_drawer'], episodes: 2 }], steps: 5 }] },
};

function setup(env: Record<string, string> = {}, extra: Partial<RunsContext> = {}): RunsContext {
  const root = tempDir('vla-sup-');
  return runsContext(root, { ...process.env, FAKE_WORKER_SLEEP: '0.02', ...env }, { gpus: () => [], ...extra });
}

function launch(ctx: RunsContext, spec: Record<string, unknown> = SPEC): string {
  const { dir } = createRun(ctx, {
    spec,
    specSource: null,
    specDir: process.cwd(),
    python: { path: FAKE, version: '3.11', torch: '1.13', cuda: false },
  });
  enqueueRun(ctx, dir, { python: FAKE });
  drainQueue(ctx);
  return dir;
}

async function until<T>(fn: () => T | null | undefined | false, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ended = (dir: string) =>
  until(() => {
    const r = reconcile(dir);
    return r && TERMINAL.has(r.status) ? r : null;
  }, 'the run to end');
const running = (dir: string) =>
  until(() => {
    const r = readRecord(dir);
    return r?.status === 'running' && r.pid && fs.existsSync(path.join(dir, 'worker-args.json')) ? r : null;
  }, 'the run to be running');

test('a completed run: argv without a shell, env, run.json lifecycle', async () => {
  const ctx = setup({ FAKE_WORKER_MODE: 'complete' });
  const dir = launch(ctx);
  const rec = await ended(dir);
  assert.equal(rec.status, 'completed');
  assert.equal(rec.exit_code, 0);
  assert.ok(rec.started_at && rec.ended_at);
  const w = JSON.parse(fs.readFileSync(path.join(dir, 'worker-args.json'), 'utf8'));
  assert.deepEqual(w.argv.slice(1, 8), ['-m', 'vlalab', 'train', '--spec', path.join(dir, 'spec.json'), '--run-dir', dir]);
  assert.equal(w.env.CUDA_VISIBLE_DEVICES, '', 'a CPU run sees no GPU');
  assert.equal(w.env.PYTHONUNBUFFERED, '1');
  assert.ok(w.env.PYTHONPATH.split(':')[0].endsWith('/python'));
  assert.deepEqual(rec.argv, [FAKE, ...w.argv.slice(1)]);
  assert.equal(rec.pgid, rec.pid, 'the worker leads its own process group');
  assert.ok(fs.readFileSync(path.join(dir, 'stdout.log'), 'utf8').includes('fake worker started'));
  assert.ok(fs.existsSync(path.join(dir, 'spec.json')));
});

test('worker killed by SIGKILL → failed, signal named, stderr tail kept, run_end appended', async () => {
  const ctx = setup({ FAKE_WORKER_MODE: 'hang' });
  const dir = launch(ctx);
  const r = await running(dir);
  fs.appendFileSync(path.join(dir, 'stderr.log'), 'last words of the worker\n');
  process.kill(r.pid!, 'SIGKILL');
  const rec = await ended(dir);
  assert.equal(rec.status, 'failed');
  assert.equal(rec.signal, 'SIGKILL');
  assert.equal(rec.error_kind, 'signal');
  assert.match(rec.error!, /killed by SIGKILL/);
  assert.ok(rec.stderr_tail!.includes('last words of the worker'));
  const ev = readEvents(path.join(dir, 'events.jsonl')).events;
  const end = ev[ev.length - 1];
  assert.equal(end.type, 'run_end');
  assert.equal(end.type === 'run_end' && end.status, 'failed');
});

test('failures are named: trainer error, NaN loss, CUDA OOM, crash', async () => {
  const cases: [string, RegExp, string][] = [
    ['fail', /ValueError: bad batch/, 'exception'],
    ['nan', /NaN|nan/, 'nan'],
    ['oom', /out of memory/, 'oom'],
    ['crash', /exited with code 3: KeyError: 'boom'/, 'exception'],
  ];
  const dirs = cases.map(([mode]) => launch(setup({ FAKE_WORKER_MODE: mode, VLA_LAB_MAX_CPU_RUNS: '4' })));
  for (let i = 0; i < cases.length; i++) {
    const rec = await ended(dirs[i]);
    assert.equal(rec.status, 'failed', cases[i][0]);
    assert.match(rec.error!, cases[i][1], cases[i][0]);
    assert.equal(rec.error_kind, cases[i][2], cases[i][0]);
  }
});

/** The pid the fake worker's grandchild wrote (spawn-child, session-child modes), once it is there. */
const grandchildPid = async (dir: string) =>
  Number(
    await until(() => {
      try {
        return fs.readFileSync(path.join(dir, 'grandchild.pid'), 'utf8');
      } catch {
        return null;
      }
    }, 'the grandchild'),
  );

test('cancel: SIGTERM reaches the whole process group; the worker stops cleanly → cancelled', async () => {
  const ctx = setup({ FAKE_WORKER_MODE: 'spawn-child' });
  const dir = launch(ctx);
  const r = await running(dir);
  const grandchild = await grandchildPid(dir);
  assert.ok(processStartTime(grandchild));
  const rec = cancelRun(ctx, dir, { graceS: 5 });
  assert.equal(rec.status, 'cancelled');
  assert.ok(rec.cancel_requested_at);
  await until(() => !processGroupAlive(r.pgid) && !processStartTime(grandchild), 'the process group to be gone', 10_000);
});

test('cancel escalates to SIGKILL after the grace period when SIGTERM is ignored', async () => {
  const ctx = setup({ FAKE_WORKER_MODE: 'ignore-term' });
  const dir = launch(ctx);
  const r = await running(dir);
  const t0 = Date.now();
  const rec = cancelRun(ctx, dir, { graceS: 1 });
  assert.equal(rec.status, 'cancelled');
  assert.ok(Date.now() - t0 >= 900, 'waited for the grace period');
  assert.equal(readRecord(dir)!.signal, 'SIGKILL');
  assert.equal(processGroupAlive(r.pgid), false);
});

for (const [how, env] of [
  ['the worker exits on SIGTERM', {}],
  ['the worker too ignores SIGTERM until the grace period ends', { FAKE_WORKER_IGNORE_TERM: '1' }],
] as const)
  test(`cancel stops a process below the worker in a session of its own that ignores SIGTERM (a torchrun rank evaluating): ${how}`, async () => {
    const ctx = setup({ FAKE_WORKER_MODE: 'session-child', ...env });
    const dir = launch(ctx);
    const r = await running(dir);
    const grandchild = await grandchildPid(dir);
    assert.ok(processStartTime(grandchild));
    assert.equal(cancelRun(ctx, dir, { graceS: 1 }).status, 'cancelled');
    await until(() => !processGroupAlive(r.pgid) && !processStartTime(grandchild), 'the grandchild to be gone', 15_000);
    assert.match(fs.readFileSync(path.join(dir, 'supervisor.log'), 'utf8'), new RegExp(`\\b${grandchild}\\b`));
  });

test('cancelling a queued run takes it off the queue', async () => {
  const ctx = setup({ FAKE_WORKER_MODE: 'hang' });
  const first = launch(ctx);
  await running(first);
  const second = launch(ctx); // CPU slot taken: stays queued
  assert.equal(readRecord(second)!.status, 'queued');
  assert.equal(cancelRun(ctx, second).status, 'cancelled');
  cancelRun(ctx, first, { graceS: 2 });
});

test('the queue moves on by itself: the next run starts when the running one ends', async () => {
  const ctx = setup({ FAKE_WORKER_MODE: 'complete', FAKE_WORKER_STEPS: '10', FAKE_WORKER_SLEEP: '0.05' });
  const a = launch(ctx);
  const b = launch(ctx);
  assert.equal(readRecord(b)!.status, 'queued', 'one CPU run at a time');
  const ra = await ended(a);
  const rb = await ended(b); // started by a's supervisor; nobody else drains the queue here
  assert.equal(ra.status, 'completed');
  assert.equal(rb.status, 'completed');
  assert.ok(Date.parse(rb.started_at!) >= Date.parse(ra.ended_at!) - 50, 'b started after a ended');
});

test('supervisor and worker both killed (kill -9) → the next reader marks the run failed', async () => {
  const ctx = setup({ FAKE_WORKER_MODE: 'hang' });
  const dir = launch(ctx);
  const r = await running(dir);
  const sup = readRecord(dir)!.supervisor!.pid!;
  process.kill(sup, 'SIGKILL');
  process.kill(-r.pgid!, 'SIGKILL');
  await until(() => !processStartTime(sup) && !processGroupAlive(r.pgid), 'the processes to die');
  const rec = reconcile(dir) as RunRecord;
  assert.equal(rec.status, 'failed');
  assert.match(rec.error!, /the run's processes are gone/);
  assert.equal(readRecord(dir)!.status, 'failed', 'written back to run.json');
});

test('resume after kill -9: same directory, --resume; the worker replaces events.jsonl and the supervisor reads its outcome', async () => {
  const ctx = setup({ FAKE_WORKER_MODE: 'hang', FAKE_WORKER_STEPS: '30' });
  const dir = launch(ctx);
  const r = await running(dir);
  await until(() => fs.readFileSync(path.join(dir, 'events.jsonl'), 'utf8').split('\n').length > 40, 'some steps');
  fs.writeFileSync(path.join(dir, 'checkpoints', 'step-0000010.pt'), 'x'); // as if the trainer had saved step 10
  process.kill(-r.pgid!, 'SIGKILL');
  assert.equal((await ended(dir)).status, 'failed');
  const again = runsContext(ctx.root, { ...ctx.env, FAKE_WORKER_MODE: 'complete', FAKE_WORKER_STEPS: '3' }, { gpus: () => [] });
  const q = resumeRun(again, dir, { launch: { python: FAKE } });
  assert.equal(q.status, 'queued');
  assert.equal(q.resumes, 1);
  assert.throws(() => resumeRun(again, dir, { launch: { python: FAKE } }), /only a failed or cancelled run can be resumed/);
  drainQueue(again);
  const rec = await ended(dir);
  assert.equal(rec.status, 'completed');
  assert.ok(rec.argv!.includes('--resume'));
  const ev = readEvents(path.join(dir, 'events.jsonl')).events;
  const before = ev.slice(
    0,
    ev.findIndex((e, i) => i > 0 && e.type === 'run_start'),
  );
  // The trainer owns the trim (trainer/events.py truncate_after); the fake worker acts it out by
  // replacing the file, as the trainer does: the supervisor must read the new file from its start.
  assert.ok(
    before.every((e) => !('step' in e) || (e.step as number) <= 10),
    'nothing past the checkpoint survives from the killed attempt',
  );
  assert.ok(before.some((e) => e.type === 'scalar' && e.step === 10));
  assert.equal(ev.filter((e) => e.type === 'run_end').length, 1, "one run_end: the resumed attempt's");
});

test('slurm: the supervisor writes the script, submits, tracks and ends the job (injected command runner)', async () => {
  const { supervise } = await import('../../extension/core/runner/supervisor');
  const ctx = setup();
  const spec = {
    ...SPEC,
    description: "$(touch PWNED) 'q'",
    resources: { launcher: 'slurm', gpus: 2, nodes: 2, slurm: { partition: 'gpu', time: '01:00:00', login: 'me@login' } },
  };
  const { dir } = createRun(ctx, {
    spec,
    specSource: null,
    specDir: process.cwd(),
    python: { path: '/usr/bin/python3', version: '3.11', torch: '2.5', cuda: true },
  });
  const calls: string[][] = [];
  let polls = 0;
  const rec = await supervise(dir, {
    drain: false,
    slurmPollMs: 5,
    launch: { python: '/usr/bin/python3' },
    slurmRunner: (argv) => {
      calls.push(argv);
      const remote = argv[argv.length - 1];
      if (remote.includes('sbatch --parsable')) return { status: 0, stdout: '777\n', stderr: '' };
      if (remote.startsWith('squeue'))
        return { status: 0, stdout: ++polls < 3 ? (polls === 1 ? 'PENDING\n' : 'RUNNING\n') : '', stderr: '' };
      if (remote.startsWith('sacct')) return { status: 0, stdout: 'COMPLETED|0:0\n', stderr: '' };
      return { status: 0, stdout: '', stderr: '' };
    },
  });
  assert.equal(rec!.status, 'completed');
  assert.deepEqual(rec!.slurm, { job_id: '777', script: 'slurm.sbatch', state: 'COMPLETED', login: 'me@login' });
  assert.deepEqual(calls[0].slice(0, 5), ['ssh', '-o', 'BatchMode=yes', '--', 'me@login']);
  assert.equal(calls[0][5], `cd ${dir} && sbatch --parsable slurm.sbatch`);
  assert.deepEqual(calls[calls.length - 1].slice(-1), ['sacct -j 777 --format=State,ExitCode --parsable2 --noheader']);
  const script = fs.readFileSync(path.join(dir, 'slurm.sbatch'), 'utf8');
  assert.match(script, /#SBATCH --nodes=2/);
  assert.match(script, /#SBATCH --gpus-per-node=2/);
  assert.match(script, /#SBATCH --partition=gpu/);
  assert.match(script, /--nnodes=2 --nproc_per_node=2/);
  assert.match(script, /-m vlalab train --spec/);
  assert.ok(!script.includes('CUDA_VISIBLE_DEVICES'), 'Slurm assigns the GPUs');
});
