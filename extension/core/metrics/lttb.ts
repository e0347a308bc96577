/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson, "Downsampling Time Series for
 * Visual Representation", 2013): keeps the first and last points and, from each bucket in
 * between, the point forming the largest triangle with the point kept from the previous bucket
 * and the average of the next bucket. It keeps spikes (a loss blow-up stays visible) where
 * plain decimation would drop them.
 *
 * Non-finite values (NaN, ±Infinity; `null` in events) are gaps: LTTB runs on the finite
 * points, and a `null` marker is inserted wherever kept neighbours had a gap between them, so
 * the chart breaks the line there instead of drawing across it (at most one marker between two
 * kept points, so the output has at most 2·threshold - 1 entries).
 */

/** Triangle area ×2 of (ax, ay), (bx, by), (cx, cy). */
function area2(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return Math.abs((ax - cx) * (by - ay) - (ax - bx) * (cy - ay));
}

/**
 * Picks the point of [from, to) forming the largest triangle with point a and (cx, cy).
 * Returns `from` for an empty or flat range.
 */
function pickInBucket(x: ArrayLike<number>, y: ArrayLike<number>, a: number, from: number, to: number, cx: number, cy: number): number {
  const ax = x[a],
    ay = y[a];
  let best = from,
    bestArea = -1;
  for (let i = from; i < to; i++) {
    const s = area2(ax, ay, x[i], y[i], cx, cy);
    if (s > bestArea) {
      bestArea = s;
      best = i;
    }
  }
  return best;
}

/** Indices of the points LTTB keeps from x/y[0, n) (all finite), in increasing order. */
export function lttbIndices(x: ArrayLike<number>, y: ArrayLike<number>, threshold = 2000, n = Math.min(x.length, y.length)): Int32Array {
  if (threshold >= n || n <= 2) return Int32Array.from({ length: n }, (_, i) => i);
  if (threshold < 3) return threshold <= 1 ? Int32Array.of(0) : Int32Array.of(0, n - 1);
  const out = new Int32Array(threshold);
  const every = (n - 2) / (threshold - 2);
  let a = 0,
    k = 0;
  out[k++] = 0;
  for (let b = 0; b < threshold - 2; b++) {
    const from = Math.floor(b * every) + 1;
    const to = Math.floor((b + 1) * every) + 1;
    const nextFrom = to;
    const nextTo = Math.min(Math.floor((b + 2) * every) + 1, n);
    let cx = 0,
      cy = 0;
    for (let i = nextFrom; i < nextTo; i++) {
      cx += x[i];
      cy += y[i];
    }
    const m = nextTo - nextFrom;
    cx /= m;
    cy /= m;
    a = pickInBucket(x, y, a, from, to, cx, cy);
    out[k++] = a;
  }
  out[k++] = n - 1;
  return out;
}

export interface Downsampled {
  x: number[];
  /** null marks a gap (non-finite values in the input). */
  y: (number | null)[];
}

/**
 * Downsamples a series to at most `threshold` finite points (plus gap markers). `y` may hold
 * null, NaN or ±Infinity; `x` must be finite (step or time).
 */
export function downsample(x: ArrayLike<number>, y: ArrayLike<number | null>, threshold = 2000): Downsampled {
  const n = Math.min(x.length, y.length);
  // Compact the finite points; remember where they came from to find the gaps again.
  const fx = new Float64Array(n),
    fy = new Float64Array(n),
    from = new Int32Array(n);
  let f = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (v !== null && Number.isFinite(v)) {
      fx[f] = x[i];
      fy[f] = v;
      from[f++] = i;
    }
  }
  const keep = lttbIndices(fx, fy, threshold, f);
  return withGaps(
    keep,
    keep.length,
    fx,
    fy,
    (j) => from[j],
    (i) => x[i],
    (i) => {
      const v = y[i];
      return v !== null && Number.isFinite(v);
    },
    n,
  );
}

/**
 * Builds the output from kept positions into the compacted finite arrays, inserting a null
 * marker between two kept points when the raw series had a non-finite value between them, and
 * after the last one when the series ends with non-finite values.
 */
