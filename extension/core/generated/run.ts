/* Generated from schemas/run.schema.json by scripts/gen-types.mjs. Do not edit. */

/**
 * run.json: the record of one run under runs/<experiment>/<run-id>/. Written by the runner (and updated by it as the run moves through its states); the trainer never writes it. Record version 1.
 */
export interface RunRecord {
  v: 1;
  /**
   * Run id, unique within the experiment; names the run directory.
   */
  id: string;
  experiment: string;
  status: 'queued' | 'starting' | 'running' | 'completed' | 'failed' | 'cancelled';
  /**
   * `imported` is an existing TensorBoard/Lightning log directory opened as a run.
   */
  kind?: 'train' | 'eval' | 'imported';
  backend: 'builtin' | 'robovlms' | 'tensorboard';
  launcher: 'local' | 'torchrun' | 'slurm' | 'hosts' | 'none';
  /**
   * Higher starts first; FIFO among equals.
   */
  priority?: number;
  sweep?: {
    id?: string;
    index?: number;
    /**
     * field path → value of this sweep point (the cell; the training seed is `seed`)
     */
    point?: {};
    /**
     * The point's name without its seed suffix: the runs of one cell differ only in their training seed (sweep.seeds).
     */
    cell?: string;
    /**
     * The training seed (train.seed) this run of the cell was given by sweep.seeds.
     */
    seed?: number;
    /**
     * field path → the short name sweep.labels gives this point's value
     */
    labels?: {
      [k: string]: string;
    };
  };
  /**
   * Path of the *.vla.json this run was launched from.
   */
  spec_source?: string | null;
  spec_hash?: string;
  /**
   * The exact argv launched (no shell).
   */
  argv?: string[];
  cwd?: string;
  /**
   * Environment variables the runner set for the worker on top of its own environment (CUDA_VISIBLE_DEVICES, PYTHONPATH, …).
   */
  env?: {
    [k: string]: string;
  };
  host?: string;
  pid?: number | null;
  pgid?: number | null;
  /**
   * Process start time from /proc/<pid>/stat (clock ticks since boot), so a recycled pid is never mistaken for the run.
   */
  pid_start_time?: string | null;
  /**
   * The detached Node process that waits for the worker and keeps this record up to date.
   */
  supervisor?: {
    pid?: number | null;
    /**
     * From /proc/<pid>/stat, as pid_start_time.
     */
    start_time?: string | null;
    host?: string | null;
  };
  /**
   * GPU indices given through CUDA_VISIBLE_DEVICES; empty on CPU.
   */
  gpus?: number[];
  gpus_requested?: number;
  /**
   * CPU processes torchrun starts when no GPU is requested (resources.processes); absent: 1
   */
  processes?: number;
  nodes?: number;
  /**
   * The hosts launcher: one entry per host (node rank = position), kept current by the supervisor.
   */
  hosts?: {
    name: string;
    address?: string | null;
    node_rank: number;
    /**
     * The global ranks this host runs.
     */
    ranks?: number[];
    /**
     * The remote-launch process on the supervisor's machine (ssh, ip netns exec …).
     */
    pid?: number | null;
    /**
     * lost: the host's processes ended without reporting (killed, the host went down, the connection broke).
     */
    state?: 'starting' | 'running' | 'completed' | 'failed' | 'lost' | 'cancelled';
    exit_code?: number | null;
    signal?: string | null;
    reason?: string | null;
    ended_at?: string | null;
  }[];
  slurm?: {
    job_id?: string | null;
    script?: string;
    state?: string | null;
    login?: string | null;
  };
  created_at: string;
  /**
   * When the run (or its latest resume) entered the queue.
   */
  queued_at?: string | null;
  started_at?: string | null;
  ended_at?: string | null;
  /**
   * Set by `cancel`: the supervisor sends SIGTERM to the worker's process group, then SIGKILL after cancel_grace_s.
   */
  cancel_requested_at?: string | null;
  /**
   * Seconds between SIGTERM and SIGKILL when cancelling.
   */
  cancel_grace_s?: number;
  exit_code?: number | null;
  signal?: string | null;
  /**
   * One line: what went wrong (named: out of memory, NaN loss, killed by SIGKILL, …).
   */
  error?: string | null;
  error_kind?: 'nan' | 'oom' | 'signal' | 'exception' | 'data' | 'config' | 'launch' | null;
  /**
   * Last lines of stderr.log when the run failed.
   */
  stderr_tail?: string[];
  git?: {
    commit?: string | null;
    dirty?: boolean | null;
  };
  python?: {
    path?: string;
    version?: string | null;
    torch?: string | null;
    cuda?: boolean | null;
  };
  versions?: {
    [k: string]: string | null;
  };
  /**
   * How many times this run was resumed.
   */
  resumes?: number;
  /**
   * For an eval run: the training run it evaluates.
   */
  parent_run?: string | null;
  /**
   * For an eval run: the checkpoint evaluated.
   */
  checkpoint?: string | null;
  /**
   * For an eval run (`vla-lab eval --every-checkpoint`): it evaluates every checkpoint of parent_run on disk when it starts, in step order — a curve of success or average length against the step (checkpoint is null).
   */
  every_checkpoint?: boolean;
  /**
   * For an eval run of a checkpoint (`vla-lab eval <run> --spec FILE`): the worker runs the eval entries of this run's spec.json (FILE's) instead of the checkpoint's own; the policy, and the training data its protocol tags name, stay the checkpoint's.
   */
  eval_spec?: boolean;
  /**
   * For an eval run (`vla-lab eval --entry K`): only these eval entries of the spec (0-based), not all of them.
   *
   * @minItems 1
   */
  eval_entries?: [number, ...number[]];
  /**
   * For an eval run (`vla-lab eval --chains N`): N chains per eval entry instead of the spec's count (a single-task entry: N episodes over its tasks); the results' protocol tags record the count.
   */
  eval_chains?: number;
  /**
   * `vla-lab reproduce`: the run (<experiment>/<run-id>) this one re-creates from its manifest.json.
   */
  reproduces?: string | null;
  /**
   * For an eval run of a vla-eval model server (`vla-lab eval --model-server`): the server scored on the spec's Playtable entries instead of a checkpoint (checkpoint is null).
   */
  model_server?: {
    /**
     * ws://host:port, as `vla-lab serve` prints it.
     */
    url: string;
    /**
     * Seconds to wait for each action before the server counts as hung.
     */
    timeout_s?: number;
    /**
     * Episodes per eval entry instead of the spec's chains.
     */
    chains?: number;
    /**
     * The user allowed a server on another machine (observations go over the network).
     */
    allow_remote?: boolean;
  } | null;
  /**
   * For imported or RoboVLMs runs: the TensorBoard/Lightning log directory read.
   */
  logdir?: string | null;
}
