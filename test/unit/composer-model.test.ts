/**
 * The composer's model: choices come from the schema, a rule that forbids a candidate disables it
 * with the rule's message, choices bring the companion changes they need, and the webview's
 * messages are validated.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyChanges,
  changesForChoice,
  changesForFormulation,
  changesForToggle,
  composerState,
  enumAt,
  whyNot,
  type SpecChecker,
} from '../../extension/vscode/composer/model';
import { specChecker } from '../../extension/vscode/composer/checker';
import { parseComposerToExtension, parseComposerToWebview } from '../../extension/shared/messages/composer';

const SPEC = {
  name: 'demo',
  backbone: { id: 'tiny-xattn', size: 'nano' },
  policy: { formulation: 'policy-head', action_space: 'continuous', history: 4, head: { type: 'lstm' } },
  data: { stages: [{ name: 'finetune', datasets: [{ type: 'playtable' }], steps: 10 }] },
};

/** The real checker: schema + the spec core's semantic rules (what `vla-lab validate` runs). */
const withInterleaveRule: SpecChecker = specChecker;
const INTERLEAVE_REASON = /needs a decoder-only backbone, but tiny-xattn is cross-attention/;

test('backbone cards carry the schema descriptions, including the structure', () => {
  const backbones = enumAt(['backbone', 'id']);
  assert.ok(backbones);
  assert.ok(backbones.values.includes('kosmos-2') && backbones.values.includes('tiny-xattn'));
  const xattn = backbones.descriptions[backbones.values.indexOf('tiny-xattn')];
  assert.match(xattn ?? '', /cross-attention/);
  const heads = enumAt(['policy', 'head', 'type']);
  assert.deepEqual(heads?.values, ['mlp', 'lstm', 'gpt', 'moe', 'flow', 'oft', 'diffusion']);
  assert.equal(enumAt(['data', 'stages', 0, 'datasets', 0, 'type'])?.values.includes('oxe'), true);
});

test('a candidate the rules forbid is disabled with the rule message; warnings do not disable', () => {
  assert.match(whyNot(SPEC, changesForFormulation(SPEC, 'interleaved', 'continuous'), withInterleaveRule) ?? '', INTERLEAVE_REASON);
  assert.equal(whyNot(SPEC, changesForFormulation(SPEC, 'one-step', 'continuous'), withInterleaveRule), undefined);
  const decoderOnly = applyChanges(SPEC, [{ path: ['backbone', 'id'], value: 'tiny-prefix' }]);
  assert.equal(whyNot(decoderOnly, changesForFormulation(decoderOnly, 'interleaved', 'continuous'), withInterleaveRule), undefined);
});

test('the grid and the choices in the state reflect the rules', () => {
  const state = composerState(JSON.stringify(SPEC), withInterleaveRule);
  const cell = (f: string, a: string) => state.formulationGrid.find((c) => c.formulation === f && c.actionSpace === a);
  assert.equal(cell('policy-head', 'continuous')?.selected, true);
  assert.equal(cell('interleaved', 'continuous')?.disabled, true);
  assert.match(cell('interleaved', 'continuous')?.reason ?? '', INTERLEAVE_REASON);
  assert.equal(cell('one-step', 'discrete')?.disabled, false, 'discrete comes with its binning, so it is allowed');
  assert.equal(state.choices['backbone.id'].current, 'tiny-xattn');
  assert.ok(state.choices['data.stages.0.datasets.0.type'], 'dataset type of each stage is a choice');
});

test('an error the spec already has does not disable other choices', () => {
  const broken = applyChanges(SPEC, [{ path: ['policy', 'formulation'], value: 'interleaved' }]);
  const state = composerState(JSON.stringify(broken), withInterleaveRule);
  assert.ok(state.problems.some((p) => INTERLEAVE_REASON.test(p.message)));
  const lstm = state.choices['policy.head.type'].options.find((o) => o.value === 'gpt');
  assert.equal(lstm?.disabled, false);
  // and picking a decoder-only backbone is the way out
  assert.equal(state.choices['backbone.id'].options.find((o) => o.value === 'tiny-prefix')?.disabled, false);
});

test('schema violations disable a choice too (real schema through ajv)', () => {
  const spec = { ...SPEC, policy: { ...SPEC.policy, action_space: 'continuous' } };
  // history 0 is invalid per the schema, so a change introducing it is refused with ajv's message
  const reason = whyNot(spec, [{ path: ['policy', 'history'], value: 0 }], specChecker);
  assert.match(reason ?? '', /history/);
});

test('companion changes: discrete adds binning, post-train adds a cross-embodiment stage first', () => {
  const discrete = changesForChoice(SPEC, 'policy.action_space', 'discrete');
  assert.deepEqual(applyChanges(SPEC, discrete).policy, {
    ...SPEC.policy,
    action_space: 'discrete',
    discretization: { bins: 256, min: -1, max: 1 },
  });
  const post = applyChanges(SPEC, changesForChoice(SPEC, 'data.recipe', 'post-train')) as typeof SPEC & { data: { recipe: string } };
  assert.equal(post.data.recipe, 'post-train');
  assert.deepEqual(
    post.data.stages.map((s) => s.name),
    ['pretrain', 'finetune'],
  );
  assert.equal((post.data.stages[0].datasets[0] as { embodiment?: string }).embodiment, 'camera-shift');
});

