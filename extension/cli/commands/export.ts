/**
 * `vla-lab export <run> [--checkpoint REF] [--python PATH]`: a run's policy to ONNX with the
 * policy.json the probe reads (core/probe/export.ts runs the trainer's exporter).
 */
import * as path from 'node:path';
import { UserError } from '../../core/errors';
import { exportPolicy } from '../../core/probe/export';
import { findInterpreter, readRecord, resolveRunRef } from '../../core/runner';
import { parseCommandArgs, type Command } from '../command';
import { pickCheckpoint } from './eval';
import { contextFromFlags, refOf, rel } from '../run-helpers';

const USAGE = `usage: vla-lab export <run> [--checkpoint REF] [--python PATH] [--runs-dir DIR]

Exports a built-in run's policy to ONNX for the policy probe ('vla-lab probe', the editor's Probe
Policy): <run>/export/policy.onnx and policy.json (inputs, tokenizer, action statistics). Runs the
trainer's exporter (python -m vlalab export-onnx) with your interpreter (--python, VLA_LAB_PYTHON,
the project's .venv, PATH); it needs the onnx and onnxscript packages ('vla-lab doctor' checks).
<run> is experiment/run-id, a unique run-id prefix, a run directory, or latest.

options:
  --checkpoint REF         final (default), latest, best:<metric>[:min|max] (by checkpoints/index.json,
                           e.g. best:val/loss), a name in the run's checkpoints/, or a path
  --python PATH            the Python interpreter to export with`;

export const command: Command = {
  name: 'export',
  summary: "export a run's policy to ONNX (policy.onnx + policy.json) for the probe",
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('export', ctx.args, {
      checkpoint: { type: 'string' },
      python: { type: 'string' },
      'runs-dir': { type: 'string' },
    });
    if (positionals.length !== 1)
      throw new UserError(
        "export: give one run (experiment/run-id, a run-id prefix, a run directory or latest; see 'vla-lab export --help')",
      );
    const rctx = contextFromFlags(ctx, values['runs-dir']);
    const dir = resolveRunRef(rctx.root, positionals[0], ctx.cwd);
    const rec = readRecord(dir);
    if (!rec) throw new UserError(`export: no run record in ${rel(ctx, dir)}`);
    if (rec.kind === 'imported')
      throw new UserError(`export: ${refOf(rec)} is an imported log directory; there is no checkpoint of ours to export`);
    if (rec.backend !== 'builtin')
      throw new UserError(
        `export: ${refOf(rec)} ran on the ${rec.backend} backend; 'vla-lab export' exports built-in runs (the probe reads their policy.json)`,
      );
    const checkpoint = values.checkpoint ? pickCheckpoint(dir, values.checkpoint, ctx.cwd) : undefined;
    // The user's own configuration picks the interpreter, never the run's run.json (runs travel).
    const python = findInterpreter({ explicit: values.python, env: ctx.env, cwd: ctx.cwd });
    ctx.err(`exporting ${refOf(rec)}${checkpoint ? ` (${path.basename(checkpoint)})` : ''} with ${python.path}…`);
    const out = await exportPolicy({ runDir: dir, checkpoint, python: python.path, env: ctx.env });
    ctx.out(`wrote ${rel(ctx, out.onnx)}`);
    ctx.out(`wrote ${rel(ctx, out.manifest)}`);
    ctx.out(`probe it with: vla-lab probe info ${refOf(rec)}`);
    return 0;
  },
};
