/** `vla-lab doctor [--json] [--python P]`: what this machine has for VLA Lab, and how to fix what it lacks. */
import { formatDoctor, runDoctor } from '../../core/environment/doctor';
import { formatRoboVLMsDoctor, runRoboVLMsDoctor } from '../../core/environment/robovlms-doctor';
import { UserError } from '../../core/errors';
import { parseCommandArgs, type Command } from '../command';

const USAGE = `usage: vla-lab doctor [--json] [--python PATH]
       vla-lab doctor --robovlms DIR [--robovlms-python PATH] [--spec FILE.vla.json [--smoke]] [--json]

Checks the environment VLA Lab runs in: the Python interpreter a launch would use (--python,
VLA_LAB_PYTHON, the project's .venv, PATH — in that order), its torch / transformers / peft /
onnx / onnxruntime versions, CUDA devices, ffmpeg and onnxruntime-node. Each missing piece is
followed by the one command that fixes it. Exits 1 when something the built-in trainer needs is
missing, else 0.

With --robovlms: whether that RoboVLMs checkout can train — its main.py; torch, transformers,
lightning and RoboVLMs' own modules importable by its interpreter (--robovlms-python,
VLA_LAB_ROBOVLMS_PYTHON); CALVIN's calvin_agent and pyhash (without them RoboVLMs' CALVIN loader
fails later with "name 'logger' is not defined"); the transformers version RoboVLMs pins for the
spec's backbone; with --spec, the backbone's weights directory and config paths under /mnt/;
with --smoke, a few training steps through main.py (on the CPU when there is no CUDA) and the
first loss.`;

export const command: Command = {
  name: 'doctor',
  summary: 'check the interpreter, packages, GPUs and tools VLA Lab needs, with fixes',
  usage: USAGE,
  async run(ctx) {
    const { values } = parseCommandArgs(
      'doctor',
      ctx.args,
      {
        json: { type: 'boolean' },
        python: { type: 'string' },
        robovlms: { type: 'string' },
        'robovlms-python': { type: 'string' },
        spec: { type: 'string' },
        smoke: { type: 'boolean' },
      },
      false,
    );
    if (values.robovlms !== undefined) {
      const report = await runRoboVLMsDoctor({
        checkout: values.robovlms,
        python: values['robovlms-python'],
        spec: values.spec,
        smoke: values.smoke,
        env: ctx.env,
        cwd: ctx.cwd,
      });
      if (values.json) ctx.out(JSON.stringify(report, null, 2));
      else for (const l of formatRoboVLMsDoctor(report)) ctx.out(l);
      return report.ok ? 0 : 1;
    }
    if (values.spec || values.smoke || values['robovlms-python'])
      throw new UserError('doctor: --spec, --smoke and --robovlms-python go with --robovlms <checkout>');
    const report = runDoctor({ explicit: values.python, env: ctx.env, cwd: ctx.cwd });
    if (values.json) ctx.out(JSON.stringify(report, null, 2));
    else for (const l of formatDoctor(report)) ctx.out(l);
    return report.ok ? 0 : 1;
  },
};
