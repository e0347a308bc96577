/**
 * The runner: experiment specs → processes, with every bit of state on disk under the runs
 * directory so the CLI and the editor see the same runs. See docs/runs.md.
 *
 *   paths       runs root, run ids, safe joins (nothing escapes the runs directory)
 *   record      run.json (schemas/run.schema.json), atomic writes, locked updates
 *   queue       runs/.queue/ (pending → active by atomic rename, under a lock file)
 *   scheduler   pure: which queued runs start now on which GPUs
 *   gpus        nvidia-smi discovery (CPU fallback)
 *   interpreter Python discovery with a torch probe (cached)
 *   launchers/  local, torchrun (+ RoboVLMs' run.sh line), slurm (sbatch script, shq)
 *   supervisor  the detached process that runs and watches the worker
 *   process     pid + start-time identity
 *   status      summaries from events.jsonl; exit → status with a named error
 *   runs        create, enqueue, drain, reconcile, resolve, cancel, resume
 */
export * from './paths';
export * from './record';
export * from './queue';
export * from './scheduler';
export * from './gpus';
export * from './interpreter';
export * from './process';
export * from './status';
export * from './runs';
export { workerPlan, supervise, torchrunProcesses, type WorkerPlan } from './supervisor';
export { localArgv, vlalabModuleArgs, type VlalabArgs } from './launchers/local';
export { torchrunArgv, torchrunCommand, torchrunScript, roboVLMsArgv, freePort } from './launchers/torchrun';
export * as slurmLauncher from './launchers/slurm';
export { importLogDir, refreshImported, importName } from './imported';
export { prepareLaunch, setOverrides, type LaunchRequest, type PreparedLaunch } from './prepare';
