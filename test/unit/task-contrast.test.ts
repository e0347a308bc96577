/**
 * `vla-lab tasks` (issue 12: per-task success alone and inside chains): each task's successes alone
 * against its successes inside chains at one checkpoint, pooled over seeds, Fisher's exact test per
 * task and Holm over the tasks compared; and Fisher's test itself against textbook values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../extension/cli/main';
import { fisherExact, mantelHaenszel, normalTwoSided } from '../../extension/core/metrics/study';
import { chainEvalResult, LONG_HORIZON_ALONE, singleTaskEvalResult, writeRunFolder } from './run-folder-helpers';
import { tempDir } from './tmp-helpers';

test("fisherExact: two-sided p-values of textbook tables and of the docs' comparisons", () => {
  // Fisher's tea-tasting table [[3, 1], [1, 3]]: two-sided p = 34/70
  assert.ok(Math.abs(fisherExact(3, 1, 1, 3)! - 34 / 70) < 1e-9);
  // docs/experiments.md: blank cameras 0/100 vs 10/100 (p = 0.0015); success at 1 12/100 vs 30/100 (p = 0.003)
  assert.equal(fisherExact(0, 100, 10, 90)!.toFixed(4), '0.0015');
  assert.equal(fisherExact(12, 88, 30, 70)!.toFixed(3), '0.003');
  assert.equal(fisherExact(5, 5, 5, 5), 1);
  assert.equal(fisherExact(0, 0, 3, 4), null, 'an empty group is no test');
  assert.ok(Math.abs(fisherExact(1, 9, 9, 1)! - fisherExact(9, 1, 1, 9)!) < 1e-12, 'symmetric');
});

test('mantelHaenszel and normalTwoSided against statsmodels and scipy (StratifiedTable.test_null_odds(correction=True), erfc)', () => {
  const near = (x: number | null, want: number, tol: number) =>
    assert.ok(x !== null && Math.abs(x - want) <= tol * Math.abs(want), `${x} vs ${want}`);
  // the position test's two tasks below: after other tasks 2/20 vs first 38/40; 18/38 vs 20/40
  const two = mantelHaenszel([
    { a: 2, b: 18, c: 38, d: 2 },
    { a: 18, b: 20, c: 20, d: 20 },
  ]);
  near(two.oddsRatio, 0.28327645051194533, 1e-9);
  near(two.chi2, 16.203292466010442, 1e-9);
  near(two.p, 5.689514497975168e-5, 1e-5);
  const three = mantelHaenszel([
    { a: 10, b: 5, c: 6, d: 9 },
    { a: 3, b: 7, c: 2, d: 8 },
    { a: 12, b: 3, c: 8, d: 7 },
  ]);
  near(three.oddsRatio, 2.8, 1e-9);
  near(three.chi2, 3.446779395953475, 1e-9);
  near(three.p, 0.0633751458842352, 1e-5);
  assert.equal(three.strata, 3);
  // a stratum with one group empty does not count; no spread at all is no test
  assert.equal(mantelHaenszel([{ a: 0, b: 0, c: 3, d: 4 }]).p, null);
  assert.equal(mantelHaenszel([{ a: 5, b: 0, c: 5, d: 0 }]).p, null);
  near(normalTwoSided(1.5), 0.13361440253771617, 1e-6);
  near(normalTwoSided(-3), 0.0026997960632601918, 1e-6);
  near(normalTwoSided(0.2), 0.8414805811217939, 1e-6);
});

type Counts = Record<string, { success: number; total: number }>;

const chainEval = (step: number, taskInfo: Counts) => chainEvalResult({ step, avgLen: 0.5, firstRate: 0.4, taskInfo });
const aloneEval = (step: number, taskInfo: Counts) =>
  singleTaskEvalResult({ protocol: { ...LONG_HORIZON_ALONE, episodes: 60 }, episodes: 60, taskInfo, step });

async function cli(cwd: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { cwd, env: {}, out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('tasks: each task alone vs inside chains, pooled over the seeds, Fisher per task, Holm over the tasks compared', async () => {
  const work = tempDir('vla-tasks-');
  const runs = `${work}/runs`;
  for (const seed of [0, 1])
    writeRunFolder(runs, 'lh', `s${seed}`, {
      spec: { name: 'lh', train: { seed } },
      events: [
        // an earlier checkpoint evaluated on chains only
        chainEval(1000, { move_slider_left: { success: 1, total: 10 } }),
        // the slider: done alone, lost inside chains; the LED: the same either way; the drawer: never reached by a chain
        aloneEval(2000, {
          move_slider_left: { success: 19, total: 20 },
          turn_on_led: { success: 10, total: 20 },
          open_drawer: { success: 5, total: 20 },
        }),
        chainEval(2000, { move_slider_left: { success: 4, total: 20 }, turn_on_led: { success: 9, total: 20 } }),
      ],
    });
  const { code, out, err } = await cli(work, ['tasks', 'lh/s0', 'lh/s1']);
  assert.equal(code, 0, err);
  assert.match(out, /each task at step 2000, pooled over 2 runs \(lh\/s0, lh\/s1\)/);
  assert.match(out, /Each task alone vs inside chains:\n\n\| task \| alone \| inside chains \|/);
  const slider = out.split('\n').find((l) => l.startsWith('| move_slider_left |'))!;
  assert.match(
    slider,
    /^\| move_slider_left \| 38\/40 \(95%, \d+%–\d+%\) \| 8\/40 \(20%, \d+%–\d+%\) \| -75 pts \| ([\d.e-]+) \| ([\d.e-]+) \| \*\*yes\*\* \|$/,
  );
  const p = Number(/\| -75 pts \| ([\d.e-]+) \|/.exec(slider)![1]);
  assert.equal(p.toExponential(1), fisherExact(8, 32, 38, 2)!.toExponential(1));
  assert.match(out, /\| turn_on_led \| 20\/40 \(50%, 35%–65%\) \| 18\/40 \(45%, 31%–60%\) \| -5 pts \| 0\.823 \| 0\.823 \| no \|/);
  assert.match(out, /\| open_drawer \| 10\/40 \(25%, 14%–40%\) \| — \| — \| — \| — \| not compared \|/);
  assert.match(out, /Differences that hold after Holm's correction over 2 tasks \(α = 0\.05\): move_slider_left \(-75 pts\)\./);
  // one test over the two tasks compared, each within itself (statsmodels: OR 0.227, χ² 24.025, p 9.5e-7); the drawer, never in a chain, is not in it
  assert.match(
    out,
    /All 2 tasks compared, each within itself \(Cochran–Mantel–Haenszel, one test apart from the per-task family\): inside chains 26\/80 \(33%\), alone 58\/80 \(73%\); common odds ratio of success, inside chains to alone, 0\.23; χ² = 24\.0[23], p = 9\.5e-7: \*\*outside noise\*\* at α = 0\.05\./,
  );
  // these chain evaluations name no results file: no position table, and why
  assert.match(out, /Inside chains by position: not shown — no per-position counts for lh\/s0, lh\/s1 /);
  assert.match(out, /Never reached inside chains \(not compared\): open_drawer\./);

  const early = await cli(work, ['tasks', 'lh/s0', '--step', '1000']);
  assert.equal(early.code, 1);
  assert.equal(
    early.err,
    'vla-lab: tasks: no run evaluated step 1000 both alone and on chains (lh/s0 (no single-task evaluation at step 1000))',
  );
});

test('tasks: runs never evaluated both ways get one line that says how to evaluate them', async () => {
  const work = tempDir('vla-tasks-');
  const runs = `${work}/runs`;
  writeRunFolder(runs, 'lh', 'a', { spec: { train: { seed: 0 } }, events: [chainEval(1000, { turn_on_led: { success: 1, total: 2 } })] });
  const { code, err } = await cli(work, ['tasks', 'lh/a']);
  assert.equal(code, 1);
  assert.match(
    err,
    /^vla-lab: tasks: no checkpoint was evaluated both alone and on chains; evaluate one both ways \(e\.g\. 'vla-lab eval <run> --checkpoint <file> --entry 0 --chains 100' and '--entry 1'\)$/,
  );
  const bad = await cli(work, ['tasks', 'lh/a', '--step', 'x']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /--step must be a whole number, not "x"/);
});

/** Chains of two tasks as evaluate.py lists them: `n` chains [a, b], `aOk` of them doing a, `bOk` of those doing b next. */
function chainsOf(a: string, b: string, n: number, aOk: number, bOk: number) {
  return Array.from({ length: n }, (_, i) => ({
    tasks: [a, b],
    subtasks:
      i < aOk
        ? [
            { task: a, success: true },
            { task: b, success: i < bOk },
          ]
        : [{ task: a, success: false }],
  }));
}

