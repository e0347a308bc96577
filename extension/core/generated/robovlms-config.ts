/* Generated from schemas/robovlms-config.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * The action head (policy head). Its keys are passed to the head's constructor; window_size and fwd_pred_next_n are replaced by the top-level values.
 */
export type ActHead = {
  /**
   * Head class in robovlms.model.policy_head (getattr).
   */
  type?: ('LSTMDecoder' | 'FCDecoder' | 'GPTDecoder' | 'DiscreteDecoder') | string;
  /**
   * Hidden width of the head (LSTM/GPT/MLP).
   */
  hidden_size?: number;
  /**
   * LSTMDecoder layers (default 4).
   */
  num_layers?: number;
  /**
   * LSTMDecoder dropout (default 0).
   */
  policy_rnn_dropout_p?: number;
  /**
   * Action dimension including the gripper (7 in CALVIN).
   */
  action_dim?: number;
  /**
   * How the tokens of one step are reduced before the head.
   */
  down_sample?: 'pooling' | 'none' | 'resampler';
  /**
   * Learnable action tokens per step (default 1).
   */
  latent?: number;
  /**
   * Replaced by the top-level fwd_pred_next_n.
   */
  fwd_pred_next_n?: number;
  /**
   * Replaced by the top-level window_size.
   */
  window_size?: number;
  /**
   * Where the head's input comes from; anything else raises ValueError.
   */
  action_space?: 'continuous' | 'down_sample' | 'discrete';
  /**
   * With action_space down_sample: which output tokens feed the head; anything else raises ValueError.
   */
  token_source?: 'all' | 'text' | 'vision';
  /**
   * Never read by any RoboVLMs code: history is set by window_size and history_type.
   */
  with_history?: boolean;
  /**
   * How the history window meets the backbone (default post).
   */
  history_type?: 'post' | 'pre' | 'video';
  /**
   * Bins per action dimension (discrete).
   */
  n_bin?: number;
  /**
   * Lowest binned action value (discrete).
   */
  min_action?: number;
  /**
   * Highest binned action value (discrete).
   */
  max_action?: number;
  /**
   * Fill inserted action tokens with zeros.
   */
  fill_zero?: boolean;
  [k: string]: unknown;
} & ActHead1;
export type ActHead1 = {
  /**
   * Head class in robovlms.model.policy_head (getattr).
   */
  type?: ('LSTMDecoder' | 'FCDecoder' | 'GPTDecoder' | 'DiscreteDecoder') | string;
  /**
   * Hidden width of the head (LSTM/GPT/MLP).
   */
  hidden_size?: number;
  /**
   * LSTMDecoder layers (default 4).
   */
  num_layers?: number;
  /**
   * LSTMDecoder dropout (default 0).
   */
  policy_rnn_dropout_p?: number;
  /**
   * Action dimension including the gripper (7 in CALVIN).
   */
  action_dim?: number;
  /**
   * How the tokens of one step are reduced before the head.
   */
  down_sample?: 'pooling' | 'none' | 'resampler';
  /**
   * Learnable action tokens per step (default 1).
   */
  latent?: number;
  /**
   * Replaced by the top-level fwd_pred_next_n.
   */
  fwd_pred_next_n?: number;
  /**
   * Replaced by the top-level window_size.
   */
  window_size?: number;
  /**
   * Where the head's input comes from; anything else raises ValueError.
   */
  action_space?: 'continuous' | 'down_sample' | 'discrete';
  /**
   * With action_space down_sample: which output tokens feed the head; anything else raises ValueError.
   */
  token_source?: 'all' | 'text' | 'vision';
  /**
   * Never read by any RoboVLMs code: history is set by window_size and history_type.
   */
  with_history?: boolean;
  /**
   * How the history window meets the backbone (default post).
   */
  history_type?: 'post' | 'pre' | 'video';
  /**
   * Bins per action dimension (discrete).
   */
  n_bin?: number;
  /**
   * Lowest binned action value (discrete).
   */
  min_action?: number;
  /**
   * Highest binned action value (discrete).
   */
  max_action?: number;
  /**
   * Fill inserted action tokens with zeros.
   */
  fill_zero?: boolean;
  [k: string]: unknown;
} | null;

