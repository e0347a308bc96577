/** Lint rules for RoboVLMs configs: each has a failing and a passing case, and fixes that fix. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintRoboVLMsConfig, formatJson, parseJson, type JsonObject, type LintFs } from '../../extension/core/robovlms';
import type { Diagnostic, TextEdit } from '../../extension/core/diagnostics';

const fixture = (f: string) => readFileSync(join(__dirname, '..', 'fixtures', 'robovlms', f), 'utf8');
const KOSMOS = 'finetune_kosmos_cont-lstm-post_full-ft_text_vision_wd-0_ws-8_act-10.json';

/** The shipped KosMos config with what the lint flags in it corrected: the passing baseline. */
function clean(): JsonObject {
  const c = parseJson(fixture(KOSMOS)).value as any;
  delete c.trainer.gradient_clip_val;
  c.gradient_clip_val = 1.0;
  delete c.act_head.with_history;
  c.trainer.precision = 'bf16';
  c.train_setup.precision = 'bf16';
  c.optimizer = 'adamw';
  return c;
}

const fs: LintFs = {
  readFile: () => {
    throw Object.assign(new Error('x'), { code: 'ENOENT' });
  },
  isFile: (p) => p === '/rv/.vlms/kosmos-2-patch14-224/config.json',
};
const lint = (c: unknown, opts = {}) =>
  lintRoboVLMsConfig(typeof c === 'string' ? c : formatJson(c as JsonObject), { cwd: '/rv', fs, ...opts });
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

function apply(text: string, edits: TextEdit[]): string {
  for (const e of [...edits].sort((a, b) => b.offset - a.offset))
    text = text.slice(0, e.offset) + e.newText + text.slice(e.offset + e.length);
  return text;
}

test('the corrected baseline has no warnings or errors (only infos)', () => {
  const ds = lint(clean()).filter((d) => d.severity !== 'info');
  assert.deepEqual(ds, []);
});