test('tasks: inside chains by position — each task first in its chain vs after other tasks, from the results files, Fisher + Holm', async () => {
  const work = tempDir('vla-tasks-');
  const runs = `${work}/runs`;
  const slider = 'move_slider_left';
  const led = 'turn_on_led';
  // per seed: the slider done 19/20 as a chain's first task but 1/10 after the LED; the LED 10/20 first and 9/19 after the slider
  const episodes = [...chainsOf(slider, led, 20, 19, 9), ...chainsOf(led, slider, 20, 10, 1)];
  const taskInfo = { [slider]: { success: 20, total: 30 }, [led]: { success: 19, total: 39 } };
  for (const seed of [0, 1]) {
    const dir = writeRunFolder(runs, 'lh', `s${seed}`, {
      spec: { name: 'lh', train: { seed } },
      events: [
        aloneEval(2000, { [slider]: { success: 9, total: 10 }, [led]: { success: 5, total: 10 } }),
        chainEvalResult({ step: 2000, avgLen: 0.97, taskInfo, resultsPath: 'eval/step-0002000/results_playtable.json' }),
      ],
    });
    mkdirSync(join(dir, 'eval', 'step-0002000'), { recursive: true });
    writeFileSync(join(dir, 'eval', 'step-0002000', 'results_playtable.json'), JSON.stringify({ episodes }));
  }
  const { code, out, err } = await cli(work, ['tasks', 'lh/s0', 'lh/s1']);
  assert.equal(code, 0, err);
  const position = out.slice(out.indexOf('Inside chains by position'));
  assert.match(position, /\| task \| first in chain \| after other tasks \| after − first \|/);
  const sliderRow = position.split('\n').find((l) => l.startsWith(`| ${slider} |`))!;
  assert.match(
    sliderRow,
    /^\| move_slider_left \| 38\/40 \(95%, .*\) \| 2\/20 \(10%, .*\) \| -85 pts \| [\d.e-]+ \| [\d.e-]+ \| \*\*yes\*\* \|$/,
  );
  assert.equal(/\| -85 pts \| ([\d.e-]+) \|/.exec(sliderRow)![1], fisherExact(2, 18, 38, 2)!.toExponential(1));
  const ledP = fisherExact(18, 20, 20, 20)!.toFixed(3);
  assert.ok(Number(ledP) > 0.5, ledP);
  assert.ok(position.includes(`| turn_on_led | 20/40 (50%, 35%–65%) | 18/38 (47%, 32%–63%) | -3 pts | ${ledP} | ${ledP} | no |`), position);
  assert.match(
    position,
    /Position differences that hold after Holm's correction over 2 tasks \(α = 0\.05\): move_slider_left \(-85 pts\)\./,
  );
  // one test over both tasks, each within itself: 20/58 after other tasks vs 58/80 first, CMH as above
  assert.match(
    position,
    /All 2 tasks compared, each within itself \(Cochran–Mantel–Haenszel, one test apart from the per-task family\): after other tasks 20\/58 \(34%\), first 58\/80 \(73%\); common odds ratio of success, after other tasks to first, 0\.28; χ² = 16\.20, p = 5\.7e-5: \*\*outside noise\*\* at α = 0\.05\./,
  );

  // a run whose chain results file is gone: no position table (a partial pool would mix chains), and why
  writeRunFolder(runs, 'lh', 's2', {
    spec: { name: 'lh', train: { seed: 2 } },
    events: [
      aloneEval(2000, { [slider]: { success: 9, total: 10 } }),
      chainEvalResult({ step: 2000, avgLen: 0.5, taskInfo, resultsPath: 'eval/step-0002000/results_playtable.json' }),
    ],
  });
  const partial = await cli(work, ['tasks', 'lh/s0', 'lh/s1', 'lh/s2']);
  assert.equal(partial.code, 0, partial.err);
  assert.match(
    partial.out,
    /Inside chains by position: not shown — no per-position counts for lh\/s2 \(the chain evaluation's results file/,
  );
  assert.doesNotMatch(partial.out, /first in chain/);
});

test('tasks: the task right after each task, against the tasks after every other task, within each next task (CMH, checked against statsmodels)', async () => {
  const work = tempDir('vla-tasks-');
  const runs = `${work}/runs`;
  const [slider, led, drawer] = ['move_slider_left', 'turn_on_led', 'open_drawer'];
  // per seed: after the drawer the next task nearly always succeeds; after the LED the slider mostly fails
  const episodes = [
    ...chainsOf(slider, led, 20, 19, 9),
    ...chainsOf(led, slider, 20, 10, 1),
    ...chainsOf(drawer, led, 10, 10, 10),
    ...chainsOf(drawer, slider, 10, 10, 9),
  ];
  for (const seed of [0, 1]) {
    const dir = writeRunFolder(runs, 'lh', `s${seed}`, {
      spec: { name: 'lh', train: { seed } },
      events: [
        aloneEval(2000, { [slider]: { success: 9, total: 10 }, [led]: { success: 5, total: 10 }, [drawer]: { success: 5, total: 10 } }),
        chainEvalResult({ step: 2000, avgLen: 1, taskInfo: {}, resultsPath: 'eval/step-0002000/results_playtable.json' }),
      ],
    });
    mkdirSync(join(dir, 'eval', 'step-0002000'), { recursive: true });
    writeFileSync(join(dir, 'eval', 'step-0002000', 'results_playtable.json'), JSON.stringify({ episodes }));
  }
  const { code, out, err } = await cli(work, ['tasks', 'lh/s0', 'lh/s1']);
  assert.equal(code, 0, err);
  const after = out.slice(out.indexOf('Inside chains, the task right after each task'));
  const row = (task: string) => after.split('\n').find((l) => l.startsWith(`| ${task} |`));
  // statsmodels StratifiedTable(...).test_null_odds(correction=True): p 1.08e-9, 2.28e-4, 2.82e-6; pooled odds ratios 149.97, 0, 0.0123;
  // Holm over the three: ×3, ×1 and ×2 by rank
  assert.equal(row(drawer), '| open_drawer | 38/40 (95%, 83%–99%) | 20/58 (34%, 24%–47%) | 149.97 | 1.1e-9 | 3.3e-9 | **yes** |');
  assert.match(
    row(slider)!,
    /^\| move_slider_left \| 18\/38 \(47%, .*\) \| 40\/60 \(67%, .*\) \| 0\.00 \| 2\.3e-4 \| 2\.3e-4 \| \*\*yes\*\* \|$/,
  );
  assert.match(row(led)!, /^\| turn_on_led \| 2\/20 \(10%, .*\) \| 56\/78 \(72%, .*\) \| 0\.01 \| 2\.8e-6 \| 5\.6e-6 \| \*\*yes\*\* \|$/);
  assert.match(
    after,
    /holding after Holm's correction over 3 \(α = 0\.05\): move_slider_left \(odds ratio 0\.00\); open_drawer \(odds ratio 149\.97\); turn_on_led \(odds ratio 0\.01\)\./,
  );

  // --table picks tables: only the next-task one here, the same rows, the protocol captions kept
  const only = await cli(work, ['tasks', 'lh/s0', 'lh/s1', '--table', 'after']);
  assert.equal(only.code, 0, only.err);
  assert.ok(only.out.includes(row(drawer)!), only.out);
  assert.doesNotMatch(only.out, /\| task \| alone \|/);
  assert.doesNotMatch(only.out, /first in chain/);
  assert.match(only.out, /\nAlone: .*\. Chains: .*\.$/);
  const two = await cli(work, ['tasks', 'lh/s0', 'lh/s1', '--table', 'after,alone']);
  assert.ok(two.out.indexOf('| task | alone |') < two.out.indexOf('| task before |'), 'printed in the usual order');
  assert.doesNotMatch(two.out, /first in chain/);
  const bad = await cli(work, ['tasks', 'lh/s0', '--table', 'alone,chains']);
  assert.equal(bad.code, 1);
  assert.equal(bad.err, 'vla-lab: tasks: --table "alone,chains": give one or more of alone, position, after, comma-separated');
});
