/**
 * The `local` launcher: one process on this machine (CPU, or one GPU through
 * CUDA_VISIBLE_DEVICES). Also the argv of the built-in trainer every launcher wraps.
 */
export interface VlalabArgs {
  kind: 'train' | 'eval';
  runDir: string;
  specPath: string;
  resume?: boolean;
  noEval?: boolean;
  dataCache?: string;
  checkpoint?: string | null;
  /** An eval run of a vla-eval model server (run.json model_server) instead of a checkpoint. */
  modelServer?: { url: string; timeout_s?: number; chains?: number; allow_remote?: boolean } | null;
  /** Evaluate every checkpoint of this run folder (the parent training run's) instead of one. */
  everyCheckpointOf?: string | null;
  /** Run the eval entries of the run's spec.json (specPath: `vla-lab eval <run> --spec FILE`) instead of the checkpoint's. */
  evalSpec?: boolean;
  /** Only these eval entries (run.json eval_entries). */
  entries?: number[];
  /** Chains per entry instead of the spec's (run.json eval_chains). */
  chains?: number;
}

/** `-m vlalab train|eval …` (everything after the interpreter). */
export function vlalabModuleArgs(a: VlalabArgs): string[] {
  if (a.kind === 'eval' && a.modelServer) {
    const m = a.modelServer;
    return [
      '-m',
      'vlalab',
      'eval',
      '--run-dir',
      a.runDir,
      '--model-server',
      m.url,
      ...(m.timeout_s !== undefined ? ['--timeout', String(m.timeout_s)] : []),
      ...(m.chains !== undefined ? ['--chains', String(m.chains)] : []),
      ...(m.allow_remote ? ['--allow-remote'] : []),
    ];
  }
  if (a.kind === 'eval') {
    const entries = [
      ...(a.evalSpec ? ['--spec', a.specPath] : []),
      ...(a.entries ?? []).flatMap((k) => ['--entry', String(k)]),
      ...(a.chains !== undefined ? ['--chains', String(a.chains)] : []),
    ];
    if (a.everyCheckpointOf)
      return ['-m', 'vlalab', 'eval', '--run-dir', a.runDir, '--every-checkpoint', '--checkpoints-of', a.everyCheckpointOf, ...entries];
    return ['-m', 'vlalab', 'eval', '--run-dir', a.runDir, ...(a.checkpoint ? ['--checkpoint', a.checkpoint] : []), ...entries];
  }
  return [
    '-m',
    'vlalab',
    'train',
    '--spec',
    a.specPath,
    '--run-dir',
    a.runDir,
    ...(a.resume ? ['--resume'] : []),
    ...(a.noEval ? ['--no-eval'] : []),
    ...(a.dataCache ? ['--data-cache', a.dataCache] : []),
  ];
}

export function localArgv(python: string, a: VlalabArgs): string[] {
  return [python, ...vlalabModuleArgs(a)];
}
