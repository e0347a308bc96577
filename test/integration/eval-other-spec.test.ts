/**
 * `vla-lab eval <run> --spec FILE [--experiment NAME]`: a training run's checkpoint evaluated
 * in-process on another spec's eval entries (here chains of two tasks for a run whose own spec has
 * none) as a queued eval run — run.json says eval_spec, the worker runs FILE's entries (its argv
 * carries --spec <eval run>/spec.json), the results are filed under NAME with the chain protocol's
 * tags and every episode listed. --experiment without --spec is refused in one line before any run
 * exists. Needs dist/ (node scripts/build.mjs): the queued run is started by the bundled supervisor.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { workerPlan } from '../../extension/core/runner/supervisor';

const ROOT = path.resolve(__dirname, '../..');
const PY = process.env.VLA_LAB_PYTHON ?? path.join(ROOT, '.venv', 'bin', 'python');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const CLI = path.join(ROOT, 'extension/cli/main.ts');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vla-eval-spec-'));
test.after(() => fs.rmSync(work, { recursive: true, force: true }));
const env = { ...process.env, PYTHONPATH: path.join(ROOT, 'python'), VLA_LAB_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
const TASKS = ['open_drawer', 'turn_on_led'];
const RUN_ID = '20261205-000000-abcd';

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], {
    cwd: work,
    encoding: 'utf8',
    timeout: 600_000,
    env: { ...env, VLA_LAB_PYTHON: PY, VLA_LAB_NVIDIA_SMI: '/nonexistent/nvidia-smi', XDG_CACHE_HOME: path.join(work, '.cache') },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A briefly trained run in the runs directory, as `vla-lab run` leaves it (run.json, spec.json, a checkpoint). */
function trainedRun(runs: string): { dir: string; spec: Record<string, unknown> } {
  const data = path.join(work, 'data');
  const gen = spawnSync(
    PY,
    ['-m', 'vlalab', 'gen-data', '--out', data, '--tasks', TASKS.join(','), '--episodes', '1', '--image-size', '32'],
    { env, encoding: 'utf8', timeout: 300_000 },
  );
  assert.equal(gen.status, 0, gen.stderr);
  const spec = {
    name: 'trained',
    backbone: { id: 'tiny-prefix', size: 'nano' },
    policy: { formulation: 'policy-head', history: 1, chunk: 1, head: { type: 'mlp', hidden: 16, layers: 1 } },
    observation: { image_size: 32, patch_size: 8, cameras: ['static'] },
    data: { stages: [{ name: 'ft', datasets: [{ type: 'playtable', path: data, tasks: TASKS }], steps: 2 }] },
    train: { batch_size: 4, log_every: 1, val_every: 100, checkpoint_every: 2, warmup_steps: 0 },
    eval: [],
  };
  const dir = path.join(runs, 'trained', RUN_ID);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(spec));
  const r = spawnSync(PY, ['-m', 'vlalab', 'train', '--spec', path.join(dir, 'spec.json'), '--run-dir', dir], {
    env,
    encoding: 'utf8',
    timeout: 300_000,
  });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  const now = new Date().toISOString();
  const record = { v: 1, id: RUN_ID, experiment: 'trained', status: 'completed', kind: 'train', backend: 'builtin', launcher: 'local' };
  fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ ...record, created_at: now }));
  return { dir, spec };
}

test(
  "vla-lab eval <run> --spec runs another spec's entries (chains) on the run's checkpoint as a queued eval run",
  { timeout: 900_000 },
  async () => {
    const runs = path.join(work, 'runs');
    const { spec } = trainedRun(runs);
    const entry = { benchmark: 'playtable', chains: 2, chain_length: 2, tasks: TASKS, max_steps: 8, seed: 3, videos: 0 };
    fs.writeFileSync(path.join(work, 'chains.vla.json'), JSON.stringify({ ...spec, name: 'chains', eval: [entry] }));

    const refused = cli(['eval', `trained/${RUN_ID}`, '--experiment', 'chains-local', '--runs-dir', runs]);
    assert.equal(refused.code, 1, refused.err);
    assert.equal(refused.err.trim().split('\n').length, 1);
    assert.match(refused.err, /--experiment .* give --spec too/);
    assert.ok(!fs.existsSync(path.join(runs, 'chains-local')));

    const ok = cli([
      'eval',
      `trained/${RUN_ID}`,
      '--spec',
      'chains.vla.json',
      '--experiment',
      'chains-local',
      '--runs-dir',
      runs,
      '--no-preflight',
    ]);
    assert.equal(ok.code, 0, ok.err + ok.out);
    const [id] = fs.readdirSync(path.join(runs, 'chains-local'));
    const dir = path.join(runs, 'chains-local', id);
    const rec = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
    assert.equal(rec.kind, 'eval');
    assert.equal(rec.status, 'completed');
    assert.equal(rec.eval_spec, true);
    assert.equal(rec.parent_run, `trained/${RUN_ID}`);
    assert.equal(rec.spec_source, path.join(work, 'chains.vla.json'));
    assert.equal(path.basename(rec.checkpoint), 'step-0000002.pt');
    // the worker ran the eval run's spec.json (FILE's entries), on the parent's checkpoint
    const plan = await workerPlan(rec, dir, { python: PY }, ROOT);
    assert.deepEqual(plan.argv.slice(-6), ['--run-dir', dir, '--checkpoint', rec.checkpoint, '--spec', path.join(dir, 'spec.json')]);
    const res = JSON.parse(fs.readFileSync(path.join(dir, 'eval', 'step-0000002', 'results_playtable.json'), 'utf8'));
    assert.equal(res.chain_length, 2);
    assert.equal(res.protocol.chain_length, 2);
    assert.match(res.protocol.chain_set, /^generated:seed=3:/);
    assert.equal(res.protocol.max_steps, 8);
    assert.deepEqual(
      res.episodes.map((e: { chain: number; tasks: string[] }) => [e.chain, e.tasks.length]),
      [
        [0, 2],
        [1, 2],
      ],
    );
  },
);
