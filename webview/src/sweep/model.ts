/**
 * The Sweep panel's matrix (pure): rows and columns are the sweep's two main axes, other axes are
 * fixed by a slice chosen in the panel; each cell holds the run at that point and the chosen
 * metric, with a 0…1 "goodness" for its colour (1 = best in view, per the metric's direction). A
 * point trained with several seeds (sweep.seeds) holds all its runs and the mean of their values.
 */
import type { SweepAxis, SweepCell, SweepMetric } from '../../../extension/shared/messages/results';

export interface MatrixCell {
  /** The point's first run (by seed). */
  run?: string;
  /** Every run of the point (one per training seed). */
  runs: string[];
  /** How many of them have a value (the mean is over these). */
  valued: number;
  status?: string;
  value: number | null;
  /** 0 (worst shown) … 1 (best shown); null without a value. */
  goodness: number | null;
  /** An evaluation metric from a run evaluated under another protocol: which tags differ. */
  protocolDiffers?: string;
}

export interface Matrix {
  rowAxis?: SweepAxis;
  colAxis?: SweepAxis;
  /** Axes fixed by the slice. */
  sliceAxes: SweepAxis[];
  rows: string[];
  cols: string[];
  cells: MatrixCell[][];
}

export function buildMatrix(axes: SweepAxis[], cells: SweepCell[], metric: SweepMetric, slice: Record<string, string>): Matrix {
  const [rowAxis, colAxis, ...sliceAxes] = axes;
  const rows = rowAxis ? rowAxis.values : [''];
  const cols = colAxis ? colAxis.values : [''];
  const inSlice = (c: SweepCell) => sliceAxes.every((a) => c.point[a.path] === (slice[a.path] ?? a.values[0]));
  const grid: MatrixCell[][] = rows.map((r) =>
    cols.map((c) => {
      const here = cells
        .filter((x) => inSlice(x) && (!rowAxis || x.point[rowAxis.path] === r) && (!colAxis || x.point[colAxis.path] === c))
        .sort((x, y) => (x.seed ?? 0) - (y.seed ?? 0));
      const cell = here[0];
      const values = here.map((x) => x.metrics[metric.name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      const value = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
      const differs = metric.evaluation && value !== null ? here.find((x) => x.protocolDiffers)?.protocolDiffers : undefined;
      const statuses = [...new Set(here.map((x) => x.status))];
      return {
        run: cell?.run,
        runs: here.map((x) => x.run),
        valued: values.length,
        status: statuses.length ? statuses.join('/') : undefined,
        value,
        goodness: null,
        ...(differs ? { protocolDiffers: differs } : {}),
      };
    }),
  );
  const values = grid
    .flat()
    .map((c) => c.value)
    .filter((v): v is number => v !== null);
  if (values.length) {
    const lo = Math.min(...values),
      hi = Math.max(...values);
    for (const c of grid.flat()) {
      if (c.value === null) continue;
      const t = hi === lo ? 1 : (c.value - lo) / (hi - lo);
      c.goodness = metric.better === 'higher' ? t : 1 - t;
    }
  }
  return { rowAxis, colAxis, sliceAxes, rows, cols, cells: grid };
}
