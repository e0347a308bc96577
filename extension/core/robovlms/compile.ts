/**
 * compile(spec) → RoboVLMs config.
 *
 * The config starts from the backbone's template (RoboVLMs' shipped CALVIN recipe, backbones.ts),
 * takes `robovlms.overrides` over it (objects merged key by key, anything else replaced), then the
 * spec's own fields (mapping.ts) — an override of a mapped key is kept only while it still means
 * what the spec field says. Finally the bookkeeping that `import` leaves in
 * `overrides.__layout__` is applied: keys to leave out (`omit`, JSON pointers: keys the original
 * config did not have) and key orders (`order`: pointer → keys) so the output diffs cleanly
 * against the file it was imported from, and `format` (textFormat.ts: literals and whitespace as
 * the imported file wrote them) so that compileSpecText gives that file's bytes back.
 */
import { UserError } from '../errors';
import { BACKBONES, byId, byRoboVLMName, template, type TemplateData } from './backbones';
import { clone, deepEqual, fromPointer, isObject, setOwn, toPointer, type Json, type JsonObject } from './json';
import { DATASET, MAPPINGS, deletePath, getPath, setPath } from './mapping';
import { formatConfigText, type TextFormat } from './textFormat';

export const LAYOUT_KEY = '__layout__';

export interface Layout {
  omit?: string[];
  order?: Record<string, string[]>;
  /** How the imported file was written (literals, whitespace, final newline). */
  format?: TextFormat;
}

function readLayout(overrides: JsonObject | undefined): Layout {
  const l = overrides?.[LAYOUT_KEY];
  if (!isObject(l)) return {};
  const omit = Array.isArray(l.omit) ? l.omit.filter((p): p is string => typeof p === 'string') : undefined;
  const order: Record<string, string[]> = {};
  if (isObject(l.order)) {
    for (const [p, keys] of Object.entries(l.order)) {
      if (Array.isArray(keys)) order[p] = keys.filter((k): k is string => typeof k === 'string');
    }
  }
  const format = isObject(l.format) ? (l.format as TextFormat) : undefined;
  return { omit, order, format };
}

/** Template merged with overrides: objects key by key (template order first), anything else replaced. */
function merge(base: Json | undefined, over: Json | undefined): Json | undefined {
  if (over === undefined) return clone(base);
  if (isObject(base) && isObject(over)) {
    const out: JsonObject = {};
    for (const k of Object.keys(base)) setOwn(out, k, merge(base[k], over[k]) as Json);
    for (const k of Object.keys(over)) if (!Object.prototype.hasOwnProperty.call(base, k)) setOwn(out, k, clone(over[k]));
    return out;
  }
  return clone(over);
}

/** Where keys that templates leave out (ignored or optional ones) sit in RoboVLMs' files. */
const KNOWN_ORDER: Record<string, string[]> = {
  '/act_head': [
    'type',
    'hidden_size',
    'num_layers',
    'policy_rnn_dropout_p',
    'action_dim',
    'down_sample',
    'latent',
    'fwd_pred_next_n',
    'window_size',
    'action_space',
    'token_source',
    'with_history',
    'history_type',
    'n_bin',
    'min_action',
    'max_action',
  ],
  '/trainer': [
    'accelerator',
    'strategy',
    'precision',
    'logger',
    'gradient_clip_val',
    'use_distributed_sampler',
    'log_every_n_steps',
    'max_epochs',
    'val_check_interval',
    'check_val_every_n_epoch',
    'max_steps',
    'accumulate_grad_batches',
    'limit_val_batches',
  ],
  '/train_setup': [
    'precision',
    'predict_action',
    'predict_forward',
    'predict_forward_hand',
    'predict_caption',
    'train_vision',
    'bits',
    'freeze_mm_mlp_adapter',
    'freeze_backbone',
    'freeze_resampler',
    'tune_mm_mlp_adapter',
    'mm_use_im_start_end',
    'mm_use_im_patch_token',
    'gradient_checkpointing',
    'lora_enable',
    'mm_projector_lr',
    'lora_r',
    'lora_alpha',
    'lora_dropout',
    'lora_bias',
    'train_text_embedding',
  ],
  '': [
    'robovlm_name',
    'parent',
    'task_name',
    'model',
    'model_url',
    'seq_len',
    'image_size',
    'image_mean',
    'image_std',
    'window_size',
    'fwd_pred_next_n',
    'arm_gripper_loss_ratio',
    'cap_loss_ratio',
    'fwd_loss_ratio',
    'vl_cotrain_ratio',
    'seed',
    'batch_size',
    'num_workers',
    'data_scale',
    'optimizer',
    'learning_rate',
    'min_lr_scale',
    'weight_decay',
    'warmup_epochs',
    'warmup_steps',
    'warmup_ratio',
    'scheduler',
    'gradient_clip_val',
  ],
};

