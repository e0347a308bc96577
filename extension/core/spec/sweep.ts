/**
 * Sweep expansion: the cartesian product of `sweep.axes` minus the `exclude` matches (the cells;
 * an exclusion gives an axis's value or, where the axis has `sweep.labels`, the value's label),
 * each repeated once per training seed of `sweep.seeds` (train.seed set). Each point is a deep copy
 * of the spec with the axis values set, `sweep` removed and a deterministic name
 * (`<name>--<axis>_<value>…[--seed_<n>]`, a value written as its `sweep.labels` name when it has
 * one), validated on its own (schema + rules); invalid points are dropped with their reasons.
 * Never throws.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics';
import { makeRange } from '../diagnostics';
import { checkDocument } from './check';
import { documentFromValue } from './parse';
import { cloneJson, deepEqual, dotPathToSegments, isPlainObject, setAt } from './pointer';
import { diskContext, type SpecContext } from './rules';

const MAX_SWEEP_POINTS = 4096;

export interface SweepPoint {
  name: string;
  /** Axis path → value of this point. */
  assignments: Record<string, unknown>;
  /** The cell's name: `name` without the seed suffix (equal to `name` without sweep.seeds). */
  cell: string;
  /** The training seed sweep.seeds gave this point (absent without sweep.seeds). */
  seed?: number;
  /** Axis path → the sweep.labels name of this point's value (only axes that have labels). */
  labels?: Record<string, string>;
  /** The concrete spec (no `sweep`). */
  spec: Record<string, unknown>;
  /** Warnings and infos of this point (errors would have dropped it). */
  diagnostics: Diagnostic[];
}

export interface DroppedPoint {
  name: string;
  assignments: Record<string, unknown>;
  cell: string;
  seed?: number;
  /** One line per error: `code: message`. */
  reasons: string[];
  diagnostics: Diagnostic[];
}

export interface ExcludedPoint {
  name: string;
  assignments: Record<string, unknown>;
  /** Index into sweep.exclude of the first entry that matched. */
  exclude: number;
}

export interface SweepExpansion {
  /** Points in the product (before exclusion): cells × seeds. */
  total: number;
  /** The training seeds of every cell (sweep.seeds), empty without them. */
  seeds: number[];
  points: SweepPoint[];
  dropped: DroppedPoint[];
  excluded: ExcludedPoint[];
  /** Problems with the sweep as a whole (too many points, not an object). */
  problems: Diagnostic[];
}

const NAME_MAX = 100;

