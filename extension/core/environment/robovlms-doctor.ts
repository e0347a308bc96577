/**
 * `vla-lab doctor --robovlms <checkout> [--robovlms-python P] [--spec S] [--smoke]`: whether a
 * RoboVLMs checkout and its interpreter can train, from what stopped a real run on a fresh machine
 * (docs/robovlms.md, "Run for real"): main.py in the checkout; torch, transformers and lightning
 * importable; RoboVLMs' own modules importable (they import open_clip, datasets, …); CALVIN's
 * `calvin_agent` and `pyhash`, without which robovlms/data/calvin_dataset.py swallows the
 * ImportError and later fails with "name 'logger' is not defined"; the transformers version RoboVLMs
 * pins for the spec's backbone; the backbone's weights directory; config paths under /mnt/ (RoboVLMs'
 * authors' machines). `--smoke` trains a few steps through main.py and reports the first loss.
 * Never imports `vscode`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRoboVLMsLogs } from '../adapters/robovlms-logs';
import { UserError } from '../errors';
import type { ScalarEvent } from '../generated/events';
import { backboneById, compileSpec } from '../robovlms';
import { trainOnCpu } from '../robovlms/compile';
import type { JsonObject } from '../robovlms/json';
import { findInterpreter } from '../runner/interpreter';
import { freePort, roboVLMsArgv } from '../runner/launchers/torchrun';
import { extensionRoot } from '../runner/paths';
import { specForRun } from '../runner/runs';
import { parseSpecText } from '../spec';
import { formatDoctor, type Check, type DoctorReport } from './doctor';

export interface RoboVLMsDoctorOptions {
  /** The RoboVLMs checkout (the folder with main.py). */
  checkout: string;
  /** RoboVLMs' interpreter (default VLA_LAB_ROBOVLMS_PYTHON, then as a launch finds one). */
  python?: string;
  /** A *.vla.json with backend robovlms: its backbone's pin, weights and paths are checked. */
  spec?: string;
  /** Train a few steps through main.py (needs `spec`). */
  smoke?: boolean;
  smokeSteps?: number;
  /** Seconds the smoke run may take (default 900). */
  smokeTimeoutS?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  extRoot?: string;
}

/** What main.py imports, and what the CALVIN loader needs without saying so. */
const MODULES: ReadonlyArray<{ module: string; label: string; fix: string }> = [
  { module: 'torch', label: 'torch', fix: 'pip install torch' },
  { module: 'transformers', label: 'transformers', fix: 'pip install transformers==4.37.2' },
  { module: 'lightning', label: 'lightning', fix: "pip install 'lightning>=2.2.5'" },
  {
    module: 'robovlms.train.base_trainer',
    label: "RoboVLMs' trainer",
    fix: "pip install what the error names (RoboVLMs' pyproject.toml lists it)",
  },
  {
    module: 'robovlms.data.datamodule.gr_datamodule',
    label: "RoboVLMs' data module",
    fix: "pip install what the error names (RoboVLMs' pyproject.toml lists it)",
  },
  {
    module: 'calvin_agent.datasets.utils.episode_utils',
    label: 'calvin_agent (CALVIN data)',
    fix: 'pip install --no-deps <calvin checkout>/calvin_models (github.com/mees/calvin)',
  },
  { module: 'pyhash', label: 'pyhash (CALVIN data)', fix: 'pip install pyhash2 (pyhash 0.9.3 does not build on Python 3.11)' },
];

const PROBE = [
  'import importlib, json, sys, traceback',
  'sys.path.insert(0, ".")',
  'out = {"python": sys.version.split()[0], "executable": sys.executable, "modules": {}}',
  'for m in json.loads(sys.argv[1]):',
  '    try:',
  '        mod = importlib.import_module(m)',
  '        out["modules"][m] = {"version": str(getattr(mod, "__version__", ""))}',
  '    except BaseException as e:',
  '        out["modules"][m] = {"error": (type(e).__name__ + ": " + str(e)).splitlines()[0][:300]}',
  'try:',
  '    import torch; out["cuda"] = bool(torch.cuda.is_available())',
  'except BaseException:',
  '    out["cuda"] = None',
  'print("VLA_LAB_PROBE " + json.dumps(out))',
].join('\n');

