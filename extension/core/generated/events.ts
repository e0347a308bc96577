/* Generated from schemas/events.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * One line of a run's events.jsonl. Written by the built-in trainer (python/vlalab) and by the RoboVLMs adapter; read by the runner, the CLI and the editor. Protocol version 1: every record carries `v: 1`; readers ignore records with a higher major version they do not know, with a warning.
 */
export type RunEvent =
  | RunStartEvent
  | StageEvent
  | ScalarEvent
  | ProgressEvent
  | CheckpointEvent
  | EvalResultEvent
  | MediaEvent
  | WarningEvent
  | RunEndEvent;
/**
 * Protocol version.
 */
export type Version = 1;
/**
 * Wall time, seconds since the Unix epoch.
 */
export type Time = number;
/**
 * Global optimizer step (0-based count of completed steps), continuous across stages and resumes.
 */
export type Step = number;
/**
 * Name of the data-recipe stage this record belongs to (e.g. `pretrain`, `finetune`).
 */
export type Stage = string;

export interface RunStartEvent {
  v: Version;
  type: 'run_start';
  t: Time;
  run_id?: string;
  /**
   * sha256 of the resolved spec's canonical JSON.
   */
  spec_hash: string;
  git?: {
    commit?: string | null;
    dirty?: boolean | null;
  };
  host: string;
  pid?: number;
  /**
   * e.g. `cpu`, `cuda:0 (NVIDIA H100 80GB HBM3)`.
   */
  device: string;
  world_size?: number;
  /**
   * True when this start continues from a checkpoint.
   */
  resumed?: boolean;
  start_step?: Step;
  /**
   * Library versions: python, torch, numpy, cuda, vlalab, transformers, …
   */
  versions: {
    [k: string]: string | null;
  };
  /**
   * Trainable parameter count.
   */
  params?: number;
  total_params?: number;
}
export interface StageEvent {
  v: Version;
  type: 'stage';
  t: Time;
  name: string;
  index: number;
  count: number;
  step?: Step;
  total_steps?: number;
  /**
   * The stage's datasets on disk, in the spec's order: where the probe finds the run's demonstrations.
   */
  datasets?: {
    /**
     * Absolute path of the dataset root (CALVIN layout: training/ and validation/ under it).
     */
    path: string;
    /**
     * The split the stage trains on (default training).
     */
    split?: string;
    /**
     * LeRobot / RLDS sources: the episodes validated on (python/vlalab/trainer/splits.py): the dataset's own validation split, or held-out episodes.
     */
    validation?: {
      /**
       * The dataset's split these episodes come from (RLDS: a split of dataset_info.json; LeRobot: a key of meta/info.json's splits), null for the whole dataset.
       */
      split?: string | null;
      /**
       * Positions in the RLDS split / LeRobot episode indices of the validation episodes.
       */
      episodes?: number[];
      /**
       * Episodes in the split they were chosen from.
       */
      of?: number;
      /**
       * How they were chosen, in words.
       */
      how?: string;
    };
    /**
     * What the source's own actions and state say about its action convention (python/vlalab/trainer/infer_convention.py): per field its value (`unknown` when the numbers do not say) and the evidence. A confident value that contradicts the source's convention stops the run before training.
     */
    inferred_convention?: {
      mode?: InferredField;
      frame?: InferredField;
      rotation?: InferredField;
      gripper?: InferredField;
    };
  }[];
}
export interface InferredField {
  /**
   * The inferred value in words (e.g. `delta`, `closed -1 / open 1`, `euler_xyz or axis_angle`, `unknown`).
   */
  value: string;
  /**
   * The numbers it rests on.
   */
  evidence: string;
}
export interface ScalarEvent {
  v: Version;
  type: 'scalar';
  t: Time;
  step: Step;
  /**
   * Slash-separated tag: `train/loss`, `train/loss_arm`, `train/loss_gripper`, `train/acc_gripper`, `train/lr`, `val/loss`, …
   */
  name: string;
  /**
   * null encodes NaN or ±Inf (JSON has no such numbers).
   */
  value: number | null;
  stage?: Stage;
}
export interface ProgressEvent {
  v: Version;
  type: 'progress';
  t: Time;
  step: Step;
  total: number;
  samples_per_s?: number;
  eta_s?: number | null;
  epoch?: number;
  /**
   * What is progressing; eval progress counts chains.
   */
  phase?: 'train' | 'eval';
  stage?: Stage;
}
export interface CheckpointEvent {
  v: Version;
  type: 'checkpoint';
  t: Time;
  step: Step;
  /**
   * Relative to the run directory where possible.
   */
  path: string;
  stage?: Stage;
  /**
   * `latest`, `final`, `stage-end`, `cancel`, …; `recovered`: written when the run resumed, for a checkpoint saved just before a kill that came before its own event (docs/runs.md)
   */
  tag?: string;
}
export interface EvalResultEvent {
  v: Version;
  type: 'eval_result';
  t: Time;
  benchmark: 'playtable' | 'calvin' | 'simpler';
  checkpoint: string;
  step?: Step;
  num_chains?: number;
  /**
   * Subtasks per chain; 1 = a single-task evaluation (each task from its own initial states), reported per task with success counts in task_info.
   */
  chain_length?: number;
  /**
   * Average number of consecutive subtasks completed (CALVIN's avg len). At chain_length 1 (a single-task evaluation) it is only the pooled success rate: readers show such an evaluation as per-task success rates from task_info, not as a chain result.
   */
  avg_seq_len: number;
  /**
   * Success rate of completing 1..N subtasks in a row, keyed "1".."N" as in RoboVLMs' results JSON.
   */
  chain_sr: {
    /**
     * This interface was referenced by `undefined`'s JSON-Schema definition
     * via the `patternProperty` "^[1-9][0-9]*$".
     */
    [k: string]: number;
  };
  /**
   * Per-task counts: {task: {success, total}}.
   */
  task_info: {
    [k: string]: {
      success: number;
      total: number;
    };
  };
  /**
   * Optional single-task evaluation (each task from its own held-out initial states): {task: {success, total}}.
   */
  single_task?: {
    [k: string]: {
      success: number;
      total: number;
    };
  };
  results_path?: string;
  /**
   * What makes two numbers comparable; readers never compare results whose tags differ without saying which. Playtable results carry benchmark, benchmark_version (sim/version.py: release+source hash), split (CALVIN's ABC->D: training scenes->evaluation scene; null when the policy was not trained on Playtable data), scene, chain_set, chains, chain_length, episodes, phrasing_set (instructions.py: name@hash), embodiment, seed, max_steps, checkpoint, and the execution strategy (execution, delay, ...), expert_routes and obstacle.
   */
  protocol?: {
    benchmark?: string;
    benchmark_version?: string;
    split?: string | null;
    scene?: 'A' | 'B' | 'C' | 'D';
    chain_set?: string;
    chains?: number;
    chain_length?: number;
    episodes?: number;
    phrasing_set?: string;
    embodiment?: string | null;
    seed?: number;
    max_steps?: number;
    checkpoint?: string;
    /**
     * How predicted chunks became actions (the eval entry's execution; python/vlalab/trainer/execution.py). "server": a vla-eval model server scored by `eval --model-server` that executes its own chunks and states no strategy in /config (VLA Lab's servers state theirs).
     */
    execution?: 'first' | 'chunk' | 'ensemble' | 'rtc' | 'server';
    /**
     * Simulated inference delay in control steps (a chunk arrives this many steps after its observation).
     */
    delay?: number;
    /**
     * Temporal ensembling's weight decay exp(-decay·i) (execution "ensemble" only).
     */
    ensemble_decay?: number;
    /**
     * Steps between chunk requests in real-time chunking (execution "rtc" only).
     */
    rtc_horizon?: number;
    /**
     * Guided real-time chunking's clip beta (flow head); absent: replacement inpainting.
     */
    rtc_guidance?: number;
    /**
     * Approach routes of the scripted experts that made the training data (1: unimodal; 2: two routes chosen at random).
     */
    expert_routes?: number;
    /**
     * Playtable 4's obstacle option (issue 13): a post stood on each task's first leg where there was room, and touching it failed the task; a policy that averages the two expert routes runs into it.
     */
    obstacle?: boolean;
    /**
     * Set only on a reference point or control (python/vlalab/trainer/conditions.py): the scripted experts (the ceiling), noisy experts, the policy with instructions shuffled across tasks, or with blank cameras. Never the policy's own result.
     */
    condition?: 'expert' | 'noisy-expert' | 'shuffled-instructions' | 'blank-cameras';
    /**
     * noisy-expert: action noise std in relative-action units.
     */
    expert_noise?: number;
  } | null;
}
export interface MediaEvent {
  v: Version;
  type: 'media';
  t: Time;
  kind: 'video' | 'image';
  /**
   * Relative to the run directory.
   */
  path: string;
  format?: 'mp4' | 'gif' | 'png';
  task?: string;
  instruction?: string;
  success?: boolean;
  steps?: number;
  checkpoint?: string;
  chain?: number;
  subtask?: number;
}
export interface WarningEvent {
  v: Version;
  type: 'warning';
  t: Time;
  /**
   * Stable code; the training-health alarms' codes are the keys of schemas/training-health.json's `alarms`.
   */
  code?: string;
  /**
   * What was seen, in one line.
   */
  message: string;
  /**
   * What to check or change, in one line (training-health alarms).
   */
  advice?: string;
  step?: Step;
}
export interface RunEndEvent {
  v: Version;
  type: 'run_end';
  t: Time;
  status: 'completed' | 'failed' | 'cancelled';
  error?: string | null;
  error_kind?: 'nan' | 'oom' | 'signal' | 'exception' | 'data' | 'config' | null;
  exit_code?: number | null;
  step?: Step;
}
