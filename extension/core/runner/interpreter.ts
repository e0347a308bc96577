/**
 * Which Python runs the trainer, first found wins: an explicit choice (--python / VLA_LAB_PYTHON / the
 * vlaLab.pythonPath setting), then the editor's Python extension (a hook the VS Code layer passes
 * in), then the project's virtual environment (`.venv` in the working folder, then in VLA Lab's own
 * checkout, where scripts/setup.sh creates it), then python3 / python on PATH and /usr/bin/python3. Each candidate is probed with ONE spawn that imports torch and
 * prints what it found; a successful probe is cached (keyed by the binary's real path, size and
 * mtime) because importing torch takes seconds.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from '../errors';
import { extensionRoot } from './paths';
import { writeJsonAtomic } from './record';

export interface InterpreterInfo {
  path: string;
  version: string | null;
  torch: string | null;
  cuda: boolean | null;
  cudaDevices: number;
  /** Why torch did not import (only when torch is null). */
  error?: string;
}

export interface FindInterpreterOptions {
  /** From --python, a setting or VLA_LAB_PYTHON; no fallback when given. */
  explicit?: string;
  /** How to name the explicit choice in messages (default `--python`). */
  explicitSource?: string;
  /** The editor's selected interpreter (VS Code's Python extension), tried before PATH. */
  editorInterpreter?: () => string | undefined;
  /** VLA Lab's own checkout (its `.venv` is a candidate); default: the root this code runs from. */
  extRoot?: string;
  env?: NodeJS.ProcessEnv;
  /** Cache file (default ~/.cache/vla-lab/interpreters.json); null disables the cache. */
  cacheFile?: string | null;
  cwd?: string;
}

const PROBE = [
  'import json, sys',
  'out = {"version": sys.version.split()[0]}',
  'try:',
  '    import torch',
  '    out["torch"] = torch.__version__',
  '    out["cuda"] = bool(torch.cuda.is_available())',
  '    out["devices"] = torch.cuda.device_count() if out["cuda"] else 0',
  'except Exception as e:',
  '    out["error"] = type(e).__name__ + ": " + str(e)',
  'print(json.dumps(out))',
].join('\n');

const TORCH_INSTALL_HINT =
  "Create VLA Lab's environment with 'bash scripts/setup.sh' in its checkout (a .venv with torch 2.13 and the trainer's requirements; or pip install -e 'python[hf]' into an environment of yours)";

function defaultCacheFile(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'vla-lab', 'interpreters.json');
}

/** Finds `name` on PATH (like `which`, without spawning a shell). */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (name.includes('/')) return fs.existsSync(name) ? name : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

type Cache = Record<string, { key: string; info: InterpreterInfo; at: number }>;
const CACHE_TTL_MS = 24 * 3600 * 1000;

function binaryKey(real: string): string | null {
  try {
    const st = fs.statSync(real);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return null;
  }
}

function readCache(file: string | null): Cache {
  if (!file) return {};
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Cache;
  } catch {
    return {};
  }
}

