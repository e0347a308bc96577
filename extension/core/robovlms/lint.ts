/**
 * Lint of RoboVLMs configs: the places where RoboVLMs' code silently ignores, overwrites or crashes
 * on what a config says (facts from Robot-VLAs/RoboVLMs at 8adc1d2, see docs/robovlms.md).
 *
 * Rules look at the effective config (parents merged, when `cwd` says where RoboVLMs runs) and
 * report at the offending value in this file; a value that comes from a parent is reported at
 * `"parent"`. Checks that a key is missing only run when the whole config is known.
 */
import { statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { applyEdits, modify, type JSONPath } from 'jsonc-parser';
import { makeRange, type Diagnostic, type QuickFix, type Severity, type TextEdit } from '../diagnostics';
import { isUserError } from '../errors';
import { BACKBONES, byModel, byRoboVLMName } from './backbones';
import { loadEffectiveConfig, nodeFs, pyTruthy, type ConfigFs, type MergeMode } from './inherit';
import { isObject, parseJson, rangeAt, toPointer, type Json, type JsonObject, type ParsedJson } from './json';
import { getPath } from './mapping';
import { schemaDiagnostics } from './schema';

export interface LintFs extends ConfigFs {
  /** True when `path` is an existing regular file. */
  isFile(path: string): boolean;
}

const nodeLintFs: LintFs = {
  ...nodeFs,
  isFile: (p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  },
};

export interface LintOptions {
  /** The directory RoboVLMs runs in (its checkout). Enables the parent and local-path checks. */
  cwd?: string;
  /** Path of the linted file (for resolving `parent`; its text is the one given, even if unsaved). */
  filePath?: string;
  mode?: MergeMode;
  relativeTo?: 'cwd' | 'file';
  fs?: LintFs;
}

type P = (string | number)[];

const FLAMINGO_LMS = ['mpt_1b', 'mpt_1b_ift', 'mpt_3b', 'mpt_3b_ift', 'mpt_7b', 'llama_7b'];
const LIGHTNING_STRATEGIES = new Set([
  'auto',
  'ddp',
  'ddp_spawn',
  'ddp_fork',
  'ddp_notebook',
  'ddp_find_unused_parameters_true',
  'ddp_find_unused_parameters_false',
  'ddp_spawn_find_unused_parameters_true',
  'ddp_spawn_find_unused_parameters_false',
  'deepspeed',
  'deepspeed_stage_1',
  'deepspeed_stage_2',
  'deepspeed_stage_2_offload',
  'deepspeed_stage_3',
  'deepspeed_stage_3_offload',
  'deepspeed_stage_3_offload_nvme',
  'fsdp',
  'fsdp_cpu_offload',
  'single_device',
  'xla',
  'single_xla',
]);
/** Keys main.py, the trainer, the backbone or the data module index directly (KeyError when missing). */
const REQUIRED_TOP = [
  'robovlm_name',
  'model',
  'task_name',
  'seed',
  'output_root',
  'log_root',
  'cache_root',
  'model_path',
  'window_size',
  'fwd_pred_next_n',
  'batch_size',
  'num_workers',
  'seq_len',
  'learning_rate',
  'min_lr_scale',
  'weight_decay',
  'use_hand_rgb',
  'cap_loss_ratio',
  'arm_gripper_loss_ratio',
  'fwd_loss_ratio',
  'resume',
  'train_setup',
  'act_head',
  'fwd_head',
  'tokenizer',
  'vlm',
  'trainer',
  'train_dataset',
  'val_dataset',
];
const REQUIRED_TRAIN_SETUP = ['predict_action', 'predict_forward', 'predict_forward_hand', 'predict_caption'];

/** One edit that turns `text` into `next` (the changed middle). */
function diffEdit(text: string, next: string): TextEdit {
  let start = 0;
  while (start < text.length && start < next.length && text[start] === next[start]) start++;
  let endA = text.length;
  let endB = next.length;
  while (endA > start && endB > start && text[endA - 1] === next[endB - 1]) {
    endA--;
    endB--;
  }
  return { offset: start, length: endA - start, newText: next.slice(start, endB) };
}

class Linter {
  readonly out: Diagnostic[] = [];
  private readonly indent: number;

  constructor(
    readonly doc: ParsedJson,
    readonly own: JsonObject,
    readonly eff: JsonObject,
  ) {
    const m = /\n([ \t]+)"/.exec(doc.text);
    this.indent = m ? m[1].replace(/\t/g, '    ').length : 4;
  }

  /** Whether `path` is written in this file (not inherited). */
  inFile(path: P): boolean {
    return getPath(this.own, path) !== undefined;
  }

  add(code: string, severity: Severity, path: P, message: string, opts: { key?: boolean; fixes?: QuickFix[] } = {}): void {
    let range = rangeAt(this.doc, path, opts.key);
    let fixes = opts.fixes;
    if (!this.inFile(path)) {
      // Inherited or missing: point at "parent" when the value comes from there, else at the closest ancestor.
      const fromParent = getPath(this.eff, path) !== undefined && pyTruthy(this.own.parent);
      if (fromParent) {
        range = rangeAt(this.doc, ['parent']);
        message += ' (inherited from "parent")';
        fixes = undefined;
      }
    }
    this.out.push({ code, severity, message, pointer: toPointer(path), range, ...(fixes?.length ? { fixes } : {}) });
  }

  /** A quick fix applying jsonc-parser modifications in order (undefined value = delete). */
  fix(title: string, changes: [JSONPath, Json | undefined][], preferred = false): QuickFix {
    let next = this.doc.text;
    for (const [path, value] of changes) {
      next = applyEdits(next, modify(next, path, value, { formattingOptions: { insertSpaces: true, tabSize: this.indent, eol: '\n' } }));
    }
    return { title, edits: [diffEdit(this.doc.text, next)], ...(preferred ? { preferred } : {}) };
  }

  get(path: P): Json | undefined {
    return getPath(this.eff, path);
  }
}

function runRules(l: Linter, complete: boolean, opts: LintOptions): void {
  const c = l.eff;
  const trainer = l.get(['trainer']);
  const actHead = l.get(['act_head']);

  // Gradient clipping: only the top-level key is used.
  if (isObject(trainer) && trainer.gradient_clip_val !== undefined) {
    const top = c.gradient_clip_val;
    const val = trainer.gradient_clip_val;
    const fixes = l.inFile(['trainer', 'gradient_clip_val'])
      ? [
          top === undefined
            ? l.fix(
                'Move gradient_clip_val to the top level (where RoboVLMs reads it)',
                [
                  [['trainer', 'gradient_clip_val'], undefined],
                  [['gradient_clip_val'], val],
                ],
                true,
              )
            : l.fix('Remove the ignored trainer.gradient_clip_val', [[['trainer', 'gradient_clip_val'], undefined]], true),
        ]
      : undefined;
    l.add(
      'robovlms/ignored-grad-clip',
      'warning',
      ['trainer', 'gradient_clip_val'],
      `trainer.gradient_clip_val is ignored: RoboVLMs clips with the top-level "gradient_clip_val" (${top === undefined ? 'absent here, so 0.0: no clipping' : `here ${JSON.stringify(top)}`}); ${top === undefined ? 'move it to the top level' : 'remove it'}`,
      { key: true, fixes },
    );
  }

  if (isObject(actHead)) {
    if (actHead.with_history !== undefined) {
      l.add(
        'robovlms/unused-with-history',
        'info',
        ['act_head', 'with_history'],
        'act_head.with_history is never read by RoboVLMs: the history is set by window_size and act_head.history_type; remove it',
        {
          key: true,
          fixes: l.inFile(['act_head', 'with_history'])
            ? [l.fix('Remove act_head.with_history', [[['act_head', 'with_history'], undefined]], true)]
            : undefined,
        },
      );
    }
    for (const k of ['window_size', 'fwd_pred_next_n'] as const) {
      if (actHead[k] !== undefined && c[k] !== undefined && actHead[k] !== c[k]) {
        l.add(
          'robovlms/overwritten-by-top-level',
          'info',
          ['act_head', k],
          `act_head.${k} (${JSON.stringify(actHead[k])}) is replaced by the top-level ${k} (${JSON.stringify(c[k])}) when the head is built; change the top-level value instead`,
          { key: true },
        );
      }
    }
    if (actHead.down_sample === 'resampler') {
      l.add(
        'robovlms/down-sample-resampler',
        'error',
        ['act_head', 'down_sample'],
        'act_head.down_sample "resampler" raises NotImplementedError in every RoboVLMs head: use "pooling" (with action_space down_sample) or "none"',
        {
          fixes: l.inFile(['act_head', 'down_sample'])
            ? [
                l.fix('Use "pooling"', [[['act_head', 'down_sample'], 'pooling']], true),
                l.fix('Use "none"', [[['act_head', 'down_sample'], 'none']]),
              ]
            : undefined,
        },
      );
    }
    const space = actHead.action_space ?? 'continuous';
    if (space === 'discrete') {
      const missing = ['n_bin', 'min_action', 'max_action'].filter((k) => actHead[k] === undefined);
      if (missing.length) {
        const defaults: Record<string, Json> = { n_bin: 256, min_action: -1, max_action: 1 };
        l.add(
          'robovlms/discrete-needs-bins',
          'error',
          ['act_head', 'action_space'],
          `action_space "discrete" needs act_head.${missing.join(', act_head.')} (RoboVLMs indexes them and stops with KeyError); add them, e.g. n_bin 256, min_action -1, max_action 1`,
          {
            fixes: l.inFile(['act_head'])
              ? [
                  l.fix(
                    `Add ${missing.join(', ')}`,
                    missing.map((k) => [['act_head', k], defaults[k]] as [JSONPath, Json]),
                    true,
                  ),
                ]
              : undefined,
          },
        );
      }
      if (actHead.type !== undefined && actHead.type !== 'DiscreteDecoder') {
        l.add(
          'robovlms/discrete-head-mismatch',
          'warning',
          ['act_head', 'type'],
          `action_space "discrete" predicts action tokens with the language-model head; act_head.type "${String(actHead.type)}" is built but its output is not the action: use "DiscreteDecoder"`,
        );
      }
    } else if (actHead.type === 'DiscreteDecoder') {
      l.add(
        'robovlms/discrete-head-mismatch',
        'warning',
        ['act_head', 'type'],
        `DiscreteDecoder belongs with action_space "discrete" (here "${String(space)}"): set act_head.action_space to "discrete" or use LSTMDecoder/FCDecoder/GPTDecoder`,
      );
    }
    if (actHead.history_type === 'pre') {
      const model = c.model;
      const ws = c.window_size;
      if (model === 'flamingo' || c.robovlm_name === 'RoboFlamingo') {
        l.add(
          'robovlms/history-pre',
          'error',
          ['act_head', 'history_type'],
          'history_type "pre" (interleaved) is not implemented for RoboFlamingo (cross-attention backbones cannot interleave): use "post" (policy head)',
          {
            fixes: l.inFile(['act_head', 'history_type'])
              ? [l.fix('Use "post"', [[['act_head', 'history_type'], 'post']], true)]
              : undefined,
          },
        );
      } else if (space === 'discrete') {
        l.add(
          'robovlms/history-pre',
          'warning',
          ['act_head', 'history_type'],
          'history_type "pre" only changes the continuous/down_sample forward pass: discrete training ignores it, yet the CALVIN eval wrapper feeds it the whole window; use "post" with discrete actions',
        );
      } else if (ws === 1) {
        l.add(
          'robovlms/history-pre',
          'info',
          ['act_head', 'history_type'],
          'history_type "pre" with window_size 1 is the one-step formulation (nothing to interleave): use "post", or raise window_size for the interleaved formulation',
        );
      }
    }
  }

  const fwd = l.get(['fwd_head']);
  if (fwd !== undefined && fwd !== null) {
    l.add(
      'robovlms/fwd-head-crash',
      'error',
      ['fwd_head'],
      'a non-null fwd_head makes RoboVLMs import robovlms.model.forward_head, which it does not ship (ModuleNotFoundError): set "fwd_head": null',
      { fixes: l.inFile(['fwd_head']) ? [l.fix('Set fwd_head to null', [[['fwd_head'], null]], true)] : undefined },
    );
  }

  // Backbone: robovlm_name / model / vlm belong together.
  const name = c.robovlm_name;
  const b = byRoboVLMName(name);
  if (typeof name === 'string' && !b) {
    l.add(
      'robovlms/unknown-backbone',
      'warning',
      ['robovlm_name'],
      `"${name}" is not one of RoboVLMs' VLA classes (${BACKBONES.map((x) => x.robovlmName).join(', ')}); RoboVLMs raises AttributeError unless you registered it in robovlms/model/backbone/__init__.py`,
    );
  }
  if (b) {
    if (c.model !== undefined && c.model !== b.model) {
      const other = byModel(c.model);
      l.add(
        'robovlms/backbone-mismatch',
        'error',
        ['model'],
        `model "${String(c.model)}" does not belong with robovlm_name "${b.robovlmName}"${other ? ` (it is ${other.robovlmName}'s)` : ''}: model selects directories, image preprocessing and prompts; use "${b.model}"`,
        { fixes: l.inFile(['model']) ? [l.fix(`Use "${b.model}"`, [[['model'], b.model]], true)] : undefined },
      );
    }
    const vlm = l.get(['vlm']);
    if (isObject(vlm)) {
      if (
        b.model !== 'flamingo' &&
        typeof vlm.type === 'string' &&
        !b.vlmTypes.includes(vlm.type) &&
        !(b.model === 'paligemma' && vlm.name === 'paligemma') &&
        !(b.model === 'llava' && vlm.name === 'llava')
      ) {
        l.add(
          'robovlms/backbone-mismatch',
          'warning',
          ['vlm', 'type'],
          `vlm.type "${vlm.type}" is not how ${b.robovlmName} is loaded in RoboVLMs' configs (${b.vlmTypes.join(' or ')}); RoboVLMs calls transformers.${vlm.type}.from_pretrained on the backbone directory`,
          { fixes: l.inFile(['vlm', 'type']) ? [l.fix(`Use "${b.vlmTypes[0]}"`, [[['vlm', 'type'], b.vlmTypes[0]]], true)] : undefined },
        );
      }
      if ((b.model === 'paligemma' || b.model === 'llava') && vlm.name !== b.vlmName) {
        l.add(
          'robovlms/backbone-mismatch',
          b.model === 'llava' ? 'error' : 'warning',
          ['vlm', 'name'],
          `vlm.name must be "${b.vlmName}" for ${b.robovlmName}: it selects RoboVLMs' dedicated ${b.model === 'llava' ? 'LLaVA loader (transformers cannot load LLaVA-MPT)' : 'PaliGemma loader'}`,
          {
            key: vlm.name === undefined,
            fixes: l.inFile(['vlm']) ? [l.fix(`Set vlm.name to "${b.vlmName}"`, [[['vlm', 'name'], b.vlmName]], true)] : undefined,
          },
        );
      }
      if (b.model === 'flamingo' && !FLAMINGO_LMS.includes(String(vlm.name))) {
        l.add(
          'robovlms/backbone-mismatch',
          'error',
          ['vlm', 'name'],
          `for RoboFlamingo vlm.name names the language model: one of ${FLAMINGO_LMS.join(', ')} (anything else is a KeyError)`,
          { key: vlm.name === undefined },
        );
      }
    }
    if (b.model === 'flamingo' && complete && !isObject(c.vision_encoder)) {
      l.add(
        'robovlms/missing-key',
        'error',
        ['vision_encoder'],
        'RoboFlamingo needs "vision_encoder" {clip_vision_encoder_path, clip_vision_encoder_pretrained} (KeyError otherwise); add it',
        { key: true },
      );
    }
    if (b.transformers !== '4.37.2') {
      l.add(
        'robovlms/transformers-pin',
        'info',
        ['robovlm_name'],
        `${b.robovlmName} needs transformers ${b.transformers} (RoboVLMs' default environment has 4.37.2): install it in the Python environment that runs this config`,
      );
    }
  }

  // vlm.pretrained_model_name_or_path must be a local directory with config.json.
  const vlmPath = l.get(['vlm', 'pretrained_model_name_or_path']);
  if (opts.cwd && typeof vlmPath === 'string') {
    const fs = opts.fs ?? nodeLintFs;
    const dir = isAbsolute(vlmPath) ? vlmPath : resolve(opts.cwd, vlmPath);
    if (!fs.isFile(join(dir, 'config.json'))) {
      l.add(
        'robovlms/vlm-path',
        'warning',
        ['vlm', 'pretrained_model_name_or_path'],
        `${dir}/config.json does not exist: RoboVLMs loads the backbone from this local directory (relative to where main.py runs, ${opts.cwd}) and stops with FileNotFoundError; download the weights there (e.g. git clone ${typeof c.model_url === 'string' ? c.model_url : 'the model'} ${vlmPath})`,
      );
    }
  }

  // Trainer.
  if (isObject(trainer)) {
    const logger = trainer.logger;
    if (Array.isArray(logger)) {
      logger.forEach((entry, i) => {
        if (entry !== 'tensorboard' && entry !== 'csv') {
          l.add(
            'robovlms/unknown-logger',
            'error',
            ['trainer', 'logger', i],
            `trainer.logger entry ${JSON.stringify(entry)} raises NotImplementedError: RoboVLMs only creates "tensorboard" and "csv" loggers`,
            {
              fixes: l.inFile(['trainer', 'logger', i])
                ? [
                    l.fix('Use "tensorboard"', [[['trainer', 'logger', i], 'tensorboard']], true),
                    l.fix('Use "csv"', [[['trainer', 'logger', i], 'csv']]),
                  ]
                : undefined,
            },
          );
        }
      });
    } else if (complete && logger === undefined) {
      l.add(
        'robovlms/default-logger',
        'info',
        ['trainer'],
        'trainer.logger is not a list, so RoboVLMs passes logger=None and Lightning uses its default logger outside log_root: set "logger": ["tensorboard"]',
        { key: true },
      );
    }
    const strategy = trainer.strategy;
    if (typeof strategy === 'string' && !LIGHTNING_STRATEGIES.has(strategy)) {
      l.add(
        'robovlms/unknown-strategy',
        'warning',
        ['trainer', 'strategy'],
        `trainer.strategy "${strategy}" is not a Lightning strategy name RoboVLMs is known to run with (ddp, deepspeed_stage_2, deepspeed_stage_3, …); Lightning will refuse it at start`,
      );
    }
    const prec = trainer.precision;
    if (prec !== undefined && prec !== 'bf16' && !['32', '32-true', 32, '64', 64].includes(prec as never)) {
      l.add(
        'robovlms/eval-precision',
        'warning',
        ['trainer', 'precision'],
        `trainer.precision ${JSON.stringify(prec)} trains in reduced precision but RoboVLMs' CALVIN evaluation only recognises "bf16" and silently evaluates in fp32; use "bf16" to evaluate as trained`,
        { fixes: l.inFile(['trainer', 'precision']) ? [l.fix('Use "bf16"', [[['trainer', 'precision'], 'bf16']])] : undefined },
      );
    }
    if (complete && trainer.max_steps === undefined) {
      l.add(
        'robovlms/max-steps',
        'error',
        ['trainer'],
        'trainer.max_steps is missing: RoboVLMs reads it to build the learning-rate schedule (KeyError); add "max_steps": -1 for no step limit',
        { key: true, fixes: l.inFile(['trainer']) ? [l.fix('Add "max_steps": -1', [[['trainer', 'max_steps'], -1]], true)] : undefined },
      );
    }
    if (trainer.max_epochs === null || (complete && trainer.max_epochs === undefined)) {
      l.add(
        'robovlms/max-epochs',
        'error',
        trainer.max_epochs === null ? ['trainer', 'max_epochs'] : ['trainer'],
        'trainer.max_epochs must be a number: RoboVLMs asserts it is not None when building the learning-rate schedule; set it (e.g. 5)',
        {
          key: trainer.max_epochs === undefined,
          fixes: l.inFile(['trainer']) ? [l.fix('Set "max_epochs": 5', [[['trainer', 'max_epochs'], 5]], true)] : undefined,
        },
      );
    }
  }

  const sched = c.scheduler;
  if (sched !== undefined && sched !== 'constant' && sched !== 'half-cosine' && sched !== 'cosine') {
    l.add(
      'robovlms/unknown-scheduler',
      'error',
      ['scheduler'],
      `scheduler ${JSON.stringify(sched)} raises NotImplementedError: use "constant", "half-cosine" or "cosine"`,
      {
        fixes: l.inFile(['scheduler'])
          ? ['cosine', 'half-cosine', 'constant'].map((s, i) => l.fix(`Use "${s}"`, [[['scheduler'], s]], i === 0))
          : undefined,
      },
    );
  }

  const setup = l.get(['train_setup']);
  if (isObject(setup)) {
    if (setup.lora_enable === true) {
      l.add(
        'robovlms/lora-needs-llava',
        'info',
        ['train_setup', 'lora_enable'],
        'LoRA in RoboVLMs imports find_all_linear_names from the llava package (and peft): install LLaVA in the environment that trains this config',
      );
    }
    if (complete) {
      const missing = REQUIRED_TRAIN_SETUP.filter((k) => setup[k] === undefined);
      if (b && b.model !== 'flamingo') missing.push(...['freeze_backbone', 'lora_enable'].filter((k) => setup[k] === undefined));
      if (missing.length) {
        l.add(
          'robovlms/missing-key',
          'error',
          ['train_setup'],
          `train_setup lacks ${missing.join(', ')}: RoboVLMs indexes them directly (KeyError); add them`,
          { key: true },
        );
      }
    }
  }

  // batch_size / num_workers lists must match a list of train datasets.
  const train = c.train_dataset;
  for (const k of ['batch_size', 'num_workers'] as const) {
    const v = c[k];
    if (Array.isArray(v) && (!Array.isArray(train) || train.length !== v.length)) {
      l.add(
        'robovlms/batch-size-list',
        'error',
        [k],
        `${k} is a list of ${v.length} but train_dataset is ${Array.isArray(train) ? `a list of ${train.length}` : 'a single dataset'}: RoboVLMs asserts they match; give one ${k === 'batch_size' ? 'batch size' : 'worker count'} per train dataset, or a single number`,
      );
    }
  }

  // Keys main.py always overwrites.
  for (const k of ['gpus', 'num_nodes'] as const) {
    if (c[k] !== undefined) {
      l.add(
        'robovlms/cli-overwritten',
        'warning',
        [k],
        `"${k}" in the config is always overwritten by main.py's --${k} (default 1): pass --${k} when launching instead`,
        { key: true },
      );
    }
  }
  for (const k of ['use_multi_modal_emb', 'finetune', 'no_video_pretrained_model']) {
    if (c[k] === true) {
      l.add(
        'robovlms/cli-overwritten',
        'warning',
        [k],
        `"${k}": true is forced to false by main.py's store-true flag of the same name; pass --${k} when launching instead`,
        { key: true },
      );
    }
  }
  if (typeof c.optimizer === 'string' && c.optimizer.toLowerCase() !== 'adamw') {
    l.add(
      'robovlms/ignored-optimizer',
      'info',
      ['optimizer'],
      `optimizer "${c.optimizer}" is never read: RoboVLMs always trains with AdamW; write "adamw" to say what runs`,
      { fixes: l.inFile(['optimizer']) ? [l.fix('Write "adamw"', [[['optimizer'], 'adamw']], true)] : undefined },
    );
  }
  if (c.warmup_ratio !== undefined && c.warmup_ratio !== null) {
    l.add(
      'robovlms/ignored-key',
      'warning',
      ['warmup_ratio'],
      'warmup_ratio is never read by RoboVLMs: use warmup_epochs or warmup_steps',
      { key: true },
    );
  }
  const setupPrec = getPath(c, ['train_setup', 'precision']);
  if (setupPrec !== undefined && isObject(trainer) && trainer.precision !== undefined && setupPrec !== trainer.precision) {
    l.add(
      'robovlms/overwritten-by-top-level',
      'info',
      ['train_setup', 'precision'],
      `train_setup.precision (${JSON.stringify(setupPrec)}) is replaced by trainer.precision (${JSON.stringify(trainer.precision)}) at start; change trainer.precision instead`,
      { key: true },
    );
  }

  if (complete) {
    for (const k of REQUIRED_TOP) {
      if (c[k] === undefined) {
        const b2 = byRoboVLMName(c.robovlm_name);
        const vp = getPath(c, ['vlm', 'pretrained_model_name_or_path']);
        const fixes =
          k === 'model_path' && typeof vp === 'string'
            ? [l.fix(`Add "model_path": ${JSON.stringify(vp)}`, [[['model_path'], vp]], true)]
            : k === 'model' && b2
              ? [l.fix(`Add "model": "${b2.model}"`, [[['model'], b2.model]], true)]
              : undefined;
        l.out.push({
          code: 'robovlms/missing-key',
          severity: 'error',
          pointer: toPointer([k]),
          message: `"${k}" is missing: RoboVLMs reads it unconditionally (KeyError at start)${k === 'model_path' ? '; main.py checks it exists before training (set it to the backbone directory)' : ''}`,
          range: l.doc.root ? makeRange(l.doc.lineStarts, l.doc.root.offset, 1) : rangeAt(l.doc, []),
          ...(fixes ? { fixes } : {}),
        });
      }
    }
  }
}

/** Lints the text of a RoboVLMs config. Never throws for bad input: problems come back as Diagnostics. */
export function lintRoboVLMsConfig(text: string, opts: LintOptions = {}): Diagnostic[] {
  const doc = parseJson(text);
  const out: Diagnostic[] = doc.errors.map((e) => ({
    code: 'robovlms/json-syntax',
    severity: 'error' as const,
    message: e.message,
    pointer: '',
    range: makeRange(doc.lineStarts, e.offset, e.length),
  }));
  // A text that does not parse would give rules a partial config (and false "missing" reports).
  if (out.length > 0) return out;
  if (!isObject(doc.value)) {
    if (doc.value !== undefined) {
      out.push({
        code: 'robovlms/not-an-object',
        severity: 'error',
        message: 'a RoboVLMs config must be a JSON object',
        pointer: '',
        range: rangeAt(doc, []),
      });
    }
    return out;
  }
  const own = doc.value;
  out.push(...schemaDiagnostics(doc));

  let eff = own;
  let complete = !pyTruthy(own.parent);
  if (!complete && opts.cwd) {
    const fs = opts.fs ?? nodeLintFs;
    const self = resolve(opts.cwd, opts.filePath ?? '<unsaved>.json');
    try {
      eff = loadEffectiveConfig(self, {
        cwd: opts.cwd,
        mode: opts.mode,
        relativeTo: opts.relativeTo,
        fs: { readFile: (p) => (p === self ? text : fs.readFile(p)) },
      }).config;
      complete = true;
    } catch (e) {
      if (!isUserError(e)) throw e;
      out.push({ code: e.code, severity: 'error', message: e.message, pointer: '/parent', range: rangeAt(doc, ['parent']) });
    }
  }
  const linter = new Linter(doc, own, eff);
  runRules(linter, complete, opts);
  out.push(...linter.out);
  // Keep positions stable for editors: by offset.
  return out.sort((a, b) => a.range.offset - b.range.offset);
}
