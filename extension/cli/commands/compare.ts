/**
 * `vla-lab compare <run> <run> [...] [--json]`: what the editor's Compare panel shows, in the
 * terminal — the metrics a study compares (best value marked) and the spec fields that differ.
 * The comparison is core/metrics/compare.ts, the one the panel uses.
 */
import { UserError } from '../../core/errors';
import { bestIndex, formatMetric, protocolLabel, protocolNotes } from '../../core/metrics/compare-table';
import { isEvaluationMetric, metricRows, readRunForCompare, specDifferences } from '../../core/metrics/compare';
import { manifestDifferences, readManifest } from '../../core/manifest';
import { reconcile, refreshImported, resolveRunRef } from '../../core/runner';
import { table } from '../../core/runner/format';
import { parseCommandArgs, type Command } from '../command';
import { contextFromFlags, refOf, rel } from '../run-helpers';

const USAGE = `usage: vla-lab compare <run> <run> [<run>...] [--json] [--runs-dir DIR]

Compares runs as the editor's Compare panel does: per metric (average length, success rates,
final validation and training loss, steps) each run's value, the best one marked with *, an
evaluation evaluated under a different protocol than the first run's (benchmark version, split,
scene, chain set, phrasing set, embodiment, seed, execution...) marked with ≠ and the tags that
differ named below the table, then
the fields of the resolved specs (spec.json, flattened to dot paths) whose values differ, then
what differs in the runs' manifests (manifest.json: code commits and diffs, packages, data and
benchmark hashes, seeds, hardware).
<run> is experiment/run-id, a unique run-id prefix, a run directory, or latest.

options:
  --json   {"runs": [{"run", "dir", "status", "protocol", "protocol_differs": {"tags", "text"} | null}],
            "metrics": [{"name", "values", "better", "digits", "best"}],
            "differences": [{"path", "values"}], "same_count", "manifest_differences": [{"path", "values"}],
            "manifest_same_count"}`;

export const command: Command = {
  name: 'compare',
  summary: 'compare runs: metrics side by side and the spec fields that differ',
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('compare', ctx.args, { json: { type: 'boolean' }, 'runs-dir': { type: 'string' } });
    if (positionals.length < 2)
      throw new UserError(
        "compare: give two or more runs (experiment/run-id, a run-id prefix, a run directory or latest; see 'vla-lab compare --help')",
      );
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    const dirs = positionals.map((ref) => resolveRunRef(rctx.root, ref, ctx.cwd));
    const twice = dirs.find((d, i) => dirs.indexOf(d) !== i);
    if (twice) throw new UserError(`compare: ${rel(ctx, twice)} is named twice; give different runs`);
    const runs = dirs.map((dir) => {
      const record = reconcile(dir);
      if (!record) throw new UserError(`compare: no run record in ${rel(ctx, dir)}`);
      if (record.kind === 'imported') refreshImported(dir);
      return { dir, record, ...readRunForCompare(dir) };
    });
    const metrics = metricRows(runs.map((r) => r.metrics));
    // Numbers from different evaluation protocols are never compared silently.
    const notes = protocolNotes(runs.map((r) => r.metrics.protocol));
    const { differences, sameCount } = specDifferences(runs.map((r) => r.spec));
    // Beside the config: what each run was made of (manifest.json) where the runs differ.
    const manifests = runs.map((r) => readManifest(r.dir).manifest);
    const env = manifestDifferences(manifests);
    const withManifest = manifests.filter(Boolean).length;

    if (values.json) {
      ctx.out(
        JSON.stringify(
          {
            runs: runs.map((r, i) => ({
              run: refOf(r.record),
              dir: r.dir,
              status: r.record.status,
              protocol: r.metrics.protocol ?? null,
              protocol_differs: notes[i],
            })),
            metrics: metrics.map((m) => ({ ...m, best: bestIndex(m) < 0 ? null : bestIndex(m) })),
            differences,
            same_count: sameCount,
            manifest_differences: env.differences,
            manifest_same_count: env.sameCount,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    // As the panel labels its columns: run ids, or experiment/run-id when experiments differ.
    const oneExperiment = new Set(runs.map((r) => r.record.experiment)).size === 1;
    const labels = runs.map((r) => (oneExperiment ? r.record.id : refOf(r.record)));
    for (const [i, r] of runs.entries()) ctx.out(`${labels[i]}: ${refOf(r.record)} (${r.record.status}) ${rel(ctx, r.dir)}`);
    ctx.out('');
    ctx.out('Metrics (* best)');
    const metricLines = metrics.map((m) => {
      const best = bestIndex(m);
      const marked = isEvaluationMetric(m.name);
      return [
        `${m.name} (${m.better} is better)`,
        ...m.values.map((v, i) => formatMetric(v, m.digits) + (i === best ? ' *' : '') + (marked && v !== null && notes[i] ? ' ≠' : '')),
      ];
    });
    for (const line of table(['metric', ...labels], metricLines)) ctx.out(line);
    const ref = runs.findIndex((r) => r.metrics.protocol !== undefined);
    if (notes.some(Boolean)) {
      ctx.out(`≠ evaluated under a different protocol than ${labels[ref]} (${protocolLabel(runs[ref].metrics.protocol) || 'no tags'}):`);
      for (const [i, n] of notes.entries()) if (n) ctx.out(`  ${labels[i]}: ${n.text}`);
    } else if (ref >= 0 && runs[ref].metrics.protocol) {
      ctx.out(`Every evaluation ran under the same protocol: ${protocolLabel(runs[ref].metrics.protocol)}.`);
    }
    ctx.out('');
    if (differences.length === 0) {
      ctx.out(`The specs are identical (${sameCount} fields).`);
    } else {
      ctx.out(`Spec differences (${sameCount} other fields are the same in every run)`);
      for (const line of table(
        ['field', ...labels],
        differences.map((d) => [d.path, ...d.values]),
      ))
        ctx.out(line);
    }
    ctx.out('');
    if (withManifest === 0) {
      ctx.out('No run has a manifest.json (code, packages, data hashes): nothing to compare there.');
    } else if (env.differences.length === 0) {
      ctx.out(`The manifests agree: code, packages, data and benchmark hashes, seeds, hardware (${env.sameCount} facts).`);
    } else {
      ctx.out(
        `Manifest differences (${env.sameCount} other facts are the same${withManifest < runs.length ? `; ${runs.length - withManifest} run${runs.length - withManifest === 1 ? ' has' : 's have'} no manifest.json` : ''})`,
      );
      for (const line of table(
        ['fact', ...labels],
        env.differences.map((d) => [d.path, ...d.values]),
      ))
        ctx.out(line);
    }
    return 0;
  },
};
