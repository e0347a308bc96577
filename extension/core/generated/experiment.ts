/* Generated from schemas/experiment.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * One of CALVIN's 34 task names.
 */
export type TaskName =
  | 'rotate_red_block_right'
  | 'rotate_red_block_left'
  | 'rotate_blue_block_right'
  | 'rotate_blue_block_left'
  | 'rotate_pink_block_right'
  | 'rotate_pink_block_left'
  | 'push_red_block_right'
  | 'push_red_block_left'
  | 'push_blue_block_right'
  | 'push_blue_block_left'
  | 'push_pink_block_right'
  | 'push_pink_block_left'
  | 'move_slider_left'
  | 'move_slider_right'
  | 'open_drawer'
  | 'close_drawer'
  | 'lift_red_block_table'
  | 'lift_blue_block_table'
  | 'lift_pink_block_table'
  | 'lift_red_block_slider'
  | 'lift_blue_block_slider'
  | 'lift_pink_block_slider'
  | 'lift_red_block_drawer'
  | 'lift_blue_block_drawer'
  | 'lift_pink_block_drawer'
  | 'place_in_slider'
  | 'place_in_drawer'
  | 'stack_block'
  | 'unstack_block'
  | 'turn_on_lightbulb'
  | 'turn_off_lightbulb'
  | 'turn_on_led'
  | 'turn_off_led'
  | 'push_into_drawer';
/**
 * A host name, user@host or IPv4 address: letters, digits, '_', '.', '@' and '-', not starting with '-' (the one rule for every host VLA Lab passes to a remote-launch command).
 */
export type HostName = string;
/**
 * A grid over spec fields, each cell trained once per training seed. Each point is a concrete spec, validated on its own; invalid combinations are dropped with their reason. Without axes: one configuration, once per seed.
 */
export type Sweep = Sweep1 & {
  /**
   * field path (dot-separated, array indices as numbers) → values to try.
   */
  axes?: {
    /**
     * @minItems 1
     */
    [k: string]: [unknown, ...unknown[]];
  };
  /**
   * Partial points to skip: each object maps field paths to values (on an axis with sweep.labels, a value's label also names it); a point matching all of them is dropped.
   */
  exclude?: {
    [k: string]: unknown;
  }[];
  /**
   * Training seeds: every cell of the grid is trained once per seed (train.seed set, '--seed_<n>' added to the run's name); reports and the Sweep panel show each seed's point and the mean with a t-interval across seeds. A study uses 3 or more.
   *
   * @minItems 1
   * @maxItems 64
   */
  seeds?: [number, ...number[]];
  /**
   * Axis path → one short name per value of that axis, in the same order: used in run names, tables and the Sweep panel instead of the value itself (for axes whose values are objects, such as whole data recipes).
   */
  labels?: {
    /**
     * @minItems 1
     */
    [k: string]: [string, ...string[]];
  };
};
export type Sweep1 = {
  [k: string]: unknown;
};

/**
 * A *.vla.json experiment spec: one point (or, with `sweep`, a grid) in the RoboVLMs design space — backbone × formulation × head × history × chunk × data recipe — plus how to train, evaluate and where to run it.
 */
export interface ExperimentSpec {
  /**
   * Path or URL of this schema (optional; VS Code applies it to *.vla.json by itself).
   */
  $schema?: string;
  /**
   * Experiment name. It names the run directories (runs/<name>/<run-id>/), so letters, digits, '-', '_' and '.' only.
   */
  name: string;
  /**
   * Free text: what this experiment tests.
   */
  description?: string;
  /**
   * Which trainer runs the experiment.
   */
  backend?: 'builtin' | 'robovlms';
  backbone?: Backbone;
  policy?: Policy;
  observation?: Observation;
  action?: Action;
  data?: Data;
  train?: Train;
  /**
   * Evaluations to run after training (each on the final checkpoint).
   */
  eval?: EvalEntry[];
  resources?: Resources;
  robovlms?: Robovlms;
  sweep?: Sweep;
  /**
   * Free text: what this experiment tests.
   */
  markdownDescription?: string;
}
/**
 * The vision-language backbone (default: the built-in tiny-prefix).
 */
