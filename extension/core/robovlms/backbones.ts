/**
 * The RoboVLMs backbones: which `robovlm_name`, `model` and `vlm` settings belong together, and the
 * config layout `compile` starts from for each (the layout of the CALVIN fine-tuning configs that
 * RoboVLMs ships, github.com/Robot-VLAs/RoboVLMs, Apache-2.0; values are that recipe's).
 */
import { setOwn, type Json, type JsonObject } from './json';

export interface BackboneInfo {
  /** VLA Lab's backbone id (schemas/experiment.schema.json). */
  id: string;
  robovlmName: string;
  model: string;
  /** vlm.type values known to load this backbone; the first is what compile writes. */
  vlmTypes: string[];
  /** vlm.name RoboVLMs' loaders need ('' = not checked). */
  vlmName: string;
  modelUrl: string;
  /** Directory under .vlms/ the shipped configs use. */
  dir: string;
  tokenizerType: string;
  tokenizerClass: string;
  maxTextLen: number;
  imageSize: number;
  /** transformers version its README pins. */
  transformers: string;
  /** Whether RoboVLMs implements the interleaved formulation for it. */
  interleaved: boolean;
}

export const BACKBONES: BackboneInfo[] = [
  {
    id: 'kosmos-2',
    robovlmName: 'RoboKosMos',
    model: 'kosmos',
    vlmTypes: ['AutoModelForVision2Seq', 'Kosmos2ForConditionalGeneration'],
    vlmName: 'kosmos',
    modelUrl: 'https://huggingface.co/microsoft/kosmos-2-patch14-224',
    dir: '.vlms/kosmos-2-patch14-224',
    tokenizerType: 'kosmos',
    tokenizerClass: 'AutoProcessor',
    maxTextLen: 256,
    imageSize: 224,
    transformers: '4.37.2',
    interleaved: true,
  },
  {
    id: 'paligemma-3b',
    robovlmName: 'RoboPaligemma',
    model: 'paligemma',
    vlmTypes: ['PaliGemmaForConditionalGeneration'],
    vlmName: 'paligemma',
    modelUrl: 'https://huggingface.co/google/paligemma2-3b-pt-224',
    dir: '.vlms/paligemma-3b-pt-224',
    tokenizerType: 'paligemma',
    tokenizerClass: 'AutoProcessor',
    maxTextLen: 256,
    imageSize: 224,
    transformers: '4.44.0',
    interleaved: true,
  },
  {
    id: 'llava-7b',
    robovlmName: 'RoboLLaVA',
    model: 'llava',
    vlmTypes: ['AutoModel'],
    vlmName: 'llava',
    modelUrl: 'https://huggingface.co/liuhaotian/llava-v1.5-7b',
    dir: '.vlms/LLaVA-Lightning-MPT-7B-preview',
    tokenizerType: 'llava',
    tokenizerClass: 'AutoTokenizer',
    maxTextLen: 64,
    imageSize: 224,
    transformers: '4.37.2',
    interleaved: true,
  },
  {
    id: 'qwen-vl-7b',
    robovlmName: 'RoboQwen',
    model: 'qwen',
    vlmTypes: ['AutoModelForCausalLM'],
    vlmName: 'qwen',
    modelUrl: 'https://huggingface.co/Qwen/Qwen-VL',
    dir: '.vlms/Qwen-VL',
    tokenizerType: 'qwen',
    tokenizerClass: 'AutoTokenizer',
    maxTextLen: 64,
    imageSize: 448,
    transformers: '4.37.2',
    interleaved: true,
  },
  {
    id: 'flamingo-3b',
    robovlmName: 'RoboFlamingo',
    model: 'flamingo',
    vlmTypes: ['AutoModelForCausalLM'],
    vlmName: '',
    modelUrl: 'https://huggingface.co/openflamingo/OpenFlamingo-3B-vitl-mpt1b-langinstruct',
    dir: '.vlms/mpt-1b-redpajama-200b-dolly',
    tokenizerType: 'flamingo',
    tokenizerClass: 'AutoTokenizer',
    maxTextLen: 32,
    imageSize: 224,
    transformers: '4.33.2',
    interleaved: false,
  },
  {
    id: 'moondream2',
    robovlmName: 'RoboMoonDream',
    model: 'moondream',
    vlmTypes: ['AutoModelForCausalLM'],
    vlmName: 'moondream',
    modelUrl: 'https://huggingface.co/vikhyatk/moondream2',
    dir: '.vlms/moondream2',
    tokenizerType: 'moondream',
    tokenizerClass: 'AutoTokenizer',
    maxTextLen: 256,
    imageSize: 224,
    transformers: '4.44.0',
    interleaved: true,
  },
  {
    id: 'uform-gen',
    robovlmName: 'RoboUform',
    model: 'uform',
    vlmTypes: ['AutoModel'],
    vlmName: 'uform',
    modelUrl: 'https://huggingface.co/unum-cloud/uform-gen2-qwen-500m',
    dir: '.vlms/uform-gen2-qwen-500m',
    tokenizerType: 'uform',
    tokenizerClass: 'AutoProcessor',
    maxTextLen: 256,
    imageSize: 224,
    transformers: '4.37.2',
    interleaved: true,
  },
];

