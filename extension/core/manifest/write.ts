/**
 * manifest.json for runs whose backend cannot write it: RoboVLMs' own code knows nothing of VLA
 * Lab, so before launching it the supervisor runs `python -m vlalab manifest` — the same Python
 * code the built-in trainer uses (python/vlalab/trainer/manifest.py) — with RoboVLMs' interpreter,
 * so the packages recorded are the ones RoboVLMs runs with. Argv array, no shell. On Slurm the job
 * script runs the same argv on the node (launchers/slurm.ts renderSbatch `manifest`).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RUN_FILES } from '../runner/paths';

export interface ManifestWriteRequest {
  /** The interpreter the run launches with (the signed queue entry's). */
  python: string;
  /** VLA Lab's root (holds python/vlalab). */
  extRoot: string;
  runDir: string;
  backend: 'builtin' | 'robovlms';
  /** The backend's code: RoboVLMs' checkout. */
  checkout?: string;
  timeoutMs?: number;
}

export function manifestArgv(req: ManifestWriteRequest): string[] {
  const argv = [
    req.python,
    '-m',
    'vlalab',
    'manifest',
    '--spec',
    path.join(req.runDir, RUN_FILES.spec),
    '--run-dir',
    req.runDir,
    '--backend',
    req.backend,
  ];
  if (req.checkout) argv.push('--backend-checkout', req.checkout);
  return argv;
}

/** What `python -m vlalab manifest` needs set: VLA Lab's python/ on the path, nothing from the run folder imported. */
export function manifestEnv(extRoot: string): Record<string, string> {
  return { PYTHONPATH: path.join(extRoot, 'python'), PYTHONSAFEPATH: '1' };
}

/**
 * Writes the run's manifest unless it has one (a resume keeps the first). Resolves to null when
 * written or already there, else one line saying why not — a missing manifest never stops a run.
 */
export function writeManifestWithPython(req: ManifestWriteRequest): Promise<string | null> {
  if (fs.existsSync(path.join(req.runDir, RUN_FILES.manifest))) return Promise.resolve(null);
  const argv = manifestArgv(req);
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: req.runDir,
      env: { ...process.env, ...manifestEnv(req.extRoot) },
      stdio: ['ignore', 'ignore', 'pipe'],
      shell: false,
    });
    let stderr = '';
    child.stderr!.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-2000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), req.timeoutMs ?? 120_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      resolve(`cannot run ${argv[0]}: ${e.message}`);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const last = stderr.trim().split('\n').pop() ?? '';
      resolve(code === 0 ? null : `python -m vlalab manifest ended with ${signal ?? `exit ${code}`}${last ? `: ${last}` : ''}`);
    });
  });
}