export interface Backbone {
  /**
   * Backbone id: a built-in tiny backbone, a RoboVLMs backbone, or hf:<local path or model id>.
   */
  id: (
    | (
        | 'tiny-prefix'
        | 'tiny-xattn'
        | 'kosmos-2'
        | 'paligemma-3b'
        | 'llava-7b'
        | 'qwen-vl-7b'
        | 'flamingo-3b'
        | 'moondream2'
        | 'uform-gen'
      )
    | string
  ) &
    string;
  /**
   * Size preset of a built-in backbone (width and depth: schemas/builtin-models.json).
   */
  size?: 'nano' | 'micro' | 'small' | 'base' | 'large';
  /**
   * Local directory with the backbone's weights (config.json + weights). Required for RoboVLMs backbones.
   */
  path?: string;
  /**
   * Which parts of the backbone are trained.
   */
  train?: {
    /**
     * Train the vision encoder.
     */
    vision?: boolean;
    /**
     * Train the language model.
     */
    language?: boolean;
    /**
     * Train the word embeddings.
     */
    text_embedding?: boolean;
    /**
     * hf: backbones: recompute activations in the backward pass (less memory, about a third more compute).
     */
    gradient_checkpointing?: boolean;
    /**
     * hf: backbones: run the model's forward under autocast in this dtype (weights stay fp32).
     */
    autocast?: 'none' | 'bf16' | 'fp16';
  };
  /**
   * hf: backbones: load the pre-trained weights, or build the architecture with random weights (with a warning).
   */
  init?: 'pretrained' | 'random';
  /**
   * hf: backbones: which hidden layer feeds the action head (-1: the final, normalised output; 0: the embeddings; k: after block k).
   */
  feature_layer?: number;
  /**
   * LoRA adapters on the language model instead of full fine-tuning.
   */
  lora?: {
    /**
     * Train LoRA adapters on the language model instead of fine-tuning it fully.
     */
    enabled?: boolean;
    /**
     * LoRA rank.
     */
    r?: number;
    /**
     * LoRA scaling (alpha / r multiplies the adapter's output).
     */
    alpha?: number;
    /**
     * Dropout on the LoRA adapters' input.
     */
    dropout?: number;
    /**
     * hf: backbones: which tower gets LoRA adapters (its own weights are then frozen).
     */
    towers?: 'language' | 'vision' | 'both';
    /**
     * hf: backbones: names of the linear layers to adapt (e.g. q_proj, v_proj); omitted or empty = every linear layer of the tower(s).
     */
    target_modules?: string[];
  };
}
/**
 * The policy formulation: how observations, history and actions meet the backbone.
 */
export interface Policy {
  /**
   * How history enters the model.
   */
  formulation?: 'one-step' | 'interleaved' | 'policy-head';
  /**
   * Continuous regression or discretised action tokens.
   */
  action_space?: 'continuous' | 'discrete';
  /**
   * Observation window: how many past steps (including the current) the policy sees. RoboVLMs uses 8–16.
   */
  history?: number;
  /**
   * Actions predicted per step (action chunk). RoboVLMs uses 10.
   */
  chunk?: number;
  head?: Head;
  /**
   * Binning of actions into tokens (discrete action space).
   */
  discretization?: {
    /**
     * Bins per action dimension (RoboVLMs' n_bin).
     */
    bins: number;
    /**
     * Lowest action value (RoboVLMs' min_action).
     */
    min?: number;
    /**
     * Highest action value (RoboVLMs' max_action).
     */
    max?: number;
  };
}
/**
 * The action head that turns backbone latents into actions (default: an MLP).
 */
