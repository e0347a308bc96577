/**
 * Which RoboVLMs config key corresponds to which spec field, in both directions.
 *
 * Every entry names one config key (a path) and says
 *   get(spec)                → the config value the spec asks for (undefined: the spec is silent);
 *   put(value, spec, config) → writes into the spec what the config value means (nothing when the
 *                              spec cannot express it).
 * `import` keeps a config value in `robovlms.overrides` whenever get(put(value)) does not give the
 * value back exactly; `compile` uses such an override as long as it still means what the spec says
 * (so `"precision": "16"` survives a round trip as "16", yet editing train.precision to bf16 wins).
 */
import { byId, byRoboVLMName } from './backbones';
import { isObject, setOwn, type Json, type JsonObject } from './json';

export type Path = (string | number)[];

export function getPath(o: Json | undefined, path: Path): Json | undefined {
  let cur: Json | undefined = o;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      if (typeof p !== 'number') return undefined;
      cur = cur[p];
    } else {
      if (!Object.prototype.hasOwnProperty.call(cur, p)) return undefined;
      cur = cur[String(p)];
    }
  }
  return cur;
}

/** Sets a value, creating objects (or arrays, for numeric steps) on the way. False when blocked by a non-object. */
export function setPath(o: JsonObject, path: Path, value: Json): boolean {
  let cur: Json = o;
  for (let i = 0; i < path.length - 1; i++) {
    const p = path[i];
    const next = getPath(cur, [p]);
    if (next === undefined) {
      const created: Json = typeof path[i + 1] === 'number' ? [] : {};
      if (Array.isArray(cur)) (cur as Json[])[p as number] = created;
      else setOwn(cur as JsonObject, String(p), created);
      cur = created;
    } else if (next !== null && typeof next === 'object') {
      cur = next;
    } else {
      return false;
    }
  }
  const last = path[path.length - 1];
  if (Array.isArray(cur)) (cur as Json[])[last as number] = value;
  else if (isObject(cur)) setOwn(cur, String(last), value);
  else return false;
  return true;
}