/**
 * A RoboVLMs training config (the JSON given to RoboVLMs' main.py). Descriptions say what RoboVLMs' code (Robot-VLAs/RoboVLMs at 8adc1d2) does with each key. Unknown keys are allowed: RoboVLMs keeps them in the config and may read them in code paths not listed here.
 */
export interface RoboVLMsConfig {
  /**
   * Path or URL of a schema (ignored by RoboVLMs).
   */
  $schema?: string;
  /**
   * The VLA class: RoboVLMs looks it up by name in robovlms.model.backbone (getattr); any other name raises AttributeError unless you registered your own class there.
   */
  robovlm_name:
    | ('RoboFlamingo' | 'RoboKosMos' | 'RoboLLaVA' | 'RoboMoonDream' | 'RoboPaligemma' | 'RoboQwen' | 'RoboUform')
    | string;
  /**
   * A config to inherit from. main.py opens it relative to the CURRENT DIRECTORY (not this file), resolves its own parent first, then merges this file over it (this file wins; nested objects are merged key by key).
   */
  parent?: string | null;
  /**
   * Names the log/checkpoint directories: {log_root}/{model}/{task_name}/{date}/{exp_name}/.
   */
  task_name?: string;
  /**
   * Backbone family name: names directories, selects image preprocessing and prompting; kosmos also patches the installed transformers with RoboVLMs' modeling_kosmos2.py.
   */
  model?: ('flamingo' | 'kosmos' | 'llava' | 'moondream' | 'paligemma' | 'qwen' | 'uform') | string;
  /**
   * Hugging Face repository cloned with git into .vlms/ when model_path does not exist (training only).
   */
  model_url?: string;
  /**
   * Local directory of the backbone. When it does not exist, training git-clones model_url into .vlms/ and points model_path there. Required by main.py.
   */
  model_path?: string;
  /**
   * Path of the backbone's config.json. main.py only rewrites it after cloning model_url; the model reads vlm.pretrained_model_name_or_path/config.json instead.
   */
  model_config?: string;
  /**
   * LLaVA model family name (RoboLLaVA); the CALVIN eval wrapper uses it as the prompt model name for discrete actions.
   */
  llava?: string;
  /**
   * Never read by RoboVLMs' code.
   */
  llava_config?: string;
  /**
   * Qwen-VL path (RoboQwen); its presence makes the eval wrapper use Qwen prompting for discrete actions.
   */
  qwen?: string;
  /**
   * Only printed (effective batch size); --seq_len on the command line overwrites it.
   */
  seq_len?: number;
  /**
   * Square image size fed to the vision encoder (pixels). 224 for most backbones, 448 for Qwen-VL.
   */
  image_size?: number;
  /**
   * Never read: the backbone's own image processor supplies the mean.
   */
  image_mean?: number[];
  /**
   * Never read: the backbone's own image processor supplies the std.
   */
  image_std?: number[];
  /**
   * History length (observations per sample). Overwrites act_head.window_size.
   */
  window_size?: number;
  /**
   * Action chunk: future actions predicted per step. Overwrites act_head.fwd_pred_next_n.
   */
  fwd_pred_next_n?: number;
  /**
   * Weight of the gripper BCE loss relative to the arm loss (0.01 in RoboVLMs' configs).
   */
  arm_gripper_loss_ratio?: number;
  /**
   * Weight of the caption loss (used when train_setup.predict_caption).
   */
  cap_loss_ratio?: number;
  /**
   * Weight of the forward (image prediction) loss.
   */
  fwd_loss_ratio?: number;
  /**
   * Weight of the vision-language co-training loss (default 0.05); multiplied by 10 when act_head.action_space is discrete.
   */
  vl_cotrain_ratio?: number;
  /**
   * Seed; each rank uses seed + RANK. Required.
   */
  seed?: number;
  /**
   * Batch size per GPU. A list gives one batch size per train dataset (train_dataset must then be a list of the same length).
   */
  batch_size?: number | [number, ...number[]];
  /**
   * Data-loader workers per GPU; a list must match a list of train datasets.
   */
  num_workers?: number | number[];
  /**
   * Never read by RoboVLMs' code.
   */
  data_scale?: number;
  /**
   * Never read: RoboVLMs always trains with AdamW.
   */
  optimizer?: string;
  /**
   * Peak learning rate (2e-5 for pre-trained VLMs in RoboVLMs' configs).
   */
  learning_rate?: number;
  /**
   * Final learning rate as a fraction of the peak (half-cosine schedule). Required.
   */
  min_lr_scale?: number;
  /**
   * AdamW weight decay (0 in RoboVLMs' best configs).
   */
  weight_decay?: number;
  /**
   * Warm-up length in epochs (may be fractional); added to warmup_steps.
   */
  warmup_epochs?: number;
  /**
   * Warm-up length in optimizer steps; added to warmup_epochs × steps per epoch.
   */
  warmup_steps?: number;
  /**
   * Never read by RoboVLMs' code (use warmup_epochs or warmup_steps).
   */
  warmup_ratio?: number | null;
  /**
   * Learning-rate schedule after warm-up (default constant); any other value raises NotImplementedError.
   */
  scheduler?: ('constant' | 'half-cosine' | 'cosine') | string;
  /**
   * Gradient-norm clip actually used by training (default 0.0 = off). The one inside trainer is ignored.
   */
  gradient_clip_val?: number;
  /**
   * Also feed the gripper (wrist) camera. Required by the trainer.
   */
  use_hand_rgb?: boolean;
  /**
   * Passed to the backbone; not used by the shipped backbones' forward passes.
   */
  use_time_causal_attn?: boolean;
  /**
   * Masked-image observation loss (only with a forward head, which this version cannot build).
   */
  use_mim_obs_loss?: boolean;
  /**
   * Passed to the backbone; only matters with a forward head.
   */
  use_pixel_loss?: boolean;
  /**
   * Passed to the backbone; not used by the shipped backbones' forward passes.
   */
  use_obs_queries?: boolean;
  /**
   * Compress image tokens with a perceiver resampler built with its own defaults (the vision_resampler object is not used to build it).
   */
  use_vision_resampler?: boolean;
  /**
   * Mask ratio of the masked-image loss (forward head only).
   */
  vision_masked_ratio?: number;
  /**
   * Tube masking for the masked-image loss (forward head only).
   */
  use_tube_mask?: boolean;
  /**
   * Mu-law companding of actions (read by the data module and the CALVIN eval wrapper).
   */
  use_mu_law?: boolean;
  /**
   * Mu of the mu-law companding (default 255).
   */
  mu_val?: number;
  /**
   * Express actions relative to the tool frame (data module and CALVIN eval wrapper).
   */
  tcp_rel?: boolean;
  /**
   * Sampling weights of a list of train datasets (WeightedCombinedLoader).
   */
  train_weights?: number[] | null;
  /**
   * Checkpoints go to {output_root}/{model}/{task_name}/{date}/{exp_name}/. Required.
   */
  output_root?: string;
  /**
   * Logs go to {log_root}/{model}/{task_name}/{date}/{exp_name}/. Required.
   */
  log_root?: string;
  /**
   * Cache directory ({cache_root}/{model}); created at start. Required.
   */
  cache_root?: string;
  /**
   * Checkpoint to initialise the model from (weights only; use resume to continue a run).
   */
  model_load_path?: string | null;
  /**
   * Format of model_load_path; anything else raises NotImplementedError.
   */
  model_load_source?: 'torch' | 'lightning' | 'deepspeed';
  /**
   * Lightning checkpoint to resume training from (ckpt_path of trainer.fit). Required (null for a fresh run).
   */
  resume?: string | null;
  /**
   * Always overwritten by main.py's --gpus (default 1): pass --gpus to the launch instead.
   */
  gpus?: number;
  /**
   * Always overwritten by main.py's --num_nodes (default 1): pass --num_nodes to the launch instead.
   */
  num_nodes?: number;
  /**
   * Run name inside the log/checkpoint directories; --exp_name overwrites it (scripts/run.sh passes the time of day).
   */
  exp_name?: string;
  train_setup?: TrainSetup;
  /**
   * OpenCLIP vision encoder of RoboFlamingo (required for it).
   */
  vision_encoder?: {
    /**
     * OpenCLIP architecture, e.g. ViT-L-14.
     */
    clip_vision_encoder_path?: string;
    /**
     * OpenCLIP weights tag, e.g. openai.
     */
    clip_vision_encoder_pretrained?: string;
    [k: string]: unknown;
  };
  /**
   * Perceiver-resampler settings. Stored but not used to build the resampler (which takes only the backbone's hidden size).
   */
  vision_resampler?: {
    vis_dim?: number;
    depth?: number;
    dim_head?: number;
    heads?: number;
    num_latents?: number;
    [k: string]: unknown;
  } | null;
  /**
   * Stored by the backbone but never used to build anything.
   */
  act_encoder?: {
    [k: string]: unknown;
  } | null;
  act_head?: ActHead;
  /**
   * Must be null: a non-null value makes the backbone import robovlms.model.forward_head, which does not exist in RoboVLMs (ModuleNotFoundError).
   */
  fwd_head?: null | {};
  tokenizer?: Tokenizer;
  vlm?: Vlm;
  trainer?: Trainer;
  /**
   * Training data: one dataset object, or a list (then batch_size/num_workers may be lists of the same length).
   */
  train_dataset?: Dataset | [Dataset, ...Dataset[]];
  /**
   * Validation data: a dataset object, or a list (metrics are then prefixed with each dataset's name). Anything else raises NotImplementedError.
   */
  val_dataset?: Dataset | [Dataset, ...Dataset[]];
  /**
   * Clip arm actions to [norm_min, norm_max] and scale them to [-1, 1]; evaluation un-normalises with the same values.
   */
  norm_action?: boolean;
  /**
   * Lower clip of arm actions (-0.65 in RoboVLMs' CALVIN configs).
   */
  norm_min?: number;
  /**
   * Upper clip of arm actions (0.65 in RoboVLMs' CALVIN configs).
   */
  norm_max?: number;
  /**
   * Standardise actions with x_mean / x_std.
   */
  regular_action?: boolean;
  x_mean?: number;
  x_std?: number;
  /**
   * Feed past discrete action tokens (data module).
   */
  discrete_action_history?: boolean;
  /**
   * Add a CLIP text-feature alignment loss on the action latents.
   */
  use_clip_norm?: boolean;
  /**
   * Always forced to false by main.py's store-true flag of the same name.
   */
  use_multi_modal_emb?: boolean;
  /**
   * Always forced to false by main.py's store-true flag of the same name.
   */
  finetune?: boolean;
  /**
   * Always forced to false by main.py's store-true flag of the same name.
   */
  no_video_pretrained_model?: boolean;
  /**
   * Only meaningful inside an object of a child config, and only for the eval/tools loader (config_utils.py): the object replaces the parent's instead of merging. main.py (training) ignores it and keeps it as a key.
   */
  __override__?: boolean;
  [k: string]: unknown;
}
/**
 * What is trained and predicted. Required.
 */