export interface Head {
  /**
   * Action head architecture.
   */
  type: 'mlp' | 'lstm' | 'gpt' | 'moe' | 'flow' | 'oft' | 'diffusion';
  /**
   * Hidden width of the head.
   */
  hidden?: number;
  /**
   * Layers (MLP depth, LSTM layers, GPT / flow / OFT transformer blocks).
   */
  layers?: number;
  /**
   * Attention heads (gpt, flow, oft; lowered until it divides hidden).
   */
  heads?: number;
  /**
   * Number of experts (moe).
   */
  experts?: number;
  /**
   * Experts used per token (moe).
   */
  top_k?: number;
  /**
   * Weight of the load-balancing loss (moe).
   */
  balance_weight?: number;
  /**
   * Flow head: Euler integration steps when sampling an action chunk (π0 uses 10). Diffusion head: DDIM steps (at most its 100 training timesteps). Inference cost grows linearly with it; fewer steps give coarser samples.
   */
  sample_steps?: number;
  /**
   * Dropout inside the head.
   */
  dropout?: number;
  /**
   * How the backbone's tokens of one step are pooled into the latent (RoboVLMs' down_sample: pooling).
   */
  pooling?: 'last' | 'mean' | 'max';
}
/**
 * What the policy observes.
 */
export interface Observation {
  /**
   * Square image size fed to the vision encoder (pixels). RoboVLMs uses 224; the CPU quickstart uses 32.
   */
  image_size?: number;
  /**
   * ViT patch size of built-in backbones (fewer tokens per frame = faster on CPU).
   */
  patch_size?: number;
  /**
   * Cameras used. RoboVLMs' configs add the gripper camera with use_hand_rgb.
   *
   * @minItems 1
   */
  cameras?: ['static' | 'gripper', ...('static' | 'gripper')[]];
  /**
   * Feed proprioception (CALVIN robot_obs) to the policy.
   */
  proprio?: boolean;
}
/**
 * The action space and its loss.
 */
export interface Action {
  /**
   * The convention the policy's actions follow; every data source is checked against it before training. Absent: CALVIN's (delta, world frame, euler_xyz, gripper closed -1 / open 1).
   */
  convention?: ActionConvention;
  /**
   * Action dimension: 6 arm (xyz + rpy, relative) + 1 gripper in CALVIN.
   */
  dim?: number;
  /**
   * Clip-and-scale normalisation of arm actions to [-1, 1] (RoboVLMs' norm_action / norm_min / norm_max). Statistics are stored with every checkpoint and always used for un-normalisation.
   */
  normalize?: {
    /**
     * Clip arm actions to [min, max] and scale them to [-1, 1] (RoboVLMs' norm_action) instead of standardising with the data's mean and std.
     */
    enabled?: boolean;
    /**
     * Lower clip bound (RoboVLMs' norm_min).
     */
    min?: number;
    /**
     * Upper clip bound (RoboVLMs' norm_max).
     */
    max?: number;
  };
  /**
   * Loss on the arm dimensions.
   */
  arm_loss?: 'mse' | 'smooth_l1' | 'l1';
  /**
   * Weight of the arm loss.
   */
  arm_weight?: number;
  /**
   * Weight of the gripper BCE loss (RoboVLMs' arm_gripper_loss_ratio, 0.01 in its configs).
   */
  gripper_weight?: number;
  /**
   * How discrete actions become tokens: per-dimension bins (policy.discretization) or FAST (DCT + BPE, Pertsch et al. 2025).
   */
  tokenizer?: 'bins' | 'fast';
  /**
   * FAST tokenizer settings (action.tokenizer "fast", or knowledge_insulation).
   */
  fast?: {
    /**
     * Multiplier of the DCT coefficients before rounding (the paper's gamma, 10). Larger keeps more detail and needs more tokens; the round-trip error per action element is at most 0.5 x sqrt(chunk) / scale of the normalised range.
     */
    scale?: number;
    /**
     * BPE vocabulary size (the paper uses 1024). At least the number of distinct rounded coefficients, 2 x ceil(scale x sqrt(chunk)) + 1. Each token adds an embedding row to the backbone.
     */
    vocab_size?: number;
  };
  /**
   * Knowledge insulation (Driess et al. 2025, pi0.5 + KI): the flow/diffusion action expert reads the backbone with a stop-gradient while the backbone learns from FAST action tokens.
   */
  knowledge_insulation?: boolean;
  /**
   * Weight of the FAST token loss under knowledge_insulation (pi0.5, Black et al. 2025, sums the token loss and alpha x the flow loss, alpha = 10 in post-training: token_weight 0.1 with arm_weight 1). Under insulation the two losses train disjoint parameters, so with Adam/AdamW it acts through the gradient-norm clip (train.grad_clip) and with SGD as the backbone's learning rate. Used with knowledge_insulation only.
   */
  token_weight?: number;
}
/**
 * How actions are expressed: delta or absolute, in which frame, which rotation representation, the gripper's closed and open values.
 */