/**
 * Inserts the keys of `reference` that `seq` lacks (and `has` accepts) right after the nearest key
 * before them in `reference` that `seq` holds, or first when there is none.
 */
function insertInOrder(seq: string[], reference: readonly string[], has: (k: string) => boolean): void {
  reference.forEach((k, i) => {
    if (seq.includes(k) || !has(k)) return;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const idx = seq.indexOf(reference[j]);
      if (idx >= 0) {
        at = idx + 1;
        break;
      }
    }
    seq.splice(at, 0, k);
  });
}

/**
 * Key order of every object: the hint when there is one; otherwise the template's order, keys
 * only in the overrides placed after the override key that precedes them, and keys only the spec
 * adds at the end.
 */
function order(value: Json, tpl: Json | undefined, ov: Json | undefined, hints: Record<string, string[]>, path: string[]): Json {
  if (!isObject(value)) return value;
  const present = Object.keys(value);
  const has = (k: string) => Object.prototype.hasOwnProperty.call(value, k);
  let seq: string[];
  const hint = hints[toPointer(path)];
  if (hint) {
    seq = hint.filter(has);
  } else {
    seq = isObject(tpl) ? Object.keys(tpl).filter(has) : [];
    // Known keys the template leaves out go where RoboVLMs' files have them.
    insertInOrder(seq, KNOWN_ORDER[toPointer(path)] ?? [], has);
    if (isObject(ov))
      insertInOrder(
        seq,
        Object.keys(ov).filter((k) => k !== LAYOUT_KEY || path.length > 0),
        has,
      );
  }
  for (const k of present) if (!seq.includes(k)) seq.push(k);
  const out: JsonObject = {};
  for (const k of seq) {
    setOwn(out, k, order(value[k], isObject(tpl) ? tpl[k] : undefined, isObject(ov) ? ov[k] : undefined, hints, [...path, k]));
  }
  return out;
}

function agrees(m: (typeof MAPPINGS)[number], override: Json, spec: JsonObject, config: JsonObject): boolean {
  if (!m.put) return true;
  const probe = clone(spec);
  m.put(override, probe, config);
  return deepEqual(m.get(probe), m.get(spec));
}

function checkCompilable(spec: JsonObject): void {
  if (spec.sweep !== undefined) {
    throw new UserError('this spec has a sweep: compile one point at a time (expand the sweep first, e.g. with `vla-lab sweep`)');
  }
  const id = getPath(spec, ['backbone', 'id']);
  if (id !== undefined && !byId(id)) {
    throw new UserError(
      `backbone.id "${String(id)}" is not a RoboVLMs backbone: use one of ${BACKBONES.map((b) => b.id).join(', ')} for --target robovlms`,
    );
  }
  const head = getPath(spec, ['policy', 'head', 'type']);
  const builtinOnly: Record<string, string> = {
    moe: 'mixture-of-experts',
    flow: 'flow-matching',
    oft: 'parallel-decoding (OFT)',
    diffusion: 'diffusion',
  };
  if (typeof head === 'string' && builtinOnly[head])
    throw new UserError(`RoboVLMs has no ${builtinOnly[head]} head: set policy.head.type to mlp, lstm or gpt for --target robovlms`);
  const opt = getPath(spec, ['train', 'optimizer']);
  if (opt !== undefined && opt !== 'adamw') {
    throw new UserError(
      `RoboVLMs always trains with AdamW (its "optimizer" key is never read): set train.optimizer to adamw (it is "${String(opt)}")`,
    );
  }
  const stages = getPath(spec, ['data', 'stages']);
  if (Array.isArray(stages) && stages.length > 1) {
    throw new UserError(
      `a RoboVLMs config trains one stage, this spec has ${stages.length}: compile each stage as its own spec (the later ones loading the earlier checkpoint with model_load_path)`,
    );
  }
  const datasets = getPath(spec, ['data', 'stages', 0, 'datasets']);
  if (Array.isArray(datasets) && datasets.length > 1) {
    throw new UserError(
      `co-training ${datasets.length} datasets is not supported by compile yet: keep one dataset in the stage and put a list of RoboVLMs datasets in robovlms.overrides.train_dataset`,
    );
  }
  const dtype = getPath(spec, [...DATASET, 'type']);
  if (dtype !== undefined && dtype !== 'calvin' && dtype !== 'oxe') {
    throw new UserError(
      `RoboVLMs cannot read "${String(dtype)}" datasets: use type calvin (CALVIN's on-disk layout, which Playtable also writes) or oxe`,
    );
  }
}

