/**
 * `vla-lab doctor` and "VLA Lab: Check Environment": what this machine has for VLA Lab, and for each
 * missing piece the one command that fixes it. One Python spawn reports every package version (the
 * interpreter is found exactly as a launch finds it); ffmpeg and onnxruntime-node are checked here.
 * Never imports `vscode`: the editor command prints the same lines.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from '../errors';
import { findInterpreter, interpreterCandidates, onPath, type FindInterpreterOptions } from '../runner/interpreter';
import { extensionRoot } from '../runner/paths';
import { writeJsonAtomic } from '../runner/record';

export type CheckStatus = 'ok' | 'missing' | 'warning';

export interface Check {
  name: string;
  status: CheckStatus;
  /** What was found (a version, a path, a device list) or why it is missing. */
  detail: string;
  /** The one command (or step) that fixes a missing piece. */
  fix?: string;
  /** Required for training with the built-in trainer; the rest are needed by some features only. */
  required: boolean;
}

export interface DoctorReport {
  interpreter: string | null;
  checks: Check[];
  /** True when everything required is there. */
  ok: boolean;
}

/** Python packages reported, with the feature that needs them. `required` ones block training. */
const PYTHON_PACKAGES: ReadonlyArray<{ module: string; label: string; required: boolean; feature: string }> = [
  { module: 'torch', label: 'torch', required: true, feature: 'training and evaluation' },
  { module: 'numpy', label: 'numpy', required: true, feature: 'Playtable and data loading' },
  { module: 'transformers', label: 'transformers', required: false, feature: 'hf: backbones' },
  { module: 'peft', label: 'peft', required: false, feature: 'LoRA on hf: backbones' },
  { module: 'safetensors', label: 'safetensors', required: false, feature: 'hf: weights' },
  { module: 'onnx', label: 'onnx', required: false, feature: 'vla-lab export (the policy probe)' },
  { module: 'onnxruntime', label: 'onnxruntime (Python)', required: false, feature: 'ONNX parity checks' },
  { module: 'tensorboard', label: 'tensorboard', required: false, feature: 'TensorBoard export' },
  { module: 'PIL', label: 'pillow', required: false, feature: 'GIF rollouts without ffmpeg' },
];

/** The probe: imports each of `modules` and reports its version or why it failed, plus the site
 * directories packages install into (their mtimes key the cache of probePackages). */
function probeScript(modules: readonly string[], locateOnly = false): string {
  return [
    'import importlib, importlib.metadata, importlib.util, json, site, sys',
    'out = {"python": sys.version.split()[0], "executable": sys.executable, "packages": {}}',
    'out["site"] = [p for p in (site.getsitepackages() if hasattr(site, "getsitepackages") else []) + [site.getusersitepackages()]]',
    `for m in ${JSON.stringify(modules)}:`,
    '    try:',
    ...(locateOnly
      ? [
          // Found on the path, not imported: transformers + peft take seconds to import (doctor imports them).
          '        if sys.modules.get(m, 0) is None or importlib.util.find_spec(m) is None:',
          '            raise ModuleNotFoundError(f"No module named {m!r}")',
          '        try:',
          '            out["packages"][m] = {"version": importlib.metadata.version(m)}',
          '        except Exception:',
          '            out["packages"][m] = {"version": str(getattr(sys.modules.get(m), "__version__", "?"))}',
        ]
      : ['        mod = importlib.import_module(m)', '        out["packages"][m] = {"version": str(getattr(mod, "__version__", "?"))}']),
    '    except Exception as e:',
    '        out["packages"][m] = {"error": type(e).__name__ + ": " + str(e).splitlines()[0] if str(e) else type(e).__name__}',
    ...(modules.includes('torch') && !locateOnly
      ? [
          'try:',
          '    import torch',
          '    n = torch.cuda.device_count() if torch.cuda.is_available() else 0',
          '    out["cuda"] = [torch.cuda.get_device_name(i) for i in range(n)]',
          '    out["cuda_build"] = torch.version.cuda',
          '    out["threads"] = torch.get_num_threads()',
          'except Exception:',
          '    pass',
        ]
      : []),
    'print(json.dumps(out))',
  ].join('\n');
}
const PROBE = probeScript(PYTHON_PACKAGES.map((p) => p.module));