export interface ActionConvention {
  /**
   * Relative (delta) end-effector motions or absolute poses.
   */
  mode?: 'delta' | 'absolute';
  /**
   * The frame the translation and rotation are expressed in.
   */
  frame?: 'world' | 'base' | 'tool';
  /**
   * Rotation representation of the arm part: euler_xyz (roll, pitch, yaw; 3 numbers), axis_angle (3), quaternion_xyzw (4), none (translation only).
   */
  rotation?: 'euler_xyz' | 'axis_angle' | 'quaternion_xyzw' | 'none';
  /**
   * The gripper dimension's value when closed and when open (CALVIN: closed -1, open 1; many OXE datasets: closed 0, open 1).
   */
  gripper?: {
    /**
     * Value meaning closed.
     */
    closed: number;
    /**
     * Value meaning open.
     */
    open: number;
  };
  /**
   * On a data source: convert its gripper values and rotation representation to the spec's convention instead of stopping (mode and frame are never converted).
   */
  convert?: boolean;
  /**
   * On a data source: false turns a contradiction between its convention and what its own actions and state say into a logged warning instead of a stop (for data whose state the inference misreads). Absent: true.
   */
  infer?: boolean;
}
/**
 * The data recipe: stages run in order, each with its datasets and schedule; checkpoints carry across stages.
 */
export interface Data {
  /**
   * How the stages relate.
   */
  recipe?: 'finetune' | 'post-train' | 'co-train';
  /**
   * Training stages, run in order; weights carry from one stage to the next.
   *
   * @minItems 1
   */
  stages: [Stage, ...Stage[]];
}
/**
 * One training stage.
 */
export interface Stage {
  /**
   * Stage name (e.g. pretrain, finetune).
   */
  name?: string;
  /**
   * The stage's datasets; several are mixed by `weight` (co-training).
   *
   * @minItems 1
   */
  datasets: [Dataset, ...Dataset[]];
  /**
   * Epochs over the stage's data (use either epochs or steps).
   */
  epochs?: number;
  /**
   * Optimizer steps in this stage.
   */
  steps?: number;
  /**
   * Learning rate for this stage (overrides train.lr).
   */
  lr?: number;
}
/**
 * A dataset of demonstrations.
 */
