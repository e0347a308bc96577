/**
 * TensorBoard's scalar smoothing: an exponential moving average debiased like Adam's moments,
 *
 *   last ← last·w + (1 − w)·v,   n ← n + 1,   smoothed = last / (1 − wⁿ)   (w < 1; w = 1 gives `last`)
 *
 * starting from last = 0. Non-finite values pass through unchanged and do not enter the
 * average; a series whose values are all equal is returned as is (TensorBoard issue #786:
 * floating-point drift would otherwise show a flat line as wobbling). The weight is clamped to
 * [0, 1], a non-finite weight counts as 0 — all as in TensorBoard's `classicSmoothing`.
 */

export function clampWeight(weight: number): number {
  return Number.isFinite(weight) ? Math.max(0, Math.min(1, weight)) : 0;
}

/** Smooths a whole series; null/NaN/±Infinity entries stay as they are. */
export function smooth<T extends number | null>(values: ArrayLike<T>, weight: number): T[] {
  const w = clampWeight(weight);
  const n = values.length;
  const out = new Array<T>(n);
  let constant = true;
  for (let i = 1; i < n && constant; i++) constant = values[i] === values[0];
  if (constant) {
    for (let i = 0; i < n; i++) out[i] = values[i];
    return out;
  }
  const ema = new EmaSmoother(w);
  for (let i = 0; i < n; i++) out[i] = ema.push(values[i] as number) as T;
  return out;
}

/** The same average, one value at a time (for series that grow). */
export class EmaSmoother {
  private last = 0;
  private count = 0;
  readonly weight: number;

  constructor(weight: number) {
    this.weight = clampWeight(weight);
  }

  /** Smoothed value for the next raw value (non-finite and null values are returned unchanged). */
  push(value: number): number;
  push(value: number | null): number | null;
  push(value: number | null): number | null {
    if (value === null || !Number.isFinite(value)) return value;
    const w = this.weight;
    this.last = this.last * w + (1 - w) * value;
    this.count++;
    return w === 1 ? this.last : this.last / (1 - Math.pow(w, this.count));
  }
}
