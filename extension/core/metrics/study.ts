/**
 * Statistics of a study with seeds (pure, no imports: `vla-lab report`, the Sweep panel's model and
 * the tests share it). A cell of a sweep is trained with a few seeds (3–5); its result is the
 * per-seed points, their mean and a Student-t interval across seeds (with three numbers a bootstrap
 * has nothing to resample). Two cells are compared with Welch's t-test (unequal variances, small
 * samples), and the family of all pairwise comparisons is corrected with Holm's step-down method,
 * which says which differences hold.
 *
 * The special functions are the usual ones: log-gamma by Lanczos' approximation (g = 7, 9 terms),
 * the regularised incomplete beta function by its continued fraction (modified Lentz), Student's t
 * distribution from it, and its quantile by bisection. test/unit/study-stats.test.ts checks them
 * against scipy's values and textbook tables.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x); // reflection
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The continued fraction of the incomplete beta function (converges for x < (a+1)/(a+b+2)). */
function betaFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  const EPS = 1e-15;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    // Even step.
    let num = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + num / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    // Odd step.
    num = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + num / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPS) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b), 0 ≤ x ≤ 1, a, b > 0. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(x, a, b)) / a : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df > 0, not necessarily whole: Welch). */
export function tCdf(t: number, df: number): number {
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** The t with P(T ≤ t) = p (0 < p < 1): bisection on tCdf, to ~1e-12. */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tQuantile: p must lie in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface MeanInterval {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one value. */
  sd: number;
  /** The interval's half width: t(1 − (1 − level)/2, n − 1) · sd / √n; null with fewer than 2 values. */
  half: number | null;
  lo: number | null;
  hi: number | null;
  /** Whether lo or hi was cut at the metric's bounds (a success rate's t-interval can reach below 0%). */
  clipped: boolean;
  level: number;
}

/** The values a metric can take (a rate: 0 to 1; an average length: 0 and up). */
export interface MetricBounds {
  min?: number;
  max?: number;
}

/**
 * The mean of per-seed values with a Student-t confidence interval across them. The t-interval is
 * symmetric and knows nothing of the metric's range, so with `bounds` its ends are cut there (and
 * `clipped` says so): a success rate's interval never reads below 0% or above 100%.
 */
export function meanInterval(values: readonly number[], level = 0.95, bounds: MetricBounds = {}): MeanInterval {
  const n = values.length;
  if (n === 0) throw new RangeError('meanInterval: no values');
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  if (n < 2) return { n, mean, sd, half: null, lo: null, hi: null, clipped: false, level };
  const half = tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  const lo = bounds.min !== undefined ? Math.max(bounds.min, mean - half) : mean - half;
  const hi = bounds.max !== undefined ? Math.min(bounds.max, mean + half) : mean + half;
  return { n, mean, sd, half, lo, hi, clipped: lo !== mean - half || hi !== mean + half, level };
}

/** A two-sided t-test's result (welchTest's, and pairedTTest's with the same fields). */
export interface WelchResult {
  /** mean(a) − mean(b). */
  diff: number;
  t: number | null;
  /** Degrees of freedom: Welch–Satterthwaite's for welchTest, pairs − 1 for pairedTTest. */
  df: number | null;
  /** Two-sided p-value; null when the test is undefined (fewer than 2 values in a group, or no variance in either). */
  p: number | null;
}

/** Welch's two-sample t-test (two-sided), for groups of a few seeds with possibly unequal variances. */
export function welchTest(a: readonly number[], b: readonly number[]): WelchResult {
  const ma = a.reduce((s, v) => s + v, 0) / (a.length || 1);
  const mb = b.reduce((s, v) => s + v, 0) / (b.length || 1);
  // Equal means can differ by rounding (17/60 + 22/60 + 18/60 vs 13/60 + …: 5.6e-15): call that 0.
  const diff = Math.abs(ma - mb) <= 1e-12 * Math.max(1, Math.abs(ma), Math.abs(mb)) ? 0 : ma - mb;
  if (a.length < 2 || b.length < 2) return { diff, t: null, df: null, p: null };
  const va = a.reduce((s, v) => s + (v - ma) ** 2, 0) / (a.length - 1) / a.length;
  const vb = b.reduce((s, v) => s + (v - mb) ** 2, 0) / (b.length - 1) / b.length;
  const se2 = va + vb;
  if (!(se2 > 0)) return { diff, t: null, df: null, p: null };
  const t = diff / Math.sqrt(se2);
  const df = se2 ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  return { diff, t, df, p };
}

/**
 * The paired t-test (two-sided) of the same seeds measured twice — a run's checkpoint early and late —
 * `after[i]` paired with `before[i]`: a one-sample t-test of the differences, n − 1 degrees of
 * freedom. Pairing takes out how much better one seed is than another throughout, which Welch's
 * test would count as noise. Null p with fewer than 2 pairs or when every pair moved alike (no spread).
 */
export function pairedTTest(after: readonly number[], before: readonly number[]): WelchResult {
  if (after.length !== before.length) throw new RangeError(`pairedTTest: ${after.length} values paired with ${before.length}`);
  const n = after.length;
  const d = after.map((v, i) => v - before[i]);
  const mean = d.reduce((s, v) => s + v, 0) / (n || 1);
  const diff = Math.abs(mean) <= 1e-12 ? 0 : mean;
  if (n < 2) return { diff, t: null, df: null, p: null };
  const sd = Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  if (!(sd > 1e-12 * Math.max(1, Math.abs(mean)))) return { diff, t: null, df: null, p: null };
  const t = diff / (sd / Math.sqrt(n));
  const df = n - 1;
  return { diff, t, df, p: Math.min(1, 2 * tCdf(-Math.abs(t), df)) };
}

/**
 * Holm's step-down correction of a family of p-values: the k-th smallest is multiplied by
 * (m − k + 1), kept monotone, capped at 1; a difference holds when its adjusted p is ≤ alpha.
 * An undefined test (null) counts in m and never holds.
 */
export function holm(ps: readonly (number | null)[], alpha = 0.05): { adjusted: (number | null)[]; holds: boolean[] } {
  const m = ps.length;
  const order = ps.map((p, i) => ({ p: p ?? 1, i, defined: p !== null })).sort((x, y) => x.p - y.p || x.i - y.i);
  const adjusted: (number | null)[] = ps.map(() => null);
  let running = 0;
  order.forEach((o, k) => {
    running = Math.max(running, Math.min(1, o.p * (m - k)));
    adjusted[o.i] = o.defined ? running : null;
  });
  return { adjusted, holds: adjusted.map((p) => p !== null && p <= alpha) };
}

/**
 * Fisher's exact test of a 2×2 table of counts — successes and failures in two groups, a/(a+b) vs
 * c/(c+d) — two-sided: the probability, with the margins fixed, of every table no more likely than
 * the one observed (hypergeometric, by logGamma). For success counts too small for a normal
 * approximation (a task's few episodes). Null when a group is empty.
 */
export function fisherExact(a: number, b: number, c: number, d: number): number | null {
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const n = r1 + r2;
  if (!(r1 > 0 && r2 > 0)) return null;
  const logChoose = (k: number, j: number) => logGamma(k + 1) - logGamma(j + 1) - logGamma(k - j + 1);
  const logP = (x: number) => logChoose(r1, x) + logChoose(r2, c1 - x) - logChoose(n, c1);
  const observed = logP(a);
  let p = 0;
  for (let x = Math.max(0, c1 - r2); x <= Math.min(r1, c1); x++) {
    const lp = logP(x);
    // tables as likely as the observed one count too (a relative tolerance for rounding)
    if (lp <= observed + 1e-7) p += Math.exp(lp);
  }
  return Math.min(1, p);
}

/**
 * Two-sided tail of the standard normal, P(|Z| > z) = erfc(z/√2): a Chebyshev fit of erfc whose
 * relative error is below 1.2e-7 everywhere — ample for a p-value.
 */
export function normalTwoSided(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + x / 2);
  const poly =
    -x * x -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return Math.min(1, t * Math.exp(poly));
}

