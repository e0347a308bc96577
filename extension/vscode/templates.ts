/**
 * Templates for "VLA Lab: New Experiment" (plain Node, no `vscode`): the examples shipped in
 * examples/ — they are the templates, there is no other copy — the CPU quickstart
 * (examples/quickstart.vla.json) first, RoboVLMs' best CALVIN recipe (examples/robovlms-kosmos.vla.json:
 * KosMos-2, policy-head, continuous, LSTM, history 16, chunk 10, as in RoboVLMs' ws-16_act-10
 * config) second, then every other example. A template becomes a new spec with the user's name and
 * no `$schema`: VS Code gives *.vla.json the contributed hints schema by itself, and a `$schema`
 * naming the real schema would make its JSON service report every problem a second time.
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
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.vla.json'))
      .sort();
  } catch {
    files = [];
  }
  for (const f of files) {
    const spec = readExample(join(dir, f));
    if (spec) examples.set(f.replace(/\.vla\.json$/, ''), spec);
  }
  const ids = [...FIRST.filter((id) => examples.has(id)), ...[...examples.keys()].filter((id) => !FIRST.includes(id))];
  return ids.map((id) => {
    const spec = examples.get(id)!;
    const label =
      id === 'quickstart'
        ? 'Quickstart (CPU, minutes)'
        : id === 'robovlms-kosmos'
          ? 'RoboVLMs best recipe: KosMos-2 policy-head LSTM (CALVIN)'
          : id;
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
