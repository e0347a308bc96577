/**
 * `vla-lab checkpoints <run>`: a run's checkpoints — step, size, metrics, why each is kept — with
 * pinning, picking one by metric and evaluating every one into a curve. The rules and the metrics
 * index are the trainer's (python/vlalab/trainer/retention.py): this runs `python -m vlalab
 * checkpoints` with the user's interpreter (argv, no shell); --evaluate queues `vla-lab eval
 * --every-checkpoint` (an eval run like any other: listed, cancellable).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fmtBytes } from '../../core/checkpoints';
import { UserError } from '../../core/errors';
import { extensionRoot, findInterpreter, readRecord, resolveRunRef } from '../../core/runner';
import { fmtNum, table } from '../../core/runner/format';
import { parseCommandArgs, type Command } from '../command';
import { contextFromFlags, refOf } from '../run-helpers';
import { command as evalCommand } from './eval';

const USAGE = `usage: vla-lab checkpoints <run> [--json] [--pin REF | --unpin REF | --pick REF | --evaluate]

Lists a run's checkpoints on disk: step, size, the metrics recorded when each was written
(checkpoints/index.json), and why it is kept — one of the train.keep_checkpoints last, one of the
train.keep_best best by train.best_metric, the final one, or pinned. Pinned checkpoints and those an
evaluation is reading are never deleted. A checkpoint written just before the run was killed, before
its checkpoint event, is listed and marked; 'vla-lab resume' records it.
REF: a name in checkpoints/, latest, final, or best:<metric>[:min|max] (e.g. best:val/loss —
lower is better for losses, higher for acc/success/avg_len unless :min or :max says).

options:
  --pin REF        keep this checkpoint whatever the rules say (checkpoints/<name>.pin)
  --unpin REF      remove the pin
  --pick REF       print the path of the checkpoint REF names (for scripts; export/eval take
                   --checkpoint best:<metric> themselves)
  --evaluate       the same as 'vla-lab eval <run> --every-checkpoint': one queued eval run that
                   evaluates every checkpoint on disk with the spec's eval entries — success (or
                   avg len) against the step with intervals, the best checkpoint marked
  --json           the listing as JSON: {"checkpoints": [{name, step, bytes, pinned, kept_because, metrics, event,
                   recovered}], "count", "bytes"} (event false: written just before a kill, before its
                   checkpoint event; recovered: that event was written on resume)
  --python PATH    interpreter (default: VLA_LAB_PYTHON, then PATH, /usr/bin/python3)
  --runs-dir DIR   runs directory (default: VLA_LAB_RUNS_DIR or ./runs)`;

interface Listing {
  checkpoints: {
    name: string;
    step: number;
    bytes: number;
    pinned: boolean;
    kept_because: string[];
    metrics: Record<string, number>;
    /** Whether events.jsonl records it (false: written just before a kill; resume records it); null without events.jsonl, absent for RoboVLMs' checkpoints. */
    event?: boolean | null;
    /** Its `checkpoint` event was written on resume (retention.recover). */
    recovered?: boolean;
  }[];
  count: number;
  bytes: number;
}

export const command: Command = {
  name: 'checkpoints',
  summary: "list a run's checkpoints (metrics, size, why kept); pin, pick by metric, evaluate them all",
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('checkpoints', ctx.args, {
      json: { type: 'boolean' },
      pin: { type: 'string' },
      unpin: { type: 'string' },
      pick: { type: 'string' },
      evaluate: { type: 'boolean' },
      python: { type: 'string' },
      'runs-dir': { type: 'string' },
    });
    if (positionals.length !== 1)
      throw new UserError('checkpoints: give one run (experiment/run-id, a run-id prefix, a run directory or latest)');
    const actions = ['pin', 'unpin', 'pick', 'evaluate'].filter((k) => values[k as keyof typeof values] !== undefined);
    if (actions.length > 1) throw new UserError(`checkpoints: give one of --${actions.join(', --')}, not several`);
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    const dir = resolveRunRef(rctx.root, positionals[0], ctx.cwd);
    const rec = readRecord(dir);
    if (values.evaluate) {
      const args = [dir, '--every-checkpoint', ...(values.python ? ['--python', values.python] : []), '--runs-dir', rctx.root];
      return evalCommand.run({ ...ctx, args });
    }
    const python = findInterpreter({ explicit: values.python, env: ctx.env, cwd: ctx.cwd });
    const argv = [
      python.path,
      '-m',
      'vlalab',
      'checkpoints',
      '--run-dir',
      dir,
      ...(values.pin ? ['--pin', values.pin] : []),
      ...(values.unpin ? ['--unpin', values.unpin] : []),
      ...(values.pick ? ['--pick', values.pick] : []),
    ];
    const r = spawnSync(argv[0], argv.slice(1), {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 64 << 20,
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...ctx.env, PYTHONPATH: path.join(extensionRoot(), 'python'), PYTHONSAFEPATH: '1' },
    });
    if (r.error) throw new UserError(`cannot run ${python.path}: ${r.error.message}`);
    if (r.status !== 0) {
      const last = (r.stderr ?? '')
        .trim()
        .split('\n')
        .filter(Boolean)
        .pop()
        ?.replace(/^vlalab: /, '');
      throw new UserError(`checkpoints ${rec ? refOf(rec) : dir}: ${last || `exit ${r.status}`}`);
    }
    if (values.pin || values.unpin || values.pick) {
      ctx.out(r.stdout.trim());
      return 0;
    }
    const listing = JSON.parse(r.stdout) as Listing;
    if (values.json) {
      ctx.out(JSON.stringify(listing, null, 2));
      return 0;
    }
    if (!listing.count) {
      ctx.out('no checkpoints on disk');
      return 0;
    }
    // The metrics columns: every run logs train/loss; val/loss when it validates; at most four.
    const names = [...new Set(listing.checkpoints.flatMap((c) => Object.keys(c.metrics)))];
    const shown = ['val/loss', 'train/loss', ...names.filter((n) => n !== 'val/loss' && n !== 'train/loss')]
      .filter((n) => names.includes(n))
      .slice(0, 4);
    for (const l of table(
      ['checkpoint', 'step', 'size', ...shown, 'kept because'],
      listing.checkpoints.map((c) => [
        c.name,
        String(c.step),
        fmtBytes(c.bytes),
        ...shown.map((n) => (c.metrics[n] === undefined ? '—' : fmtNum(c.metrics[n]))),
        c.kept_because.join(', ') || 'not by the rules (pruned at the next save)',
      ]),
    ))
      ctx.out(l);
    const unrecorded = listing.checkpoints.filter((c) => c.event === false).map((c) => c.name);
    if (unrecorded.length)
      ctx.out(
        `no checkpoint event: ${unrecorded.join(', ')} — written just before the run was killed, before its event; complete and usable (latest, final and best:<metric> pick it); 'vla-lab resume' records it`,
      );
    const recovered = listing.checkpoints.filter((c) => c.recovered).map((c) => c.name);
    if (recovered.length) ctx.out(`recovered on resume: ${recovered.join(', ')} (its checkpoint event was written when the run resumed)`);
    ctx.out(`${listing.count} checkpoint${listing.count === 1 ? '' : 's'}, ${fmtBytes(listing.bytes)}`);
    return 0;
  },
};