/** [name, mutate, expected code, severity] */
const RULES: [string, (c: any) => void, string, string][] = [
  [
    'trainer.gradient_clip_val',
    (c) => {
      c.trainer.gradient_clip_val = 1.0;
    },
    'robovlms/ignored-grad-clip',
    'warning',
  ],
  [
    'act_head.with_history',
    (c) => {
      c.act_head.with_history = true;
    },
    'robovlms/unused-with-history',
    'info',
  ],
  [
    'non-null fwd_head',
    (c) => {
      c.fwd_head = { type: 'X' };
    },
    'robovlms/fwd-head-crash',
    'error',
  ],
  [
    'history_type pre with Flamingo',
    (c) => {
      c.robovlm_name = 'RoboFlamingo';
      c.model = 'flamingo';
      c.vlm.name = 'mpt_1b';
      c.vision_encoder = {};
      c.act_head.history_type = 'pre';
    },
    'robovlms/history-pre',
    'error',
  ],
  [
    'history_type pre with discrete actions',
    (c) => {
      Object.assign(c.act_head, {
        type: 'DiscreteDecoder',
        action_space: 'discrete',
        n_bin: 256,
        min_action: -1,
        max_action: 1,
        history_type: 'pre',
      });
    },
    'robovlms/history-pre',
    'warning',
  ],
  [
    'history_type pre with a window of 1',
    (c) => {
      c.window_size = 1;
      c.act_head.history_type = 'pre';
    },
    'robovlms/history-pre',
    'info',
  ],
  [
    'discrete without bins',
    (c) => {
      c.act_head.type = 'DiscreteDecoder';
      c.act_head.action_space = 'discrete';
    },
    'robovlms/discrete-needs-bins',
    'error',
  ],
  [
    'DiscreteDecoder with continuous actions',
    (c) => {
      c.act_head.type = 'DiscreteDecoder';
    },
    'robovlms/discrete-head-mismatch',
    'warning',
  ],
  [
    'vlm path without config.json',
    (c) => {
      c.vlm.pretrained_model_name_or_path = '.vlms/elsewhere';
    },
    'robovlms/vlm-path',
    'warning',
  ],
  [
    'unknown logger',
    (c) => {
      c.trainer.logger = ['tensorboard', 'wandb'];
    },
    'robovlms/unknown-logger',
    'error',
  ],
  [
    'unknown scheduler',
    (c) => {
      c.scheduler = 'linear';
    },
    'robovlms/unknown-scheduler',
    'error',
  ],
  [
    'unknown strategy',
    (c) => {
      c.trainer.strategy = 'deepspeed_stage_9';
    },
    'robovlms/unknown-strategy',
    'warning',
  ],
  [
    'model of another backbone',
    (c) => {
      c.model = 'paligemma';
    },
    'robovlms/backbone-mismatch',
    'error',
  ],
  [
    'vlm.type of another backbone',
    (c) => {
      c.vlm.type = 'PaliGemmaForConditionalGeneration';
    },
    'robovlms/backbone-mismatch',
    'warning',
  ],
  [
    'LLaVA without vlm.name llava',
    (c) => {
      c.robovlm_name = 'RoboLLaVA';
      c.model = 'llava';
      c.vlm.type = 'AutoModel';
      c.vlm.name = 'mpt';
    },
    'robovlms/backbone-mismatch',
    'error',
  ],
  [
    'unregistered robovlm_name',
    (c) => {
      c.robovlm_name = 'RoboGPT';
    },
    'robovlms/unknown-backbone',
    'warning',
  ],
  [
    'precision 16',
    (c) => {
      c.trainer.precision = '16';
      c.train_setup.precision = '16';
    },
    'robovlms/eval-precision',
    'warning',
  ],
  [
    'precision 16-mixed',
    (c) => {
      c.trainer.precision = '16-mixed';
      c.train_setup.precision = '16-mixed';
    },
    'robovlms/eval-precision',
    'warning',
  ],
  [
    'missing trainer.max_steps',
    (c) => {
      delete c.trainer.max_steps;
    },
    'robovlms/max-steps',
    'error',
  ],
  [
    'null trainer.max_epochs',
    (c) => {
      c.trainer.max_epochs = null;
    },
    'robovlms/max-epochs',
    'error',
  ],
  [
    'down_sample resampler',
    (c) => {
      c.act_head.down_sample = 'resampler';
    },
    'robovlms/down-sample-resampler',
    'error',
  ],
  [
    'LoRA',
    (c) => {
      c.train_setup.lora_enable = true;
    },
    'robovlms/lora-needs-llava',
    'info',
  ],
  [
    'batch_size list for one dataset',
    (c) => {
      c.batch_size = [4, 4];
    },
    'robovlms/batch-size-list',
    'error',
  ],
  [
    'gpus in the config',
    (c) => {
      c.gpus = 8;
    },
    'robovlms/cli-overwritten',
    'warning',
  ],
  [
    'finetune flag',
    (c) => {
      c.finetune = true;
    },
    'robovlms/cli-overwritten',
    'warning',
  ],
  [
    'optimizer other than AdamW',
    (c) => {
      c.optimizer = 'sgd';
    },
    'robovlms/ignored-optimizer',
    'info',
  ],
  [
    'warmup_ratio',
    (c) => {
      c.warmup_ratio = 0.1;
    },
    'robovlms/ignored-key',
    'warning',
  ],
  [
    'act_head.window_size differs',
    (c) => {
      c.act_head.window_size = 1;
    },
    'robovlms/overwritten-by-top-level',
    'info',
  ],
  [
    'missing model_path',
    (c) => {
      delete c.model_path;
    },
    'robovlms/missing-key',
    'error',
  ],
  [
    'PaliGemma needs transformers 4.44',
    (c) => {
      c.robovlm_name = 'RoboPaligemma';
      c.model = 'paligemma';
      c.vlm.type = 'PaliGemmaForConditionalGeneration';
      c.vlm.name = 'paligemma';
    },
    'robovlms/transformers-pin',
    'info',
  ],
  [
    'schema: wrong type',
    (c) => {
      c.window_size = 'eight';
    },
    'robovlms/schema-type',
    'error',
  ],
  [
    'schema: action_space',
    (c) => {
      c.act_head.action_space = 'tokens';
    },
    'robovlms/schema-enum',
    'error',
  ],
];