test('companion changes: FAST action tokens drop the bins, bins bring them back', () => {
  const binned = applyChanges(SPEC, changesForChoice(SPEC, 'policy.action_space', 'discrete')) as Record<string, any>;
  const fast = applyChanges(binned, changesForChoice(binned, 'action.tokenizer', 'fast')) as Record<string, any>;
  assert.equal(fast.action.tokenizer, 'fast');
  assert.equal(fast.policy.discretization, undefined);
  const back = applyChanges(fast, changesForChoice(fast, 'action.tokenizer', 'bins')) as Record<string, any>;
  assert.deepEqual(back.policy.discretization, { bins: 256, min: -1, max: 1 });
});

test('knowledge insulation is a toggle of flow and diffusion heads, disabled with the rule message where it cannot be on', () => {
  assert.deepEqual(composerState(JSON.stringify(SPEC), specChecker).toggles, {}, 'an lstm head has no insulation to offer');
  for (const type of ['flow', 'diffusion']) {
    const spec = { ...SPEC, policy: { ...SPEC.policy, chunk: 8, head: { type } } };
    const toggle = composerState(JSON.stringify(spec), specChecker).toggles['action.knowledge_insulation'];
    assert.equal(toggle?.current, false, type);
    assert.equal(toggle.disabled, false, toggle.reason);
    assert.match(toggle.description ?? '', /Knowledge insulation.*π0\.5/);
    const on = applyChanges(spec, changesForToggle(spec, toggle.path, true)) as Record<string, any>;
    assert.equal(on.action.knowledge_insulation, true);
    assert.equal(composerState(JSON.stringify(on), specChecker).toggles['action.knowledge_insulation'].current, true);
  }
  // FAST tokens compress a chunk: with chunk 1 the toggle says so instead of turning on
  const single = { ...SPEC, policy: { ...SPEC.policy, chunk: 1, head: { type: 'flow' } } };
  const refused = composerState(JSON.stringify(single), specChecker).toggles['action.knowledge_insulation'];
  assert.equal(refused.disabled, true);
  assert.match(refused.reason ?? '', /policy\.chunk is 1/);
});

test('companion changes: turning knowledge insulation off drops its token weight and FAST settings', () => {
  const spec = {
    ...SPEC,
    policy: { ...SPEC.policy, chunk: 8, head: { type: 'flow' } },
    action: { knowledge_insulation: true, token_weight: 0.1, fast: { vocab_size: 256 }, arm_loss: 'mse' },
  };
  assert.deepEqual((applyChanges(spec, changesForToggle(spec, 'action.knowledge_insulation', false)) as Record<string, any>).action, {
    arm_loss: 'mse',
  });
  assert.deepEqual(whyNot(spec, changesForToggle(spec, 'action.knowledge_insulation', false), specChecker), undefined);
  // the weight field without insulation is a warning the editor shows (spec/token-weight-unused), not a conflict
  const stray = { ...spec, action: { token_weight: 0.1 } };
  assert.ok(specChecker.check(stray).some((f) => f.code === 'spec/token-weight-unused' && f.severity === 'warning'));
});

test('a syntax error makes the state read-only with a message saying where', () => {
  const state = composerState('{\n  "name": "x",\n  "policy": {\n}', withInterleaveRule);
  assert.equal(state.spec, null);
  assert.match(state.syntaxError ?? '', /line \d+.*text editor/);
});

test('messages from the webview are validated', () => {
  assert.deepEqual(parseComposerToExtension({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseComposerToExtension({ type: 'choose', path: 'backbone.id', value: 'tiny-xattn' }), {
    type: 'choose',
    path: 'backbone.id',
    value: 'tiny-xattn',
  });
  assert.deepEqual(parseComposerToExtension({ type: 'change', changes: [{ path: ['policy', 'history'], value: 8 }] }), {
    type: 'change',
    changes: [{ path: ['policy', 'history'], value: 8 }],
  });
  assert.equal(parseComposerToExtension({ type: 'change', changes: [{ path: [], value: 1 }] }), undefined, 'the root cannot be replaced');
  assert.equal(parseComposerToExtension({ type: 'change', changes: [{ path: ['a'], value: () => 1 }] }), undefined);
  assert.equal(
    parseComposerToExtension({ type: 'change', changes: [{ path: ['a', 'b'], value: 1, insert: true }] }),
    undefined,
    'insert needs an index',
  );
  assert.equal(parseComposerToExtension({ type: 'choose', path: 'a;rm -rf', value: 'x' }), undefined);
  assert.equal(parseComposerToExtension({ type: 'nope' }), undefined);
  assert.equal(parseComposerToExtension('ready'), undefined);
  assert.equal(parseComposerToWebview({ type: 'state', state: { spec: 3 } }), undefined);
  assert.deepEqual(parseComposerToExtension({ type: 'toggle', path: 'action.knowledge_insulation', value: true }), {
    type: 'toggle',
    path: 'action.knowledge_insulation',
    value: true,
  });
  assert.equal(
    parseComposerToExtension({ type: 'toggle', path: 'action.knowledge_insulation', value: 'true' }),
    undefined,
    'a boolean only',
  );
  assert.equal(parseComposerToExtension({ type: 'toggle', path: 'a;rm -rf', value: true }), undefined);
  const state = composerState(JSON.stringify(SPEC), specChecker);
  assert.deepEqual(parseComposerToWebview({ type: 'state', state }), { type: 'state', state });
  const withoutToggles: Record<string, unknown> = { ...state };
  delete withoutToggles.toggles;
  assert.equal(parseComposerToWebview({ type: 'state', state: withoutToggles }), undefined, 'the toggles are part of the contract');
});