export interface MantelHaenszelResult {
  /** Mantel–Haenszel common odds ratio of success, group 1 against group 2; null when undefined (a zero denominator). */
  oddsRatio: number | null;
  /** The CMH statistic with the continuity correction (chi-square, 1 df); null when no stratum has spread. */
  chi2: number | null;
  p: number | null;
  /** The strata that counted (both groups present). */
  strata: number;
}

/**
 * The Cochran–Mantel–Haenszel test of 2×2 tables, one per stratum (a task): successes `a` and
 * failures `b` of group 1, successes `c` and failures `d` of group 2. Tests a common odds ratio of 1
 * across strata — whether group 1 does better or worse than group 2 once each stratum is compared
 * within itself — so a difference in which strata each group holds (which tasks come first in a
 * chain) does not pass for a group effect, as pooling the counts would let it.
 */
export function mantelHaenszel(tables: readonly { a: number; b: number; c: number; d: number }[]): MantelHaenszelResult {
  let sumA = 0;
  let sumE = 0;
  let sumV = 0;
  let num = 0;
  let den = 0;
  let strata = 0;
  for (const { a, b, c, d } of tables) {
    const n = a + b + c + d;
    const r1 = a + b;
    const r2 = c + d;
    if (r1 === 0 || r2 === 0) continue;
    strata++;
    const c1 = a + c;
    const c2 = b + d;
    sumA += a;
    sumE += (r1 * c1) / n;
    if (n > 1) sumV += (r1 * r2 * c1 * c2) / (n * n * (n - 1));
    num += (a * d) / n;
    den += (b * c) / n;
  }
  const oddsRatio = den > 0 ? num / den : null;
  if (!(sumV > 0)) return { oddsRatio, chi2: null, p: null, strata };
  const chi2 = Math.max(0, Math.abs(sumA - sumE) - 0.5) ** 2 / sumV;
  return { oddsRatio, chi2, p: normalTwoSided(Math.sqrt(chi2)), strata };
}

