/**
 * Sweep expansion: the cartesian product of `sweep.axes` minus the `exclude` matches. Each point
 * is a deep copy of the spec with the axis values set, `sweep` removed and a deterministic name
 * (`<name>--<axis>_<value>…`), validated on its own (schema + rules); invalid points are dropped
 * with their reasons. Never throws.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics';
import { makeRange } from '../diagnostics';
import { checkDocument } from './check';
import { documentFromValue } from './parse';
import { cloneJson, deepEqual, dotPathToSegments, isPlainObject, setAt } from './pointer';
import { diskContext, type SpecContext } from './rules';

export const MAX_SWEEP_POINTS = 4096;

export interface SweepPoint {
  name: string;
  /** Axis path → value of this point. */
  assignments: Record<string, unknown>;
  /** The concrete spec (no `sweep`). */
  spec: Record<string, unknown>;
  /** Warnings and infos of this point (errors would have dropped it). */
  diagnostics: Diagnostic[];
}

export interface DroppedPoint {
  name: string;
  assignments: Record<string, unknown>;
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
  /** Points in the product (before exclusion). */
  total: number;
  points: SweepPoint[];
  dropped: DroppedPoint[];
  excluded: ExcludedPoint[];
  /** Problems with the sweep as a whole (too many points, not an object). */
  problems: Diagnostic[];
}

const NAME_MAX = 100;

function valueLabel(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? 'null';
  return s.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}

/** Short axis labels: the path without its section (`policy.head.type` → `head.type`) unless that collides. */
function axisLabels(axes: string[]): string[] {
  const short = axes.map((a) => (a.includes('.') ? a.slice(a.indexOf('.') + 1) : a));
  return axes.map((a, i) => (short.filter((s) => s === short[i]).length > 1 ? a : short[i]).replace(/[^A-Za-z0-9_.-]+/g, '-'));
}

/** `<base>--<label>_<value>…`, cut to the name pattern's 100 characters with a hash when too long. */
export function pointName(base: string, labels: string[], values: unknown[]): string {
  const suffix = labels.map((l, i) => `--${l}_${valueLabel(values[i])}`).join('');
  const full = `${base}${suffix}`;
  if (full.length <= NAME_MAX) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, NAME_MAX - 10)}--${hash}`;
}

function problem(code: string, message: string): Diagnostic {
  return { code, severity: 'error', message, pointer: '/sweep', range: makeRange([0], 0, 0) };
}

export function expandSweep(spec: unknown, ctx: SpecContext = diskContext(process.cwd()), options: { maxPoints?: number } = {}): SweepExpansion {
  const result: SweepExpansion = { total: 0, points: [], dropped: [], excluded: [], problems: [] };
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
  result.total = axes.reduce((n, [, vs]) => n * vs.length, 1);
  const max = options.maxPoints ?? MAX_SWEEP_POINTS;
  if (result.total > max) {
    result.problems.push(problem('spec/sweep-too-large', `The sweep has ${result.total} points (more than ${max}): split it into several specs or remove values.`));
    return result;
  }
  const paths = axes.map(([a]) => a);
  const labels = axisLabels(paths);
  const usedNames = new Set<string>();
  const indices = axes.map(() => 0);
  for (let n = 0; n < result.total; n++) {
    const values = axes.map(([, vs], i) => vs[indices[i]]);
    const assignments: Record<string, unknown> = {};
    paths.forEach((p, i) => { assignments[p] = values[i]; });
    let name = pointName(baseName, labels, values);
    for (let k = 2; usedNames.has(name); k++) name = pointName(baseName, labels, values).slice(0, NAME_MAX - 4) + `-${k}`;
    usedNames.add(name);
    // Advance the odometer (last axis fastest).
    for (let i = axes.length - 1; i >= 0; i--) {
      if (++indices[i] < axes[i][1].length) break;
      indices[i] = 0;
    }
    const ex = exclude.findIndex((e) => Object.entries(e).every(([k, v]) => k in assignments && deepEqual(assignments[k], v)));
    if (ex >= 0) {
      result.excluded.push({ name, assignments, exclude: ex });
      continue;
    }
    const point = cloneJson(base);
    const reasons: string[] = [];
    for (const [p, v] of Object.entries(assignments)) {
      if (!setAt(point, dotPathToSegments(p), cloneJson(v))) reasons.push(`spec/sweep-unknown-field: ${p} cannot be set (a value above it is not an object)`);
    }
    if (typeof base.name === 'string') point.name = name;
    const diagnostics = checkDocument(documentFromValue(point), ctx);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    reasons.push(...errors.map((d) => `${d.code}: ${d.message}`));
    if (reasons.length) result.dropped.push({ name, assignments, reasons, diagnostics });
    else result.points.push({ name, assignments, spec: point, diagnostics });
  }
  return result;
}
