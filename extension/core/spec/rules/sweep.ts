/** Sweep rules: axes must name real fields, their values must be valid, exclusions and labels must name axes, seeds are set once. */
import { documentFromValue } from '../parse';
import { cloneJson, deepEqual, dotPathToSegments, escapeSegment, isPlainObject, setAt, toPointer } from '../pointer';
import { experimentSchema, schemaDiagnostics } from '../schema';
import { allFieldPaths, schemaAtPath } from '../schema-walk';
import { closest } from '../suggest';
import type { Rule, RuleFinding } from './engine';

let fieldPaths: string[] | undefined;
const knownPaths = () => (fieldPaths ??= allFieldPaths(experimentSchema).filter((p) => p !== 'sweep' && !p.startsWith('sweep.')));

/** Axes that are objects mapping to arrays (others are schema errors already). */
function axesOf(raw: unknown): [string, unknown[]][] {
  const axes = isPlainObject(raw) && isPlainObject(raw.sweep) && isPlainObject(raw.sweep.axes) ? raw.sweep.axes : {};
  return Object.entries(axes).filter((e): e is [string, unknown[]] => Array.isArray(e[1]));
}

/** Whether an axis path can hold a value: it exists in the schema and is not `name`/`sweep`/`$schema`. */
function axisProblem(path: string): string | undefined {
  const segs = dotPathToSegments(path);
  if (segs[0] === 'sweep' || segs[0] === 'name' || segs[0] === '$schema')
    return `"${path}" cannot be swept (each point's name is derived from the experiment name, and sweeps do not nest).`;
  if (!schemaAtPath(experimentSchema, segs)) {
    const guess = closest(path, knownPaths());
    return `"${path}" is not a field of the spec${guess ? `: did you mean "${guess}"?` : ' (use dot paths such as "policy.head.type" or "data.stages.0.steps").'}`;
  }
  return undefined;
}

const axisPointer = (axis: string) => `/sweep/axes/${escapeSegment(axis)}`;