export const byId = (id: unknown): BackboneInfo | undefined => BACKBONES.find((b) => b.id === id);
export const byRoboVLMName = (name: unknown): BackboneInfo | undefined => BACKBONES.find((b) => b.robovlmName === name);
export const byModel = (model: unknown): BackboneInfo | undefined => BACKBONES.find((b) => b.model === model);

/** Builds an object keeping the given key order (and allowing any key name). */
function obj(entries: [string, Json][]): JsonObject {
  const o: JsonObject = {};
  for (const [k, v] of entries) setOwn(o, k, v);
  return o;
}

function insertAfter(o: JsonObject, after: string, entries: [string, Json][]): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(o)) {
    setOwn(out, k, o[k]);
    if (k === after) for (const [nk, nv] of entries) setOwn(out, nk, nv);
  }
  return out;
}

function without(o: JsonObject, keys: string[]): JsonObject {
  const out: JsonObject = {};
  for (const k of Object.keys(o)) if (!keys.includes(k)) setOwn(out, k, o[k]);
  return out;
}

export type DatasetKind = 'calvin' | 'oxe';

function calvinDatasets(b: BackboneInfo, dataDir: string): [JsonObject, JsonObject] {
  const val = dataDir.endsWith('/training') ? dataDir.slice(0, -'training'.length) + 'validation' : dataDir;
  const nameKey = b.model === 'flamingo' ? 'tokenizer_type' : 'model_name';
  const nameVal = b.model === 'llava' ? 'mpt' : b.model;
  return [
    obj([
      ['type', 'DiskCalvinDataset'],
      ['data_dir', dataDir],
      ['shift_first', false],
      [nameKey, nameVal],
      ['rgb_pad', 10],
      ['gripper_pad', 4],
    ]),
    obj([
      ['type', 'DiskCalvinDataset'],
      ['data_dir', val],
      [nameKey, nameVal],
    ]),
  ];
}

function oxeDatasets(b: BackboneInfo, root: string, mix: string): [JsonObject, JsonObject] {
  const common = (train: boolean): JsonObject =>
    obj([
      ['type', 'OpenVLADataset'],
      ['data_root_dir', root],
      ['model_name', b.model],
      ...(train ? [['image_aug', true] as [string, Json]] : []),
      ['mode', 'train'],
      ['data_mix', mix],
      ['window_sample', 'sliding'],
      ['organize_type', 'interleave'],
      ['shuffle_buffer_size', train ? 51200 : 10000],
      ['train', train],
    ]);
  return [common(true), common(false)];
}

export interface TemplateData {
  kind: DatasetKind;
  path?: string;
  mixture?: string;
}

/** The recipe values the two shipped layouts (policy-head backbones, Flamingo) take differently. */
interface Recipe {
  learningRate: number;
  weightDecay: number;
  warmupEpochs: number;
  /** LSTM head: how it reduces the backbone's tokens and the action space it predicts in. */
  downSample: string;
  actionSpace: string;
  strategy: string;
  distributedSampler: boolean;
  logEveryNSteps: number;
  /** The trainer entry after max_steps. */
  trainerTail: [string, Json];
}

const POLICY_HEAD: Omit<Recipe, 'strategy'> = {
  learningRate: 2e-5,
  weightDecay: 0,
  warmupEpochs: 0.25,
  downSample: 'none',
  actionSpace: 'continuous',
  distributedSampler: false,
  logEveryNSteps: 10,
  trainerTail: ['accumulate_grad_batches', 1],
};

const FLAMINGO: Recipe = {
  learningRate: 1e-4,
  weightDecay: 0.1,
  warmupEpochs: 0,
  downSample: 'pooling',
  actionSpace: 'down_sample',
  strategy: 'deepspeed_stage_2',
  distributedSampler: true,
  logEveryNSteps: 100,
  trainerTail: ['limit_val_batches', 100],
};

/** The keys every shipped config opens with. */
const head = (b: BackboneInfo): [string, Json][] => [
  ['robovlm_name', b.robovlmName],
  ['parent', null],
  ['task_name', 'calvin_finetune'],
  ['model', b.model],
  ['model_url', b.modelUrl],
  ['seq_len', 1],
];

