/**
 * The statistics of a study with seeds (core/metrics/study.ts). Expected values were computed with
 * scipy 1.17.1 (scipy.stats.t.ppf / t.cdf / t.interval / beta.cdf, ttest_ind(equal_var=False)) and
 * are quoted with the call that made them; Holm's adjusted p-values are worked by hand.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildStudy,
  holm,
  incompleteBeta,
  logGamma,
  meanInterval,
  tCdf,
  tQuantile,
  trendTest,
  pairedTTest,
  welchTest,
} from '../../extension/core/metrics/study';
import { HISTORY_STUDY_SUCCESSES } from './study-fixtures';

const close = (actual: number | null, expected: number, tol: number, what: string) => {
  assert.ok(actual !== null && Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
};

test('log-gamma and the incomplete beta function match their reference values', () => {
  close(logGamma(0.3), 1.0957979948180752, 1e-12, 'lgamma(0.3)');
  close(logGamma(10.5), 13.940625219403763, 1e-12, 'lgamma(10.5)');
  close(logGamma(171.2), 707.6009268476702, 1e-12, 'lgamma(171.2)');
  close(incompleteBeta(0.3, 2.5, 0.5), 0.018927124071945658, 1e-10, 'beta.cdf(0.3, 2.5, 0.5)');
  close(incompleteBeta(0.9, 0.5, 3.0), 0.9996750253207289, 1e-10, 'beta.cdf(0.9, 0.5, 3)');
});

test("Student's t distribution: cdf and quantiles (scipy, and the textbook table)", () => {
  // stats.t.cdf([-3,-1,0,0.5,2.5],[1,2,3,5,7])
  const cdf = [
    [-3, 1, 0.10241638234956672],
    [-1, 2, 0.2113248654051871],
    [0, 3, 0.5],
    [0.5, 5, 0.6808505641795355],
    [2.5, 7, 0.9795038907071235],
  ];
  for (const [t, df, p] of cdf) close(tCdf(t, df), p, 1e-10, `t.cdf(${t}, ${df})`);
  // Non-integer degrees of freedom (Welch): stats.t.cdf([2.0, 1.3], [2.7, 3.9]); far tails.
  close(tCdf(2.0, 2.7), 0.925288280964749, 1e-10, 't.cdf(2, 2.7)');
  close(tCdf(1.3, 3.9), 0.8674459744126923, 1e-10, 't.cdf(1.3, 3.9)');
  close(tCdf(-12, 2.2), 0.0023917069377587456, 1e-9, 't.cdf(-12, 2.2)');
  close(1 - tCdf(40, 3), 1.7190340394579253e-5, 1e-6, 't.sf(40, 3)');
  // stats.t.ppf(0.975, [1, 2, 3, 4, 10, 30]) — the two-sided 95% critical values of every textbook table.
  const q975 = [
    [1, 12.706204736174694],
    [2, 4.302652729749462],
    [3, 3.1824463052837078],
    [4, 2.7764451051977934],
    [10, 2.228138851986274],
    [30, 2.0422724563012378],
  ];
  for (const [df, q] of q975) close(tQuantile(0.975, df), q, 1e-9, `t.ppf(0.975, ${df})`);
  close(tQuantile(0.995, 3), 5.840909309733355, 1e-9, 't.ppf(0.995, 3)');
  close(tQuantile(0.95, 2), 2.9199855803537242, 1e-9, 't.ppf(0.95, 2)');
  close(tQuantile(0.025, 4), -2.7764451051977934, 1e-9, 't.ppf(0.025, 4)');
  assert.throws(() => tQuantile(1, 3), /p must lie in \(0, 1\)/);
});

test('the mean of three seeds with its Student-t 95% interval (scipy t.interval)', () => {
  const a = meanInterval([0.62, 0.7, 0.66]);
  close(a.mean, 0.66, 1e-12, 'mean');
  close(a.lo, 0.5606344915299869, 1e-9, 'lo');
  close(a.hi, 0.7593655084700132, 1e-9, 'hi');
  close(a.sd, 0.04, 1e-12, 'sd');
  assert.equal(a.n, 3);
  const b = meanInterval([0.64, 0.6, 0.72, 0.68]);
  close(b.lo, 0.5778295897295792, 1e-9, 'lo (n=4)');
  close(b.hi, 0.7421704102704209, 1e-9, 'hi (n=4)');
  const one = meanInterval([0.5]);
  assert.equal(one.half, null, 'one seed has no interval');
  assert.equal(one.lo, null);
  const flat = meanInterval([0.2, 0.2, 0.2]);
  close(flat.half, 0, 1e-12, 'identical seeds: a zero-width interval');
  assert.equal(a.clipped, false);
});

test("a rate's interval is cut at 0 and 1, never read below 0% (the action-space study's discrete cell)", () => {
  const seeds = [1 / 60, 8 / 60, 3 / 60]; // 1.7%, 13.3%, 5.0% of 60 episodes
  const raw = meanInterval(seeds);
  close(raw.lo, -0.0826114315894406, 1e-9, 'the symmetric t-interval reaches below 0');
  const cut = meanInterval(seeds, 0.95, { min: 0, max: 1 });
  assert.equal(cut.lo, 0);
  close(cut.hi, raw.hi!, 1e-12, 'the upper end is inside the range: unchanged');
  close(cut.mean, raw.mean, 1e-12, 'the mean is not moved');
  assert.equal(cut.clipped, true);
  const high = meanInterval([0.95, 1, 0.85], 0.95, { min: 0, max: 1 });
  assert.equal(high.hi, 1);
  assert.equal(high.clipped, true);
});

test("Welch's t-test matches scipy's ttest_ind(equal_var=False)", () => {
  const a = [0.62, 0.7, 0.66];
  const b = [0.48, 0.56, 0.5];
  const c = [0.64, 0.6, 0.72, 0.68];
  const ab = welchTest(a, b);
  close(ab.t, 4.400000000000001, 1e-9, 't');
  close(ab.df, 3.9936102236421727, 1e-9, 'df');
  close(ab.p, 0.011733037822095919, 1e-8, 'p');
  const ac = welchTest(a, c);
  close(ac.t, 0, 1e-12, 't (equal means)');
  close(ac.p, 1, 1e-12, 'p (equal means)');
  close(ac.df, 4.959183673469387, 1e-9, 'df (3 vs 4 seeds)');
  const bc = welchTest(b, c);
  close(bc.t, -4.157609203101499, 1e-9, 't');
  close(bc.p, 0.009174233113502104, 1e-8, 'p');
  const far = welchTest([0.0, 0.05, 0.02], [0.3, 0.45, 0.28, 0.33, 0.41]);
  close(far.t, -9.252861802703737, 1e-9, 't');
  close(far.df, 5.3236187686846135, 1e-9, 'df');
  close(far.p, 0.00017669721259381868, 1e-7, 'p');
  assert.equal(welchTest([0.1], [0.2, 0.3]).p, null, 'one seed: no test');
  assert.equal(welchTest([0.2, 0.2], [0.5, 0.5]).p, null, 'no variance in either cell: no test');
});

test('the paired t-test: each seed against itself, worked by hand with df 1 and 2 (closed forms)', () => {
  // Differences 0.27, 0.05, 0.29: mean 0.203333, sd 0.133167, t = 0.203333 / (0.133167 / √3) = 2.644685;
  // with df 2, P(T > t) = (1 − t / √(t² + 2)) / 2, so p = 1 − t / √(t² + 2) = 0.118162.
  const r = pairedTTest([0.43, 0.35, 0.51], [0.16, 0.3, 0.22]);
  close(r.diff, 0.61 / 3, 1e-12, 'diff');
  close(r.t, 2.644685, 1e-5, 't');
  assert.equal(r.df, 2);
  close(r.p, 1 - r.t! / Math.sqrt(r.t! ** 2 + 2), 1e-9, 'p (df 2 closed form)');
  close(r.p, 0.118162, 1e-5, 'p');
  // Welch on the same numbers ignores that they are the same seeds: a smaller p here (0.030), because
  // the seeds' spread at each step is counted as noise that pairing would take out — or not, as here,
  // where seed 1 barely moved.
  assert.ok(welchTest([0.43, 0.35, 0.51], [0.16, 0.3, 0.22]).p! < 0.05);
  // df 1: P(T > t) = 1/2 − atan(t)/π. Differences 0.28 and 0.21: t = 0.245 / (0.049497 / √2) = 7.0.
  const two = pairedTTest([0.39, 0.37], [0.11, 0.16]);
  close(two.t, 7, 1e-9, 't (two seeds)');
  close(two.p, 1 - (2 / Math.PI) * Math.atan(7), 1e-9, 'p (df 1 closed form)');
  assert.equal(pairedTTest([0.3], [0.1]).p, null, 'one seed: no test');
  assert.equal(pairedTTest([0.3, 0.5], [0.1, 0.3]).p, null, 'every seed moved by the same amount: no spread, no test');
  assert.throws(() => pairedTTest([0.3, 0.5], [0.1]), /paired with/);
});

test("Holm's step-down correction (worked by hand)", () => {
  // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max(0.06, 0.04) = 0.06.
  const r = holm([0.01, 0.04, 0.03, 0.005]);
  const want = [0.03, 0.06, 0.06, 0.02];
  r.adjusted.forEach((p, i) => close(p, want[i], 1e-12, `adjusted[${i}]`));
  assert.deepEqual(r.holds, [true, false, false, true]);
  // Uncorrected, 0.04 and 0.03 would have been "significant": the correction is what drops them.
  const capped = holm([0.6, 0.7, null]);
  assert.deepEqual(capped.adjusted, [1, 1, null]);
  assert.deepEqual(capped.holds, [false, false, false]);
});

test('a study: cells with their seeds, pairwise Welch tests, which differences hold after Holm', () => {
  const run = (cell: string, seed: number, value: number) => ({
    run: `${cell}--seed_${seed}/r`,
    cell,
    point: { 'policy.chunk': cell },
    seed,
    value,
    episodes: 60,
  });
  const s = buildStudy([
    run('1', 1, 0.48),
    run('1', 0, 0.56),
    run('1', 2, 0.5),
    run('4', 0, 0.62),
    run('4', 1, 0.7),
    run('4', 2, 0.66),
    run('8', 0, 0.64),
    run('8', 1, 0.6),
    run('8', 2, 0.72),
    run('8', 3, 0.68),
  ]);
  assert.deepEqual(
    s.cells.map((c) => c.key),
    ['1', '4', '8'],
  );
  assert.deepEqual(
    s.cells[0].points.map((p) => p.seed),
    [0, 1, 2],
    'points sorted by seed',
  );
  close(s.cells[1].stats.lo, 0.5606344915299869, 1e-9, 'cell 4 lo');
  assert.equal(s.comparisons.length, 3);
  // p: 1 vs 4 0.01173, 1 vs 8 0.00917, 4 vs 8 1.0 → Holm: 0.00917·3 = 0.0275, 0.01173·2 = 0.0235 → 0.0275, 1.
  const byPair = Object.fromEntries(s.comparisons.map((c) => [`${s.cells[c.a].key}-${s.cells[c.b].key}`, c]));
  close(byPair['1-8'].pHolm, 0.009174233113502104 * 3, 1e-7, '1-8 adjusted');
  close(byPair['1-4'].pHolm, 0.009174233113502104 * 3, 1e-7, '1-4 adjusted (monotone)');
  close(byPair['4-8'].pHolm, 1, 1e-12, '4-8 adjusted');
  assert.deepEqual([byPair['1-4'].holds, byPair['1-8'].holds, byPair['4-8'].holds], [true, true, false]);
  // A stricter alpha keeps neither.
  const strict = buildStudy(
    s.cells.flatMap((c) => c.points.map((p) => ({ ...p, cell: c.key, point: c.point }))),
    { alpha: 0.01 },
  );
  assert.ok(strict.comparisons.every((c) => !c.holds));
});

test('the trend test: a least-squares slope with its t-test (the history study: successes of 60 per seed against log2 history)', () => {
  const successes = HISTORY_STUDY_SUCCESSES;
  const points = successes.flatMap(([h, ks]) => ks.map((k) => ({ x: Math.log2(h), y: k / 60 })));
  const r = trendTest(points)!;
  // numpy least squares; p by integrating the t density (df 10) numerically
  close(r.slope, 0.13444444444444448, 1e-12, 'slope: 13.4 points per doubling');
  close(r.se, 0.032201142530148115, 1e-12, 'standard error');
  close(r.t, 4.175145161963484, 1e-9, 't');
  assert.equal(r.df, 10);
  close(r.p, 0.0019023358089058499, 1e-6, 'two-sided p');
  close(r.lo, 0.0626958276953609, 1e-6, 'CI low');
  close(r.hi, 0.20619306119352804, 1e-6, 'CI high');
  assert.equal(trendTest(points.slice(0, 2)), null, 'two points: no test');
  assert.equal(trendTest(points.map((p) => ({ ...p, x: 1 }))), null, 'one x: no slope');
});

test('equal means are an exact 0 difference, not a rounding residue (report and panel print 0.0%)', () => {
  const a = [17, 22, 18].map((k) => k / 60);
  const b = [13, 23, 21].map((k) => k / 60);
  assert.notEqual(a.reduce((s, v) => s + v, 0) / 3 - b.reduce((s, v) => s + v, 0) / 3, 0, 'the float means differ by ~5.6e-15');
  assert.equal(welchTest(a, b).diff, 0);
  assert.ok(welchTest([0.2, 0.3], [0.1, 0.2]).diff > 0.09, 'a real difference is kept');
});