export interface ProbeOut {
  python: string;
  executable: string;
  packages: Record<string, { version?: string; error?: string }>;
  site?: string[];
  cuda?: string[];
  cuda_build?: string | null;
  threads?: number;
}

export interface DoctorOptions extends FindInterpreterOptions {
  /** Loads onnxruntime-node (default: require it); injectable for tests. */
  loadOnnxRuntime?: () => { version?: string } | unknown;
}

function setupFix(extRoot: string): string {
  return `bash ${path.join(extRoot, 'scripts', 'setup.sh')}`;
}

export function runDoctor(opts: DoctorOptions = {}): DoctorReport {
  const env = opts.env ?? process.env;
  const extRoot = opts.extRoot ?? extensionRoot();
  const checks: Check[] = [];
  const fix = setupFix(extRoot);
  let interpreter: string | null = null;
  try {
    interpreter = findInterpreter({ ...opts, env }).path;
  } catch (e) {
    const tried = interpreterCandidates({ ...opts, env });
    checks.push({
      name: 'python interpreter',
      status: 'missing',
      required: true,
      detail: e instanceof UserError ? e.message : String(e),
      fix: `${fix}   (tried: ${tried.join(', ') || 'none found'})`,
    });
  }
  if (interpreter) {
    const r = spawnSync(interpreter, ['-c', PROBE], {
      encoding: 'utf8',
      shell: false,
      timeout: 180_000,
      env: { ...env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    let probe: ProbeOut | null = null;
    try {
      probe = JSON.parse((r.stdout ?? '').trim().split('\n').pop() ?? '');
    } catch {
      probe = null;
    }
    if (!probe) {
      checks.push({
        name: 'python interpreter',
        status: 'missing',
        required: true,
        detail: `${interpreter} did not answer the probe (${(r.stderr ?? '').trim().split('\n').pop() ?? `exit ${r.status}`})`,
        fix,
      });
    } else {
      checks.push({ name: 'python interpreter', status: 'ok', required: true, detail: `${interpreter} (Python ${probe.python})` });
      for (const p of PYTHON_PACKAGES) {
        const got = probe.packages[p.module];
        if (got?.version) checks.push({ name: p.label, status: 'ok', required: p.required, detail: got.version });
        else
          checks.push({
            name: p.label,
            status: p.required ? 'missing' : 'warning',
            required: p.required,
            detail: `not importable (${got?.error ?? 'unknown'}); needed for ${p.feature}`,
            fix: `${fix}   (or: ${interpreter} -m pip install -e '${path.join(extRoot, 'python')}[hf]')`,
          });
      }
      if (probe.packages.torch?.version) {
        const devices = probe.cuda ?? [];
        checks.push({
          name: 'CUDA devices',
          status: 'ok',
          required: false,
          detail: devices.length
            ? devices.map((d, i) => `${i}: ${d}`).join('; ')
            : `none (torch build: ${probe.cuda_build ? `CUDA ${probe.cuda_build}` : 'CPU'}; ${probe.threads ?? '?'} CPU threads): runs train on the CPU`,
        });
      }
    }
  }
  const ffmpeg = onPath('ffmpeg', env);
  checks.push(
    ffmpeg
      ? { name: 'ffmpeg', status: 'ok', required: false, detail: ffmpeg }
      : {
          name: 'ffmpeg',
          status: 'warning',
          required: false,
          detail: 'not on PATH: rollout videos fall back to GIF',
          fix: 'sudo apt-get install ffmpeg',
        },
  );
  try {
    const ort = (opts.loadOnnxRuntime ?? (() => require('onnxruntime-node')))() as { env?: { versions?: { common?: string } } };
    checks.push({ name: 'onnxruntime-node', status: 'ok', required: false, detail: ort?.env?.versions?.common ?? 'loaded' });
  } catch (e) {
    checks.push({
      name: 'onnxruntime-node',
      status: 'warning',
      required: false,
      detail: `cannot load (${(e as Error).message.split('\n')[0]}): the policy probe needs it`,
      fix: `cd ${extRoot} && npm ci`,
    });
  }
  return { interpreter, checks, ok: checks.every((c) => !c.required || c.status === 'ok') };
}

/** The report as lines, one per check, with the fix under each missing piece. */
export function formatDoctor(report: DoctorReport): string[] {
  const width = Math.max(...report.checks.map((c) => c.name.length));
  const mark: Record<CheckStatus, string> = { ok: 'ok     ', missing: 'MISSING', warning: 'warning' };
  const lines: string[] = [];
  for (const c of report.checks) {
    lines.push(`${mark[c.status]}  ${c.name.padEnd(width)}  ${c.detail}`);
    if (c.status !== 'ok' && c.fix) lines.push(`         ${' '.repeat(width)}  fix: ${c.fix}`);
  }
  lines.push(
    report.ok ? 'everything the built-in trainer needs is here' : 'something the built-in trainer needs is missing: run the fix above',
  );
  return lines;
}

/**
 * The packages `modules` as `python` finds them (doctor's probe on those modules only, locating each
 * on the module path instead of importing it: a launch must not pay the seconds importing
 * transformers takes; 'vla-lab doctor' imports), cached in
 * ~/.cache/vla-lab/packages.json so that a launch's preflight spawns Python once, not on every
 * launch: a cached answer holds while the interpreter binary and every site-packages directory keep
 * their mtimes (installing or removing a package changes its site directory's) and is at most a day
 * old. null when the interpreter did not answer.
 */
export function probePackages(
  python: string,
  modules: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; cacheFile?: string | null } = {},
): ProbeOut | null {
  const env = opts.env ?? process.env;
  const cacheFile =
    opts.cacheFile === undefined
      ? path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'vla-lab', 'packages.json')
      : opts.cacheFile;
  const wanted = [...new Set(modules)].sort();
  let real: string;
  try {
    real = fs.realpathSync(python);
  } catch {
    return null;
  }
  const id = `${real}\u0000${wanted.join(',')}`;
  const stamp = (p: string): string | null => {
    try {
      const st = fs.statSync(p);
      return `${st.size}:${st.mtimeMs}`;
    } catch {
      return null;
    }
  };
  type Entry = { binary: string | null; site: Record<string, string | null>; out: ProbeOut; at: number };
  let cache: Record<string, Entry> = {};
  if (cacheFile) {
    try {
      cache = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Record<string, Entry>;
    } catch {
      cache = {};
    }
  }
  const hit = cache[id];
  if (
    hit &&
    hit.binary === stamp(real) &&
    Date.now() - hit.at < 24 * 3600_000 &&
    Object.entries(hit.site).every(([p, s]) => stamp(p) === s)
  )
    return hit.out;
  const r = spawnSync(python, ['-c', probeScript(wanted, true)], {
    encoding: 'utf8',
    shell: false,
    timeout: 180_000,
    env: { ...env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  let out: ProbeOut | null = null;
  try {
    out = JSON.parse((r.stdout ?? '').trim().split('\n').pop() ?? '') as ProbeOut;
  } catch {
    return null;
  }
  if (!out || typeof out.packages !== 'object') return null;
  if (cacheFile) {
    try {
      const site = Object.fromEntries((out.site ?? []).map((p) => [p, stamp(p)]));
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      writeJsonAtomic(cacheFile, { ...cache, [id]: { binary: stamp(real), site, out, at: Date.now() } });
    } catch {
      /* a cache is optional */
    }
  }
  return out;
}
