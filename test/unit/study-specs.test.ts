/**
 * examples/study/*.vla.json: one sweep per RoboVLMs finding that Playtable can test. Each must
 * validate without errors or warnings, expand into valid points only, give every cell ≥ 3 training
 * seeds and every run ≥ 50 evaluation episodes, run on the CPU through the queue, and together they
 * must cover the findings docs/experiments.md lists as testable.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { formatDiagnostic } from '../../extension/core/diagnostics';
import { expandSweep, validateSpecFile } from '../../extension/core/spec';
import { repoRoot } from './spec-helpers';

const dir = join(repoRoot, 'examples', 'study');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.vla.json'))
  .sort()
  .map((f) => join(dir, f));
const disk = { baseDir: dir, dirExists: () => true, fileExists: () => true };

/** Episodes one run evaluates: single-task evaluations split `chains` evenly over the tasks (trainer/evaluate.py). */
function episodesOf(spec: any): number {
  const e = spec.eval[0];
  if ((e.chain_length ?? 5) > 1) return e.chains;
  const last = spec.data.stages[spec.data.stages.length - 1];
  const tasks = e.tasks ?? [
    ...new Set(last.datasets.filter((d: any) => !d.embodiment || d.embodiment === 'default').flatMap((d: any) => d.tasks)),
  ];
  return Math.max(1, Math.floor(e.chains / tasks.length)) * tasks.length;
}

test('the study specs exist, one per testable finding', () => {
  assert.deepEqual(
    files.map((f) => basename(f, '.vla.json')),
    [
      'action-space',
      'backbone-architecture',
      'chunk',
      'data-recipe',
      'formulation-head',
      'heads-execution',
      'heads-obstacle-long',
      'heads-obstacle',
      'history',
    ],
  );
});

for (const file of files) {
  test(`study ${basename(file)}: valid, every cell ≥ 3 seeds, every run ≥ 50 episodes, CPU through the queue`, () => {
    const r = validateSpecFile(file);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity !== 'info').map((d) => formatDiagnostic(basename(file), d)),
      [],
    );
    const spec = r.spec as any;
    assert.ok(Array.isArray(spec.sweep?.seeds) && spec.sweep.seeds.length >= 3, 'sweep.seeds with 3 or more seeds');
    const x = expandSweep(spec, disk);
    assert.deepEqual(
      x.dropped.map((d) => `${d.name}: ${d.reasons[0]}`),
      [],
      'no invalid point',
    );
    // heads-execution pairs each head with its own eval list (labelled exclusions); nothing else excludes
    assert.equal(x.excluded.length > 0, Array.isArray(spec.sweep.exclude));
    const cells = new Map<string, number[]>();
    for (const p of x.points) cells.set(p.cell, [...(cells.get(p.cell) ?? []), (p.spec as any).train.seed]);
    assert.ok(cells.size >= 2, 'a study compares at least two cells');
    for (const [cell, seeds] of cells) assert.deepEqual(seeds, spec.sweep.seeds, `${cell} runs every seed`);
    for (const p of x.points) {
      const s = p.spec as any;
      assert.ok(episodesOf(s) >= 50, `${p.name}: ${episodesOf(s)} evaluation episodes`);
      assert.equal(s.backend, 'builtin');
      assert.equal(s.resources.gpus, 0, 'runs on the CPU (the queue packs it onto a GPU only when asked: --gpus)');
      assert.equal(s.eval[0].benchmark, 'playtable');
    }
  });
}

test('the studies vary what their findings are about, and only that', () => {
  const axes = (name: string) => {
    const spec = validateSpecFile(join(dir, `${name}.vla.json`)).spec as any;
    return { spec, axes: spec.sweep.axes as Record<string, unknown[]> };
  };
  assert.deepEqual(axes('chunk').axes, { 'policy.chunk': [1, 4, 8] });
  assert.deepEqual(axes('history').axes, { 'policy.history': [1, 2, 4, 8] });
  assert.equal(axes('history').spec.policy.formulation, 'policy-head', 'history at a fixed formulation');
  assert.deepEqual(axes('formulation-head').axes, {
    'policy.formulation': ['one-step', 'interleaved', 'policy-head'],
    'policy.head.type': ['mlp', 'lstm', 'gpt'],
  });
  assert.deepEqual(axes('backbone-architecture').axes, { 'backbone.id': ['tiny-prefix', 'tiny-xattn'] });
  const space = axes('action-space').axes.policy as any[];
  assert.deepEqual(
    space.map((p) => p.action_space),
    ['continuous', 'discrete'],
  );
  assert.deepEqual(
    space.map((p) => p.formulation),
    ['one-step', 'one-step'],
    'the same formulation for both',
  );
  const recipes = axes('data-recipe').axes.data as any[];
  assert.deepEqual(
    recipes.map((d) => d.recipe),
    ['finetune', 'post-train', 'co-train'],
  );
  // The same in-domain few-shot data and the same total steps in every recipe.
  const inDomain = (d: any) =>
    d.stages
      .flatMap((s: any) => s.datasets.filter((x: any) => !x.embodiment))
      .map((x: any) => `${x.tasks.join(',')}/${x.few_shot}/${x.seed}`);
  assert.deepEqual(new Set(recipes.flatMap(inDomain)).size, 1);
  assert.deepEqual(
    recipes.map((d) => d.stages.reduce((n: number, s: any) => n + s.steps, 0)),
    [1200, 1200, 1200],
  );
});

