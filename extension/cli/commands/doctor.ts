/** `vla-lab doctor [--json] [--python P]`: what this machine has for VLA Lab, and how to fix what it lacks. */
import { formatDoctor, runDoctor } from '../../core/environment/doctor';
import { parseCommandArgs, type Command } from '../command';

const USAGE = `usage: vla-lab doctor [--json] [--python PATH]

Checks the environment VLA Lab runs in: the Python interpreter a launch would use (--python,
VLA_LAB_PYTHON, the project's .venv, PATH — in that order), its torch / transformers / peft /
onnx / onnxruntime versions, CUDA devices, ffmpeg and onnxruntime-node. Each missing piece is
followed by the one command that fixes it. Exits 1 when something the built-in trainer needs is
missing, else 0.`;

export const command: Command = {
  name: 'doctor',
  summary: 'check the interpreter, packages, GPUs and tools VLA Lab needs, with fixes',
  usage: USAGE,
  async run(ctx) {
    const { values } = parseCommandArgs('doctor', ctx.args, { json: { type: 'boolean' }, python: { type: 'string' } }, false);
    const report = runDoctor({ explicit: values.python, env: ctx.env, cwd: ctx.cwd });
    if (values.json) ctx.out(JSON.stringify(report, null, 2));
    else for (const l of formatDoctor(report)) ctx.out(l);
    return report.ok ? 0 : 1;
  },
};
