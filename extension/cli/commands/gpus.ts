/** `vla-lab gpus [--json]`: this machine's GPUs (nvidia-smi) and which run holds each. */
import * as fs from 'node:fs';
import { listActive, queryGpus, resolveRunsRoot } from '../../core/runner';
import { table } from '../../core/runner/format';
import { parseCommandArgs, type Command } from '../command';
import { runsElsewhere } from '../../core/runner/scheduler';

const USAGE = `usage: vla-lab gpus [--json] [--runs-dir DIR]

Lists the GPUs nvidia-smi reports (index, name, memory used/total, utilisation) and the run of
the queue holding each. A machine without nvidia-smi has none: runs use the CPU (--gpus 0).`;

export const command: Command = {
  name: 'gpus',
  summary: "list this machine's GPUs and the runs holding them",
  usage: USAGE,
  async run(ctx) {
    const { values } = parseCommandArgs('gpus', ctx.args, { json: { type: 'boolean' }, 'runs-dir': { type: 'string' } }, false);
    const gpus = queryGpus(undefined, ctx.env);
    const root = resolveRunsRoot({ cwd: ctx.cwd, env: ctx.env, flag: values['runs-dir'] });
    const holders = new Map<number, string>();
    if (fs.existsSync(root))
      for (const a of listActive(root))
        for (const g of a.assigned_gpus ?? []) if (!runsElsewhere(a.launcher)) holders.set(g, `${a.experiment}/${a.id}`);
    if (values.json) {
      ctx.out(
        JSON.stringify(
          gpus.map((g) => ({ ...g, run: holders.get(g.index) ?? null })),
          null,
          2,
        ),
      );
      return 0;
    }
    if (!gpus.length) {
      ctx.out('no GPUs (nvidia-smi not found or reports none): runs train on the CPU (--gpus 0)');
      return 0;
    }
    for (const l of table(
      ['GPU', 'NAME', 'MEMORY', 'UTIL', 'RUN'],
      gpus.map((g) => [
        String(g.index),
        g.name,
        `${g.memoryUsedMiB}/${g.memoryTotalMiB} MiB`,
        g.utilizationPct === null ? '-' : `${g.utilizationPct}%`,
        holders.get(g.index) ?? '-',
      ]),
    ))
      ctx.out(l);
    return 0;
  },
};
