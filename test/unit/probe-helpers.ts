/**
 * Shared setup of the probe tests: a Python with torch (the project .venv, or
 * $VLA_LAB_PYTHON) builds a tiny policy, its ONNX export + policy.json, a tiny CALVIN split and
 * PyTorch reference results in a temp folder (test/python/probe_tiny_policy.py).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './tmp-helpers';

export const REPO = join(__dirname, '..', '..');
export const PYTHON = process.env.VLA_LAB_PYTHON ?? join(REPO, '.venv', 'bin', 'python'); // scripts/setup.sh makes it

const pyEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', PYTHONPATH: join(REPO, 'python') };

let torchChecked: string | false | undefined;
/**
 * false when torch is importable (the value of a test's `skip` option). The test command installs
 * the project's .venv first (scripts/setup.sh), so a missing torch is a failure, never a skip.
 */
export function noTorch(): false {
  if (torchChecked === undefined) {
    if (!existsSync(PYTHON)) torchChecked = `${PYTHON} not found: run bash scripts/setup.sh (or set VLA_LAB_PYTHON to a Python with torch)`;
    else {
      const r = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8', env: pyEnv, shell: false });
      torchChecked = r.status === 0 ? false : `${PYTHON} cannot import torch and numpy: run bash scripts/setup.sh`;
    }
  }
  if (torchChecked) throw new Error(torchChecked);
  return false;
}

/** Runs Python code with argv; returns stdout (throws with stderr on failure). */
export function runPython(args: string[], input?: string): string {
  const r = spawnSync(PYTHON, args, { encoding: 'utf8', env: pyEnv, shell: false, input, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python ${args[0]} failed: ${r.stderr}`);
  return r.stdout;
}

/** Builds the tiny policy fixture in a fresh temp folder and returns it. */
export function buildTinyPolicy(extra: string[] = []): string {
  const dir = tempDir('vla-probe-');
  runPython([join(REPO, 'test', 'python', 'probe_tiny_policy.py'), dir, ...extra]);
  return dir;
}
