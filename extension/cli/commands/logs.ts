/** `vla-lab logs <run> [-f] [--stderr]`: a run's stdout (or stderr), optionally following it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ByteTail } from '../../core/events';
import { UserError } from '../../core/errors';
import { reconcile, resolveRunRef, RUN_FILES, TERMINAL } from '../../core/runner';
import { parseCommandArgs, type Command } from '../command';
import { contextFromFlags } from '../run-helpers';

const USAGE = `usage: vla-lab logs <run> [-f] [--stderr] [--supervisor] [--runs-dir DIR]

Prints the run's stdout.log (--stderr: stderr.log; --supervisor: the supervisor's own log).
-f keeps printing what is appended until the run ends (Ctrl-C stops following, not the run).`;

export const command: Command = {
  name: 'logs',
  summary: "print (or follow) a run's stdout/stderr",
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('logs', ctx.args, {
      follow: { type: 'boolean', short: 'f' },
      stderr: { type: 'boolean' },
      supervisor: { type: 'boolean' },
      'runs-dir': { type: 'string' },
    });
    if (positionals.length !== 1) throw new UserError('logs: give one run (experiment/run-id, a run-id prefix, a run directory or latest)');
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    const dir = resolveRunRef(rctx.root, positionals[0], ctx.cwd);
    const file = path.join(dir, values.supervisor ? RUN_FILES.supervisorLog : values.stderr ? RUN_FILES.stderr : RUN_FILES.stdout);
    const tail = new ByteTail(file);
    let partial = '';
    const flush = (final: boolean) => {
      for (;;) {
        const c = tail.read();
        if (!c.bytes.length) break;
        partial += c.bytes.toString('utf8');
        if (!c.more) break;
      }
      const lines = partial.split('\n');
      partial = final ? '' : (lines.pop() ?? '');
      if (final && lines.length && lines[lines.length - 1] === '') lines.pop();
      for (const l of lines) ctx.out(l);
    };
    if (!values.follow) {
      if (!fs.existsSync(file)) {
        ctx.err(`(${path.basename(file)} does not exist yet: the run has not started)`);
        return 0;
      }
      flush(true);
      return 0;
    }
    let stop = false;
    const onSigint = () => {
      stop = true;
    };
    process.once('SIGINT', onSigint);
    try {
      for (;;) {
        flush(false);
        const rec = reconcile(dir);
        if (!rec || TERMINAL.has(rec.status) || stop) {
          flush(true);
          if (rec && TERMINAL.has(rec.status)) ctx.err(`(run ${rec.status}${rec.error ? `: ${rec.error}` : ''})`);
          return 0;
        }
        await new Promise((r) => setTimeout(r, 300));
      }
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  },
};
