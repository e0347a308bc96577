/**
 * Templates for "VLA Lab: New Experiment" (plain Node, no `vscode`): the CPU quickstart, RoboVLMs'
 * best CALVIN recipe (examples/robovlms-kosmos.vla.json: KosMos-2, policy-head, continuous, LSTM,
 * history 16, chunk 10, as in RoboVLMs' ws-16_act-10 config), then every other example shipped in
 * examples/. A template becomes a new spec with the user's name and no `$schema` (VS Code applies
 * the schema to *.vla.json by itself).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { experimentNameProblem } from '../core/runner/names';

export interface Template {
  id: string;
  label: string;
  description: string;
  spec: Record<string, unknown>;
}

/** The quickstart: trains on a laptop CPU in minutes and evaluates on the built-in Playtable. */
export const QUICKSTART: Record<string, unknown> = {
  name: 'quickstart',
  description: 'A tiny policy-head VLA (decoder-only backbone, LSTM head, history 4, chunk 4) trained from scratch on two Playtable tasks; CPU, a few minutes.',
  backend: 'builtin',
  backbone: { id: 'tiny-prefix', size: 'nano' },
  policy: { formulation: 'policy-head', action_space: 'continuous', history: 4, chunk: 4, head: { type: 'lstm', hidden: 128, layers: 2 } },
  observation: { image_size: 32, patch_size: 8, cameras: ['static', 'gripper'], proprio: false },
  action: { dim: 7, arm_loss: 'mse', arm_weight: 1.0, gripper_weight: 0.01 },
  data: { recipe: 'finetune', stages: [{ name: 'finetune', datasets: [{ type: 'playtable', tasks: ['open_drawer', 'close_drawer'], episodes: 32 }], steps: 600 }] },
  train: { batch_size: 32, optimizer: 'adamw', lr: 0.001, schedule: 'cosine', warmup_steps: 50, seed: 0, log_every: 5, val_every: 100 },
  eval: [{ benchmark: 'playtable', chains: 20, chain_length: 1, videos: 4 }],
  resources: { launcher: 'local', gpus: 0 },
};

const FIRST = ['quickstart', 'robovlms-kosmos'];

function readExample(path: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function listTemplates(extensionRoot: string): Template[] {
  const dir = join(extensionRoot, 'examples');
  const examples = new Map<string, Record<string, unknown>>();
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.vla.json')).sort();
  } catch {
    files = [];
  }
  for (const f of files) {
    const spec = readExample(join(dir, f));
    if (spec) examples.set(f.replace(/\.vla\.json$/, ''), spec);
  }
  if (!examples.has('quickstart')) examples.set('quickstart', QUICKSTART);
  const ids = [...FIRST.filter((id) => examples.has(id)), ...[...examples.keys()].filter((id) => !FIRST.includes(id))];
  return ids.map((id) => {
    const spec = examples.get(id)!;
    const label = id === 'quickstart' ? 'Quickstart (CPU, minutes)' : id === 'robovlms-kosmos' ? 'RoboVLMs best recipe: KosMos-2 policy-head LSTM (CALVIN)' : id;
    return { id, label, description: typeof spec.description === 'string' ? spec.description : '', spec };
  });
}

/** The text of a new spec from a template. */
export function instantiate(t: Template, name: string): string {
  const { $schema: _schema, ...rest } = t.spec;
  return `${JSON.stringify({ ...rest, name }, null, 2)}\n`;
}

/** A valid experiment name (the runner's one rule, core/runner/names.ts), or the reason it is not. */
export function checkExperimentName(name: string): string | undefined {
  const problem = experimentNameProblem(name);
  return problem ? `This name cannot be used: ${problem}.` : undefined;
}
