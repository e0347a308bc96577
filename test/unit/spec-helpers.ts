/** Shared by the spec-* tests: a small valid spec, a disk-free context and mutation helpers. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SpecContext } from '../../extension/core/spec';

export const repoRoot = join(__dirname, '..', '..');

export function baseSpec(): Record<string, any> {
  return {
    name: 'base',
    backend: 'builtin',
    backbone: { id: 'tiny-prefix', size: 'nano' },
    policy: { formulation: 'policy-head', action_space: 'continuous', history: 4, chunk: 4, head: { type: 'lstm', hidden: 64, layers: 1 } },
    observation: { image_size: 32, cameras: ['static'] },
    data: {
      recipe: 'finetune',
      stages: [{ name: 'finetune', datasets: [{ type: 'playtable', tasks: ['open_drawer'], episodes: 8 }], steps: 100 }],
    },
    train: { batch_size: 8, lr: 0.001 },
    eval: [{ benchmark: 'playtable', chains: 5, chain_length: 1, videos: 0 }],
    resources: { launcher: 'local', gpus: 0 },
  };
}

/** The base spec moved to the RoboVLMs backend (KosMos-2, CALVIN data and evaluation). */
export function roboSpec(): Record<string, any> {
  const s = baseSpec();
  s.backend = 'robovlms';
  s.backbone = { id: 'kosmos-2', path: 'weights/kosmos-2' };
  s.data.stages[0].datasets = [{ type: 'calvin', path: 'calvin/task_D_D' }];
  s.eval = [{ benchmark: 'calvin' }];
  return s;
}

/** A context whose disk holds exactly the given directories and files (absolute, under /spec). */
export function fakeDisk(dirs: string[] = [], files: string[] = []): SpecContext {
  return { baseDir: '/spec', dirExists: (p) => dirs.includes(p), fileExists: (p) => files.includes(p) };
}

export function exampleFiles(): string[] {
  const dir = join(repoRoot, 'examples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.vla.json'))
    .sort()
    .map((f) => join(dir, f));
}
