/**
 * Time from `vla-lab run <spec>` to the run's first event on the CPU, in the same run:
 *
 *   - `import torch` by the same interpreter: the floor (no worker can write an event before it);
 *   - the test double test/fixtures/workers/fake_worker.py (imports torch, then writes run_start):
 *     the runner's own overhead (CLI start, validation, interpreter probe — cached after the first
 *     run —, queueing, the detached supervisor, spawn) on top of that floor;
 *   - the real trainer (python/vlalab) on examples/quickstart.vla.json, local launcher: its
 *     run_start comes after its imports, loading the quickstart data and building the model; the
 *     data's loading cache (<split>/.vlalab-cache, docs/runs.md "Loading the data") is written by
 *     the untimed run that generates the data, so these runs map it, as every run after a
 *     dataset's first does;
 *   - the same with that loading cache deleted before each run: what every run paid before the
 *     cache (and what a dataset's first run still pays), the baseline of the cached figure;
 *   - the same through the torchrun launcher with 2 CPU ranks (`--launcher torchrun --gpus 0
 *     --procs 2`, gloo): torchrun's start, the rendezvous and DDP's set-up on top.
 *
 *   node scripts/build.mjs && node --import tsx bench/runner.bench.ts        (BENCH_N runs each, default 5)
 *
 * The quickstart data is generated once, before anything is timed, into a cache every timed run
 * shares (its runs directory's _data links there), so no timed run generates data.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist/cli.js');
const PY = process.env.VLA_LAB_PYTHON || '/usr/bin/python3';
const N = Number(process.env.BENCH_N ?? 5);
const FAKE = path.join(ROOT, 'test/fixtures/workers/fake_worker.py');
const QUICKSTART = path.join(ROOT, 'examples/quickstart.vla.json');
const realTrainer = fs.existsSync(path.join(ROOT, 'python/vlalab/__main__.py')) && fs.existsSync(QUICKSTART);

if (!fs.existsSync(CLI) || !fs.existsSync(path.join(ROOT, 'dist/supervisor.js'))) {
  console.error('build first: node scripts/build.mjs');
  process.exit(2);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function importTorchMs(): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(PY, ['-c', 'import torch'], { env: { ...process.env, OPENBLAS_NUM_THREADS: '1' } });
  if (r.status !== 0) throw new Error(`${PY} cannot import torch`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'vla-bench-runner-'));
const dataCache = path.join(ws, '_data');
fs.mkdirSync(dataCache);
const spec = path.join(ws, 'bench.vla.json');
if (realTrainer) {
  const base = JSON.parse(fs.readFileSync(QUICKSTART, 'utf8'));
  fs.writeFileSync(spec, JSON.stringify({ ...base, $schema: undefined, sweep: undefined, name: 'bench' }));
} else {
  fs.writeFileSync(
    spec,
    JSON.stringify({
      name: 'bench',
      backbone: { id: 'tiny-prefix', size: 'nano' },
      data: { stages: [{ name: 'ft', datasets: [{ type: 'playtable', tasks: ['open_drawer'], episodes: 2 }], steps: 5 }] },
      eval: [],
    }),
  );
}
const baseEnv: NodeJS.ProcessEnv = {
  ...process.env,
  XDG_CACHE_HOME: path.join(ws, '.cache'),
  VLA_LAB_NVIDIA_SMI: process.env.VLA_LAB_NVIDIA_SMI ?? 'nvidia-smi',
};

interface Variant {
  python: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}
const DOUBLE: Variant = { python: FAKE, args: [], env: { FAKE_WORKER_IMPORT_TORCH: '1', FAKE_WORKER_MODE: 'hang' } };
const TRAINER: Variant = { python: PY, args: ['--launcher', 'local'], env: {} };
const DDP: Variant = { python: PY, args: ['--launcher', 'torchrun', '--gpus', '0', '--procs', '2'], env: {} };

let seq = 0;
/** One `vla-lab run --detach` → first line of events.jsonl, in ms; then the run is cancelled and waited for. */
async function once(v: Variant, opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; prepare?: () => void } = {}): Promise<number> {
  const runs = path.join(ws, `runs-${seq++}`);
  fs.mkdirSync(runs);
  fs.symlinkSync(dataCache, path.join(runs, '_data'));
  opts.prepare?.();
  const env = { ...baseEnv, ...v.env, ...opts.env };
  const t0 = process.hrtime.bigint();
  const cli = spawn(process.execPath, [CLI, 'run', spec, '--detach', '--python', v.python, ...v.args, '--runs-dir', runs], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  cli.stderr!.on('data', (d) => {
    err += d;
  });
  let ms = -1;
  for (;;) {
    const exp = path.join(runs, 'bench');
    const ids = fs.existsSync(exp) ? fs.readdirSync(exp) : [];
    const ev = ids.length ? path.join(exp, ids[0], 'events.jsonl') : '';
    if (ev && fs.existsSync(ev) && fs.statSync(ev).size > 0) {
      ms = Number(process.hrtime.bigint() - t0) / 1e6;
      break;
    }
    if (Number(process.hrtime.bigint() - t0) / 1e6 > (opts.timeoutMs ?? 120_000)) {
      const rec = ids.length ? fs.readFileSync(path.join(exp, ids[0], 'run.json'), 'utf8') : '(no run)';
      throw new Error(`no event in time: ${err}\n${rec}`);
    }
    await sleep(2);
  }
  await new Promise((r) => (cli.exitCode !== null ? r(null) : cli.once('exit', r)));
  spawnSync(process.execPath, [CLI, 'cancel', 'latest', '--runs-dir', runs, '--grace', '10'], { env, stdio: 'ignore' });
  return ms;
}

async function series(v: Variant, prepare?: () => void): Promise<number[]> {
  const xs: number[] = [];
  for (let i = 0; i < N; i++) xs.push(await once(v, { prepare }));
  return xs;
}

/** Deletes the loading caches of the generated data's splits (the next run loads the episode files). */
function dropLoadingCaches(): void {
  for (const d of fs.readdirSync(dataCache)) {
    if (!fs.statSync(path.join(dataCache, d)).isDirectory()) continue; // lock files
    for (const split of ['training', 'validation'])
      fs.rmSync(path.join(dataCache, d, split, '.vlalab-cache'), { recursive: true, force: true });
  }
}

(async () => {
  const load = () => os.loadavg()[0].toFixed(1);
  console.log(`load average at start: ${load()} (${os.cpus().length} cores)`);
  const torch = Array.from({ length: N }, importTorchMs);
  const t = median(torch);
  const fmt = (ms: number) => `${ms.toFixed(0)} ms (${(ms / t).toFixed(2)}× import torch)`;
  const list = (xs: number[]) => `[${xs.map((x) => x.toFixed(0)).join(', ')}]`;
  console.log(`python -c "import torch" (${PY}), median of ${N}: ${t.toFixed(0)} ms`);

  const doubleCold = await once(DOUBLE); // probes the test double "interpreter" (imports torch once)
  const double = await series(DOUBLE);
  const d = median(double);
  console.log(`test double → first event, first run (interpreter probe, uncached): ${fmt(doubleCold)}`);
  console.log(
    `test double → first event, median of ${N} (probe cached): ${fmt(d)}; runner overhead ≈ ${(d - t).toFixed(0)} ms ${list(double)}`,
  );
  if (!realTrainer) {
    console.log('(python/vlalab or examples/quickstart.vla.json is missing: no real-trainer figures)');
  } else {
    // Untimed: generate the quickstart data into the shared cache (own probe cache, so the cold
    // figure below still includes the probe of the interpreter).
    const tg = Date.now();
    await once(TRAINER, { env: { XDG_CACHE_HOME: path.join(ws, '.cache-prep') }, timeoutMs: 900_000 });
    console.log(`(untimed: quickstart data generated once in ${((Date.now() - tg) / 1000).toFixed(0)} s, load ${load()})`);
    const cold = await once(TRAINER);
    const trainer = await series(TRAINER);
    const r = median(trainer);
    console.log(`real trainer, local → first event (run_start), first run (probe uncached): ${fmt(cold)}`);
    console.log(
      `real trainer, local → first event, median of ${N}: ${fmt(r)}; ${(r / d).toFixed(2)}× the test double, trainer start-up after import torch ≈ ${(r - d).toFixed(0)} ms ${list(trainer)}`,
    );
    const ddp = await series(DDP);
    const p = median(ddp);
    console.log(
      `real trainer, torchrun 2 CPU ranks → first event, median of ${N}: ${fmt(p)}; ${(p / r).toFixed(2)}× local (torchrun + rendezvous + DDP ≈ ${(p - r).toFixed(0)} ms) ${list(ddp)}`,
    );
    const uncached = await series(TRAINER, dropLoadingCaches);
    const u = median(uncached);
    console.log(
      `real trainer, local, loading cache deleted before each run → first event, median of ${N}: ${fmt(u)}; the cached runs above take ${(r / u).toFixed(2)}× this ${list(uncached)}`,
    );
  }
  console.log(`load average at end: ${load()}`);
  fs.rmSync(ws, { recursive: true, force: true });
})().catch((e) => {
  console.error(`runner bench failed: ${(e as Error).message}`);
  process.exit(1);
});
