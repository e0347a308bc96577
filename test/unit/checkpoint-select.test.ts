/**
 * --checkpoint selectors in the TypeScript CLI and the editor (core/checkpoints resolveCheckpoint):
 * `latest`, `final`, `best:<metric>[:min|max]` by checkpoints/index.json, a name, a path — and the
 * same answer as the trainer's own pick (python/vlalab/trainer/retention.py) on the same run folder,
 * so `vla-lab eval/export/probe --checkpoint best:val/loss` and `python -m vlalab export
 * --checkpoint best:val/loss` cannot disagree. Also the CLI: eval refuses a metric nothing recorded
 * in one line, export/probe/eval name the selectors in their help.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkpointChoices, defaultMode, resolveCheckpoint } from '../../extension/core/checkpoints';
import { UserError } from '../../extension/core/errors';
import { main } from '../../extension/cli/main';
import { tempDir } from './tmp-helpers';

const ROOT = path.resolve(__dirname, '../..');
const PY = process.env.VLA_LAB_PYTHON || path.join(ROOT, '.venv/bin/python');
const name = (s: number) => `step-${String(s).padStart(7, '0')}.pt`;

/** A run folder as the trainer leaves it: checkpoints with index.json metrics, final.txt, a spec with best_metric. */
function fakeRun(): string {
  const dir = tempDir('vla-cksel-');
  const ck = path.join(dir, 'checkpoints');
  fs.mkdirSync(ck);
  const index: Record<string, unknown> = {};
  const rows: [number, number | null, number | null, number][] = [
    // step, val/loss, eval/playtable/success, train/loss
    [100, 0.9, 0.2, 1.0],
    [200, 0.4, 0.6, 0.7],
    [300, 0.5, 0.6, 0.5],
    [400, null, 0.1, 0.3],
  ];
  for (const [step, val, success, train] of rows) {
    fs.writeFileSync(path.join(ck, name(step)), 'x');
    const metrics: Record<string, [number, number]> = { 'train/loss': [step, train] };
    if (val !== null) metrics['val/loss'] = [step, val];
    if (success !== null) metrics['eval/playtable/success'] = [step, success];
    index[name(step)] = { step, metrics };
  }
  index[name(50)] = { step: 50, metrics: { 'val/loss': [50, 0.01] } }; // pruned since: not on disk
  fs.writeFileSync(path.join(ck, 'index.json'), JSON.stringify(index));
  fs.writeFileSync(path.join(ck, 'final.txt'), name(300));
  fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify({ train: { best_metric: 'train/loss', best_mode: 'max' } }));
  return dir;
}

const REFS = [
  'latest',
  'final',
  'best:val/loss',
  'best:val/loss:max',
  'best:eval/playtable/success',
  'best:eval/playtable/success:min',
  'best:train/loss',
  'best:train/loss:min',
  name(200),
];

test('latest, final, best:<metric>[:min|max] and names resolve by checkpoints/index.json (only checkpoints on disk; ties to the later)', () => {
  const dir = fakeRun();
  const got = (ref: string) => path.basename(resolveCheckpoint(dir, ref, { cwd: dir }));
  assert.equal(got('latest'), name(400));
  assert.equal(got('final'), name(300));
  assert.equal(path.basename(resolveCheckpoint(dir, undefined)), name(300));
  assert.equal(got('best:val/loss'), name(200), 'losses: lower is better; step 50 is not on disk');
  assert.equal(got('best:val/loss:max'), name(100));
  assert.equal(got('best:eval/playtable/success'), name(300), 'success: higher is better, the tie goes to the later checkpoint');
  assert.equal(got('best:train/loss'), name(100), "the spec's train.best_mode for its best_metric");
  assert.equal(got(path.join(dir, 'checkpoints', name(100))), name(100));
  assert.equal(defaultMode('val/acc'), 'max');
  assert.equal(defaultMode('val/loss'), 'min');
  assert.throws(
    () => resolveCheckpoint(dir, 'best:val/nope'),
    (e: Error) =>
      e instanceof UserError &&
      /has a value of "val\/nope"; metrics recorded: eval\/playtable\/success, train\/loss, val\/loss$/.test(e.message),
  );
  assert.throws(() => resolveCheckpoint(dir, 'best:val/loss:up'), /the mode after the metric must be min or max/);
  assert.throws(
    () => resolveCheckpoint(dir, 'step-9.pt'),
    /no checkpoint "step-9.pt" in .*; there are: step-0000100.pt, step-0000200.pt, step-0000300.pt, step-0000400.pt/,
  );
  const choices = checkpointChoices(dir);
  assert.deepEqual(
    choices.slice(0, 5).map((c) => [c.ref, path.basename(c.path)]),
    [
      ['final', name(300)],
      ['latest', name(400)],
      ['best:eval/playtable/success', name(300)],
      ['best:train/loss', name(100)],
      ['best:val/loss', name(200)],
    ],
  );
  assert.equal(choices.length, 5 + 4);
  // In-sample training scalars other than the spec's best_metric are not offered (train/lr …).
  fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify({ train: { best_metric: 'val/loss' } }));
  assert.deepEqual(
    checkpointChoices(dir)
      .map((c) => c.ref)
      .filter((r) => r.startsWith('best:')),
    ['best:eval/playtable/success', 'best:val/loss'],
  );
});

