/**
 * A real study through the queue, shrunk: examples/study/chunk.vla.json with two cells, two training
 * seeds each and a few training steps, queued by `vla-lab sweep`, trained and evaluated by the real
 * trainer on the CPU one after another; `vla-lab report` refuses the sweep in one line while nothing
 * has finished, then writes the study table from the runs' own results.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDir } from '../unit/tmp-helpers';

const ROOT = path.resolve(__dirname, '../..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const CLI = path.join(ROOT, 'extension/cli/main.ts');
const PY = process.env.VLA_LAB_PYTHON || path.join(ROOT, '.venv', 'bin', 'python'); // scripts/setup.sh makes it

function cli(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args, '--runs-dir', path.join(cwd, 'runs')], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, VLA_LAB_PYTHON: PY, XDG_CACHE_HOME: path.join(cwd, '.cache') },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test(
  'vla-lab sweep with seeds, then vla-lab report: per-seed points, t-intervals, Holm-corrected comparisons',
  { timeout: 300_000 },
  async () => {
    const ws = tempDir('vla-study-');
    const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/study/chunk.vla.json'), 'utf8'));
    spec.name = 'tiny-study';
    spec.data.stages[0].steps = 4;
    spec.data.stages[0].datasets[0].tasks = ['move_slider_left', 'turn_on_led'];
    spec.data.stages[0].datasets[0].episodes = 3;
    spec.train = { ...spec.train, batch_size: 4, log_every: 2, val_every: 1000, checkpoint_every: 4, warmup_steps: 0 };
    spec.eval = [{ benchmark: 'playtable', chains: 4, chain_length: 1, max_steps: 20, videos: 0 }];
    spec.sweep = { axes: { 'policy.chunk': [1, 2] }, seeds: [0, 1] };
    fs.writeFileSync(path.join(ws, 'tiny.vla.json'), JSON.stringify(spec, null, 2));

    const queued = cli(ws, ['sweep', 'tiny.vla.json']);
    assert.equal(queued.code, 0, queued.err);
    assert.match(queued.out, /queued 4 runs/);
    // Straight after queueing nothing has finished: one line, naming the sweep and what to do.
    const early = cli(ws, ['report', 'tiny.vla.json']);
    assert.equal(early.code, 1);
    assert.equal(early.err.trim().split('\n').length, 1, early.err);
    assert.match(early.err, /^vla-lab: report: sweep tiny-study-\S+ has no finished runs .*vla-lab ls/);

    let ls: { experiment: string; status: string; sweep: { id: string; cell: string; seed: number } }[] = [];
    for (const until = Date.now() + 270_000; Date.now() < until; await sleep(2000)) {
      ls = JSON.parse(cli(ws, ['ls', '--json']).out);
      if (ls.length === 4 && ls.every((r) => ['completed', 'failed', 'cancelled'].includes(r.status))) break;
    }
    assert.deepEqual(
      ls.map((r) => r.status),
      ['completed', 'completed', 'completed', 'completed'],
      JSON.stringify(ls),
    );
    // Each run records its cell and training seed; the trainer got that seed.
    const byName = Object.fromEntries(ls.map((r) => [r.experiment, r.sweep]));
    assert.deepEqual(
      byName['tiny-study--chunk_2--seed_1'] && {
        cell: byName['tiny-study--chunk_2--seed_1'].cell,
        seed: byName['tiny-study--chunk_2--seed_1'].seed,
      },
      { cell: 'tiny-study--chunk_2', seed: 1 },
    );
    const runDir = path.join(ws, 'runs', 'tiny-study--chunk_2--seed_1');
    const spec1 = JSON.parse(fs.readFileSync(path.join(runDir, fs.readdirSync(runDir)[0], 'spec.json'), 'utf8'));
    assert.equal(spec1.train.seed, 1);

    const out = cli(ws, ['report', ls[0].sweep.id, '--out', 'study.md']);
    assert.equal(out.code, 0, out.err);
    const md = fs.readFileSync(path.join(ws, 'study.md'), 'utf8');
    assert.match(md, /^\*\*tiny-study \(sweep tiny-study-\S+\)\*\* — success rate \(single task\)/);
    assert.match(md, /\| policy\.chunk \| per-seed points \| mean \| 95% interval \| seeds \| episodes per seed \|/);
    const rows = md
      .split('Protocol:')[0]
      .split('\n')
      .filter((l) => /^\| [12] \|/.test(l));
    assert.equal(rows.length, 2, md);
    for (const row of rows) {
      // (an interval is cut at 0% or 100% and starred when the seeds spread past them; seeds that
      // agree exactly — two tiny policies both at 0% — have no spread to make an interval from)
      assert.match(
        row,
        /\| s0 (\d+\.\d)%, s1 (\d+\.\d)% \| \d+\.\d% \| (\[\d+\.\d%, \d+\.\d%\]\*?|— \(no spread: the seeds agree\)) \| 2 \| 4 \|$/,
        row,
      );
      const [, s0, s1, interval] = /s0 (\S+)%, s1 (\S+)% \| \S+ \| ([^|]+) \|/.exec(row)!;
      assert.equal(interval.startsWith('—'), s0 === s1, `an interval exactly when the seeds differ: ${row}`);
    }
    assert.match(md, /Protocol: benchmark playtable · benchmark version \d+\+[0-9a-f]{10} · split A->A · scene A ·/);
    assert.match(md, /phrasing set playtable-validation@/);
    assert.match(md, /Holm-corrected over 1 comparison/);
    assert.match(md.split('Pairwise')[1], /\n\| 1 \| 2 \| [+-]?\d+\.\d% \| /, 'the comparison of the two cells');
    // The per-seed values are the runs' own evaluation results.
    const results = ls.map((r) => {
      const d = path.join(ws, 'runs', r.experiment);
      const ev = fs
        .readFileSync(path.join(d, fs.readdirSync(d)[0], 'events.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const e = ev.find((x) => x.type === 'eval_result');
      const info = Object.values(e.task_info as Record<string, { success: number; total: number }>);
      return { name: r.experiment, rate: info.reduce((s, t) => s + t.success, 0) / info.reduce((s, t) => s + t.total, 0) };
    });
    const chunk1 = results.filter((r) => r.name.includes('chunk_1')).map((r) => `${(r.rate * 100).toFixed(1)}%`);
    assert.ok(rows[0].includes(`s0 ${chunk1[0]}, s1 ${chunk1[1]}`), `${rows[0]} vs ${chunk1}`);
    // The same spec in another checkout (a clone, a worktree) finds the sweep by its name.
    fs.mkdirSync(path.join(ws, 'clone'));
    fs.copyFileSync(path.join(ws, 'tiny.vla.json'), path.join(ws, 'clone', 'tiny.vla.json'));
    const byCopy = cli(ws, ['report', 'clone/tiny.vla.json']);
    assert.equal(byCopy.code, 0, byCopy.err);
    assert.equal(byCopy.out.trim(), md.trim(), 'the same table');
    fs.writeFileSync(path.join(ws, 'clone', 'other.vla.json'), JSON.stringify({ ...spec, name: 'other-study' }));
    const other = cli(ws, ['report', 'clone/other.vla.json']);
    assert.equal(other.code, 1);
    assert.match(other.err, /^vla-lab: report: no sweep was launched from clone\/other\.vla\.json in this runs directory/);
  },
);