export interface TrendResult {
  /** The fitted change of the metric per unit of x (x = log2 of the axis value: per doubling). */
  slope: number;
  se: number;
  t: number;
  df: number;
  /** Two-sided p-value of slope = 0. */
  p: number;
  /** The slope's confidence interval at `level`. */
  lo: number;
  hi: number;
  level: number;
}

/**
 * A least-squares line through (x, y) points with the t-test of its slope (df = n − 2): one test of
 * "the metric rises (or falls) with x" over every seed's point, where pairwise tests between a few
 * seeds per cell would each be too weak. Null with fewer than 3 points, one distinct x, or a perfect fit.
 */
export function trendTest(points: readonly { x: number; y: number }[], level = 0.95): TrendResult | null {
  const n = points.length;
  if (n < 3) return null;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  if (!(sxx > 0)) return null;
  const slope = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
  const rss = points.reduce((s, p) => s + (p.y - (my + slope * (p.x - mx))) ** 2, 0);
  const df = n - 2;
  const se = Math.sqrt(rss / df / sxx);
  if (!(se > 0)) return null;
  const t = slope / se;
  const half = tQuantile(1 - (1 - level) / 2, df) * se;
  return { slope, se, t, df, p: 2 * (1 - tCdf(Math.abs(t), df)), lo: slope - half, hi: slope + half, level };
}

// ---- a study's cells ---------------------------------------------------------------------------

/** One finished run of a sweep: its cell, training seed and the metric's value. */
export interface StudyRun {
  /** experiment/run-id. */
  run: string;
  /** The cell's key (run.json sweep.cell, or the point's name without its seed). */
  cell: string;
  /** Axis path → display value (labels where the sweep gives them). */
  point: Readonly<Record<string, string>>;
  seed: number | null;
  value: number;
  /** Evaluation episodes behind the value. */
  episodes: number | null;
}

export interface StudyCell {
  key: string;
  point: Readonly<Record<string, string>>;
  /** Per-seed points, by seed. */
  points: { seed: number | null; value: number; run: string; episodes: number | null }[];
  stats: MeanInterval;
}

export interface CellComparison {
  /** Indices into the study's cells. */
  a: number;
  b: number;
  test: WelchResult;
  /** Holm-adjusted p (null when the test is undefined). */
  pHolm: number | null;
  /** The difference holds after Holm's correction at the study's alpha. */
  holds: boolean;
}

export interface Study {
  cells: StudyCell[];
  comparisons: CellComparison[];
  level: number;
  alpha: number;
  /** The axis whose value compared cells share (only pairs within each of its values), when the family was restricted. */
  within?: string;
}

/**
 * Groups runs into cells (in first-seen order), each with its per-seed points and mean ± t-interval,
 * and compares every pair of cells (Welch), Holm-corrected over all pairs — or, with `within` (an
 * axis of the cells' points), only the pairs that share that axis's value (e.g. the execution
 * strategies within each head), Holm-corrected over that smaller family.
 */
export function buildStudy(
  runs: readonly StudyRun[],
  opts: { level?: number; alpha?: number; within?: string; bounds?: MetricBounds } = {},
): Study {
  const level = opts.level ?? 0.95;
  const alpha = opts.alpha ?? 0.05;
  const byKey = new Map<string, StudyRun[]>();
  for (const r of runs) byKey.set(r.cell, [...(byKey.get(r.cell) ?? []), r]);
  const cells: StudyCell[] = [...byKey.entries()].map(([key, rs]) => {
    const points = rs
      .map((r) => ({ seed: r.seed, value: r.value, run: r.run, episodes: r.episodes }))
      .sort((x, y) => (x.seed ?? -1) - (y.seed ?? -1) || x.run.localeCompare(y.run));
    return {
      key,
      point: rs[0].point,
      points,
      stats: meanInterval(
        points.map((p) => p.value),
        level,
        opts.bounds,
      ),
    };
  });
  const pairs: { a: number; b: number; test: WelchResult }[] = [];
  for (let a = 0; a < cells.length; a++) {
    for (let b = a + 1; b < cells.length; b++) {
      if (opts.within !== undefined && cells[a].point[opts.within] !== cells[b].point[opts.within]) continue;
      pairs.push({
        a,
        b,
        test: welchTest(
          cells[a].points.map((p) => p.value),
          cells[b].points.map((p) => p.value),
        ),
      });
    }
  }
  const { adjusted, holds } = holm(
    pairs.map((p) => p.test.p),
    alpha,
  );
  return {
    cells,
    comparisons: pairs.map((p, i) => ({ ...p, pHolm: adjusted[i], holds: holds[i] })),
    level,
    alpha,
    ...(opts.within !== undefined ? { within: opts.within } : {}),
  };
}
