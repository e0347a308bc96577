/**
 * Scalar series for charts, fed incrementally with run events.
 *
 * `SeriesStore.add(run, event)` appends each ScalarEvent to its (run, name) series in typed
 * arrays (amortised O(1)); `get(run, name, options)` returns that series downsampled for a
 * chart (LTTB, at most `maxPoints` finite points, nulls marking non-finite values) with x as the
 * step, seconds since the run's first event, or wall time, optionally with TensorBoard's
 * smoothing. Downsampling is lazy and incremental: a series that received 100 new points only
 * redoes the last LTTB buckets (IncrementalLttb), and a series that did not change is not
 * touched at all; the smoothed values are extended, not recomputed, while the weight stays.
 *
 * Points keep their arrival order (a resumed run that logs a step twice shows both).
 */
import type { RunEvent } from '../generated/events';
import { IncrementalLttb, withGaps } from './lttb';
import { clampWeight, EmaSmoother } from './smoothing';

export type XAxis = 'step' | 'relative' | 'wall';

export interface SeriesQuery {
  x?: XAxis;
  /** Most finite points returned (default 2000). */
  maxPoints?: number;
  /** TensorBoard smoothing weight in [0, 1); adds `smoothed` to the result. */
  smoothing?: number;
}

export interface SeriesView {
  x: number[];
  /** Raw values at the kept points; null marks a gap (NaN/±Inf in the run). */
  y: (number | null)[];
  /** Smoothed values at the same points, when `smoothing` was asked for. */
  smoothed?: (number | null)[];
  /** Points received, finite or not. */
  count: number;
  /** Points whose value was null/NaN/±Inf. */
  nonFinite: number;
  /** The most recent point (value null when it was not finite). */
  last: { step: number; t: number; value: number | null } | undefined;
  /** Bumped on every append to this series: equal versions mean equal data. */
  version: number;
}

class GrowableF64 {
  data = new Float64Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
}

class GrowableI32 {
  data = new Int32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
}

class Series {
  // All points, in arrival order.
  readonly step = new GrowableF64();
  readonly wall = new GrowableF64();
  readonly value = new GrowableF64(); // NaN for null / non-finite
  // The finite points, compacted (what LTTB runs on), and where each came from.
  readonly fStep = new GrowableF64();
  readonly fWall = new GrowableF64();
  readonly fValue = new GrowableF64();
  readonly fRaw = new GrowableI32();
  version = 0;
  nonFinite = 0;
  private firstFinite: number | undefined;
  allEqual = true;
  /** LTTB state per (axis kind, maxPoints). */
  readonly lttb = new Map<string, IncrementalLttb>();
  /** Smoothed finite values for one weight, extended as points arrive. */
  smoothed: { weight: number; ema: EmaSmoother; values: GrowableF64 } | undefined;

  append(step: number, t: number, value: number | null): void {
    const raw = this.value.length;
    this.step.push(step);
    this.wall.push(t);
    const finite = value !== null && Number.isFinite(value);
    this.value.push(finite ? value : NaN);
    if (finite) {
      this.fStep.push(step);
      this.fWall.push(t);
      this.fValue.push(value);
      this.fRaw.push(raw);
      if (this.firstFinite === undefined) this.firstFinite = value;
      else if (value !== this.firstFinite) this.allEqual = false;
    } else {
      this.nonFinite++;
    }
    this.version++;
  }

  smoothedValues(weight: number): Float64Array {
    const w = clampWeight(weight);
    if (!this.smoothed || this.smoothed.weight !== w) {
      this.smoothed = { weight: w, ema: new EmaSmoother(w), values: new GrowableF64() };
    }
    const s = this.smoothed;
    for (let i = s.values.length; i < this.fValue.length; i++) s.values.push(s.ema.push(this.fValue.data[i]));
    return s.values.data;
  }
}

export class SeriesStore {
  private readonly runs = new Map<string, { start: number; series: Map<string, Series> }>();

  constructor(private readonly defaults: { maxPoints?: number } = {}) {}

  /** Adds one event of a run: scalars extend their series; every event can move the run's start time. */
  add(run: string, event: RunEvent): void {
    let r = this.runs.get(run);
    if (!r) {
      r = { start: event.t, series: new Map() };
      this.runs.set(run, r);
    } else if (event.t < r.start) {
      r.start = event.t;
    }
    if (event.type !== 'scalar') return;
    let s = r.series.get(event.name);
    if (!s) {
      s = new Series();
      r.series.set(event.name, s);
    }
    s.append(event.step, event.t, event.value);
  }

  addAll(run: string, events: Iterable<RunEvent>): void {
    for (const e of events) this.add(run, e);
  }

  runIds(): string[] {
    return [...this.runs.keys()];
  }

  /** Scalar names of one run (or of all runs), sorted. */
  names(run?: string): string[] {
    const names = new Set<string>();
    for (const [id, r] of this.runs) if (run === undefined || id === run) for (const n of r.series.keys()) names.add(n);
    return [...names].sort();
  }

  /** Seconds since the epoch of the run's earliest event. */
  runStart(run: string): number | undefined {
    return this.runs.get(run)?.start;
  }

  version(run: string, name: string): number {
    return this.runs.get(run)?.series.get(name)?.version ?? 0;
  }

  /** Forgets a run (e.g. its events file was replaced and is being read again). */
  clear(run: string): void {
    this.runs.delete(run);
  }

  get(run: string, name: string, query: SeriesQuery = {}): SeriesView | undefined {
    const r = this.runs.get(run);
    const s = r?.series.get(name);
    if (!r || !s) return undefined;
    const axis = query.x ?? 'step';
    const maxPoints = Math.max(3, Math.floor(query.maxPoints ?? this.defaults.maxPoints ?? 2000));
    // Wall and relative time differ by a constant shift, which leaves triangle areas unchanged.
    const kind = axis === 'step' ? 'step' : 'time';
    const key = `${kind}:${maxPoints}`;
    let lttb = s.lttb.get(key);
    if (!lttb) {
      lttb = new IncrementalLttb(maxPoints);
      s.lttb.set(key, lttb);
    }
    const fx = kind === 'step' ? s.fStep.data : s.fWall.data;
    const n = s.fValue.length;
    const keep = lttb.update(fx, s.fValue.data, n);
    const rawX = kind === 'step' ? s.step.data : s.wall.data;
    const raw = s.value.data;
    const view = withGaps(
      keep,
      keep.length,
      fx,
      s.fValue.data,
      (j) => s.fRaw.data[j],
      (i) => rawX[i],
      (i) => !Number.isNaN(raw[i]),
      s.value.length,
    );
    if (axis === 'relative') for (let i = 0; i < view.x.length; i++) view.x[i] -= r.start;
    const count = s.value.length;
    const lastIndex = count - 1;
    const result: SeriesView = {
      x: view.x,
      y: view.y,
      count,
      nonFinite: s.nonFinite,
      last:
        count > 0
          ? { step: s.step.data[lastIndex], t: s.wall.data[lastIndex], value: Number.isNaN(raw[lastIndex]) ? null : raw[lastIndex] }
          : undefined,
      version: s.version,
    };
    if (query.smoothing !== undefined) {
      if (s.allEqual) {
        result.smoothed = view.y.slice();
      } else {
        const sm = s.smoothedValues(query.smoothing);
        // Same kept points as `y`; gap markers stay null.
        const smoothed: (number | null)[] = new Array(view.y.length);
        let k = 0;
        for (let i = 0; i < view.y.length; i++) smoothed[i] = view.y[i] === null ? null : sm[keep[k++]];
        result.smoothed = smoothed;
      }
    }
    return result;
  }
}