export interface TrainSetup {
  /**
   * Overwritten by trainer.precision at start (main.py).
   */
  precision?: string;
  /**
   * Train the action head. Required.
   */
  predict_action?: boolean;
  /**
   * Predict future images (needs a forward head, which this version cannot build). Required.
   */
  predict_forward?: boolean;
  /**
   * Predict future gripper images. Required.
   */
  predict_forward_hand?: boolean;
  /**
   * Add a captioning loss. Required.
   */
  predict_caption?: boolean;
  /**
   * Train the vision encoder (default false).
   */
  train_vision?: boolean;
  /**
   * Train the word embeddings (default false).
   */
  train_text_embedding?: boolean;
  /**
   * Freeze the language model (then train_decoder_layers picks the last N layers to train). Required except for RoboFlamingo.
   */
  freeze_backbone?: boolean;
  /**
   * -1: all layers; N: only the last N decoder layers are trained.
   */
  train_decoder_layers?: number;
  /**
   * RoboFlamingo: train the whole language model. Required for it.
   */
  train_full_decoder?: boolean;
  /**
   * RoboFlamingo: train the perceiver resampler. Required for it.
   */
  train_resampler?: boolean;
  /**
   * Freeze the vision resampler (use_vision_resampler).
   */
  freeze_resampler?: boolean;
  /**
   * Re-initialise the backbone's weights (train from scratch).
   */
  reinit?: boolean;
  /**
   * LoRA on the language model; needs the llava package (its find_all_linear_names) and peft. Required except for RoboFlamingo.
   */
  lora_enable?: boolean;
  /**
   * LoRA rank (read when lora_enable).
   */
  lora_r?: number;
  /**
   * LoRA alpha (read when lora_enable).
   */
  lora_alpha?: number;
  /**
   * LoRA dropout (read when lora_enable).
   */
  lora_dropout?: number;
  /**
   * peft LoRA bias mode (read when lora_enable).
   */
  lora_bias?: 'none' | 'all' | 'lora_only';
  /**
   * Never read by RoboVLMs' code.
   */
  bits?: number;
  /**
   * Never read by RoboVLMs' code.
   */
  mm_projector_lr?: number;
  /**
   * Never read by RoboVLMs' code.
   */
  freeze_mm_mlp_adapter?: boolean;
  /**
   * Never read by RoboVLMs' code.
   */
  tune_mm_mlp_adapter?: boolean;
  /**
   * Not read by the action-training path.
   */
  mm_use_im_start_end?: boolean;
  /**
   * Not read by the action-training path.
   */
  mm_use_im_patch_token?: boolean;
  /**
   * Never read: RoboVLMs enables input gradients (and sets the flag) whenever the model supports it.
   */
  gradient_checkpointing?: boolean;
  /**
   * RoboFlamingo: load the OpenFlamingo vision-language weights (default true).
   */
  load_vl_param?: boolean;
  [k: string]: unknown;
}
/**
 * How the text tokenizer / processor is built. Required.
 */