function loadSpec(file: string, cwd: string): { spec: Record<string, unknown>; dir: string } {
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch {
    throw new UserError(`cannot read ${file}`);
  }
  const parsed = parseSpecText(text);
  if (!parsed.value || typeof parsed.value !== 'object') throw new UserError(`${file} is not a JSON spec`);
  const spec = parsed.value as Record<string, unknown>;
  if (spec.backend !== 'robovlms') throw new UserError(`${file} is not a RoboVLMs spec ("backend": "robovlms")`);
  return { spec: specForRun(spec, path.dirname(abs)), dir: path.dirname(abs) };
}

/** Every string in the config under /mnt/ that does not exist here, with its key path. */
function mntPaths(value: unknown, at: string[] = []): { key: string; value: string }[] {
  if (typeof value === 'string') return value.startsWith('/mnt/') && !fs.existsSync(value) ? [{ key: at.join('.'), value }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => mntPaths(v, [...at, String(i)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => mntPaths(v, [...at, k]));
  return [];
}

/** The spec field that writes a config key (compile's mapping), else its robovlms.overrides entry. */
function specFieldFor(key: string): string {
  const top = key.split('.')[0];
  if (['model_path', 'model_config', 'tokenizer', 'vlm'].includes(top)) return 'backbone.path';
  if (top === 'train_dataset' || top === 'val_dataset') return 'data.stages[0].datasets[0].path';
  return `robovlms.overrides.${key}`;
}

export async function runRoboVLMsDoctor(o: RoboVLMsDoctorOptions): Promise<DoctorReport> {
  const env = o.env ?? process.env;
  const cwd = o.cwd ?? process.cwd();
  const checkout = path.resolve(cwd, o.checkout);
  const checks: Check[] = [];
  const hasMain = fs.existsSync(path.join(checkout, 'main.py'));
  checks.push(
    hasMain
      ? { name: 'RoboVLMs checkout', status: 'ok', required: true, detail: checkout }
      : {
          name: 'RoboVLMs checkout',
          status: 'missing',
          required: true,
          detail: `no main.py in ${checkout}`,
          fix: 'git clone https://github.com/Robot-VLAs/RoboVLMs and pass that folder with --robovlms',
        },
  );

  let python: string | null = null;
  try {
    python = findInterpreter({
      explicit: o.python ?? env.VLA_LAB_ROBOVLMS_PYTHON,
      explicitSource: o.python ? '--robovlms-python' : 'VLA_LAB_ROBOVLMS_PYTHON',
      env,
      cwd,
    }).path;
  } catch (e) {
    checks.push({
      name: 'RoboVLMs interpreter',
      status: 'missing',
      required: true,
      detail: (e as Error).message,
      fix: 'create a venv for RoboVLMs and pass its python with --robovlms-python',
    });
  }
  let versions: Record<string, { version?: string; error?: string }> = {};
  let cuda: boolean | null = null;
  if (python) {
    const r = spawnSync(python, ['-c', PROBE, JSON.stringify(MODULES.map((m) => m.module))], {
      cwd: hasMain ? checkout : cwd,
      encoding: 'utf8',
      timeout: 300_000,
      shell: false,
      env: { ...env, PYTHONWARNINGS: 'ignore' },
    });
    const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('VLA_LAB_PROBE '));
    if (!line) {
      checks.push({
        name: 'RoboVLMs interpreter',
        status: 'missing',
        required: true,
        detail: `${python} could not run the probe (${(r.stderr ?? '').trim().split('\n').pop() || r.error?.message || `exit ${r.status}`})`,
      });
    } else {
      const probe = JSON.parse(line.slice('VLA_LAB_PROBE '.length)) as { python: string; modules: typeof versions; cuda: boolean | null };
      versions = probe.modules;
      cuda = probe.cuda;
      checks.push({
        name: 'RoboVLMs interpreter',
        status: 'ok',
        required: true,
        detail: `${python} (python ${probe.python}; ${cuda ? 'CUDA available' : 'no CUDA: runs go through python/vlalab/robovlms_cpu.py'})`,
      });
      for (const m of MODULES) {
        const v = versions[m.module];
        if (m.module.startsWith('robovlms.') && !hasMain) continue;
        checks.push(
          v?.error
            ? { name: m.label, status: 'missing', required: true, detail: v.error, fix: m.fix }
            : { name: m.label, status: 'ok', required: true, detail: v?.version || 'imports' },
        );
      }
    }
  }

  let spec: Record<string, unknown> | undefined;
  let config: JsonObject | undefined;
  if (o.spec) {
    spec = loadSpec(o.spec, cwd).spec;
    config = compileSpec(spec);
    const resources = (spec.resources ?? {}) as { gpus?: number };
    if ((resources.gpus ?? 0) === 0) trainOnCpu(config);
  }
  const b = backboneById((spec?.backbone as { id?: string } | undefined)?.id) ?? backboneById('kosmos-2')!;
  const have = versions.transformers?.version;
  if (have) {
    checks.push(
      have === b.transformers
        ? { name: 'transformers pin', status: 'ok', required: false, detail: `${have}, as RoboVLMs pins for ${b.id}` }
        : {
            name: 'transformers pin',
            status: 'warning',
            required: false,
            detail: `${have}; RoboVLMs pins ${b.transformers} for ${b.id}${spec ? '' : ' (the default; pass --spec for its backbone)'}`,
            fix: `pip install transformers==${b.transformers}`,
          },
    );
  }
  if (config) {
    const weights = String((config.vlm as JsonObject | undefined)?.pretrained_model_name_or_path ?? '');
    const dir = path.resolve(checkout, weights);
    checks.push(
      fs.existsSync(path.join(dir, 'config.json'))
        ? { name: 'backbone weights', status: 'ok', required: true, detail: dir }
        : {
            name: 'backbone weights',
            status: 'missing',
            required: true,
            detail: `no config.json in ${dir}`,
            fix: `download ${b.modelUrl} into ${dir} (config.json and the weights), or set backbone.path in the spec`,
          },
    );
    const mnt = mntPaths(config);
    checks.push(
      mnt.length
        ? {
            name: '/mnt/ paths',
            status: 'warning',
            required: false,
            detail: mnt.map((m) => `${m.key} = ${m.value}`).join('; '),
            fix: `paths of RoboVLMs' authors' machines: set ${[...new Set(mnt.map((m) => specFieldFor(m.key)))].join(', ')} in the spec to paths on this machine`,
          }
        : { name: '/mnt/ paths', status: 'ok', required: false, detail: 'none in the compiled config' },
    );
  }
  if (o.smoke) {
    if (!config || !python) {
      checks.push({
        name: 'smoke run',
        status: 'missing',
        required: true,
        detail: config ? 'no RoboVLMs interpreter' : '--smoke needs --spec <file.vla.json>',
      });
    } else if (checks.some((c) => c.required && c.status !== 'ok')) {
      checks.push({ name: 'smoke run', status: 'missing', required: true, detail: 'not started: fix what is missing above first' });
    } else {
      checks.push(
        await smokeRun({
          config,
          python,
          checkout,
          cpu: !cuda,
          steps: o.smokeSteps ?? 5,
          timeoutS: o.smokeTimeoutS ?? 900,
          extRoot: o.extRoot ?? extensionRoot(),
          env,
        }),
      );
    }
  }
  return { interpreter: python, checks, ok: checks.every((c) => !c.required || c.status === 'ok') };
}

/** A few steps of RoboVLMs' own training through main.py, in a temporary folder; the first loss it logged. */
async function smokeRun(a: {
  config: JsonObject;
  python: string;
  checkout: string;
  cpu: boolean;
  steps: number;
  timeoutS: number;
  extRoot: string;
  env: NodeJS.ProcessEnv;
}): Promise<Check> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vla-robovlms-smoke-'));
  let keep = false;
  try {
    const config = JSON.parse(JSON.stringify(a.config)) as JsonObject;
    const trainer = config.trainer as JsonObject;
    Object.assign(trainer, { max_steps: a.steps, max_epochs: 1, log_every_n_steps: 1, limit_val_batches: 0, logger: ['tensorboard'] });
    Object.assign(config, {
      log_root: path.join(tmp, 'logs'),
      output_root: path.join(tmp, 'checkpoints'),
      cache_root: path.join(tmp, 'cache'),
    });
    if (a.cpu) trainOnCpu(config);
    const file = path.join(tmp, 'smoke-config.json');
    fs.writeFileSync(file, JSON.stringify(config, null, 2));
    const argv = roboVLMsArgv({
      python: a.python,
      extRoot: a.extRoot,
      nodes: 1,
      gpus: 1,
      masterPort: await freePort(),
      runId: 'vla-lab-smoke',
      config: file,
      cpu: a.cpu,
    });
    const t0 = Date.now();
    const r = spawnSync(argv[0], argv.slice(1), {
      cwd: a.checkout,
      encoding: 'utf8',
      timeout: a.timeoutS * 1000,
      killSignal: 'SIGKILL',
      maxBuffer: 256 << 20,
      shell: false,
      env: {
        ...a.env,
        PYTHONUNBUFFERED: '1',
        OMP_NUM_THREADS: a.env.OMP_NUM_THREADS ?? '1',
        ...(a.cpu ? { CUDA_VISIBLE_DEVICES: '' } : {}),
      },
    });
    const secs = ((Date.now() - t0) / 1000).toFixed(0);
    const losses = readRoboVLMsLogs({ logDir: path.join(tmp, 'logs') }).events.filter(
      (e): e is ScalarEvent => e.type === 'scalar' && e.name === 'train/loss' && typeof e.value === 'number',
    );
    if (r.status === 0 && losses.length) {
      const first = losses[0];
      return {
        name: 'smoke run',
        status: 'ok',
        required: true,
        detail: `${a.steps} steps through main.py in ${secs} s${a.cpu ? ' on the CPU' : ''}: first loss ${Number(first.value).toPrecision(4)} at step ${first.step}, last ${Number(losses[losses.length - 1].value).toPrecision(4)}`,
      };
    }
    const why = r.error
      ? r.error.message
      : (errorLine(`${r.stdout ?? ''}\n${r.stderr ?? ''}`) ??
        `exit ${r.status ?? r.signal}${r.status === 0 ? ' without a logged loss' : ''}`);
    keep = true; // the config and what main.py wrote stay, for the command below
    fs.writeFileSync(path.join(tmp, 'output.log'), `${r.stdout ?? ''}\n${r.stderr ?? ''}`);
    return {
      name: 'smoke run',
      status: 'missing',
      required: true,
      detail: `main.py failed after ${secs} s: ${why} (its output: ${path.join(tmp, 'output.log')})`,
      fix: `run it yourself to see everything: cd ${a.checkout} && ${argv.map((x) => (/[^\w./=:-]/.test(x) ? JSON.stringify(x) : x)).join(' ')}`,
    };
  } finally {
    if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** A Python traceback's last exception line; a bare one (`AssertionError`) with the code line that raised it. */
export function errorLine(output: string): string | undefined {
  const lines = output
    .split('\n')
    .map((l) => l.replace(/^\[rank\d+\]:\s*/, '').trim())
    .filter(Boolean);
  let i = lines.length - 1;
  while (i >= 0 && !/^[A-Za-z_][\w.]*(Error|Exception|Interrupt)\b/.test(lines[i])) i--;
  if (i < 0) return undefined;
  if (lines[i].includes(':')) return lines[i];
  for (let j = i - 1; j >= 0 && !lines[j].startsWith('Traceback'); j--) {
    if (!lines[j].startsWith('File ') && !/^[~^\s]+$/.test(lines[j])) return `${lines[i]} at \`${lines[j]}\``;
  }
  return lines[i];
}

/** The report as lines (doctor's format), ending with what it means for RoboVLMs. */
export function formatRoboVLMsDoctor(report: DoctorReport): string[] {
  const lines = formatDoctor(report);
  lines[lines.length - 1] = report.ok ? 'RoboVLMs can train here' : 'RoboVLMs cannot train here yet: run the fixes above';
  return lines;
}