test('heads × execution: each head on the same data and training compute, evaluated under every strategy it can run, with a delay', () => {
  const spec = validateSpecFile(join(dir, 'heads-execution.vla.json')).spec as any;
  const x = expandSweep(spec, disk);
  const byHead = new Map<string, any[]>();
  for (const p of x.points) byHead.set((p.spec as any).policy.head.type, [...(byHead.get((p.spec as any).policy.head.type) ?? []), p.spec]);
  assert.deepEqual([...byHead.keys()], ['oft', 'flow', 'diffusion']);
  const strategies = (s: any) => s.eval.map((e: any) => `${e.execution}${e.rtc_guidance ? '+guided' : ''} d${e.delay}`);
  const runsOf = (head: string) => byHead.get(head)!;
  // every strategy with the delay, and the first action without it as the reference
  assert.deepEqual(strategies(runsOf('oft')[0]), ['first d2', 'chunk d2', 'ensemble d2', 'first d0']);
  assert.deepEqual(strategies(runsOf('flow')[0]), ['first d2', 'chunk d2', 'ensemble d2', 'rtc d2', 'rtc+guided d2', 'first d0']);
  assert.deepEqual(strategies(runsOf('diffusion')[0]), ['first d2', 'chunk d2', 'ensemble d2', 'rtc d2', 'first d0']);
  const all = x.points.map((p) => p.spec as any);
  // equal training compute and data: the same steps × batch, backbone and data for every head and seed
  const training = (s: any) => JSON.stringify([s.data, s.train.batch_size, s.train.lr, s.backbone, s.policy.chunk, s.policy.history]);
  assert.equal(new Set(all.map(training)).size, 1);
  assert.equal(all[0].data.stages[0].datasets[0].expert_routes, 2, 'multimodal demonstrations');
  for (const s of all) {
    assert.ok(
      s.eval.every((e: any) => (e.delay === 2 || (e.delay === 0 && e.execution === 'first')) && e.seed === undefined),
      'one inference delay, the same initial states for every strategy',
    );
  }
  assert.equal(x.points.length, 15, '3 heads × 5 seeds');
});

test('heads on the obstacle: every head (continuous and discrete) on the same obstacle data and steps, every evaluation with the post', () => {
  const spec = validateSpecFile(join(dir, 'heads-obstacle.vla.json')).spec as any;
  const x = expandSweep(spec, disk);
  const all = x.points.map((p) => p.spec as any);
  const head = (s: any) => (s.policy.action_space === 'discrete' ? (s.action.tokenizer === 'fast' ? 'fast' : 'bins') : s.policy.head.type);
  assert.deepEqual([...new Set(all.map(head))], ['oft', 'flow', 'diffusion', 'bins', 'fast']);
  // the same demonstrations (two routes around the post), steps and batch for every head: equal training compute
  assert.equal(new Set(all.map((s) => JSON.stringify([s.data, s.train.batch_size, s.train.lr, s.backbone, s.policy.chunk]))).size, 1);
  assert.deepEqual(all[0].data.stages[0].datasets[0], { ...all[0].data.stages[0].datasets[0], expert_routes: 2, obstacle: true });
  for (const s of all) assert.ok(s.eval.every((e: any) => e.obstacle === true && (e.delay === 2 || e.delay === 0)));
  const strategies = (h: string) =>
    all.find((s) => head(s) === h).eval.map((e: any) => `${e.execution}${e.rtc_guidance ? '+guided' : ''} d${e.delay}`);
  assert.deepEqual(strategies('flow'), ['first d2', 'chunk d2', 'ensemble d2', 'rtc d2', 'rtc+guided d2', 'first d0']);
  assert.deepEqual(strategies('oft'), ['first d2', 'chunk d2', 'ensemble d2', 'first d0']);
  // the discrete heads decode token by token (bins: 56 passes per chunk): the two strategies every head runs
  assert.deepEqual(strategies('bins'), ['first d2', 'chunk d2']);
  assert.deepEqual(strategies('fast'), ['first d2', 'chunk d2']);
  assert.equal(x.points.length, 15, '5 heads × 3 seeds');
});

test("heads on the obstacle at 4x compute: OFT-L1 and flow on the short study's data, four times its steps, every evaluation with the post", () => {
  const short = validateSpecFile(join(dir, 'heads-obstacle.vla.json')).spec as any;
  const spec = validateSpecFile(join(dir, 'heads-obstacle-long.vla.json')).spec as any;
  const all = expandSweep(spec, disk).points.map((p) => p.spec as any);
  assert.deepEqual([...new Set(all.map((s) => s.policy.head.type))], ['oft', 'flow']);
  for (const s of all) {
    // the same demonstrations as the short study, four times its steps (equal compute between the two heads)
    assert.deepEqual(s.data.stages[0].datasets, short.data.stages[0].datasets);
    assert.equal(s.data.stages[0].steps, 4 * short.data.stages[0].steps);
    assert.equal(s.train.batch_size, short.train.batch_size);
    assert.ok(s.eval.every((e: any) => e.obstacle === true && e.delay === 2));
  }
  const strategies = (h: string) => all.find((s) => s.policy.head.type === h).eval.map((e: any) => e.execution);
  assert.deepEqual(strategies('oft'), ['first', 'chunk']);
  assert.deepEqual(strategies('flow'), ['first', 'chunk', 'rtc']);
  assert.equal(all.length, 6, '2 heads × 3 seeds');
});