export interface Tokenizer {
  /**
   * transformers class used to load it, e.g. AutoProcessor or AutoTokenizer. A *Processor type also makes the backbone use the processor's image pipeline.
   */
  type?: string;
  /**
   * Local directory of the tokenizer (usually the backbone's).
   */
  pretrained_model_name_or_path?: string;
  /**
   * Prompt family: flamingo, kosmos, llava, moondream, paligemma, qwen, uform.
   */
  tokenizer_type?: string;
  /**
   * Maximum instruction length in tokens.
   */
  max_text_len?: number;
  /**
   * Tokens added to the tokenizer.
   */
  additional_special_tokens?: string[] | null;
  [k: string]: unknown;
}
/**
 * The pre-trained vision-language model. Required.
 */
export interface Vlm {
  /**
   * transformers class used to load the model (getattr(transformers, type).from_pretrained), except for name paligemma / llava which have dedicated loaders and RoboFlamingo which builds its own.
   */
  type?:
    | (
        | 'AutoModelForVision2Seq'
        | 'Kosmos2ForConditionalGeneration'
        | 'PaliGemmaForConditionalGeneration'
        | 'AutoModel'
        | 'AutoModelForCausalLM'
      )
    | string;
  /**
   * paligemma or llava select dedicated loaders; for RoboFlamingo it is the language-model key (mpt_1b, mpt_1b_ift, mpt_3b, mpt_3b_ift, mpt_7b, llama_7b).
   */
  name?: string;
  /**
   * Local directory of the backbone's weights; the model reads <dir>/config.json at start (FileNotFoundError when missing). Relative paths are relative to the directory main.py runs in.
   */
  pretrained_model_name_or_path?: string;
  /**
   * RoboFlamingo: residual cross-attention. Required for it.
   */
  residual?: boolean;
  [k: string]: unknown;
}
/**
 * Keyword arguments of Lightning's Trainer (devices, num_nodes and gradient_clip_val are replaced by main.py). Required.
 */
