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
import * as fs from 'node:fs';
import * as path from 'node:path';
import { workerPlan } from '../../extension/core/runner/supervisor';
import { PY, ROOT, cliIn, record, runDirOf, trainTinyRun } from '../unit/launch-helpers';
import { tempDir } from '../unit/tmp-helpers';

const work = tempDir('vla-eval-spec-');
const TASKS = ['open_drawer', 'turn_on_led'];
const RUN_ID = '20261205-000000-abcd';
const cli = cliIn(work);

/** A briefly trained run in the runs directory, as `vla-lab run` leaves it (run.json, spec.json, a checkpoint). */
function trainedRun(runs: string): { dir: string; spec: Record<string, unknown> } {
  const dir = path.join(runs, 'trained', RUN_ID);
  fs.mkdirSync(dir, { recursive: true });
  const spec = trainTinyRun({ work, name: 'trained', tasks: TASKS, episodes: 1, specFile: path.join(dir, 'spec.json'), runDir: dir });
  const now = new Date().toISOString();
  const trainRecord = {
    v: 1,
    id: RUN_ID,
    experiment: 'trained',
    status: 'completed',
    kind: 'train',
    backend: 'builtin',
    launcher: 'local',
  };
  fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ ...trainRecord, created_at: now }));
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
    const dir = runDirOf(runs, 'chains-local');
    const rec = record(dir);
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

test(
  'vla-lab eval --entry K --chains N runs one entry on N chains; the result joins the training run on vla-lab curve',
  { timeout: 900_000 },
  async () => {
    const runs = path.join(work, 'runs-entry');
    const { spec } = trainedRun(runs);
    const chains = { benchmark: 'playtable', chains: 4, chain_length: 2, tasks: TASKS, max_steps: 8, seed: 3, videos: 0 };
    const alone = { ...chains, chain_length: 1, seed: 5 };
    fs.writeFileSync(path.join(work, 'two-entries.vla.json'), JSON.stringify({ ...spec, name: 'two-entries', eval: [chains, alone] }));

    for (const [flags, why] of [
      [['--entry', '2'], /--entry 2: the spec has eval entries 0\.\.1/],
      [['--chains', '0'], /--chains 0: give 1 or more chains per entry/],
      [['--chains', 'many'], /--chains must be a whole number, not "many"/],
    ] as const) {
      const refused = cli(['eval', `trained/${RUN_ID}`, '--spec', 'two-entries.vla.json', ...flags, '--runs-dir', runs, '--no-preflight']);
      assert.equal(refused.code, 1, refused.err);
      assert.equal(refused.err.trim().split('\n').length, 1, refused.err);
      assert.match(refused.err, why);
    }
    assert.ok(!fs.existsSync(path.join(runs, 'two-entries')), 'refused before any run exists');

    const ok = cli([
      'eval',
      `trained/${RUN_ID}`,
      '--spec',
      'two-entries.vla.json',
      '--entry',
      '1',
      '--chains',
      '4',
      '--runs-dir',
      runs,
      '--no-preflight',
    ]);
    assert.equal(ok.code, 0, ok.err + ok.out);
    const dir = runDirOf(runs, 'two-entries');
    const rec = record(dir);
    assert.deepEqual([rec.status, rec.eval_entries, rec.eval_chains], ['completed', [1], 4]);
    const plan = await workerPlan(rec, dir, { python: PY }, ROOT);
    assert.deepEqual(plan.argv.slice(-4), ['--entry', '1', '--chains', '4']);
    // only entry 1 ran (the single-task one), on 4 episodes (2 per task); entry 0's results were never written
    const results = fs.readdirSync(path.join(dir, 'eval', 'step-0000002')).filter((f) => f.startsWith('results_'));
    assert.equal(results.length, 1, results.join(', '));
    const res = JSON.parse(fs.readFileSync(path.join(dir, 'eval', 'step-0000002', results[0]), 'utf8'));
    assert.equal(res.chain_length, 1);
    assert.equal(res.episodes.length, 4);
    assert.equal(res.protocol.episodes, 4);

    // the training run's curve: that evaluation at its checkpoint's step
    const curve = cli(['curve', `trained/${RUN_ID}`, '--metric', 'success', '--runs-dir', runs]);
    assert.equal(curve.code, 0, curve.err);
    const rate = res.episodes.filter((e: { completed: number }) => e.completed === 1).length;
    assert.match(curve.out, new RegExp(`\\| 2 \\| [\\d,]+ \\| (s\\d+ )?${((rate / 4) * 100).toFixed(1)}% \\| `));

    // entry 0 (chains) as a second eval run: 'vla-lab tasks' reads its results file's episodes, as
    // evaluate.py wrote them, for each task's counts first in a chain and after other tasks
    const chainsRun = cli([
      'eval',
      `trained/${RUN_ID}`,
      '--spec',
      'two-entries.vla.json',
      '--entry',
      '0',
      '--experiment',
      'two-entries-chains',
      '--runs-dir',
      runs,
      '--no-preflight',
    ]);
    assert.equal(chainsRun.code, 0, chainsRun.err + chainsRun.out);
    const chainsDir = runDirOf(runs, 'two-entries-chains');
    const chained = JSON.parse(fs.readFileSync(path.join(chainsDir, 'eval', 'step-0000002', 'results_playtable.json'), 'utf8')) as {
      episodes: { subtasks: { task: string; success: boolean }[] }[];
    };
    const byPosition = cli(['tasks', `trained/${RUN_ID}`, '--table', 'position', '--runs-dir', runs]);
    assert.equal(byPosition.code, 0, byPosition.err);
    assert.match(byPosition.out, /Inside chains by position/);
    assert.doesNotMatch(byPosition.out, /\| task \| alone \|/, '--table position prints that table only');
    const at = (task: string, first: boolean) =>
      chained.episodes.flatMap((e) => e.subtasks.filter((st, i) => st.task === task && (i === 0) === first));
    const cell = (xs: { success: boolean }[]) => (xs.length ? `${xs.filter((x) => x.success).length}/${xs.length} \\(` : '—');
    const reached = TASKS.filter((task) => at(task, true).length + at(task, false).length > 0);
    assert.ok(reached.length > 0, 'every chain reaches its first task');
    for (const task of reached) {
      const row = byPosition.out.split('\n').find((l) => l.startsWith(`| ${task} |`)) ?? '';
      assert.match(row, new RegExp(`^\\| ${task} \\| ${cell(at(task, true))}.*\\| ${cell(at(task, false))}`));
    }
  },
);