export function deletePath(o: JsonObject, path: Path): void {
  const parent = getPath(o, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (isObject(parent)) delete parent[String(last)];
}

export interface Mapping {
  config: string[];
  /** The spec field `put` writes (only from this config key): when the spec has it, it is explicit. */
  spec?: Path;
  get(spec: JsonObject): Json | undefined;
  put?(value: Json, spec: JsonObject, config: JsonObject): void;
}

const isInt = (v: Json): v is number => typeof v === 'number' && Number.isInteger(v);
const isNum = (v: Json): v is number => typeof v === 'number';
const isBool = (v: Json): v is boolean => typeof v === 'boolean';
const isStr = (v: Json): v is string => typeof v === 'string';

/** A config key that is one spec field, unchanged (when the value has the right type). */
function same(config: string[], spec: Path, ok: (v: Json) => boolean): Mapping {
  return {
    config,
    spec,
    get: (s) => getPath(s, spec),
    put: (v, s) => {
      if (ok(v)) setPath(s, spec, v);
    },
  };
}

function mapped(config: string[], spec: Path, table: [Json, Json][], extra: [Json, Json][] = []): Mapping {
  return {
    config,
    spec,
    get: (s) => {
      const sv = getPath(s, spec);
      return sv === undefined ? undefined : table.find(([, b]) => b === sv)?.[0];
    },
    put: (v, s) => {
      const hit = [...table, ...extra].find(([a]) => a === v);
      if (hit) setPath(s, spec, hit[1]);
    },
  };
}

const STAGE: Path = ['data', 'stages', 0];
export const DATASET: Path = [...STAGE, 'datasets', 0];

const HEADS: [Json, Json][] = [
  ['LSTMDecoder', 'lstm'],
  ['FCDecoder', 'mlp'],
  ['GPTDecoder', 'gpt'],
];

const backbonePath = (s: JsonObject): string | undefined => {
  const p = getPath(s, ['backbone', 'path']);
  return typeof p === 'string' ? p : undefined;
};
const backbone = (s: JsonObject) => byId(getPath(s, ['backbone', 'id']));
const datasetType = (s: JsonObject) => getPath(s, [...DATASET, 'type']);

/** The table, in the order compile applies it. */
export const MAPPINGS: Mapping[] = [
  {
    config: ['robovlm_name'],
    spec: ['backbone', 'id'],
    get: (s) => backbone(s)?.robovlmName,
    put: (v, s) => {
      const b = byRoboVLMName(v);
      if (b) setPath(s, ['backbone', 'id'], b.id);
    },
  },
  { config: ['model'], get: (s) => backbone(s)?.model },
  { config: ['vlm', 'type'], get: (s) => backbone(s)?.vlmTypes[0] },
  same(['vlm', 'pretrained_model_name_or_path'], ['backbone', 'path'], isStr),
  { config: ['tokenizer', 'pretrained_model_name_or_path'], get: backbonePath },
  { config: ['model_path'], get: backbonePath },
  {
    config: ['model_config'],
    get: (s) => {
      const p = backbonePath(s);
      return p === undefined ? undefined : `${p}/config.json`;
    },
  },
  same(['window_size'], ['policy', 'history'], isInt),
  same(['fwd_pred_next_n'], ['policy', 'chunk'], isInt),
  {
    config: ['act_head', 'type'],
    spec: ['policy', 'head', 'type'],
    get: (s) => {
      const t = getPath(s, ['policy', 'head', 'type']);
      if (t !== undefined) return HEADS.find(([, b]) => b === t)?.[0];
      return getPath(s, ['policy', 'action_space']) === 'discrete' ? 'DiscreteDecoder' : undefined;
    },
    put: (v, s) => {
      const hit = HEADS.find(([a]) => a === v);
      if (hit) setPath(s, ['policy', 'head', 'type'], hit[1]);
    },
  },
  same(['act_head', 'hidden_size'], ['policy', 'head', 'hidden'], isInt),
  same(['act_head', 'num_layers'], ['policy', 'head', 'layers'], isInt),
  // down_sample (pooled tokens) is a continuous action space for the spec; its spelling is kept.
  mapped(
    ['act_head', 'action_space'],
    ['policy', 'action_space'],
    [
      ['continuous', 'continuous'],
      ['discrete', 'discrete'],
    ],
    [['down_sample', 'continuous']],
  ),
  {
    // RoboVLMs' formulations: history_type pre = interleaved; post = policy-head, or one-step with a window of 1.
    config: ['act_head', 'history_type'],
    spec: ['policy', 'formulation'],
    get: (s) => {
      const f = getPath(s, ['policy', 'formulation']);
      return f === undefined ? undefined : f === 'interleaved' ? 'pre' : 'post';
    },
    put: (v, s, c) => {
      if (v === 'pre') setPath(s, ['policy', 'formulation'], 'interleaved');
      else if (v === 'post') setPath(s, ['policy', 'formulation'], c.window_size === 1 ? 'one-step' : 'policy-head');
    },
  },
  same(['act_head', 'n_bin'], ['policy', 'discretization', 'bins'], isInt),
  same(['act_head', 'min_action'], ['policy', 'discretization', 'min'], isNum),
  same(['act_head', 'max_action'], ['policy', 'discretization', 'max'], isNum),
  {
    config: ['use_hand_rgb'],
    spec: ['observation', 'cameras'],
    get: (s) => {
      const cams = getPath(s, ['observation', 'cameras']);
      return Array.isArray(cams) ? cams.includes('gripper') : undefined;
    },
    put: (v, s) => {
      if (isBool(v)) setPath(s, ['observation', 'cameras'], v ? ['static', 'gripper'] : ['static']);
    },
  },
  same(['image_size'], ['observation', 'image_size'], isInt),
  same(['arm_gripper_loss_ratio'], ['action', 'gripper_weight'], isNum),
  same(['norm_action'], ['action', 'normalize', 'enabled'], isBool),
  same(['norm_min'], ['action', 'normalize', 'min'], isNum),
  same(['norm_max'], ['action', 'normalize', 'max'], isNum),
  same(['learning_rate'], ['train', 'lr'], isNum),
  same(['weight_decay'], ['train', 'weight_decay'], isNum),
  same(['batch_size'], ['train', 'batch_size'], isInt),
  {
    // 0 is the spec schema's default (the built-in trainer loads in its own process), which RoboVLMs
    // cannot run (its DataLoader always sets prefetch_factor): 0 keeps the template's value.
    config: ['num_workers'],
    spec: ['train', 'num_workers'],
    get: (s) => {
      const v = getPath(s, ['train', 'num_workers']);
      return v !== undefined && isInt(v) && v > 0 ? v : undefined;
    },
    put: (v, s) => {
      if (isInt(v) && v > 0) setPath(s, ['train', 'num_workers'], v);
    },
  },
  {
    // RoboVLMs never reads `optimizer`: it always trains with AdamW, so that is what the spec says.
    config: ['optimizer'],
    spec: ['train', 'optimizer'],
    get: (s) => getPath(s, ['train', 'optimizer']),
    put: (v, s) => {
      if (isStr(v)) setPath(s, ['train', 'optimizer'], 'adamw');
    },
  },
  same(['scheduler'], ['train', 'schedule'], isStr),
  same(['warmup_steps'], ['train', 'warmup_steps'], isInt),
  same(['min_lr_scale'], ['train', 'min_lr_scale'], isNum),
  same(['seed'], ['train', 'seed'], isInt),
  same(['gradient_clip_val'], ['train', 'grad_clip'], isNum),
  mapped(
    ['trainer', 'precision'],
    ['train', 'precision'],
    [
      ['bf16', 'bf16'],
      ['16-mixed', 'fp16'],
      ['32', 'fp32'],
    ],
    [
      ['16', 'fp16'],
      ['32-true', 'fp32'],
      [32, 'fp32'],
      [16, 'fp16'],
      ['bf16-mixed', 'bf16'],
    ],
  ),
  same(['trainer', 'max_epochs'], [...STAGE, 'epochs'], isInt),
  {
    config: ['trainer', 'max_steps'],
    spec: [...STAGE, 'steps'],
    get: (s) => getPath(s, [...STAGE, 'steps']),
    put: (v, s) => {
      if (isInt(v) && v > 0) setPath(s, [...STAGE, 'steps'], v);
    },
  },
  mapped(
    ['train_dataset', 'type'],
    [...DATASET, 'type'],
    [
      ['DiskCalvinDataset', 'calvin'],
      ['OpenVLADataset', 'oxe'],
    ],
  ),
  {
    config: ['train_dataset', 'data_dir'],
    get: (s) => (datasetType(s) === 'calvin' ? getPath(s, [...DATASET, 'path']) : undefined),
    put: (v, s, c) => {
      if (isStr(v) && getPath(c, ['train_dataset', 'type']) === 'DiskCalvinDataset') setPath(s, [...DATASET, 'path'], v);
    },
  },
  {
    config: ['train_dataset', 'data_root_dir'],
    get: (s) => (datasetType(s) === 'oxe' ? getPath(s, [...DATASET, 'path']) : undefined),
    put: (v, s, c) => {
      if (isStr(v) && getPath(c, ['train_dataset', 'type']) === 'OpenVLADataset') setPath(s, [...DATASET, 'path'], v);
    },
  },
  {
    config: ['train_dataset', 'data_mix'],
    get: (s) => (datasetType(s) === 'oxe' ? getPath(s, [...DATASET, 'mixture']) : undefined),
    put: (v, s, c) => {
      if (isStr(v) && getPath(c, ['train_dataset', 'type']) === 'OpenVLADataset') setPath(s, [...DATASET, 'mixture'], v);
    },
  },
  same(['train_setup', 'train_vision'], ['backbone', 'train', 'vision'], isBool),
  same(['train_setup', 'train_text_embedding'], ['backbone', 'train', 'text_embedding'], isBool),
  {
    config: ['train_setup', 'freeze_backbone'],
    spec: ['backbone', 'train', 'language'],
    get: (s) => {
      const v = getPath(s, ['backbone', 'train', 'language']);
      return typeof v === 'boolean' ? !v : undefined;
    },
    put: (v, s) => {
      if (isBool(v)) setPath(s, ['backbone', 'train', 'language'], !v);
    },
  },
  same(['train_setup', 'lora_enable'], ['backbone', 'lora', 'enabled'], isBool),
  same(['train_setup', 'lora_r'], ['backbone', 'lora', 'r'], isInt),
  same(['train_setup', 'lora_alpha'], ['backbone', 'lora', 'alpha'], isNum),
  same(['train_setup', 'lora_dropout'], ['backbone', 'lora', 'dropout'], isNum),
];

/** Config paths that hold mapped keys below them (walked into by import; everything else is verbatim). */
export const CONTAINERS = new Set(MAPPINGS.filter((m) => m.config.length > 1).map((m) => m.config[0]));
export const MAPPED = new Set(MAPPINGS.map((m) => m.config.join('\u0000')));