export interface Dataset {
  /**
   * Dataset kind.
   */
  type: 'playtable' | 'calvin' | 'oxe' | 'lerobot' | 'rlds';
  /**
   * Data directory (relative to the spec file). For playtable, where generated data goes (default: runs/_data/<hash>).
   */
  path?: string;
  /**
   * Sub-directory: training or validation. LeRobot / RLDS: training reads the dataset's training episodes, validation its validation episodes (its own validation split, else the held-out ones).
   */
  split?: string;
  /**
   * LeRobot / RLDS: which of the dataset's features are our cameras, actions, state and instruction. Absent keys take the names `python -m vlalab export-lerobot` writes (LeRobot) or Open X-Embodiment's (RLDS) (no schema defaults: other dataset types never get this key).
   */
  features?: {
    /**
     * Video features per camera of observation.cameras (a camera of the spec left out here takes the export's name).
     */
    cameras?: {
      /**
       * The video feature of the static camera, e.g. observation.images.top.
       */
      static?: string;
      /**
       * The video feature of the wrist camera, e.g. observation.images.wrist.
       */
      gripper?: string;
    };
    /**
     * The float feature of the actions, or several concatenated in order (an action stored in parts, e.g. RT-1's action/world_vector, action/rotation_delta, action/gripper_closedness_action); the width must be action.dim. Absent: action.
     */
    actions?:
      | string
      | [string]
      | [string, string]
      | [string, string, string]
      | [string, string, string, string]
      | [string, string, string, string, string]
      | [string, string, string, string, string, string]
      | [string, string, string, string, string, string, string]
      | [string, string, string, string, string, string, string, string];
    /**
     * The proprioceptive state feature (recorded; the built-in policies do not read state). Absent: observation.state.
     */
    state?: string;
    /**
     * Where the instruction comes from: task (the episode's task, meta/tasks) or a string column of the data. Absent: task.
     */
    instruction?: string;
    /**
     * RLDS: a text feature naming each episode's task (e.g. episode_metadata/task), which `tasks` and `few_shot` filter on. Absent: the instruction.
     */
    task?: string;
  };
  /**
   * LeRobot / RLDS: the share of episodes held out for validation when the dataset has no validation split of its own (evenly spread over the episode order; 0 holds none out). Absent: 0.125.
   */
  validation?: number;
  /**
   * The action convention of this dataset's actions, where its metadata does not say it (or to override it). convert: true converts the gripper and rotation to the spec's convention.
   */
  convention?: ActionConvention;
  /**
   * The control rate this dataset's actions were recorded at (Hz), where its metadata does not say it (or to correct it). Sources of one stage must share a rate.
   */
  control_hz?: number;
  /**
   * OXE data mix (RoboVLMs' data_mix), e.g. bridge, rt_1, oxe_magic_soup.
   */
  mixture?: string;
  /**
   * Sampling weight when several datasets are mixed (co-train).
   */
  weight?: number;
  /**
   * Playtable embodiment variant (cross-embodiment data).
   */
  embodiment?: 'default' | 'camera-shift' | 'action-scale' | 'no-gripper-cam' | 'mirrored';
  /**
   * Tasks to include (Playtable/CALVIN task names). Default: all 34.
   */
  tasks?: TaskName[];
  /**
   * Playtable: demonstrations generated per task (the built-in trainer reads every episode of a CALVIN dataset; few_shot keeps fewer).
   */
  episodes?: number;
  /**
   * Keep only this many episodes per task (few-shot learning).
   */
  few_shot?: number;
  /**
   * Seed of data generation (Playtable).
   */
  seed?: number;
  /**
   * Playtable: 2 = multimodal demonstrations — each demonstration first detours left or right (chosen at random), so the same observation is followed by two different actions. Regression heads average the two; flow heads and chunked execution can commit to one. Recorded in the dataset's playtable.json and in evaluation results.
   */
  expert_routes?: 1 | 2;
  /**
   * Playtable 4 (issue 13): a post stands at the midpoint of each demonstration's first leg (from where the task starts to its first approach point; none where the leg is too short or the spot is taken), and the two-route experts go around it, left or right. Averaging the two routes runs into the post, and touching it fails the task, so a regression head that averages modes fails where flow or diffusion heads can commit to one route. Needs expert_routes 2. Absent: false. Recorded in playtable.json; evaluations default to it.
   */
  obstacle?: boolean;
  /**
   * Playtable: half the demonstrations start where another task left the scene — a lead-in task the expert does first, unrecorded — as a chain's later tasks do. articulated: the drawer, slider and LED tasks; any: any task that can be done there, the block tasks included (the states most of a chain's later tasks start from). Recorded per episode in the dataset's playtable.json.
   */
  lead_in?: 'articulated' | 'any';
  /**
   * Playtable: the desk's colour in each generated demonstration. scene: its scene's (A-D each have their own); random: a colour drawn per demonstration, so that the desk's look says nothing about where the drawer, button and switch are and the policy must find them in the picture (policies trained on scene-coloured desks recall a layout from the desk's colour and fail in an unseen scene: bench/scene_reach.py). Evaluation always draws the scene's own desk. Recorded per episode in the dataset's playtable.json.
   */
  desk?: 'scene' | 'random';
  /**
   * Playtable: the CALVIN scenes (A-D: the same tasks, the drawer, button, switch and sliding door's handle moved, a different desk) the demonstrations are spread over. CALVIN's splits: ["A", "B", "C"] with an eval scene D is ABC->D (generalisation to an unseen scene); ["A", "B", "C", "D"] is ABCD->D.
   *
   * @minItems 1
   */
  scenes?: ['A' | 'B' | 'C' | 'D', ...('A' | 'B' | 'C' | 'D')[]];
}
/**
 * Optimisation.
 */