/** Image size and CLIP's normalisation. */
const image = (b: BackboneInfo): [string, Json][] => [
  ['image_size', b.imageSize],
  ['image_mean', [0.48145466, 0.4578275, 0.40821073]],
  ['image_std', [0.26862954, 0.26130258, 0.27577711]],
];

/** The action chunking and the losses' weights. */
const chunking: [string, Json][] = [
  ['fwd_pred_next_n', 10],
  ['arm_gripper_loss_ratio', 0.01],
  ['cap_loss_ratio', 0.05],
  ['fwd_loss_ratio', 0],
];

/** Seed, batch, optimisation and the loss switches, seed to use_obs_queries. */
const optimisation = (r: Recipe): [string, Json][] => [
  ['seed', 123],
  ['batch_size', 4],
  ['num_workers', 16],
  ['data_scale', 1],
  ['optimizer', 'adamw'],
  ['learning_rate', r.learningRate],
  ['min_lr_scale', 1e-2],
  ['weight_decay', r.weightDecay],
  ['warmup_epochs', r.warmupEpochs],
  ['warmup_steps', 0],
  ['warmup_ratio', null],
  ['use_hand_rgb', false],
  ['use_time_causal_attn', false],
  ['use_mim_obs_loss', false],
  ['use_pixel_loss', true],
  ['use_obs_queries', true],
];

/** Masking and where a run writes, vision_masked_ratio to cache_root. */
const outputs: [string, Json][] = [
  ['vision_masked_ratio', 0.9],
  ['use_tube_mask', false],
  ['output_root', 'runs/checkpoints'],
  ['log_root', 'runs/logs'],
  ['cache_root', 'runs/cache'],
];

const modelFiles = (b: BackboneInfo): [string, Json][] => [
  ['model_path', b.dir],
  ['model_config', `${b.dir}/config.json`],
];

const loadFrom: [string, Json][] = [
  ['model_load_path', null],
  ['model_load_source', 'torch'],
];

/** The LSTM policy head's entries (the caller may insert more). */
const lstmHead = (r: Recipe): [string, Json][] => [
  ['type', 'LSTMDecoder'],
  ['hidden_size', 1024],
  ['action_dim', 7],
  ['down_sample', r.downSample],
  ['latent', 1],
  ['fwd_pred_next_n', 1],
  ['window_size', 1],
  ['action_space', r.actionSpace],
  ['history_type', 'post'],
];

const trainer = (r: Recipe): JsonObject =>
  obj([
    ['accelerator', 'gpu'],
    ['strategy', r.strategy],
    ['precision', 'bf16'],
    ['logger', ['tensorboard']],
    ['use_distributed_sampler', r.distributedSampler],
    ['log_every_n_steps', r.logEveryNSteps],
    ['max_epochs', 5],
    ['val_check_interval', null],
    ['check_val_every_n_epoch', 1],
    ['max_steps', -1],
    r.trainerTail,
  ]);

/** The datasets and the action normalisation every shipped config closes with. */
const tail = (train: JsonObject, val: JsonObject): [string, Json][] => [
  ['train_dataset', train],
  ['val_dataset', val],
  ['norm_action', true],
  ['norm_min', -0.65],
  ['norm_max', 0.65],
];

/**
 * The config compile starts from for a backbone: RoboVLMs' shipped CALVIN recipe (policy-head,
 * LSTM, window 8, chunk 10, full fine-tuning) in the key order of its files.
 */
