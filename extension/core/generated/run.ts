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
  launcher: 'local' | 'torchrun' | 'slurm' | 'none';
  /**
   * Higher starts first; FIFO among equals.
   */
  priority?: number;
  sweep?: {
    id?: string;
    index?: number;
    /**
     * field path → value of this sweep point
     */
    point?: {};
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
  host?: string;
  pid?: number | null;
  pgid?: number | null;
  /**
   * Process start time from /proc/<pid>/stat (clock ticks since boot), so a recycled pid is never mistaken for the run.
   */
  pid_start_time?: string | null;
  /**
   * GPU indices given through CUDA_VISIBLE_DEVICES; empty on CPU.
   */
  gpus?: number[];
  gpus_requested?: number;
  nodes?: number;
  slurm?: {
    job_id?: string | null;
    script?: string;
    state?: string | null;
    login?: string | null;
  };
  created_at: string;
  started_at?: string | null;
  ended_at?: string | null;
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
   * For imported or RoboVLMs runs: the TensorBoard/Lightning log directory read.
   */
  logdir?: string | null;
}