export interface Train {
  /**
   * Batch size per GPU (per process).
   */
  batch_size?: number;
  /**
   * Optimizer (AdamW as in RoboVLMs).
   */
  optimizer?: 'adamw' | 'adam' | 'sgd';
  /**
   * Peak learning rate. RoboVLMs uses 2e-5 for pre-trained VLMs; from-scratch tiny models want ~1e-3.
   */
  lr?: number;
  /**
   * Final lr as a fraction of the peak (cosine).
   */
  min_lr_scale?: number;
  /**
   * Learning-rate schedule after warm-up (RoboVLMs accepts the same three).
   */
  schedule?: 'constant' | 'cosine' | 'half-cosine';
  /**
   * Linear warm-up steps.
   */
  warmup_steps?: number;
  /**
   * Weight decay (RoboVLMs' best configs: 0).
   */
  weight_decay?: number;
  /**
   * Training precision. bf16 autocast on GPUs that support it; CPU trains in fp32.
   */
  precision?: 'fp32' | 'bf16' | 'fp16';
  /**
   * Train through torch.compile (built-in trainer). Measured 1.19x per CPU training step after a one-off warm-up per process (tracing and code generation, tens of seconds); worth it for long runs, not for smoke tests. Checkpoints are the same either way.
   */
  compile?: boolean;
  /**
   * Gradient-norm clip (0 = off). Compiles to RoboVLMs' top-level gradient_clip_val, the only one it reads.
   */
  grad_clip?: number;
  /**
   * Instruction augmentation (built-in trainer): each word of a training instruction is dropped with this probability (at least one word stays), so the policy does not hang on one exact phrasing. Helps with held-out paraphrases; not a RoboVLMs option (the robovlms backend ignores it, with a warning).
   */
  word_dropout?: number;
  /**
   * Random seed of initialisation and data order (each distributed rank adds its rank).
   */
  seed?: number;
  /**
   * Save a checkpoint every N steps (and at each stage's end).
   */
  checkpoint_every?: number;
  /**
   * Validate every N steps.
   */
  val_every?: number;
  /**
   * Write scalars every N steps.
   */
  log_every?: number;
  /**
   * Data-loader worker processes.
   */
  num_workers?: number;
  /**
   * How many recent checkpoints to keep (the final one is always kept).
   */
  keep_checkpoints?: number;
  /**
   * Also keep the N checkpoints with the best best_metric (its latest value at or before each checkpoint's step), besides the keep_checkpoints most recent ones. Pinned checkpoints (checkpoints/<name>.pin) and those an evaluation is reading are never deleted.
   */
  keep_best?: number;
  /**
   * The scalar that ranks checkpoints for keep_best (a name the run logs: val/loss, train/loss, val/acc_gripper, …).
   */
  best_metric?: string;
  /**
   * Whether lower (min) or higher (max) best_metric is better.
   */
  best_mode?: 'min' | 'max';
}
/**
 * One evaluation.
 */