export function template(b: BackboneInfo, data: TemplateData = { kind: 'calvin' }): JsonObject {
  const [train, val] =
    data.kind === 'oxe'
      ? oxeDatasets(b, data.path ?? 'datasets/open-x-embodiment', data.mixture ?? 'bridge')
      : calvinDatasets(b, data.path ?? 'datasets/calvin_data/task_ABCD_D/training');
  if (b.model === 'flamingo') return flamingoTemplate(b, train, val);

  const recipe: Recipe = { ...POLICY_HEAD, strategy: b.model === 'moondream' ? 'deepspeed_stage_3' : 'deepspeed_stage_2' };
  const vlmEntries: [string, Json][] =
    b.model === 'kosmos'
      ? [
          ['type', b.vlmTypes[0]],
          ['name', b.vlmName],
          ['pretrained_model_name_or_path', b.dir],
        ]
      : [
          ['type', b.vlmTypes[0]],
          ['pretrained_model_name_or_path', b.dir],
          ['name', b.vlmName],
        ];
  let tokenizer = obj([
    ['type', b.tokenizerClass],
    ['pretrained_model_name_or_path', b.dir],
    ['tokenizer_type', b.tokenizerType],
    ['max_text_len', b.maxTextLen],
    ['additional_special_tokens', b.model === 'llava' ? [] : null],
  ]);
  if (b.model === 'qwen') {
    tokenizer = without(tokenizer, ['additional_special_tokens']);
    for (const [k, v] of [
      ['use_img_start_end', false],
      ['image_start_token', '<im_start>'],
      ['image_end_token', '<im_end>'],
      ['use_act_start_end', false],
      ['action_start_token', '<act_start>'],
      ['action_end_token', '<act_end>'],
      ['use_bbox_start_end', false],
      ['bbox_start_token', '<bbox_start>'],
      ['bbox_end_token', '<bbox_end>'],
    ] as [string, Json][])
      setOwn(tokenizer, k, v);
  }
  const actHead = lstmHead(recipe);
  let config = obj([
    ...head(b),
    ...image(b),
    ['window_size', 8],
    ...chunking,
    ...optimisation(recipe),
    ['use_vision_resampler', false],
    ...outputs,
    ...loadFrom,
    ['resume', null],
    ...modelFiles(b),
    [
      'train_setup',
      obj([
        ['precision', 'bf16'],
        ['predict_action', true],
        ['predict_forward', false],
        ['predict_forward_hand', false],
        ['predict_caption', false],
        ['train_vision', true],
        ['bits', -1],
        ['freeze_mm_mlp_adapter', false],
        ['freeze_backbone', false],
        ['freeze_resampler', false],
        ['tune_mm_mlp_adapter', false],
        ['mm_use_im_start_end', false],
        ['mm_use_im_patch_token', false],
        ['gradient_checkpointing', false],
        ['lora_enable', false],
        ['mm_projector_lr', 1e-4],
        ['lora_r', 64],
        ['lora_alpha', 16],
        ['lora_dropout', 0.05],
        ['lora_bias', 'none'],
        ['train_text_embedding', true],
      ]),
    ],
    [
      'vision_resampler',
      obj([
        ['vis_dim', 1024],
        ['depth', 8],
        ['dim_head', 64],
        ['heads', 8],
        ['num_latents', 64],
      ]),
    ],
    ['act_encoder', null],
    ['act_head', obj(b.model === 'uform' ? [...actHead.slice(0, 8), ['token_source', 'all'], ...actHead.slice(8)] : actHead)],
    ['fwd_head', null],
    ['tokenizer', tokenizer],
    ['vlm', obj(vlmEntries)],
    ['trainer', trainer(recipe)],
    ...tail(train, val),
  ]);
  if (b.model === 'llava') {
    config = insertAfter(config, 'cap_loss_ratio', [['vl_cotrain_ratio', 1]]);
    // RoboVLMs' shipped LLaVA and Qwen configs lack model_path, which main.py reads (KeyError): kept here.
    config = insertAfter(config, 'model_config', [
      ['llava', 'llava-mpt-7b'],
      ['llava_config', `${b.dir}/config.json`],
    ]);
  }
  if (b.model === 'qwen') config = insertAfter(config, 'model_config', [['qwen', b.dir]]);
  return config;
}

function flamingoTemplate(b: BackboneInfo, train: JsonObject, val: JsonObject): JsonObject {
  return obj([
    ...head(b),
    ...chunking,
    ['window_size', 8],
    ...image(b),
    ...optimisation(FLAMINGO),
    ...outputs,
    ...modelFiles(b),
    ...loadFrom,
    ['gradient_clip_val', 1.0],
    ['resume', null],
    [
      'vision_encoder',
      obj([
        ['clip_vision_encoder_path', 'ViT-L-14'],
        ['clip_vision_encoder_pretrained', 'openai'],
      ]),
    ],
    [
      'vlm',
      obj([
        ['type', b.vlmTypes[0]],
        ['pretrained_model_name_or_path', b.dir],
        ['name', 'mpt_1b_ift'],
        ['residual', false],
      ]),
    ],
    [
      'tokenizer',
      obj([
        ['type', b.tokenizerClass],
        ['pretrained_model_name_or_path', b.dir],
        ['tokenizer_type', 'flamingo'],
        ['max_text_len', b.maxTextLen],
        ['additional_special_tokens', ['<|endofchunk|>', '<image>']],
      ]),
    ],
    [
      'train_setup',
      obj([
        ['predict_action', true],
        ['predict_forward', false],
        ['predict_forward_hand', false],
        ['predict_caption', false],
        ['train_vision', false],
        ['train_resampler', true],
        ['train_text_embedding', true],
        ['train_full_decoder', false],
        ['train_decoder_layers', -1],
      ]),
    ],
    ['act_encoder', null],
    ['act_head', obj(lstmHead(FLAMINGO))],
    ['fwd_head', null],
    ['trainer', trainer(FLAMINGO)],
    ...tail(train, val),
  ]);
}