/** The template compile starts from for this spec (empty when the backbone is unknown). */
export function templateFor(spec: JsonObject, ov: JsonObject = {}): JsonObject {
  const b = byId(getPath(spec, ['backbone', 'id'])) ?? byRoboVLMName(ov.robovlm_name);
  if (!b) return {};
  const kind = getPath(spec, [...DATASET, 'type']) === 'oxe' ? 'oxe' : 'calvin';
  const data: TemplateData = { kind };
  const p = getPath(spec, [...DATASET, 'path']);
  if (typeof p === 'string') data.path = p;
  const mix = getPath(spec, [...DATASET, 'mixture']);
  if (typeof mix === 'string') data.mixture = mix;
  return template(b, data);
}

/**
 * The config file's text: compileSpec's config, printed the way the imported file was written
 * (its layout's `format`), else in RoboVLMs' files' style; always with its final newline unless
 * the imported file had none.
 */
export function compileSpecText(specIn: unknown): string {
  const config = compileSpec(specIn);
  const overrides = getPath(specIn as JsonObject, ['robovlms', 'overrides']);
  return formatConfigText(config, readLayout(isObject(overrides) ? overrides : undefined).format);
}

/**
 * Makes a config train on the CPU (in place): `trainer.accelerator` "cpu", and a DeepSpeed strategy
 * (CUDA only) becomes "ddp" (main.py's DDP; gloo on the CPU). RoboVLMs' main.py also needs
 * python/vlalab/robovlms_cpu.py to run without CUDA (its nccl process group and `.cuda()` calls):
 * the runner launches CPU runs through it.
 */
export function trainOnCpu(config: JsonObject): JsonObject {
  const trainer = isObject(config.trainer) ? (config.trainer as JsonObject) : {};
  trainer.accelerator = 'cpu';
  if (typeof trainer.strategy === 'string' && trainer.strategy.startsWith('deepspeed')) trainer.strategy = 'ddp';
  config.trainer = trainer;
  return config;
}

/** Compiles a single-point spec to a RoboVLMs config. Throws UserError for what RoboVLMs cannot express. */
export function compileSpec(specIn: unknown): JsonObject {
  if (!isObject(specIn as Json)) throw new UserError('a spec must be a JSON object');
  const spec = specIn as JsonObject;
  checkCompilable(spec);
  const rawOverrides = getPath(spec, ['robovlms', 'overrides']);
  if (rawOverrides !== undefined && !isObject(rawOverrides))
    throw new UserError('robovlms.overrides must be an object of RoboVLMs config keys');
  const overrides = (rawOverrides ?? {}) as JsonObject;
  const layout = readLayout(overrides);
  const ov: JsonObject = {};
  for (const k of Object.keys(overrides)) if (k !== LAYOUT_KEY) setOwn(ov, k, overrides[k]);

  if (!byId(getPath(spec, ['backbone', 'id'])) && !byRoboVLMName(ov.robovlm_name) && Object.keys(ov).length === 0) {
    throw new UserError(
      `set backbone.id to a RoboVLMs backbone (${BACKBONES.map((x) => x.id).join(', ')}) to compile for --target robovlms`,
    );
  }
  const tpl = templateFor(spec, ov);

  const out = merge(tpl, ov) as JsonObject;
  for (const m of MAPPINGS) {
    const want = m.get(spec);
    const over = getPath(ov, m.config);
    // Keys derived from other fields (model_path from backbone.path, …) only update keys the
    // template or the overrides have: llava and qwen configs have no model_path.
    if (!m.put && over === undefined && getPath(out, m.config) === undefined) continue;
    let value: Json | undefined = want;
    if (over !== undefined && (want === undefined || agrees(m, over, spec, out))) value = over;
    if (value !== undefined) setPath(out, m.config, clone(value));
  }
  // `omit` removes keys the imported config did not have, unless the user has since set the spec
  // field that writes the key (a spec field can only come from that key, or from an edit).
  const explicit = new Set(MAPPINGS.filter((m) => m.spec && getPath(spec, m.spec) !== undefined).map((m) => toPointer(m.config)));
  for (const ptr of layout.omit ?? []) if (!explicit.has(ptr)) deletePath(out, fromPointer(ptr));
  // `resources.gpus: 0` asks for the CPU (resources are otherwise launch arguments, not config keys).
  if (getPath(spec, ['resources', 'gpus']) === 0) trainOnCpu(out);
  return order(out, tpl, ov, layout.order ?? {}, []) as JsonObject;
}