/** Probes one interpreter (one spawn). Returns null when it cannot be run at all. */
export function probeInterpreter(
  python: string,
  opts: { cacheFile?: string | null; env?: NodeJS.ProcessEnv } = {},
): InterpreterInfo | null {
  const env = opts.env ?? process.env;
  const cacheFile = opts.cacheFile === undefined ? defaultCacheFile(env) : opts.cacheFile;
  let real: string;
  try {
    real = fs.realpathSync(python);
  } catch {
    return null;
  }
  const key = binaryKey(real);
  const cache = readCache(cacheFile);
  const cacheId = `${python}\u0000${real}`;
  const hit = cache[cacheId];
  if (hit && key && hit.key === key && Date.now() - hit.at < CACHE_TTL_MS && hit.info.torch) return hit.info;
  const r = spawnSync(python, ['-c', PROBE], {
    encoding: 'utf8',
    shell: false,
    timeout: 120_000,
    env: { ...env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (r.error || r.status !== 0) {
    if (
      (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' ||
      (r.error as NodeJS.ErrnoException | undefined)?.code === 'EACCES'
    )
      return null;
    const last = (r.stderr ?? '').trim().split('\n').pop() ?? '';
    return { path: python, version: null, torch: null, cuda: null, cudaDevices: 0, error: last || `exit ${r.status}` };
  }
  let parsed: { version?: string; torch?: string; cuda?: boolean; devices?: number; error?: string };
  try {
    parsed = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
  } catch {
    return { path: python, version: null, torch: null, cuda: null, cudaDevices: 0, error: 'the probe printed no result' };
  }
  const info: InterpreterInfo = {
    path: python,
    version: parsed.version ?? null,
    torch: parsed.torch ?? null,
    cuda: parsed.torch ? Boolean(parsed.cuda) : null,
    cudaDevices: parsed.devices ?? 0,
    ...(parsed.error ? { error: parsed.error } : {}),
  };
  if (info.torch && key && cacheFile) {
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      writeJsonAtomic(cacheFile, { ...readCache(cacheFile), [cacheId]: { key, info, at: Date.now() } });
    } catch {
      /* a cache is optional */
    }
  }
  return info;
}

/** Candidates in order, without duplicates (by real path). */
export function interpreterCandidates(opts: FindInterpreterOptions): string[] {
  const env = opts.env ?? process.env;
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (p: string | undefined) => {
    if (!p) return;
    let real = p;
    try {
      real = fs.realpathSync(p);
    } catch {
      /* keep as given */
    }
    if (seen.has(real)) return;
    seen.add(real);
    out.push(p);
  };
  add(opts.editorInterpreter?.());
  for (const root of [opts.cwd ?? process.cwd(), opts.extRoot ?? extensionRoot()]) {
    const venv = path.join(root, '.venv', 'bin', 'python');
    if (fs.existsSync(venv)) add(venv);
  }
  add(onPath('python3', env));
  add(onPath('python', env));
  add(fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : undefined);
  return out;
}

/**
 * The interpreter to run the trainer with, torch importable. Throws ONE UserError saying how to
 * fix it when there is none.
 */
export function findInterpreter(opts: FindInterpreterOptions = {}): InterpreterInfo {
  const env = opts.env ?? process.env;
  const explicit = opts.explicit || env.VLA_LAB_PYTHON || undefined;
  const source = opts.explicit ? (opts.explicitSource ?? '--python') : 'VLA_LAB_PYTHON';
  const probeOpts = { cacheFile: opts.cacheFile, env };
  if (explicit) {
    const p =
      path.isAbsolute(explicit) || !explicit.includes('/')
        ? (onPath(explicit, env) ?? explicit)
        : path.resolve(opts.cwd ?? process.cwd(), explicit);
    const info = probeInterpreter(p, probeOpts);
    if (!info)
      throw new UserError(
        `the Python interpreter ${explicit} (from ${source}) cannot be run: check the path, or point VLA Lab at another interpreter with --python / vlaLab.pythonPath`,
      );
    if (!info.torch)
      throw new UserError(
        `torch is not importable from ${p} (${info.error ?? 'import failed'}). ${TORCH_INSTALL_HINT} or point VLA Lab at another interpreter with --python / vlaLab.pythonPath`,
      );
    return info;
  }
  const candidates = interpreterCandidates(opts);
  if (candidates.length === 0) {
    throw new UserError(
      `no Python interpreter found (looked for python3 and python on PATH and /usr/bin/python3): run 'bash scripts/setup.sh' in VLA Lab's checkout (it creates .venv with torch) or point VLA Lab at one with --python / vlaLab.pythonPath`,
    );
  }
  let first: InterpreterInfo | null = null;
  for (const c of candidates) {
    const info = probeInterpreter(c, probeOpts);
    if (info?.torch) return info;
    first ??= info;
  }
  const others = candidates.slice(1);
  throw new UserError(
    `torch is not importable from ${first?.path ?? candidates[0]}${others.length ? ` (nor from ${others.join(', ')})` : ''}. ${TORCH_INSTALL_HINT} or point VLA Lab at another interpreter with --python / vlaLab.pythonPath`,
  );
}
