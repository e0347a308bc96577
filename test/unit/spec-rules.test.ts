/**
 * Every semantic rule has a case that triggers it and a near-miss that does not; every quick fix a
 * rule offers, applied to the text, makes that diagnostic go away.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { applyTextEdits, diskContext, RULES, validateSpecText, type SpecContext } from '../../extension/core/spec';
import { baseSpec, fakeDisk, roboSpec } from './spec-helpers';

type Spec = Record<string, any>;
interface Case {
  fail: (s: Spec) => Spec | void;
  pass: (s: Spec) => Spec | void;
  pointer: string;
  base?: () => Spec;
  ctx?: SpecContext;
  passCtx?: SpecContext;
}

const disk = fakeDisk();
const FIXTURES = join(__dirname, '..', 'fixtures');
const CASES: Record<string, Case> = {
  'spec/reserved-name': {
    fail: (s) => {
      s.name = '_data';
    },
    pass: (s) => {
      s.name = 'my_data';
    },
    pointer: '/name',
  },
  'spec/interleaved-needs-decoder': {
    fail: (s) => {
      s.backbone.id = 'tiny-xattn';
      s.policy.formulation = 'interleaved';
    },
    pass: (s) => {
      s.backbone.id = 'tiny-prefix';
      s.policy.formulation = 'interleaved';
    },
    pointer: '/policy/formulation',
  },
  'spec/discrete-needs-discretization': {
    fail: (s) => {
      Object.assign(s.policy, { formulation: 'one-step', history: 1, action_space: 'discrete' });
    },
    pass: (s) => {
      Object.assign(s.policy, { formulation: 'one-step', history: 1, action_space: 'discrete', discretization: { bins: 256 } });
    },
    pointer: '/policy/action_space',
  },
  'spec/discrete-needs-one-step': {
    fail: (s) => {
      Object.assign(s.policy, { formulation: 'interleaved', action_space: 'discrete', discretization: { bins: 256 } });
    },
    pass: (s) => {
      Object.assign(s.policy, { formulation: 'one-step', history: 1, action_space: 'discrete', discretization: { bins: 256 } });
    },
    pointer: '/policy/action_space',
  },
  'spec/discretization-range': {
    fail: (s) => {
      Object.assign(s.policy, {
        formulation: 'one-step',
        history: 1,
        action_space: 'discrete',
        discretization: { bins: 8, min: 0, max: 0 },
      });
    },
    pass: (s) => {
      Object.assign(s.policy, {
        formulation: 'one-step',
        history: 1,
        action_space: 'discrete',
        discretization: { bins: 8, min: -0.5, max: 0.5 },
      });
    },
    pointer: '/policy/discretization/min',
  },
  'spec/discretization-unused': {
    fail: (s) => {
      s.policy.discretization = { bins: 256 };
    },
    pass: (s) => {
      delete s.policy.discretization;
    },
    pointer: '/policy/discretization',
  },
  'spec/history-ignored': {
    fail: (s) => {
      Object.assign(s.policy, { formulation: 'one-step', history: 8 });
    },
    pass: (s) => {
      Object.assign(s.policy, { formulation: 'one-step', history: 1 });
    },
    pointer: '/policy/history',
  },
  'spec/policy-head-without-history': {
    fail: (s) => {
      s.policy.history = 1;
    },
    pass: (s) => {
      s.policy.history = 8;
    },
    pointer: '/policy/history',
  },
  'spec/hf-backbone-frozen': {
    fail: (s) => {
      s.backbone = { id: 'hf:/models/tiny', train: { vision: false, language: false } };
    },
    pass: (s) => {
      s.backbone = { id: 'hf:/models/tiny', train: { vision: false, language: false }, lora: { enabled: true } };
    },
    pointer: '/backbone/train',
  },
  'spec/sequence-exceeds-positions': {
    // 64 px, two cameras: 2 × 64 vision tokens + [ACT] per step; 8 steps ≈ 1,048 tokens > 512, 3 steps ≈ 403
    fail: (s) => {
      Object.assign(s.policy, { formulation: 'interleaved', history: 8 });
      s.observation = { image_size: 64, cameras: ['static', 'gripper'] };
    },
    pass: (s) => {
      Object.assign(s.policy, { formulation: 'interleaved', history: 3 });
      s.observation = { image_size: 64, cameras: ['static', 'gripper'] };
    },
    pointer: '/policy/history',
  },
  'spec/interleaved-sequence-length': {
    // 224px / 8px patches = 784 tokens per camera × 2 cameras, × 16 steps.
    fail: (s) => {
      Object.assign(s.policy, { formulation: 'interleaved', history: 16 });
      s.observation = { image_size: 224, cameras: ['static', 'gripper'] };
    },
    pass: (s) => {
      Object.assign(s.policy, { formulation: 'interleaved', history: 16 });
      s.observation = { image_size: 32, cameras: ['static', 'gripper'] };
    },
    pointer: '/policy/history',
  },
  'spec/chunk-exceeds-eval-steps': {
    fail: (s) => {
      s.policy.history = 16;
      s.policy.chunk = 20;
      s.eval[0].max_steps = 10;
    },
    pass: (s) => {
      s.policy.history = 16;
      s.policy.chunk = 20;
      s.eval[0].max_steps = 360;
    },
    pointer: '/policy/chunk',
  },
  'spec/chunk-longer-than-history-window': {
    fail: (s) => {
      s.policy.history = 2;
      s.policy.chunk = 16;
    },
    pass: (s) => {
      s.policy.history = 8;
      s.policy.chunk = 16;
    },
    pointer: '/policy/chunk',
  },
  'spec/size-ignored': {
    base: roboSpec,
    fail: (s) => {
      s.backbone.size = 'large';
    },
    pass: (s) => {
      delete s.backbone.size;
    },
    pointer: '/backbone/size',
  },
  'spec/generative-head-needs-continuous': {
    fail: (s) => {
      Object.assign(s.policy, {
        formulation: 'one-step',
        history: 1,
        action_space: 'discrete',
        discretization: { bins: 16 },
        head: { type: 'flow' },
      });
    },
    pass: (s) => {
      Object.assign(s.policy, { formulation: 'one-step', history: 1, action_space: 'continuous', head: { type: 'flow' } });
    },
    pointer: '/policy/head/type',
  },
  'spec/sample-steps-ignored': {
    fail: (s) => {
      s.policy.head = { type: 'oft', sample_steps: 10 };
      s.action = { arm_loss: 'l1' };
    },
    pass: (s) => {
      s.policy.head = { type: 'flow', sample_steps: 10 };
    },
    pointer: '/policy/head/sample_steps',
  },
  'spec/diffusion-sample-steps': {
    fail: (s) => {
      s.policy.head = { type: 'diffusion', sample_steps: 200 };
    },
    pass: (s) => {
      s.policy.head = { type: 'diffusion', sample_steps: 20 };
    },
    pointer: '/policy/head/sample_steps',
  },
  'spec/expert-routes-playtable-only': {
    fail: (s) => {
      s.data.stages[0].datasets = [{ type: 'calvin', path: 'calvin/task_D_D', expert_routes: 2 }];
    },
    pass: (s) => {
      s.data.stages[0].datasets[0].expert_routes = 2;
    },
    pointer: '/data/stages/0/datasets/0/expert_routes',
  },
  'spec/lead-in-playtable-only': {
    fail: (s) => {
      s.data.stages[0].datasets = [{ type: 'calvin', path: 'calvin/task_D_D', lead_in: 'any' }];
    },
    pass: (s) => {
      s.data.stages[0].datasets[0].lead_in = 'any';
    },
    pointer: '/data/stages/0/datasets/0/lead_in',
  },
  'spec/desk-playtable-only': {
    fail: (s) => {
      s.data.stages[0].datasets = [{ type: 'calvin', path: 'calvin/task_D_D', desk: 'random' }];
    },
    pass: (s) => {
      s.data.stages[0].datasets[0].desk = 'random';
    },
    pointer: '/data/stages/0/datasets/0/desk',
  },
  'spec/obstacle-needs-two-routes': {
    fail: (s) => {
      s.data.stages[0].datasets[0].obstacle = true;
    },
    pass: (s) => {
      s.data.stages[0].datasets[0].obstacle = true;
      s.data.stages[0].datasets[0].expert_routes = 2;
    },
    pointer: '/data/stages/0/datasets/0/obstacle',
  },
  'spec/obstacle-single-task': {
    fail: (s) => {
      Object.assign(s.data.stages[0].datasets[0], { obstacle: true, expert_routes: 2 });
      s.eval = [{ benchmark: 'playtable', chains: 5, chain_length: 5, obstacle: true }];
    },
    pass: (s) => {
      Object.assign(s.data.stages[0].datasets[0], { obstacle: true, expert_routes: 2 });
      s.eval = [{ benchmark: 'playtable', chains: 5, chain_length: 1, obstacle: true }];
    },
    pointer: '/eval/0/obstacle',
  },
  'spec/obstacle-without-detours': {
    fail: (s) => {
      s.data.stages[0].datasets[0].expert_routes = 2;
      s.eval[0].obstacle = true;
    },
    pass: (s) => {
      Object.assign(s.data.stages[0].datasets[0], { obstacle: true, expert_routes: 2 });
      s.eval[0].obstacle = true;
    },
    pointer: '/eval/0/obstacle',
  },
  'spec/oft-without-l1': {
    fail: (s) => {
      s.policy.head = { type: 'oft' };
      s.action = { arm_loss: 'mse' };
    },
    pass: (s) => {
      s.policy.head = { type: 'oft' };
      s.action = { arm_loss: 'l1' };
    },
    pointer: '/policy/head/type',
  },
  'spec/fast-needs-chunk': {
    fail: (s) => {
      Object.assign(s.policy, { formulation: 'one-step', history: 1, action_space: 'discrete', chunk: 1 });
      s.action = { tokenizer: 'fast' };
    },
    pass: (s) => {
      Object.assign(s.policy, { formulation: 'one-step', history: 1, action_space: 'discrete', chunk: 8 });
      s.action = { tokenizer: 'fast' };
    },
    pointer: '/policy/chunk',
  },
  'spec/fast-vocab-too-small': {
    // chunk 8 at scale 10: 2·⌈10·√8⌉ + 1 = 59 integers (python/vlalab/policy/fast.py alphabet_size; test_fast_actions.py expects 59 too)
    fail: (s) => {
      Object.assign(s.policy, { formulation: 'one-step', history: 1, action_space: 'discrete', chunk: 8 });
      s.action = { tokenizer: 'fast', fast: { vocab_size: 58 } };
    },
    pass: (s) => {
      Object.assign(s.policy, { formulation: 'one-step', history: 1, action_space: 'discrete', chunk: 8 });
      s.action = { tokenizer: 'fast', fast: { vocab_size: 59 } };
    },
    pointer: '/action/fast/vocab_size',
  },
  'spec/fast-unused': {
    fail: (s) => {
      s.action = { tokenizer: 'fast' };
    },
    pass: (s) => {
      Object.assign(s.policy, { formulation: 'one-step', history: 1, action_space: 'discrete' });
      s.action = { tokenizer: 'fast' };
    },
    pointer: '/action/tokenizer',
  },
  'spec/fast-discretization-unused': {
    fail: (s) => {
      Object.assign(s.policy, { formulation: 'one-step', history: 1, action_space: 'discrete', discretization: { bins: 256 } });
      s.action = { tokenizer: 'fast' };
    },
    pass: (s) => {
      Object.assign(s.policy, { formulation: 'one-step', history: 1, action_space: 'discrete' });
      s.action = { tokenizer: 'fast' };
    },
    pointer: '/policy/discretization',
  },
  'spec/insulation-needs-expert': {
    fail: (s) => {
      s.policy.head = { type: 'oft' };
      s.action = { arm_loss: 'l1', knowledge_insulation: true };
    },
    pass: (s) => {
      s.policy.head = { type: 'flow' };
      s.action = { knowledge_insulation: true };
    },
    pointer: '/action/knowledge_insulation',
  },
  'spec/token-weight-unused': {
    fail: (s) => {
      s.policy.head = { type: 'flow' };
      s.action = { token_weight: 0.1 };
    },
    pass: (s) => {
      s.policy.head = { type: 'flow' };
      s.action = { knowledge_insulation: true, token_weight: 0.1 };
    },
    pointer: '/action/token_weight',
  },
  'spec/fast-builtin-only': {
    base: roboSpec,
    fail: (s) => {
      Object.assign(s.policy, { formulation: 'one-step', history: 1, action_space: 'discrete' });
      s.action = { tokenizer: 'fast' };
    },
    pass: (s) => {
      Object.assign(s.policy, { formulation: 'one-step', history: 1, action_space: 'discrete', discretization: { bins: 256 } });
      s.action = { tokenizer: 'bins' };
    },
    pointer: '/action/tokenizer',
  },
  'spec/execution-needs-chunk': {
    fail: (s) => {
      s.policy.chunk = 1;
      s.eval[0].execution = 'ensemble';
    },
    pass: (s) => {
      s.policy.chunk = 4;
      s.eval[0].execution = 'ensemble';
    },
    pointer: '/eval/0/execution',
  },
  'spec/rtc-needs-flow': {
    fail: (s) => {
      s.policy.head = { type: 'oft' };
      s.eval[0].execution = 'rtc';
    },
    pass: (s) => {
      s.policy.head = { type: 'flow' };
      s.eval[0].execution = 'rtc';
    },
    pointer: '/eval/0/execution',
  },
  'spec/rtc-guidance': {
    fail: (s) => {
      s.policy.head = { type: 'diffusion' };
      s.policy.chunk = 8;
      Object.assign(s.eval[0], { execution: 'rtc', rtc_guidance: 5 });
    },
    pass: (s) => {
      s.policy.head = { type: 'flow' };
      s.policy.chunk = 8;
      Object.assign(s.eval[0], { execution: 'rtc', rtc_guidance: 5 });
    },
    pointer: '/eval/0/rtc_guidance',
  },
  'spec/execution-delay': {
    fail: (s) => {
      s.policy.head = { type: 'flow' };
      s.policy.chunk = 8;
      Object.assign(s.eval[0], { execution: 'rtc', delay: 3, rtc_horizon: 6 });
    },
    pass: (s) => {
      s.policy.head = { type: 'flow' };
      s.policy.chunk = 8;
      Object.assign(s.eval[0], { execution: 'rtc', delay: 2, rtc_horizon: 4 });
    },
    pointer: '/eval/0/rtc_horizon',
  },
  'spec/execution-builtin-only': {
    base: roboSpec,
    fail: (s) => {
      s.eval[0].execution = 'chunk';
    },
    pass: (s) => {
      delete s.eval[0].execution;
    },
    pointer: '/eval/0/execution',
  },
  'spec/head-builtin-only': {
    base: roboSpec,
    fail: (s) => {
      s.policy.head.type = 'flow';
    },
    pass: (s) => {
      s.policy.head.type = 'gpt';
    },
    pointer: '/policy/head/type',
  },
  'spec/robovlms-num-workers': {
    base: roboSpec,
    fail: (s) => {
      s.train = { ...s.train, num_workers: 0 };
    },
    pass: (s) => {
      delete s.train.num_workers;
    },
    pointer: '/train/num_workers',
  },
  'spec/compile-builtin-only': {
    base: roboSpec,
    fail: (s) => {
      s.train = { ...s.train, compile: true };
    },
    pass: (s) => {
      s.train = { ...s.train, compile: false };
    },
    pointer: '/train/compile',
  },
  'spec/word-dropout-builtin-only': {
    base: roboSpec,
    fail: (s) => {
      s.train = { ...s.train, word_dropout: 0.2 };
    },
    pass: (s) => {
      s.train = { ...s.train, word_dropout: 0 };
    },
    pointer: '/train/word_dropout',
  },
  'spec/backbone-builtin-only': {
    base: roboSpec,
    fail: (s) => {
      s.backbone = { id: 'tiny-xattn' };
    },
    pass: (s) => {
      s.backbone = { id: 'paligemma-3b', path: 'w' };
    },
    pointer: '/backbone/id',
  },
  'spec/backbone-needs-robovlms': {
    fail: (s) => {
      s.backbone = { id: 'llava-7b', path: 'w' };
    },
    pass: (s) => {
      s.backbone = { id: 'hf:./weights/llava' };
    },
    pointer: '/backbone/id',
    passCtx: fakeDisk(['/spec/weights/llava'], ['/spec/weights/llava/config.json']),
  },
  'spec/robovlms-needs-path': {
    base: roboSpec,
    fail: (s) => {
      delete s.backbone.path;
    },
    pass: (s) => {
      s.backbone.path = '/models/kosmos-2';
    },
    pointer: '/backbone',
  },
  'spec/dataset-backend': {
    fail: (s) => {
      s.data.stages[0].datasets.push({ type: 'oxe', path: 'oxe', mixture: 'bridge' });
    },
    pass: (s) => {
      s.data.stages[0].datasets.push({ type: 'playtable', embodiment: 'mirrored' });
    },
    pointer: '/data/stages/0/datasets/1/type',
  },
  'spec/eval-backend': {
    fail: (s) => {
      s.eval.push({ benchmark: 'simpler' });
    },
    pass: (s) => {
      s.eval.push({ benchmark: 'playtable', chains: 3 });
    },
    pointer: '/eval/1/benchmark',
  },
  'spec/path-not-found': {
    base: roboSpec,
    fail: () => {},
    pass: () => {},
    pointer: '/backbone/path',
    passCtx: fakeDisk(['/spec/weights/kosmos-2', '/spec/calvin/task_D_D'], ['/spec/weights/kosmos-2/config.json']),
  },
  'spec/backbone-path-no-config': {
    base: roboSpec,
    fail: () => {},
    pass: () => {},
    pointer: '/backbone/path',
    ctx: fakeDisk(['/spec/weights/kosmos-2', '/spec/calvin/task_D_D']),
    passCtx: fakeDisk(['/spec/weights/kosmos-2', '/spec/calvin/task_D_D'], ['/spec/weights/kosmos-2/config.json']),
  },
  'spec/dataset-needs-path': {
    base: roboSpec,
    fail: (s) => {
      delete s.data.stages[0].datasets[0].path;
    },
    pass: () => {},
    pointer: '/data/stages/0/datasets/0',
  },
  'spec/hf-remote-id': {
    fail: (s) => {
      s.backbone = { id: 'hf:microsoft/kosmos-2-patch14-224' };
    },
    pass: (s) => {
      s.backbone = { id: 'hf:microsoft/kosmos-2-patch14-224' };
    },
    pointer: '/backbone/id',
    passCtx: fakeDisk(['/spec/microsoft/kosmos-2-patch14-224'], ['/spec/microsoft/kosmos-2-patch14-224/config.json']),
  },
  'spec/torchrun-without-gpus': {
    fail: (s) => {
      s.resources = { launcher: 'torchrun', gpus: 0 };
    },
    pass: (s) => {
      s.resources = { launcher: 'torchrun', gpus: 0, processes: 2 };
    },
    pointer: '/resources/gpus',
  },
  'spec/processes-unused': {
    fail: (s) => {
      s.resources = { launcher: 'local', gpus: 0, processes: 2 };
    },
    pass: (s) => {
      s.resources = { launcher: 'torchrun', gpus: 0, processes: 2 };
    },
    pointer: '/resources/processes',
  },
  'spec/multinode-needs-slurm': {
    fail: (s) => {
      s.resources = { launcher: 'torchrun', gpus: 8, nodes: 4 };
    },
    pass: (s) => {
      s.resources = { launcher: 'slurm', gpus: 8, nodes: 4 };
    },
    pointer: '/resources/nodes',
  },
  'spec/local-multi-gpu': {
    fail: (s) => {
      s.resources = { launcher: 'local', gpus: 4 };
    },
    pass: (s) => {
      s.resources = { launcher: 'local', gpus: 1 };
    },
    pointer: '/resources/launcher',
  },
  'spec/hosts-launcher-needs-hosts': {
    fail: (s) => {
      s.resources = { launcher: 'hosts' };
    },
    pass: (s) => {
      s.resources = { launcher: 'hosts', hosts: ['gpu1', { name: 'gpu2', address: '10.0.0.2' }] };
    },
    pointer: '/resources/launcher',
  },
  'spec/hosts-unused': {
    fail: (s) => {
      s.resources = { launcher: 'torchrun', gpus: 2, hosts: ['gpu1', 'gpu2'] };
    },
    pass: (s) => {
      s.resources = { launcher: 'hosts', gpus: 2, hosts: ['gpu1', 'gpu2'] };
    },
    pointer: '/resources/hosts',
  },
  'spec/hosts-builtin-only': {
    base: roboSpec,
    fail: (s) => {
      s.resources = { launcher: 'hosts', hosts: ['gpu1', 'gpu2'] };
    },
    pass: (s) => {
      s.resources = { launcher: 'slurm', nodes: 2 };
    },
    pointer: '/resources/launcher',
  },
  'spec/slurm-options-unused': {
    fail: (s) => {
      s.resources = { launcher: 'torchrun', gpus: 2, slurm: { partition: 'gpu' } };
    },
    pass: (s) => {
      s.resources = { launcher: 'slurm', gpus: 2, slurm: { partition: 'gpu' } };
    },
    pointer: '/resources/slurm',
  },
  'spec/post-train-needs-stages': {
    fail: (s) => {
      s.data.recipe = 'post-train';
    },
    pass: (s) => {
      s.data.recipe = 'post-train';
      s.data.stages.unshift({ name: 'pretrain', datasets: [{ type: 'playtable', embodiment: 'mirrored' }], steps: 50 });
    },
    pointer: '/data/stages',
  },
  'spec/co-train-needs-mixture': {
    fail: (s) => {
      s.data.recipe = 'co-train';
    },
    pass: (s) => {
      s.data.recipe = 'co-train';
      s.data.stages[0].datasets.push({ type: 'playtable', embodiment: 'mirrored', weight: 0.5 });
    },
    pointer: '/data/stages/0/datasets',
  },
  'spec/co-train-default-weights': {
    fail: (s) => {
      s.data.recipe = 'co-train';
      s.data.stages[0].datasets.push({ type: 'playtable', embodiment: 'mirrored' });
    },
    pass: (s) => {
      s.data.recipe = 'co-train';
      s.data.stages[0].datasets.push({ type: 'playtable', embodiment: 'mirrored', weight: 0.5 });
    },
    pointer: '/data/stages/0/datasets',
  },
  'spec/finetune-multiple-stages': {
    fail: (s) => {
      s.data.stages.push({ name: 'more', datasets: [{ type: 'playtable' }], steps: 10 });
    },
    pass: (s) => {
      s.data.recipe = 'post-train';
      s.data.stages.push({ name: 'more', datasets: [{ type: 'playtable' }], steps: 10 });
    },
    pointer: '/data/recipe',
  },
  'spec/stage-length': {
    fail: (s) => {
      delete s.data.stages[0].steps;
    },
    pass: (s) => {
      delete s.data.stages[0].steps;
      s.data.stages[0].epochs = 3;
    },
    pointer: '/data/stages/0',
  },
  'spec/few-shot-exceeds-episodes': {
    fail: (s) => {
      s.data.stages[0].datasets[0].few_shot = 16;
    },
    pass: (s) => {
      s.data.stages[0].datasets[0].few_shot = 4;
    },
    pointer: '/data/stages/0/datasets/0/few_shot',
  },
  // LeRobot / RLDS data sources against their dataset's metadata: the RLDS fixture written by tensorflow-datasets.
  'spec/dataset-feature-unknown': {
    fail: (s) => {
      s.data.stages[0].datasets = [{ type: 'rlds', path: 'rlds/playtable_rlds', features: { cameras: { static: 'observation/imag' } } }];
    },
    pass: (s) => {
      s.data.stages[0].datasets = [{ type: 'rlds', path: 'rlds/playtable_rlds', features: { cameras: { static: 'observation/image' } } }];
    },
    pointer: '/data/stages/0/datasets/0/features/cameras/static',
    ctx: diskContext(FIXTURES),
  },
  'spec/dataset-action-width': {
    fail: (s) => {
      s.action = { dim: 6 };
      s.data.stages[0].datasets = [{ type: 'rlds', path: 'rlds/playtable_rlds' }];
    },
    pass: (s) => {
      s.action = { dim: 7 };
      s.data.stages[0].datasets = [{ type: 'rlds', path: 'rlds/playtable_rlds' }];
    },
    pointer: '/data/stages/0/datasets/0/path',
    ctx: diskContext(FIXTURES),
  },
  'spec/dataset-convention': {
    fail: (s) => {
      s.data.stages[0].datasets = [
        { type: 'playtable', tasks: ['open_drawer'] },
        { type: 'rlds', path: 'rlds/playtable_rlds' },
      ];
    },
    pass: (s) => {
      s.data.stages[0].datasets = [
        { type: 'playtable', tasks: ['open_drawer'] },
        { type: 'rlds', path: 'rlds/playtable_rlds', convention: { convert: true } },
      ];
    },
    pointer: '/data/stages/0/datasets/1',
    ctx: diskContext(FIXTURES),
  },
  'spec/dataset-control-rate': {
    // the RLDS fixture's metadata.json says 15 Hz, Playtable's built-in rate; the spec corrects it
    fail: (s) => {
      s.data.stages[0].datasets = [
        { type: 'playtable', tasks: ['open_drawer'] },
        { type: 'rlds', path: 'rlds/playtable_rlds', control_hz: 10 },
      ];
    },
    pass: (s) => {
      s.data.stages[0].datasets = [
        { type: 'playtable', tasks: ['open_drawer'] },
        { type: 'rlds', path: 'rlds/playtable_rlds', control_hz: 15 },
      ];
    },
    pointer: '/data/stages/0/datasets/1/control_hz',
    ctx: diskContext(FIXTURES),
  },
  'spec/dataset-image-shape': {
    // a LeRobot dataset whose "observation.images.depth" has one channel; its quick fix maps the RGB one
    fail: (s) => {
      s.data.stages[0].datasets = [{ type: 'lerobot', path: 'lr', features: { cameras: { static: 'observation.images.depth' } } }];
    },
    pass: (s) => {
      s.data.stages[0].datasets = [{ type: 'lerobot', path: 'lr', features: { cameras: { static: 'observation.images.front' } } }];
    },
    pointer: '/data/stages/0/datasets/0/features/cameras/static',
    ctx: {
      ...fakeDisk(['/spec/lr']),
      readText: (p) =>
        p === '/spec/lr/meta/info.json'
          ? JSON.stringify({
              fps: 15,
              features: {
                'observation.images.front': { dtype: 'video', shape: [64, 64, 3], names: ['height', 'width', 'channels'] },
                'observation.images.depth': { dtype: 'video', shape: [64, 64, 1], names: ['height', 'width', 'channels'] },
                action: { dtype: 'float32', shape: [7] },
              },
            })
          : undefined,
    },
  },
  'spec/sweep-unknown-field': {
    fail: (s) => {
      s.sweep = { axes: { 'policy.head.typ': ['mlp', 'gpt'] } };
    },
    pass: (s) => {
      s.sweep = { axes: { 'policy.head.type': ['mlp', 'gpt'] } };
    },
    pointer: '/sweep/axes/policy.head.typ',
  },
  'spec/sweep-invalid-value': {
    fail: (s) => {
      s.sweep = { axes: { 'train.lr': [0.001, -1] } };
    },
    pass: (s) => {
      s.sweep = { axes: { 'train.lr': [0.001, 0.0001] } };
    },
    pointer: '/sweep/axes/train.lr/1',
  },
  'spec/sweep-duplicate-value': {
    fail: (s) => {
      s.sweep = { axes: { 'policy.chunk': [1, 4, 1] } };
    },
    pass: (s) => {
      s.sweep = { axes: { 'policy.chunk': [1, 4, 8] } };
    },
    pointer: '/sweep/axes/policy.chunk/2',
  },
  'spec/sweep-exclude-unknown-axis': {
    fail: (s) => {
      s.sweep = { axes: { 'policy.chunk': [1, 4] }, exclude: [{ chunk: 1 }] };
    },
    pass: (s) => {
      s.sweep = { axes: { 'policy.chunk': [1, 4] }, exclude: [{ 'policy.chunk': 1 }] };
    },
    pointer: '/sweep/exclude/0/chunk',
  },
  'spec/sweep-labels-mismatch': {
    fail: (s) => {
      s.sweep = { axes: { 'policy.chunk': [1, 4] }, labels: { 'policy.chunk': ['one'] } };
    },
    pass: (s) => {
      s.sweep = { axes: { 'policy.chunk': [1, 4] }, labels: { 'policy.chunk': ['one', 'four'] } };
    },
    pointer: '/sweep/labels/policy.chunk',
  },
  'spec/sweep-seeds-and-seed-axis': {
    fail: (s) => {
      s.sweep = { axes: { 'policy.chunk': [1, 4], 'train.seed': [0, 1] }, seeds: [0, 1, 2] };
    },
    pass: (s) => {
      s.sweep = { axes: { 'policy.chunk': [1, 4] }, seeds: [0, 1, 2] };
    },
    pointer: '/sweep/axes/train.seed',
  },
  'spec/sweep-exclude-never-matches': {
    fail: (s) => {
      s.sweep = { axes: { 'policy.chunk': [1, 4] }, exclude: [{ 'policy.chunk': 2 }] };
    },
    pass: (s) => {
      s.sweep = { axes: { 'policy.chunk': [1, 4] }, exclude: [{ 'policy.chunk': 4 }] };
    },
    pointer: '/sweep/exclude/0/policy.chunk',
  },
};

function build(c: Case, which: 'fail' | 'pass'): string {
  const s = (c.base ?? baseSpec)();
  const out = c[which](s) ?? s;
  return JSON.stringify(out, null, 2);
}

test('the base specs are clean', () => {
  for (const make of [baseSpec, roboSpec]) {
    const r = validateSpecText(
      JSON.stringify(make(), null, 2),
      fakeDisk(['/spec/weights/kosmos-2', '/spec/calvin/task_D_D'], ['/spec/weights/kosmos-2/config.json']),
    );
    assert.deepEqual(
      r.diagnostics.map((d) => `${d.code} ${d.pointer}`),
      [],
    );
  }
});

test('every rule has a failing and a passing case', () => {
  assert.deepEqual(
    RULES.map((r) => r.code).filter((c) => !CASES[c]),
    [],
    'rules without test cases',
  );
  for (const r of RULES) {
    assert.ok(r.summary.length > 20, `${r.code} has a summary`);
    assert.match(r.code, /^spec\/[a-z0-9-]+$/);
  }
});

for (const [code, c] of Object.entries(CASES)) {
  test(`rule ${code}`, () => {
    const failing = validateSpecText(build(c, 'fail'), c.ctx ?? disk);
    const hit = failing.diagnostics.find((d) => d.code === code);
    assert.ok(hit, `${code} not reported; got ${failing.diagnostics.map((d) => d.code).join(', ')}`);
    assert.equal(hit.pointer, c.pointer);
    assert.equal(hit.severity, RULES.find((r) => r.code === code)!.severity);
    assert.ok(hit.message.length > 20);
    // The range points into the text at the pointer (the value, or the key of an object).
    const text = failing.document.text;
    assert.ok(hit.range.offset >= 0 && hit.range.offset + hit.range.length <= text.length);
    const passing = validateSpecText(build(c, 'pass'), c.passCtx ?? c.ctx ?? disk);
    assert.deepEqual(
      passing.diagnostics.filter((d) => d.code === code).map((d) => d.message),
      [],
      `${code} reported on the passing case`,
    );
    // Every fix removes the diagnostic and leaves valid JSON.
    for (const fix of hit.fixes ?? []) {
      const fixed = applyTextEdits(text, fix.edits);
      const after = validateSpecText(fixed, c.ctx ?? disk);
      assert.equal(after.diagnostics.filter((d) => d.code === 'json/parse').length, 0, `fix "${fix.title}" broke the JSON`);
      assert.ok(!after.diagnostics.some((d) => d.code === code && d.pointer === c.pointer), `fix "${fix.title}" did not remove ${code}`);
    }
  });
}

test('a knowledge-insulated token pass longer than the learned positions points at the chunk, not the history', () => {
  const s = baseSpec();
  Object.assign(s.policy, { formulation: 'one-step', history: 1, chunk: 64, head: { type: 'flow' } });
  s.observation = { image_size: 96, patch_size: 8, cameras: ['static', 'gripper'] };
  s.action = { knowledge_insulation: true, fast: { vocab_size: 1024 } };
  const found = validateSpecText(JSON.stringify(s), disk).diagnostics.filter((d) => d.code === 'spec/sequence-exceeds-positions');
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.match(found[0].message, /token pass \(~(\d+) tokens.*reduce policy\.chunk/);
  // 2 cameras × 144 patches + 16 instruction tokens + [ACT] + 64 × 7 FAST tokens
  assert.match(found[0].message, /~753 tokens/);
  s.policy.chunk = 16;
  assert.ok(!validateSpecText(JSON.stringify(s), disk).diagnostics.some((d) => d.code === 'spec/sequence-exceeds-positions'));
});

test('missing dataset and weight paths are warnings; a missing CALVIN path field is an error', () => {
  const r = validateSpecText(JSON.stringify(roboSpec()), disk);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.code, d.severity, d.pointer]),
    [
      ['spec/path-not-found', 'warning', '/backbone/path'],
      ['spec/path-not-found', 'warning', '/data/stages/0/datasets/0/path'],
    ],
  );
  assert.equal(r.errors, 0);
  // Playtable data without a path (or with one that does not exist yet) is generated: no warning.
  const p = baseSpec();
  p.data.stages[0].datasets[0].path = 'data/not-yet';
  assert.deepEqual(validateSpecText(JSON.stringify(p), disk).diagnostics, []);
});

test('rules resolve relative paths against the spec directory', () => {
  const seen: string[] = [];
  const ctx: SpecContext = {
    baseDir: '/home/u/exp',
    dirExists: (p) => {
      seen.push(p);
      return true;
    },
    fileExists: () => true,
  };
  validateSpecText(JSON.stringify(roboSpec()), ctx);
  assert.ok(seen.includes('/home/u/exp/weights/kosmos-2'));
  assert.ok(seen.includes('/home/u/exp/calvin/task_D_D'));
});
