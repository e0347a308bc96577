/** `vla-lab sweep <spec>`: queue every valid point of a sweep; list the dropped ones with reasons. */
import type { Command } from '../command';
import { prepareFromArgs, refOf, rel, reportForeign } from '../run-helpers';

const USAGE = `usage: vla-lab sweep <file.vla.json> [options]

Expands the spec's sweep, validates each point on its own, and queues every valid point as its
own run (runs/<point-name>/<run-id>/, run.json "sweep" records the point). Invalid points are
printed with their reasons and skipped. Runs start as GPUs (or the CPU slot) free up; follow
them with 'vla-lab ls'. Takes the same options as 'vla-lab run' (--detach is implied).`;

export const command: Command = {
  name: 'sweep',
  summary: 'queue every point of a sweep (dropped points listed with reasons)',
  usage: USAGE,
  async run(ctx) {
    const { prepared: p } = prepareFromArgs(ctx, 'sweep');
    reportForeign(ctx, p);
    for (const d of p.dropped) ctx.err(`dropped ${d.name}: ${d.reasons.join('; ')}`);
    ctx.out(
      `queued ${p.runs.length} run${p.runs.length === 1 ? '' : 's'}${p.dropped.length ? ` (${p.dropped.length} point${p.dropped.length === 1 ? '' : 's'} dropped)` : ''}:`,
    );
    for (const r of p.runs) ctx.out(`  ${refOf(r.record)}  ${rel(ctx, r.dir)}`);
    ctx.out('follow them: vla-lab ls   (vla-lab logs -f <run> for one)');
    return 0;
  },
};