export interface Trainer {
  /**
   * Lightning accelerator (gpu).
   */
  accelerator?: string;
  /**
   * Missing or ddp: DDP(find_unused_parameters=True); any other string goes to Lightning as is.
   */
  strategy?:
    | (
        | 'ddp'
        | 'deepspeed_stage_2'
        | 'deepspeed_stage_3'
        | 'deepspeed_stage_2_offload'
        | 'deepspeed_stage_3_offload'
        | 'fsdp'
      )
    | string;
  /**
   * Lightning precision. Evaluation (CALVIN wrapper) only recognises "bf16" (and "fp16"): "16" or "16-mixed" evaluate in fp32.
   */
  precision?: ('bf16' | '16' | '16-mixed' | 'bf16-mixed' | '32' | '32-true') | string | number;
  /**
   * Loggers to create; only tensorboard and csv exist (anything else raises NotImplementedError; see robovlms/unknown-logger).
   */
  logger?: (('tensorboard' | 'csv') | string)[];
  /**
   * IGNORED: main.py replaces it with the top-level gradient_clip_val (default 0.0). Move it to the top level.
   */
  gradient_clip_val?: number | null;
  /**
   * Let Lightning insert a DistributedSampler.
   */
  use_distributed_sampler?: boolean;
  /**
   * Scalar logging interval.
   */
  log_every_n_steps?: number;
  /**
   * Epochs to train. Must not be null (the LR schedule asserts on it).
   */
  max_epochs?: number;
  /**
   * Step limit (-1: none). Must be present: the LR schedule reads it.
   */
  max_steps?: number;
  /**
   * Validate every N training steps (or fraction of an epoch).
   */
  val_check_interval?: number | null;
  /**
   * Validate every N epochs (null with val_check_interval steps).
   */
  check_val_every_n_epoch?: number | null;
  /**
   * Gradient accumulation.
   */
  accumulate_grad_batches?: number;
  /**
   * Validation batches per check.
   */
  limit_val_batches?: number | null;
  /**
   * Replaced by main.py with --gpus.
   */
  devices?: {
    [k: string]: unknown;
  };
  /**
   * Replaced by main.py with --num_nodes.
   */
  num_nodes?: {
    [k: string]: unknown;
  };
  [k: string]: unknown;
}
/**
 * A dataset: type names a class in robovlms.data; the other keys are its constructor arguments.
 */