test(
  "vla-lab eval --scene B scores the run's own entries in scene B: the eval run's spec.json moves them, the results name the split",
  { timeout: 900_000 },
  async () => {
    const runs = path.join(work, 'runs-scene');
    const { dir: trainDir, spec } = trainedRun(runs);
    const chains = { benchmark: 'playtable', chains: 2, chain_length: 2, tasks: TASKS, max_steps: 8, seed: 3, videos: 0 };
    const alone = { ...chains, chain_length: 1, seed: 5 };
    fs.writeFileSync(path.join(trainDir, 'spec.json'), JSON.stringify({ ...spec, eval: [chains, alone] }));
    const evalRuns = () => fs.readdirSync(path.join(runs, 'trained')).filter((d) => d !== RUN_ID && !d.startsWith('.'));

    const refused = cli(['eval', `trained/${RUN_ID}`, '--scene', 'E', '--runs-dir', runs, '--no-preflight']);
    assert.equal(refused.code, 1, refused.err);
    assert.equal(refused.err.trim().split('\n').length, 1, refused.err);
    assert.match(refused.err, /--scene E: give one of CALVIN's scenes A, B, C, D$/m);
    assert.deepEqual(evalRuns(), [], 'refused before any run exists');

    const ok = cli(['eval', `trained/${RUN_ID}`, '--scene', 'B', '--entry', '0', '--runs-dir', runs, '--no-preflight']);
    assert.equal(ok.code, 0, ok.err + ok.out);
    assert.equal(evalRuns().length, 1);
    const dir = path.join(runs, 'trained', evalRuns()[0]);
    const rec = record(dir);
    assert.deepEqual([rec.kind, rec.status, rec.eval_spec, rec.eval_entries], ['eval', 'completed', true, [0]]);
    // only the entry asked for moved (the other keeps its own, the default A); the worker read the eval run's spec.json
    const evalSpec = JSON.parse(fs.readFileSync(path.join(dir, 'spec.json'), 'utf8'));
    assert.deepEqual(
      evalSpec.eval.map((e: { scene?: string }) => e.scene),
      ['B', 'A'],
    );
    const plan = await workerPlan(rec, dir, { python: PY }, ROOT);
    assert.deepEqual(plan.argv.slice(-4), ['--spec', path.join(dir, 'spec.json'), '--entry', '0']);
    // the policy trained on scene A's demonstrations, scored in B: the protocol says so
    const res = JSON.parse(fs.readFileSync(path.join(dir, 'eval', 'step-0000002', 'results_playtable.json'), 'utf8'));
    assert.deepEqual([res.protocol.scene, res.protocol.split, res.episodes.length], ['B', 'A->B', 2]);
    // the training run's own spec is untouched
    assert.equal(JSON.parse(fs.readFileSync(path.join(trainDir, 'spec.json'), 'utf8')).eval[0].scene, undefined);
  },
);
