/**
 * RoboVLMs import/compile: every config RoboVLMs ships survives compile(import(c)) key for key,
 * value for value and in key order; the imported spec is a valid experiment spec; a spec written
 * from scratch compiles to a config that passes the RoboVLMs schema and lint.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import specSchema from '../../schemas/experiment.schema.json';
import robovlmsSchema from '../../schemas/robovlms-config.schema.json';
import {
  compileSpec,
  importConfig,
  lintRoboVLMsConfig,
  formatJson,
  parseJson,
  isRoboVLMsConfig,
  type JsonObject,
} from '../../extension/core/robovlms';

const dir = join(__dirname, '..', 'fixtures', 'robovlms');
const fixtures = [...readdirSync(dir).filter((f) => f.endsWith('.json')), ...readdirSync(join(dir, 'oxe')).map((f) => join('oxe', f))];
const load = (f: string) => parseJson(readFileSync(join(dir, f), 'utf8')).value as JsonObject;
const specValidator = new Ajv({ allErrors: true, strict: false }).compile(specSchema);
const configValidator = new Ajv({ allErrors: true, strict: false }).compile(robovlmsSchema);
// Plain booleans (ajv's validators are type guards that would narrow the value to unknown).
const validSpec = Object.assign((v: unknown): boolean => specValidator(v) as boolean, {
  get errors() {
    return specValidator.errors;
  },
});
const validConfig = Object.assign((v: unknown): boolean => configValidator(v) as boolean, {
  get errors() {
    return configValidator.errors;
  },
});

test('there are the eight CALVIN configs and three OXE configs', () => {
  assert.equal(fixtures.length, 11);
});

for (const f of fixtures) {
  test(`round trip: ${f}`, () => {
    const config = load(f);
    const spec = importConfig(config, { fileName: f });
    assert.ok(validSpec(spec), `imported spec is invalid: ${JSON.stringify(validSpec.errors)}`);
    assert.equal(spec.backend, 'robovlms');
    const back = compileSpec(spec);
    assert.deepStrictEqual(back, config);
    // Same key order everywhere (what a diff of the two files shows).
    assert.equal(JSON.stringify(back), JSON.stringify(config));
    // Printed and read back, too.
    assert.deepStrictEqual(parseJson(formatJson(back)).value, config);
  });

  test(`schema: ${f} validates against robovlms-config.schema.json`, () => {
    const config = load(f);
    assert.ok(isRoboVLMsConfig(config));
    assert.ok(validConfig(config), JSON.stringify(validConfig.errors));
  });
}

test('import maps what the spec has fields for', () => {
  const spec = importConfig(load('finetune_kosmos_cont-lstm-post_full-ft_text_vision_wd-0_use-hand_ws-16_act-10.json')) as any;
  assert.equal(spec.backbone.id, 'kosmos-2');
  assert.equal(spec.backbone.path, '.vlms/kosmos-2-patch14-224');
  assert.deepEqual(spec.backbone.train, { vision: true, text_embedding: true, language: true });
  assert.equal(spec.policy.formulation, 'policy-head');
  assert.equal(spec.policy.action_space, 'continuous');
  assert.equal(spec.policy.history, 16);
  assert.equal(spec.policy.chunk, 10);
  assert.deepEqual(spec.policy.head, { type: 'lstm', hidden: 1024 });
  assert.deepEqual(spec.observation.cameras, ['static', 'gripper']);
  assert.deepEqual(spec.action.normalize, { enabled: true, min: -0.65, max: 0.65 });
  assert.equal(spec.action.gripper_weight, 0.01);
  assert.equal(spec.train.lr, 2e-5);
  assert.equal(spec.train.batch_size, 4);
  assert.equal(spec.train.precision, 'fp16');
  assert.equal(spec.train.optimizer, 'adamw', 'RoboVLMs always runs AdamW whatever "optimizer" says');
  assert.deepEqual(spec.data.stages[0], { epochs: 5, datasets: [{ type: 'calvin', path: 'datasets/calvin_data/task_ABCD_D/training' }] });
  // Unmapped keys stay verbatim, nested as in the config; the exact spelling of mapped values too.
  const ov = spec.robovlms.overrides;
  assert.equal(ov.trainer.precision, '16');
  assert.equal(ov.trainer.strategy, 'deepspeed_stage_2');
  assert.equal(ov.optimizer, 'adam');
  assert.equal(ov.act_head.with_history, true);
  assert.equal(ov.warmup_epochs, 0.25);
  assert.equal(ov.act_head.type, undefined, 'mapped and exact: not duplicated in overrides');
  assert.equal(ov.window_size, undefined);
});

test('an edited spec field wins over the spelling kept in the overrides', () => {
  const config = load('finetune_kosmos_cont-lstm-post_full-ft_text_vision_wd-0_ws-8_act-10.json');
  const spec = importConfig(config) as any;
  spec.train.precision = 'bf16';
  spec.policy.history = 12;
  spec.policy.head.type = 'gpt';
  spec.backbone.path = '/models/kosmos';
  const out = compileSpec(spec) as any;
  assert.equal(out.trainer.precision, 'bf16');
  assert.equal(out.window_size, 12);
  assert.equal(out.act_head.type, 'GPTDecoder');
  assert.equal(out.vlm.pretrained_model_name_or_path, '/models/kosmos');
  assert.equal(out.tokenizer.pretrained_model_name_or_path, '/models/kosmos', 'derived paths follow backbone.path');
  assert.equal(out.model_config, '/models/kosmos/config.json');
  // Unchanged fields keep their original spelling.
  assert.equal(out.optimizer, 'adam');
});

test('flamingo and uform keep action_space down_sample; OXE maps to an oxe dataset', () => {
  const fl = importConfig(load('finetune_flamingo_mpt_3b_ws-8_act-10_lstm_calvin.json')) as any;
  assert.equal(fl.backbone.id, 'flamingo-3b');
  assert.equal(fl.policy.action_space, 'continuous');
  assert.equal(fl.robovlms.overrides.act_head.action_space, 'down_sample');
  assert.equal(fl.train.grad_clip, 1);
  const oxe = importConfig(load(join('oxe', readdirSync(join(dir, 'oxe')).find((f) => f.includes('oxe_pretrain'))!))) as any;
  assert.deepEqual(oxe.data.stages[0].datasets[0], { type: 'oxe', path: 'datasets/open-x-embodiment', mixture: 'oxe_magic_soup' });
  assert.equal(oxe.data.stages[0].steps, 50000);
});

test('values the spec cannot hold stay in the overrides and still round-trip', () => {
  const config = load('finetune_kosmos_cont-lstm-post_full-ft_text_vision_wd-0_ws-8_act-10.json');
  config.window_size = 0 as never; // below the spec's minimum
  config.learning_rate = '2e-5' as never; // a string
  (config.act_head as any).history_type = 'video';
  config.batch_size = [4, 4] as never;
  delete (config as any).seed; // the template has one: import must record its absence
  const spec = importConfig(config) as any;
  assert.ok(validSpec(spec), JSON.stringify(validSpec.errors));
  assert.equal(spec.policy.history, undefined);
  assert.equal(spec.robovlms.overrides.window_size, 0);
  assert.equal(spec.robovlms.overrides.learning_rate, '2e-5');
  assert.deepEqual(spec.robovlms.overrides.__layout__.omit, ['/seed']);
  assert.equal(JSON.stringify(compileSpec(spec)), JSON.stringify(config));
  // Setting the spec field later brings the key back despite the recorded omission.
  spec.train.seed = 5;
  assert.equal((compileSpec(spec) as any).seed, 5);
});

test('a spec written from scratch compiles to a config that passes the RoboVLMs schema and lint', () => {
  const spec = {
    name: 'kosmos-ph',
    backend: 'robovlms',
    backbone: { id: 'kosmos-2', path: '.vlms/kosmos-2-patch14-224' },
    policy: {
      formulation: 'policy-head',
      action_space: 'continuous',
      history: 8,
      chunk: 10,
      head: { type: 'lstm', hidden: 512, layers: 2 },
    },
    observation: { image_size: 224, cameras: ['static', 'gripper'] },
    action: { gripper_weight: 0.01, normalize: { enabled: true, min: -0.65, max: 0.65 } },
    data: { stages: [{ epochs: 3, datasets: [{ type: 'calvin', path: 'calvin/task_ABC_D/training' }] }] },
    train: { batch_size: 8, lr: 2e-5, schedule: 'cosine', precision: 'bf16', grad_clip: 1.0, seed: 7 },
  };
  assert.ok(validSpec(spec), JSON.stringify(validSpec.errors));
  const config = compileSpec(spec) as any;
  assert.ok(validConfig(config), JSON.stringify(validConfig.errors));
  const errors = lintRoboVLMsConfig(formatJson(config)).filter((d) => d.severity !== 'info');
  assert.deepEqual(errors, []);
  assert.equal(config.robovlm_name, 'RoboKosMos');
  assert.equal(config.model, 'kosmos');
  assert.equal(config.vlm.type, 'AutoModelForVision2Seq');
  assert.equal(config.window_size, 8);
  assert.equal(config.fwd_pred_next_n, 10);
  assert.equal(config.use_hand_rgb, true);
  assert.equal(config.act_head.type, 'LSTMDecoder');
  assert.equal(config.act_head.hidden_size, 512);
  assert.equal(config.act_head.num_layers, 2);
  assert.equal(config.act_head.history_type, 'post');
  assert.equal(config.gradient_clip_val, 1);
  assert.equal(config.trainer.gradient_clip_val, undefined);
  assert.equal(config.trainer.max_epochs, 3);
  assert.equal(config.trainer.max_steps, -1);
  assert.equal(config.scheduler, 'cosine');
  assert.equal(config.train_dataset.data_dir, 'calvin/task_ABC_D/training');
  assert.equal(config.val_dataset.data_dir, 'calvin/task_ABC_D/validation');
  // And it imports back to the same spec fields.
  const again = importConfig(config, { name: 'kosmos-ph' }) as any;
  assert.deepEqual(again.policy, { ...spec.policy, head: { type: 'lstm', hidden: 512, layers: 2 } });
});

test('compile refuses what RoboVLMs cannot run, in one line', () => {
  const base = { name: 'x', backend: 'robovlms', backbone: { id: 'kosmos-2' } };
  const cases: [object, RegExp][] = [
    [{ ...base, backbone: { id: 'tiny-prefix' } }, /not a RoboVLMs backbone/],
    [{ ...base, policy: { head: { type: 'moe' } } }, /mixture-of-experts/],
    [{ ...base, policy: { head: { type: 'flow' } } }, /no flow-matching head/],
    [{ ...base, policy: { head: { type: 'oft' } } }, /no parallel-decoding \(OFT\) head/],
    [{ ...base, train: { optimizer: 'sgd' } }, /AdamW/],
    [{ ...base, data: { stages: [{ datasets: [{ type: 'calvin' }] }, { datasets: [{ type: 'calvin' }] }] } }, /one stage/],
    [{ ...base, data: { stages: [{ datasets: [{ type: 'playtable' }] }] } }, /playtable/],
    [{ name: 'x' }, /backbone\.id/],
  ];
  for (const [spec, re] of cases) {
    assert.throws(
      () => compileSpec(spec),
      (e: Error) => e.name === 'UserError' && re.test(e.message) && !e.message.includes('\n'),
    );
  }
});

test('discrete and interleaved formulations compile to RoboVLMs settings', () => {
  const one = compileSpec({
    name: 'd',
    backbone: { id: 'llava-7b' },
    policy: { formulation: 'one-step', action_space: 'discrete', history: 1, discretization: { bins: 256, min: -1, max: 1 } },
  }) as any;
  assert.equal(one.act_head.type, 'DiscreteDecoder');
  assert.equal(one.act_head.action_space, 'discrete');
  assert.equal(one.act_head.n_bin, 256);
  assert.equal(one.window_size, 1);
  assert.ok(!lintRoboVLMsConfig(formatJson(one)).some((d) => d.severity === 'error'));
  const inter = compileSpec({
    name: 'i',
    backbone: { id: 'kosmos-2' },
    policy: { formulation: 'interleaved', history: 8, head: { type: 'mlp' } },
  }) as any;
  assert.equal(inter.act_head.history_type, 'pre');
  assert.equal(inter.act_head.type, 'FCDecoder');
  assert.equal(importConfig(inter).policy && (importConfig(inter) as any).policy.formulation, 'interleaved');
});