export interface Dataset {
  /**
   * Dataset class in robovlms.data (getattr).
   */
  type:
    | (
        | 'DiskCalvinDataset'
        | 'OpenVLADataset'
        | 'ImageTextDataset'
        | 'VideoLLaVADataset'
        | 'ConcatDataset'
        | 'DummyDataset'
      )
    | string;
  /**
   * CALVIN split directory (relative to the directory main.py runs in).
   */
  data_dir?: string;
  /**
   * Prompt family for the instructions (same as model).
   */
  model_name?: string;
  /**
   * Prompt family (Flamingo configs).
   */
  tokenizer_type?: string;
  shift_first?: boolean;
  /**
   * Random-shift augmentation of the static camera (pixels).
   */
  rgb_pad?: number;
  /**
   * Random-shift augmentation of the gripper camera (pixels).
   */
  gripper_pad?: number;
  /**
   * Use RoboVLMs' 10-shot task subset.
   */
  few_shot?: boolean;
  traj_cons?: boolean;
  /**
   * OpenVLADataset: root of the Open X-Embodiment RLDS data.
   */
  data_root_dir?: string;
  /**
   * OpenVLADataset: data mixture, e.g. bridge, rt_1, oxe_magic_soup.
   */
  data_mix?: string;
  /**
   * OpenVLADataset: how windows are sampled.
   */
  window_sample?: 'sliding' | 'range';
  /**
   * OpenVLADataset: how observations and actions are organised.
   */
  organize_type?: 'interleave' | 'segment';
  shuffle_buffer_size?: number;
  image_aug?: boolean;
  mode?: string;
  train?: boolean;
  [k: string]: unknown;
}