export const sweepRules: Rule[] = [
  {
    code: 'spec/sweep-unknown-field',
    severity: 'error',
    summary: 'Each sweep axis must be the dot path of a spec field (the closest valid path is suggested).',
    check(s) {
      return axesOf(s.raw).flatMap(([axis]) => {
        const problem = axisProblem(axis);
        if (!problem) return [];
        const guess = /did you mean "([^"]+)"/.exec(problem)?.[1];
        return [
          {
            pointer: axisPointer(axis),
            target: 'key' as const,
            message: problem,
            fixes: guess
              ? [
                  {
                    title: `Rename to "${guess}"`,
                    ops: [{ op: 'rename' as const, pointer: axisPointer(axis), newKey: guess }],
                    preferred: true,
                  },
                ]
              : [],
          },
        ];
      });
    },
  },
  {
    code: 'spec/sweep-invalid-value',
    severity: 'error',
    summary: 'Every value of a sweep axis must be valid for its field (checked against the schema on its own).',
    check(s) {
      if (!isPlainObject(s.raw)) return [];
      const base = cloneJson(s.raw);
      delete base.sweep;
      const out: RuleFinding[] = [];
      for (const [axis, values] of axesOf(s.raw)) {
        if (axisProblem(axis)) continue;
        const segs = dotPathToSegments(axis);
        const target = toPointer(segs);
        values.forEach((v, i) => {
          const point = cloneJson(base);
          if (!setAt(point, segs, cloneJson(v))) {
            out.push({
              pointer: `${axisPointer(axis)}/${i}`,
              message: `${axis} cannot be set: a value above it in the spec is not an object.`,
            });
            return;
          }
          const bad = schemaDiagnostics(documentFromValue(point)).find((d) => d.pointer === target || d.pointer.startsWith(target + '/'));
          if (bad)
            out.push({
              pointer: `${axisPointer(axis)}/${i}`,
              message: `Sweep value ${JSON.stringify(v)} for ${axis} is invalid: ${bad.message}`,
            });
        });
      }
      return out;
    },
  },
  {
    code: 'spec/sweep-duplicate-value',
    severity: 'warning',
    summary: 'A value listed twice on one axis runs the same points twice.',
    check(s) {
      return axesOf(s.raw).flatMap(([axis, values]) =>
        values.flatMap((v, i) =>
          values.slice(0, i).some((w) => deepEqual(v, w))
            ? [
                {
                  pointer: `${axisPointer(axis)}/${i}`,
                  message: `${JSON.stringify(v)} is listed twice on ${axis}: remove the duplicate.`,
                  fixes: [
                    {
                      title: 'Remove the duplicate',
                      ops: [{ op: 'remove' as const, pointer: `${axisPointer(axis)}/${i}` }],
                      preferred: true,
                    },
                  ],
                },
              ]
            : [],
        ),
      );
    },
  },
  {
    code: 'spec/sweep-exclude-unknown-axis',
    severity: 'error',
    summary: 'sweep.exclude entries may only name axes of the sweep.',
    check(s) {
      const axes = axesOf(s.raw);
      const names = axes.map(([a]) => a);
      const excl = isPlainObject(s.raw) && isPlainObject(s.raw.sweep) && Array.isArray(s.raw.sweep.exclude) ? s.raw.sweep.exclude : [];
      const out: RuleFinding[] = [];
      excl.forEach((e, i) => {
        if (!isPlainObject(e)) return;
        for (const key of Object.keys(e)) {
          const p = `/sweep/exclude/${i}/${escapeSegment(key)}`;
          const axis = axes.find(([a]) => a === key);
          if (!axis) {
            const guess = closest(key, names);
            out.push({
              pointer: p,
              target: 'key',
              message: `sweep.exclude[${i}] names "${key}", which is not an axis${guess ? `: did you mean "${guess}"?` : `; axes are ${names.map((n) => `"${n}"`).join(', ') || 'none'}.`}`,
              fixes: guess
                ? [{ title: `Rename to "${guess}"`, ops: [{ op: 'rename', pointer: p, newKey: guess }], preferred: true }]
                : [{ title: `Remove "${key}"`, ops: [{ op: 'remove', pointer: p }] }],
            });
          }
        }
      });
      return out;
    },
  },
  {
    code: 'spec/sweep-labels-mismatch',
    severity: 'error',
    summary: 'sweep.labels names an axis of the sweep and gives one distinct name per value of it.',
    check(s) {
      const axes = axesOf(s.raw);
      const labels = isPlainObject(s.raw) && isPlainObject(s.raw.sweep) && isPlainObject(s.raw.sweep.labels) ? s.raw.sweep.labels : {};
      return Object.entries(labels).flatMap(([key, names]): RuleFinding[] => {
        const p = `/sweep/labels/${escapeSegment(key)}`;
        const axis = axes.find(([a]) => a === key);
        if (!axis) {
          const guess = closest(
            key,
            axes.map(([a]) => a),
          );
          return [
            {
              pointer: p,
              target: 'key',
              message: `sweep.labels names "${key}", which is not an axis${guess ? `: did you mean "${guess}"?` : '.'}`,
              fixes: guess ? [{ title: `Rename to "${guess}"`, ops: [{ op: 'rename', pointer: p, newKey: guess }], preferred: true }] : [],
            },
          ];
        }
        if (!Array.isArray(names)) return [];
        if (names.length !== axis[1].length)
          return [
            {
              pointer: p,
              message: `sweep.labels.${key} has ${names.length} name${names.length === 1 ? '' : 's'} for the axis's ${axis[1].length} value${axis[1].length === 1 ? '' : 's'}: give one name per value, in the same order.`,
            },
          ];
        const dup = names.findIndex((n, i) => names.indexOf(n) !== i);
        return dup >= 0
          ? [
              {
                pointer: `${p}/${dup}`,
                message: `sweep.labels.${key} uses ${JSON.stringify(names[dup])} twice: each value needs its own name.`,
              },
            ]
          : [];
      });
    },
  },
  {
    code: 'spec/sweep-seeds-and-seed-axis',
    severity: 'error',
    summary: 'Training seeds come from sweep.seeds or from a train.seed axis, not both.',
    check(s) {
      const sweep = isPlainObject(s.raw) && isPlainObject(s.raw.sweep) ? s.raw.sweep : undefined;
      if (!sweep || !Array.isArray(sweep.seeds) || !axesOf(s.raw).some(([a]) => a === 'train.seed')) return [];
      return [
        {
          pointer: axisPointer('train.seed'),
          target: 'key',
          message: 'The sweep sets train.seed twice: sweep.seeds gives every cell its training seeds; remove the train.seed axis.',
          fixes: [{ title: 'Remove the train.seed axis', ops: [{ op: 'remove', pointer: axisPointer('train.seed') }], preferred: true }],
        },
      ];
    },
  },
  {
    code: 'spec/sweep-exclude-never-matches',
    severity: 'warning',
    summary: 'An exclusion whose value is not on its axis never drops anything.',
    check(s) {
      const axes = axesOf(s.raw);
      const sweep = isPlainObject(s.raw) && isPlainObject(s.raw.sweep) ? s.raw.sweep : undefined;
      const excl = sweep && Array.isArray(sweep.exclude) ? sweep.exclude : [];
      const labels = sweep && isPlainObject(sweep.labels) ? sweep.labels : {};
      return excl.flatMap((e, i) =>
        (isPlainObject(e) ? Object.entries(e) : []).flatMap(([key, value]) => {
          const axis = axes.find(([a]) => a === key);
          const named = Array.isArray(labels[key]) && labels[key].length === axis?.[1].length && labels[key].includes(value);
          return axis && !named && !axis[1].some((v) => deepEqual(v, value))
            ? [
                {
                  pointer: `/sweep/exclude/${i}/${escapeSegment(key)}`,
                  message: `sweep.exclude[${i}] never matches: ${JSON.stringify(value)} is not one of the values of ${key}${Array.isArray(labels[key]) ? ' nor one of its labels' : ''}.`,
                },
              ]
            : [];
        }),
      );
    },
  },
];