for (const [name, mutate, code, severity] of RULES) {
  test(`${code}: ${name}`, () => {
    const base = clean();
    assert.ok(!codes(lint(base)).includes(code) || code === 'robovlms/overwritten-by-top-level', `baseline already has ${code}`);
    const bad = clean();
    mutate(bad);
    const text = formatJson(bad);
    const hits = lint(text).filter((d) => d.code === code);
    assert.ok(hits.length > 0, `${code} not reported: ${codes(lint(text)).join(', ')}`);
    const d = hits.find((h) => h.severity === severity);
    assert.ok(d, `severity ${severity} expected, got ${hits.map((h) => h.severity)}`);
    assert.ok(!d.message.includes('\n') && d.message.length > 20);
    assert.ok(d.range.length > 0 && d.range.offset >= 0 && d.range.offset + d.range.length <= text.length);
    // A preferred fix must make this diagnostic go away and leave valid JSON.
    const fix = d.fixes?.find((f) => f.preferred);
    if (fix) {
      const fixed = apply(text, fix.edits);
      assert.equal(parseJson(fixed).errors.length, 0, fixed);
      assert.ok(!lint(fixed).some((x) => x.code === code && x.pointer === d.pointer), `fix "${fix.title}" did not fix ${code}`);
    }
  });
}

test('ranges point at the offending value in the text', () => {
  const text = fixture(KOSMOS);
  const d = lint(text).find((x) => x.code === 'robovlms/eval-precision')!;
  assert.equal(text.slice(d.range.offset, d.range.offset + d.range.length), '"16"');
  assert.equal(d.range.start.line, text.slice(0, d.range.offset).split('\n').length);
  const g = lint(text).find((x) => x.code === 'robovlms/ignored-grad-clip')!;
  assert.equal(text.slice(g.range.offset, g.range.offset + g.range.length), '"gradient_clip_val"');
});

test('the move fix puts gradient_clip_val at the top level with the same value', () => {
  const text = fixture(KOSMOS);
  const d = lint(text).find((x) => x.code === 'robovlms/ignored-grad-clip')!;
  const fixed = parseJson(apply(text, d.fixes![0].edits)).value as any;
  assert.equal(fixed.gradient_clip_val, 1);
  assert.equal(fixed.trainer.gradient_clip_val, undefined);
});

test('the shipped LLaVA and Qwen configs lack model_path, which main.py reads', () => {
  for (const f of [
    'finetune_llava-mpt-7b_cont-lstm-post_ful_ft_wd=0_hist-8_act-10.json',
    'finetune_qwen-vl-7b_cont-lstm-post_full_ft_text_vision_wd=0_ws-8_act-10.json',
  ]) {
    assert.ok(
      lint(fixture(f)).some((d) => d.code === 'robovlms/missing-key' && d.pointer === '/model_path'),
      f,
    );
  }
});

test('JSON syntax errors are diagnostics, not exceptions', () => {
  const ds = lintRoboVLMsConfig('{ "robovlm_name": "RoboKosMos", // c\n }');
  assert.ok(ds.length > 0 && ds.every((d) => d.code === 'robovlms/json-syntax'));
  assert.deepEqual(codes(lintRoboVLMsConfig('[1, 2]')), ['robovlms/not-an-object']);
});

test('with a parent, values come from the effective config and problems of the chain show on "parent"', () => {
  const parent = clean();
  parent.trainer = { ...(parent.trainer as object), precision: '16' };
  const files: Record<string, string> = { '/rv/configs/base.json': formatJson(parent) };
  const pfs: LintFs = {
    ...fs,
    readFile: (p) => {
      if (p in files) return files[p];
      throw Object.assign(new Error('x'), { code: 'ENOENT' });
    },
  };
  const child = '{\n    "parent": "configs/base.json",\n    "seed": 7\n}\n';
  const ds = lintRoboVLMsConfig(child, { cwd: '/rv', fs: pfs, filePath: 'configs/child.json' });
  const prec = ds.find((d) => d.code === 'robovlms/eval-precision')!;
  assert.match(prec.message, /inherited from "parent"/);
  assert.equal(child.slice(prec.range.offset, prec.range.offset + prec.range.length), '"configs/base.json"');
  assert.ok(!ds.some((d) => d.code === 'robovlms/missing-key'), 'keys from the parent count as present');
  const missing = lintRoboVLMsConfig('{ "parent": "configs/none.json" }', { cwd: '/rv', fs: pfs });
  assert.deepEqual(
    codes(missing).filter((c) => c.startsWith('robovlms/parent')),
    ['robovlms/parent-not-found'],
  );
  const merge = lintRoboVLMsConfig('{ "parent": "configs/base.json", "fwd_head": {"type": "x"} }', { cwd: '/rv', fs: pfs });
  assert.ok(codes(merge).includes('robovlms/parent-merge'));
});