export interface EvalEntry {
  /**
   * Benchmark.
   */
  benchmark: 'playtable' | 'calvin' | 'simpler';
  /**
   * Number of evaluation chains (CALVIN: 1000).
   */
  chains?: number;
  /**
   * Subtasks per chain (CALVIN: 5). 1 = single-task evaluation.
   */
  chain_length?: number;
  /**
   * A CALVIN eval_sequences.json to draw chains from (default: generated).
   */
  sequences?: string;
  /**
   * Restrict evaluation to these tasks (default: the tasks trained on).
   */
  tasks?: TaskName[];
  /**
   * Steps allowed per subtask (CALVIN: 360).
   */
  max_steps?: number;
  /**
   * Rollout videos to record.
   */
  videos?: number;
  /**
   * Instruct with paraphrases never seen in training.
   */
  held_out_phrasings?: boolean;
  /**
   * Playtable: the CALVIN scene to evaluate in. With training data from scenes A, B, C this is CALVIN's ABC->D split (D never seen in training); from A-D, ABCD->D. The split is recorded in the result's protocol.
   */
  scene?: 'A' | 'B' | 'C' | 'D';
  /**
   * Seed for initial states (distinct from training seeds: held-out states).
   */
  seed?: number;
  /**
   * Control rate of the robot; the policy probe compares latency with it. Default: the benchmark's rate (schemas/data-sources.json controlRates.builtin: Playtable 15 Hz, CALVIN 30 Hz); a benchmark without one (SimplerEnv), CALVIN's.
   */
  control_hz?: number;
  /**
   * How predicted action chunks are executed during evaluation.
   */
  execution?: 'first' | 'chunk' | 'ensemble' | 'rtc';
  /**
   * Simulated inference delay in control steps: a chunk predicted from the observation of step t can be executed from step t + delay (the robot holds still while no action has arrived).
   */
  delay?: number;
  /**
   * Playtable 4 (issue 13), single-task evaluations only: at each task's start a post stands at the midpoint of the hand's first leg (where there is room) and touching it fails the task at once, so a policy that averages the two routes of two-route demonstrations fails. Absent: the training data's obstacle option (false for chains). Recorded in the result's protocol.
   */
  obstacle?: boolean;
  /**
   * RTC: actions executed from a chunk before the next one is requested (the paper's execution horizon s; default: half the chunk). Needs delay ≤ rtc_horizon and rtc_horizon + delay ≤ chunk.
   */
  rtc_horizon?: number;
  /**
   * RTC with the flow head: guided inpainting (Black et al. 2025) with this clip beta on the guidance weight (the paper uses 5) instead of replacing the overlap while sampling. Absent: replacement.
   */
  rtc_guidance?: number;
  /**
   * Ensemble execution: weight exp(-decay·i) of the i-th newest prediction, oldest first (ACT's m = 0.01; 0 = plain average).
   */
  ensemble_decay?: number;
}
/**
 * Where and on what the experiment runs.
 */
export interface Resources {
  /**
   * How processes are launched.
   */
  launcher?: 'local' | 'torchrun' | 'slurm' | 'hosts';
  /**
   * GPUs per node (0 = CPU).
   */
  gpus?: number;
  /**
   * Nodes (slurm only).
   */
  nodes?: number;
  /**
   * Hosts for the hosts launcher, one torchrun node each; the first runs the rendezvous and rank 0. A host name, or {name, address} when the other hosts reach it at another address than its name.
   *
   * @minItems 1
   * @maxItems 1024
   */
  hosts?: [
    (
      | HostName
      | {
          name: HostName;
          /**
           * A host name, user@host or IPv4 address: letters, digits, '_', '.', '@' and '-', not starting with '-' (the one rule for every host VLA Lab passes to a remote-launch command).
           */
          address?: string;
        }
    ),
    ...(
      | HostName
      | {
          name: HostName;
          /**
           * A host name, user@host or IPv4 address: letters, digits, '_', '.', '@' and '-', not starting with '-' (the one rule for every host VLA Lab passes to a remote-launch command).
           */
          address?: string;
        }
    )[]
  ];
  /**
   * CPU processes per node when gpus is 0, with the torchrun or slurm launcher: data-parallel training on the gloo backend, each process taking its own shard of every batch of train.batch_size. Absent: 1. Ignored with GPUs (one process per GPU).
   */
  processes?: number;
  /**
   * CPU cores requested per GPU (Slurm `--cpus-per-task` = this × GPUs; CPU jobs ask for one core per process).
   */
  cpus_per_gpu?: number;
  /**
   * Queue priority: higher starts first, FIFO among equals.
   */
  priority?: number;
  /**
   * Slurm options.
   */
  slurm?: {
    /**
     * Slurm partition (`#SBATCH --partition`).
     */
    partition?: string;
    /**
     * Wall-time limit, e.g. 04:00:00 or 1-00:00:00.
     */
    time?: string;
    /**
     * Slurm account to charge (`#SBATCH --account`).
     */
    account?: string;
    /**
     * Slurm quality of service (`#SBATCH --qos`).
     */
    qos?: string;
    /**
     * Submit to a remote login node over ssh (user@host).
     */
    login?: string;
    /**
     * Extra #SBATCH options, e.g. --constraint=a100.
     */
    extra?: string[];
  };
}
/**
 * RoboVLMs-specific settings: what `compile --target robovlms` writes beyond the spec's own fields.
 */
export interface Robovlms {
  /**
   * RoboVLMs config keys the spec has no field for, kept verbatim (import puts them here so compile(import(c)) == c).
   */
  overrides?: {};
}