function valueLabel(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null');
  return s.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

/** Short axis labels: the path without its section (`policy.head.type` → `head.type`) unless that collides. */
function axisLabels(axes: string[]): string[] {
  const short = axes.map((a) => (a.includes('.') ? a.slice(a.indexOf('.') + 1) : a));
  return axes.map((a, i) => (short.filter((s) => s === short[i]).length > 1 ? a : short[i]).replace(/[^A-Za-z0-9_.-]+/g, '-'));
}

/** `<base>--<label>_<value>…`, cut to the name pattern's 100 characters with a hash when too long. */
function pointName(base: string, labels: string[], values: unknown[], max = NAME_MAX): string {
  const suffix = labels.map((l, i) => `--${l}_${valueLabel(values[i])}`).join('');
  const full = `${base}${suffix}`;
  if (full.length <= max) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, max - 10)}--${hash}`;
}

function problem(code: string, message: string): Diagnostic {
  return { code, severity: 'error', message, pointer: '/sweep', range: makeRange([0], 0, 0) };
}

export function expandSweep(
  spec: unknown,
  ctx: SpecContext = diskContext(process.cwd()),
  options: { maxPoints?: number } = {},
): SweepExpansion {
  const result: SweepExpansion = { total: 0, seeds: [], points: [], dropped: [], excluded: [], problems: [] };
  if (!isPlainObject(spec)) {
    result.problems.push(problem('spec/not-an-object', 'A spec is a JSON object: nothing to expand.'));
    return result;
  }
  const base = cloneJson(spec);
  const sweep = base.sweep;
  delete base.sweep;
  const baseName = typeof base.name === 'string' && base.name ? base.name : 'experiment';
  const axesObj = isPlainObject(sweep) && isPlainObject(sweep.axes) ? sweep.axes : {};
  const axes = Object.entries(axesObj).filter((e): e is [string, unknown[]] => Array.isArray(e[1]) && e[1].length > 0);
  const exclude = isPlainObject(sweep) && Array.isArray(sweep.exclude) ? sweep.exclude.filter(isPlainObject) : [];
  const seeds =
    isPlainObject(sweep) && Array.isArray(sweep.seeds)
      ? [...new Set(sweep.seeds.filter((x): x is number => Number.isInteger(x) && (x as number) >= 0))]
      : [];
  result.seeds = seeds;
  // Labels are used only where they name every value of their axis (the rules report the rest).
  const labelsObj = isPlainObject(sweep) && isPlainObject(sweep.labels) ? sweep.labels : {};
  const labelOf = new Map<string, string[]>();
  for (const [a, vs] of axes) {
    const l = labelsObj[a];
    if (Array.isArray(l) && l.length === vs.length && l.every((x) => typeof x === 'string' && x) && new Set(l).size === l.length)
      labelOf.set(a, l as string[]);
  }
  const cells = axes.reduce((n, [, vs]) => n * vs.length, 1);
  result.total = cells * Math.max(1, seeds.length);
  const max = options.maxPoints ?? MAX_SWEEP_POINTS;
  if (result.total > max) {
    result.problems.push(
      problem(
        'spec/sweep-too-large',
        `The sweep has ${result.total} points (more than ${max}): split it into several specs or remove values.`,
      ),
    );
    return result;
  }
  const paths = axes.map(([a]) => a);
  const labels = axisLabels(paths);
  const usedNames = new Set<string>();
  const indices = axes.map(() => 0);
  // A cell's name leaves room for the longest seed suffix, so every seed's run name keeps it whole.
  const cellMax = NAME_MAX - (seeds.length ? Math.max(...seeds.map((x) => `--seed_${x}`.length)) : 0);
  const unique = (wanted: string, max = NAME_MAX): string => {
    let name = wanted;
    for (let k = 2; usedNames.has(name); k++) name = wanted.slice(0, max - 4) + `-${k}`;
    usedNames.add(name);
    return name;
  };
  for (let n = 0; n < cells; n++) {
    const values = axes.map(([, vs], i) => vs[indices[i]]);
    const assignments: Record<string, unknown> = {};
    const pointLabels: Record<string, string> = {};
    paths.forEach((p, i) => {
      assignments[p] = values[i];
      const l = labelOf.get(p);
      if (l) pointLabels[p] = l[indices[i]];
    });
    const shown = paths.map((p, i) => pointLabels[p] ?? values[i]);
    const cell = unique(pointName(baseName, labels, shown, cellMax), cellMax);
    // Advance the odometer (last axis fastest).
    for (let i = axes.length - 1; i >= 0; i--) {
      if (++indices[i] < axes[i][1].length) break;
      indices[i] = 0;
    }
    const labelField = Object.keys(pointLabels).length ? { labels: pointLabels } : {};
    // An exclusion names a value, or (on an axis with labels) the value's label.
    const ex = exclude.findIndex((e) =>
      Object.entries(e).every(([k, v]) => k in assignments && (deepEqual(assignments[k], v) || (k in pointLabels && pointLabels[k] === v))),
    );
    for (const seed of seeds.length ? seeds : [undefined]) {
      const name = seed === undefined ? cell : unique(pointName(cell, ['seed'], [seed]));
      const seedField = seed === undefined ? {} : { seed };
      if (ex >= 0) {
        result.excluded.push({ name, assignments, exclude: ex });
        continue;
      }
      const point = cloneJson(base);
      const reasons: string[] = [];
      for (const [p, v] of Object.entries(assignments)) {
        if (!setAt(point, dotPathToSegments(p), cloneJson(v)))
          reasons.push(`spec/sweep-unknown-field: ${p} cannot be set (a value above it is not an object)`);
      }
      if (seed !== undefined && !setAt(point, ['train', 'seed'], seed))
        reasons.push('spec/sweep-seeds: train.seed cannot be set ("train" is not an object)');
      if (typeof base.name === 'string') point.name = name;
      const diagnostics = checkDocument(documentFromValue(point), ctx);
      const errors = diagnostics.filter((d) => d.severity === 'error');
      reasons.push(...errors.map((d) => `${d.code}: ${d.message}`));
      if (reasons.length) result.dropped.push({ name, assignments, cell, ...seedField, reasons, diagnostics });
      else result.points.push({ name, assignments, cell, ...seedField, ...labelField, spec: point, diagnostics });
    }
  }
  return result;
}
