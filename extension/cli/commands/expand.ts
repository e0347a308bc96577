/** `vla-lab expand <spec> [--json]`: the concrete points of a sweep, and the dropped ones with reasons. */
import { dirname, resolve } from 'node:path';
import { formatDiagnostic } from '../../core/diagnostics';
import { UserError } from '../../core/errors';
import { diskContext, expandSweep, parseSpecText, readSpecFile } from '../../core/spec';
import { parseCommandArgs, type Command } from '../command';

const USAGE = `usage: vla-lab expand <file.vla.json> [--json]

Expands the spec's sweep (the cartesian product of sweep.axes minus sweep.exclude, each cell once
per training seed of sweep.seeds) into concrete specs, validates each one on its own and lists the
valid points, the excluded ones and the dropped ones with the reasons. A spec without a sweep is
one point.
Exit status 1 when no point is valid.

options:
  --json   print {"total", "seeds", "points": [{"name", "cell", "seed", "assignments", "spec"}],
           "dropped": [{"name", "cell", "seed", "assignments", "reasons"}], "excluded": [{"name",
           "assignments", "exclude"}]} ("seed" null without sweep.seeds)`;

export const command: Command = {
  name: 'expand',
  summary: 'list the concrete specs of a sweep (and the invalid points with reasons)',
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('expand', ctx.args, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UserError("expand: give exactly one *.vla.json file (see 'vla-lab expand --help')");
    const file = positionals[0];
    const abs = resolve(ctx.cwd, file);
    const doc = parseSpecText(readSpecFile(abs, file));
    const syntax = doc.diagnostics.find((d) => d.code === 'json/parse');
    if (syntax)
      throw new UserError(`expand: ${formatDiagnostic(file, syntax)} (fix the JSON first; 'vla-lab validate ${file}' lists every problem)`);
    const x = expandSweep(doc.value, diskContext(dirname(abs)));
    if (x.problems.length) throw new UserError(`expand: ${x.problems[0].message}`);
    if (values.json) {
      ctx.out(
        JSON.stringify(
          {
            total: x.total,
            seeds: x.seeds,
            points: x.points.map((p) => ({ name: p.name, cell: p.cell, seed: p.seed ?? null, assignments: p.assignments, spec: p.spec })),
            dropped: x.dropped.map((d) => ({
              name: d.name,
              cell: d.cell,
              seed: d.seed ?? null,
              assignments: d.assignments,
              reasons: d.reasons,
            })),
            excluded: x.excluded.map((e) => ({ name: e.name, assignments: e.assignments, exclude: e.exclude })),
          },
          null,
          2,
        ),
      );
    } else {
      const show = (a: Record<string, unknown>, labels: Record<string, string> = {}, seed?: number) =>
        [
          ...Object.entries(a).map(([k, v]) => `${k}=${labels[k] ?? JSON.stringify(v)}`),
          ...(seed === undefined ? [] : [`train.seed=${seed}`]),
        ].join(' ');
      for (const p of x.points)
        ctx.out(
          `point    ${p.name}${Object.keys(p.assignments).length || p.seed !== undefined ? `  (${show(p.assignments, p.labels, p.seed)})` : ''}`,
        );
      for (const e of x.excluded) ctx.out(`excluded ${e.name}  (sweep.exclude[${e.exclude}])`);
      for (const d of x.dropped) {
        ctx.out(`dropped  ${d.name}`);
        for (const r of d.reasons) ctx.out(`           ${r}`);
      }
    }
    const cells = x.seeds.length
      ? ` (${x.total / x.seeds.length} cell${x.total / x.seeds.length === 1 ? '' : 's'} × ${x.seeds.length} seed${x.seeds.length === 1 ? '' : 's'})`
      : '';
    ctx.err(
      `${x.total} point${x.total === 1 ? '' : 's'}${cells}: ${x.points.length} valid, ${x.excluded.length} excluded, ${x.dropped.length} dropped`,
    );
    return x.points.length > 0 ? 0 : 1;
  },
};
