/**
 * The study table `vla-lab report` writes (core/metrics/study-report.ts) from a sweep's runs:
 * cells × seeds, labels, protocol caption, runs under another protocol marked, runs without a
 * result listed and not counted, older sweeps with a train.seed axis grouped the same way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunMetrics } from '../../extension/core/metrics/compare';
import { studyInput, studyMarkdown, studyMetric, type SweepRunInput } from '../../extension/core/metrics/study-report';
import { buildStudy } from '../../extension/core/metrics/study';
import { HISTORY_STUDY_SUCCESSES } from './study-fixtures';

const PROTOCOL = {
  benchmark: 'playtable',
  benchmark_version: '3+bee6be2b75',
  split: 'A->A',
  scene: 'A',
  chain_set: 'single-task:seed=1000',
  chain_length: 1,
  episodes: 60,
  phrasing_set: 'playtable-validation@412b8358',
  embodiment: 'default',
  seed: 1000,
  max_steps: 120,
  checkpoint: 'checkpoints/step-600.pt',
};

function metrics(rate: number | null, protocol: Record<string, unknown> = PROTOCOL): RunMetrics {
  return {
    finalTrainLoss: 0.5,
    finalValLoss: 0.6,
    avgLen: null,
    success: null,
    singleTaskSuccess: rate,
    steps: 600,
    ...(rate === null ? {} : { protocol }),
  };
}

function run(recipe: string, seed: number, rate: number | null, status = 'completed', protocol?: Record<string, unknown>): SweepRunInput {
  return {
    key: `s--data_${recipe}--seed_${seed}/r`,
    status,
    sweep: { id: 's-1', point: { data: { recipe } }, cell: `s--data_${recipe}`, seed, labels: { data: recipe } },
    spec: { train: { seed } },
    metrics: metrics(rate, protocol),
  };
}

test('the study table: labels, per-seed points, mean and interval, seeds, episodes, protocol, comparisons', () => {
  const runs = [
    run('few-shot', 0, 0.2),
    run('few-shot', 1, 0.25),
    run('few-shot', 2, 0.15),
    run('post-train', 0, 0.6),
    run('post-train', 1, 0.7),
    run('post-train', 2, 0.65),
    run('co-train', 0, 0.3),
    run('co-train', 1, null, 'failed'),
    run('co-train', 2, 0.4, 'completed', { ...PROTOCOL, benchmark_version: '4+0000000000' }),
  ];
  assert.equal(studyMetric(runs), 'singleTaskSuccess');
  const input = studyInput(runs);
  assert.deepEqual(input.axes, ['data']);
  assert.equal(input.runs.length, 8);
  assert.deepEqual(input.missing, ['s--data_co-train--seed_1/r (failed)']);
  const md = studyMarkdown('s', input);
  const lines = md.split('\n');
  assert.equal(lines[2], '| data | per-seed points | mean | 95% interval | seeds | episodes per seed |');
  // mean 20%, sd 5%, t(0.975, 2) = 4.3027 → half width 12.42%.
  assert.ok(lines.includes('| few-shot | s0 20.0%, s1 25.0%, s2 15.0% | 20.0% | [7.6%, 32.4%] | 3 | 60 |'), md);
  assert.ok(lines.includes('| post-train | s0 60.0%, s1 70.0%, s2 65.0% | 65.0% | [52.6%, 77.4%] | 3 | 60 |'), md);
  // Two seeds: t(0.975, 1) = 12.706, sd 7.07% → ±63.5%, i.e. -28.5%: a success rate cannot be below
  // 0%, so the interval is cut there and marked; the seed under another protocol is marked too.
  assert.ok(
    lines.some((l) => l.startsWith('| co-train | s0 30.0%, s2 40.0% ≠ | 35.0% | [0.0%, 98.5%]* | 2 | 60 |')),
    md,
  );
  assert.ok(lines.includes('| few-shot | s0 20.0%, s1 25.0%, s2 15.0% | 20.0% | [7.6%, 32.4%] | 3 | 60 |'), 'uncut: no mark');
  assert.match(md, /\\\* The t-interval reached below 0\.0%, which the metric cannot: cut there/);
  assert.match(
    md,
    /Protocol: benchmark playtable · benchmark version 3\+bee6be2b75 · split A->A · scene A · .*phrasing set playtable-validation@412b8358 · embodiment default · eval seed 1000 · max steps 120\./,
  );
  assert.match(
    md,
    /≠ evaluated under another protocol than the first run: s--data_co-train--seed_2\/r: benchmark_version 4\+0000000000 \(vs 3\+bee6be2b75\)/,
  );
  assert.match(md, /Holm-corrected over 3 comparisons, α = 0.05/);
  // few-shot vs post-train: t = -11.02, p ≈ 0.0004 (Welch, df 4) → ×3 still < 0.05: it holds.
  assert.match(md, /\| few-shot \| post-train \| -45\.0% \| -11\.02 \| 4\.0 \| [0-9.e-]+ \| [0-9.e-]+ \| \*\*yes\*\* \|/);
  assert.match(md, /\| post-train \| co-train \| \+30\.0% \| .* \| no \(within noise\) \|/);
  assert.match(md, /Differences that hold after correction: few-shot vs post-train \(-45\.0%\)\./);
  assert.match(md, /Not in the table \(no finished evaluation\): s--data_co-train--seed_1\/r \(failed\)\./);
});

test('older sweeps with a train.seed axis group into cells the same way; chains are judged by average length', () => {
  const old = (chunk: number, seed: number, len: number): SweepRunInput => ({
    key: `e--chunk_${chunk}--seed_${seed}/r`,
    status: 'completed',
    sweep: { id: 'o', point: { 'policy.chunk': chunk, 'train.seed': seed } },
    spec: {},
    metrics: { ...metrics(null), avgLen: len, success: 0.8, protocol: { ...PROTOCOL, chain_length: 5, episodes: 100 } },
  });
  const runs = [old(1, 0, 1.2), old(1, 1, 1.4), old(4, 0, 2.0), old(4, 1, 2.2)];
  assert.equal(studyMetric(runs), 'avgLen');
  const input = studyInput(runs);
  assert.deepEqual(input.axes, ['policy.chunk']);
  assert.deepEqual(
    input.runs.map((r) => [r.cell, r.seed]),
    [
      ['policy.chunk=1', 0],
      ['policy.chunk=1', 1],
      ['policy.chunk=4', 0],
      ['policy.chunk=4', 1],
    ],
  );
  const md = studyMarkdown('old', input);
  assert.match(md, /\| 1 \| s0 1\.20, s1 1\.40 \| 1\.30 \| \[0\.03, 2\.57\] \| 2 \| 100 \|/);
  assert.match(md, /average length per training seed/);
});

test('a sweep over a size (history 1/2/4/8) gets one trend test over every seed; other sweeps none', () => {
  const successes = HISTORY_STUDY_SUCCESSES;
  const runs: SweepRunInput[] = successes.flatMap(([h, ks]) =>
    ks.map((k, seed) => ({
      key: `h--history_${h}--seed_${seed}/r`,
      status: 'completed',
      sweep: { id: 'h-1', point: { 'policy.history': h }, cell: `h--history_${h}`, seed },
      spec: { train: { seed } },
      metrics: metrics(k / 60),
    })),
  );
  const md = studyMarkdown('h', studyInput(runs));
  assert.match(md, /No difference holds after correction/, 'no pair of three-seed cells separates');
  assert.match(
    md,
    /Trend over policy\.history \(one test, apart from the pairwise family\): a line through every seed's point against log2\(policy\.history\) changes the success rate \(single task\) by \+13\.4% per doubling \(95% CI \+6\.3% to \+20\.6%\), t = 4\.18, df 10, p = 0\.002: \*\*holds\*\* at α = 0\.05\./,
    md,
  );
  // Equal means whose float difference is 5.6e-15 read as 0.0%, not in exponent notation.
  const tie = studyMarkdown(
    't',
    studyInput([
      run('a', 0, 17 / 60),
      run('a', 1, 22 / 60),
      run('a', 2, 18 / 60),
      run('b', 0, 13 / 60),
      run('b', 1, 23 / 60),
      run('b', 2, 21 / 60),
    ]),
  );
  assert.match(tie, /\| a \| b \| 0\.0% \|/, tie);
  // A sweep of named recipes (not sizes) has no trend; neither has one with two values.
  assert.doesNotMatch(studyMarkdown('s', studyInput([run('a', 0, 0.2), run('a', 1, 0.3), run('b', 0, 0.5), run('b', 1, 0.6)])), /Trend/);
});

test('runs evaluated several ways (one eval entry per execution strategy): one point per evaluation, an evaluation column', () => {
  const EXEC = { ...PROTOCOL, delay: 2, expert_routes: 2, episodes: 50 };
  const evals = {
    first: { ...EXEC, execution: 'first' },
    ensemble: { ...EXEC, execution: 'ensemble', ensemble_decay: 0.01 },
    rtc: { ...EXEC, execution: 'rtc', rtc_horizon: 4 },
    guided: { ...EXEC, execution: 'rtc', rtc_horizon: 4, rtc_guidance: 5 },
  };
  const run = (head: string, seed: number, rates: [keyof typeof evals, number][], version = '3+bee6be2b75'): SweepRunInput => {
    const evaluations = rates.map(([k, rate]) => ({
      protocol: { ...evals[k], benchmark_version: version, checkpoint: `c${seed}` },
      avgLen: null,
      success: null,
      singleTaskSuccess: rate,
    }));
    const last = evaluations[evaluations.length - 1];
    return {
      key: `h--head_${head}--seed_${seed}/r`,
      status: 'completed',
      sweep: { id: 'h', point: { 'policy.head': { type: head } }, cell: `h--head_${head}`, seed, labels: { 'policy.head': head } },
      spec: { train: { seed } },
      metrics: { ...metrics(last.singleTaskSuccess, last.protocol), evaluations },
    };
  };
  const runs = [
    run('oft', 0, [
      ['first', 0.1],
      ['ensemble', 0.5],
    ]),
    run('oft', 1, [
      ['first', 0.2],
      ['ensemble', 0.6],
    ]),
    run('oft', 2, [
      ['first', 0.1],
      ['ensemble', 0.55],
    ]),
    run('flow', 0, [
      ['first', 0.3],
      ['ensemble', 0.4],
      ['rtc', 0.5],
      ['guided', 0.6],
    ]),
    run('flow', 1, [
      ['first', 0.2],
      ['ensemble', 0.4],
      ['rtc', 0.4],
      ['guided', 0.7],
    ]),
    // another benchmark version: marked ≠, not split into cells of its own
    run(
      'flow',
      2,
      [
        ['first', 0.25],
        ['ensemble', 0.3],
        ['rtc', 0.45],
        ['guided', 0.65],
      ],
      '4+0000000000',
    ),
    { ...run('flow', 3, [['first', 0]]), status: 'failed' },
  ];
  const input = studyInput(runs);
  assert.deepEqual(input.axes, ['policy.head', 'evaluation']);
  assert.deepEqual(input.evaluationTags, ['execution', 'ensemble_decay', 'rtc_guidance', 'rtc_horizon']);
  assert.equal(input.runs.length, 18, 'every evaluation of every finished run is a point');
  assert.deepEqual(input.missing, ['h--head_flow--seed_3/r (failed)']);
  const md = studyMarkdown('h', input);
  const lines = md.split('\n');
  assert.equal(lines[2], '| policy.head | evaluation | per-seed points | mean | 95% interval | seeds | episodes per seed |');
  assert.ok(lines.includes('| oft | first | s0 10.0%, s1 20.0%, s2 10.0% | 13.3% | [0.0%, 27.7%]* | 3 | 50 |'), md);
  assert.ok(lines.includes('| oft | ensemble, ensemble decay 0.01 | s0 50.0%, s1 60.0%, s2 55.0% | 55.0% | [42.6%, 67.4%] | 3 | 50 |'), md);
  assert.ok(
    lines.some((l) => l.startsWith('| flow | rtc, rtc guidance 5, rtc horizon 4 | s0 60.0%, s1 70.0%, s2 65.0% ≠ |')),
    md,
  );
  assert.ok(
    lines.some((l) => l.startsWith('| flow | rtc, rtc horizon 4 | s0 50.0%, s1 40.0%, s2 45.0% ≠ |')),
    md,
  );
  // The caption keeps what every evaluation shares (the delay, the routes) and names what the column varies.
  assert.match(
    md,
    /· delay 2 · expert routes 2 · each run evaluated once per evaluation \(execution, ensemble decay, rtc guidance, rtc horizon: the evaluation column\)\./,
  );
  assert.doesNotMatch(md.split('Protocol:')[1].split('\n')[0], /execution first/);
  assert.match(md, /h--head_flow--seed_2\/r: benchmark_version 4\+0000000000 \(vs 3\+bee6be2b75\)/);
  // 6 cells → 15 pairs; oft's ensembling vs its first action holds (+41.7 points, three seeds each).
  assert.match(md, /Holm-corrected over 15 comparisons/);
  assert.match(md, /\| oft · first \| oft · ensemble, ensemble decay 0\.01 \| -41\.7% \| .* \| \*\*yes\*\* \|/);
  // Families of comparisons for a two-factor study: the strategies within each head, the heads at each strategy.
  const withinHead = buildStudy(input.runs, { within: 'policy.head' });
  assert.equal(withinHead.comparisons.length, 1 + 6, 'oft: 2 strategies → 1 pair; flow: 4 → 6 pairs');
  assert.ok(withinHead.comparisons.every((c) => withinHead.cells[c.a].point['policy.head'] === withinHead.cells[c.b].point['policy.head']));
  const byHead = studyMarkdown('h', input, withinHead);
  assert.match(
    byHead,
    /Pairwise differences within each policy\.head \(cells that share its value\) \(Welch's t-test, two-sided; Holm-corrected over 7 comparisons/,
  );
  const atStrategy = buildStudy(input.runs, { within: 'evaluation' });
  assert.deepEqual(
    atStrategy.comparisons.map((c) => `${atStrategy.cells[c.a].key} vs ${atStrategy.cells[c.b].key}`),
    [
      'h--head_oft · first vs h--head_flow · first',
      'h--head_oft · ensemble, ensemble decay 0.01 vs h--head_flow · ensemble, ensemble decay 0.01',
    ],
  );
  // An axis over the eval lists (each head paired with the strategies it can run) is shown by the
  // evaluation column, not a column of its own, where the other axes determine it.
  const paired = runs.map((r) => ({
    ...r,
    sweep: { ...r.sweep, point: { ...r.sweep!.point, eval: r.key.includes('oft') ? 'a' : 'b' } },
  }));
  assert.deepEqual(studyInput(paired).axes, ['policy.head', 'evaluation']);
  const crossed = paired.map((r, i) => ({ ...r, sweep: { ...r.sweep, point: { ...r.sweep.point, eval: i % 2 ? 'a' : 'b' } } }));
  assert.deepEqual(studyInput(crossed).axes, ['policy.head', 'eval', 'evaluation'], 'kept where it tells rows apart');
  // Runs evaluated once keep the old table: no evaluation column.
  const once = studyInput(runs.map((r) => ({ ...r, metrics: { ...r.metrics, evaluations: r.metrics.evaluations!.slice(0, 1) } })));
  assert.deepEqual(once.axes, ['policy.head']);
  assert.deepEqual(once.evaluationTags, []);
});