test("the trainer's pick (retention.py) answers every reference the same", () => {
  const dir = fakeRun();
  const code = `import json, os, sys\nfrom vlalab.trainer.retention import pick\nrun = sys.argv[1]\nspec = json.load(open(os.path.join(run, "spec.json")))\nprint(json.dumps({r: os.path.basename(pick(run, r, spec)) for r in sys.argv[2:]}))`;
  const r = spawnSync(PY, ['-c', code, dir, ...REFS], {
    encoding: 'utf8',
    cwd: dir,
    env: { ...process.env, PYTHONPATH: path.join(ROOT, 'python') },
    timeout: 120_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const python = JSON.parse(r.stdout) as Record<string, string>;
  const ts = Object.fromEntries(REFS.map((ref) => [ref, path.basename(resolveCheckpoint(dir, ref, { cwd: dir }))]));
  assert.deepEqual(ts, python);
});

test('vla-lab eval/export/serve --checkpoint best:<metric> that nothing recorded: one line, exit 1; the help names the selectors', async () => {
  const ws = tempDir('vla-cksel-ws-');
  const dir = path.join(ws, 'runs', 'exp', '20261204-000000-abcd');
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.cpSync(fakeRun(), dir, { recursive: true });
  const now = new Date().toISOString();
  fs.writeFileSync(
    path.join(dir, 'run.json'),
    JSON.stringify({
      v: 1,
      id: '20261204-000000-abcd',
      experiment: 'exp',
      status: 'completed',
      kind: 'train',
      backend: 'builtin',
      launcher: 'local',
      created_at: now,
    }),
  );
  for (const cmd of ['eval', 'export', 'serve']) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main([cmd, 'exp/20261204', '--checkpoint', 'best:val/nope', '--runs-dir', path.join(ws, 'runs')], {
      cwd: ws,
      env: { ...process.env, VLA_LAB_PYTHON: PY },
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      isTTY: false,
    });
    assert.equal(code, 1, `${cmd}: ${err.join('\n')}`);
    assert.equal(err.length, 1, err.join('\n'));
    assert.match(err[0], /no checkpoint of .* has a value of "val\/nope"; metrics recorded: /);
  }
  for (const cmd of ['eval', 'export', 'probe', 'serve']) {
    const out: string[] = [];
    await main([cmd, '--help'], { cwd: ws, env: process.env, out: (l) => out.push(l), err: () => undefined, isTTY: false });
    assert.match(out.join('\n'), /best:<metric>\[:min\|max\]/, cmd);
  }
});

test("probe --checkpoint: the run's export is kept when its policy.json names that checkpoint, made again otherwise", async () => {
  const { ensureExportOf, exportedCheckpoint } = await import('../../extension/core/probe/export');
  const dir = fakeRun();
  fs.mkdirSync(path.join(dir, 'export'));
  fs.writeFileSync(path.join(dir, 'export', 'policy.onnx'), 'x');
  fs.writeFileSync(path.join(dir, 'export', 'policy.json'), JSON.stringify({ checkpoint: `checkpoints/${name(200)}` }));
  assert.equal(exportedCheckpoint(dir), path.join(dir, 'checkpoints', name(200)));
  const best = resolveCheckpoint(dir, 'best:val/loss');
  // the same checkpoint: nothing runs (an interpreter that does not exist is never started)
  assert.equal(await ensureExportOf({ runDir: dir, checkpoint: best, python: '/nonexistent/python' }), false);
  // another one: the exporter is started for it
  await assert.rejects(
    ensureExportOf({ runDir: dir, checkpoint: resolveCheckpoint(dir, 'latest'), python: '/nonexistent/python' }),
    /cannot run \/nonexistent\/python to export the policy/,
  );
});
