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
}

/** `-m vlalab train|eval …` (everything after the interpreter). */
export function vlalabModuleArgs(a: VlalabArgs): string[] {
  if (a.kind === 'eval') {
    return ['-m', 'vlalab', 'eval', '--run-dir', a.runDir, ...(a.checkpoint ? ['--checkpoint', a.checkpoint] : [])];
  }
  return [
    '-m', 'vlalab', 'train', '--spec', a.specPath, '--run-dir', a.runDir,
    ...(a.resume ? ['--resume'] : []),
    ...(a.noEval ? ['--no-eval'] : []),
    ...(a.dataCache ? ['--data-cache', a.dataCache] : []),
  ];
}

export function localArgv(python: string, a: VlalabArgs): string[] {
  return [python, ...vlalabModuleArgs(a)];
}