export function withGaps(
  keep: ArrayLike<number>,
  count: number,
  fx: ArrayLike<number>,
  fy: ArrayLike<number>,
  rawIndex: (finitePos: number) => number,
  rawX: (i: number) => number,
  isFinite: (i: number) => boolean,
  rawLength: number,
): Downsampled {
  const outX: number[] = [],
    outY: (number | null)[] = [];
  for (let k = 0; k < count; k++) {
    const j = keep[k];
    if (k > 0) {
      const pj = keep[k - 1];
      const r0 = rawIndex(pj),
        r1 = rawIndex(j);
      if (r1 - r0 > j - pj) {
        // Some raw point between them is not finite: mark the first such point.
        let g = r0 + 1;
        while (g < r1 && isFinite(g)) g++;
        outX.push(rawX(g));
        outY.push(null);
      }
    }
    outX.push(fx[j]);
    outY.push(fy[j]);
  }
  const lastRaw = count > 0 ? rawIndex(keep[count - 1]) : -1;
  if (lastRaw < rawLength - 1) {
    // Trailing non-finite values (e.g. the loss became NaN): keep that visible as a gap.
    outX.push(rawX(lastRaw + 1));
    outY.push(null);
  }
  return { x: outX, y: outY };
}

/**
 * LTTB kept up to date while points are appended, for live charts. Buckets have a fixed width
 * that is a power of two (the smallest that gives at most threshold - 2 buckets), so appending
 * points changes only the last two buckets' choices; the width doubles (one full pass) when the
 * series outgrows it, which amortises to O(1) per appended point. The output has between
 * threshold/2 and threshold points once the series is longer than threshold.
 */
export class IncrementalLttb {
  private width = 1;
  /** Chosen position per middle bucket. */
  private picks = new Int32Array(0);
  /** Buckets [0, stable) are final for the current width. */
  private stable = 0;
  private lastN = 0;

  constructor(readonly threshold = 2000) {
    if (threshold < 3) throw new RangeError('LTTB needs a threshold of at least 3 points');
  }

  /**
   * Kept positions for x/y[0, n) (finite values, n only grows between calls unless `reset`).
   * Returns a fresh array (the caller may keep it).
   */
  update(x: ArrayLike<number>, y: ArrayLike<number>, n: number): Int32Array {
    if (n < this.lastN) this.reset();
    this.lastN = n;
    if (n <= this.threshold) return Int32Array.from({ length: n }, (_, i) => i);
    const middle = n - 2;
    let width = this.width;
    while (Math.ceil(middle / width) > this.threshold - 2) width *= 2;
    if (width !== this.width) {
      this.width = width;
      this.stable = 0;
    }
    const buckets = Math.ceil(middle / width);
    if (this.picks.length < buckets) {
      const grown = new Int32Array(Math.max(buckets, this.threshold));
      grown.set(this.picks.subarray(0, this.stable));
      this.picks = grown;
    }
    let a = this.stable === 0 ? 0 : this.picks[this.stable - 1];
    for (let b = this.stable; b < buckets; b++) {
      const from = 1 + b * width;
      const to = Math.min(from + width, n - 1);
      let cx: number, cy: number;
      if (b + 1 < buckets) {
        const nextTo = Math.min(to + width, n - 1);
        cx = 0;
        cy = 0;
        for (let i = to; i < nextTo; i++) {
          cx += x[i];
          cy += y[i];
        }
        cx /= nextTo - to;
        cy /= nextTo - to;
      } else {
        cx = x[n - 1];
        cy = y[n - 1];
      }
      a = pickInBucket(x, y, a, from, to, cx, cy);
      this.picks[b] = a;
    }
    // Every bucket but the last two has a full, unchanging successor: final until the width changes.
    this.stable = Math.max(0, buckets - 2);
    const out = new Int32Array(buckets + 2);
    out[0] = 0;
    out.set(this.picks.subarray(0, buckets), 1);
    out[buckets + 1] = n - 1;
    return out;
  }

  reset(): void {
    this.width = 1;
    this.stable = 0;
    this.lastN = 0;
  }
}
