/**
 * Time from `vla-lab run <spec>` to the run's first event on the CPU, against the cost of the
 * same interpreter's `import torch` measured in the same run (a worker cannot write an event
 * before torch is imported, so the difference is the runner's overhead: CLI start, validation,
 * interpreter probe (cached after the first run), queueing, the detached supervisor, spawn).
 *
 *   node scripts/build.mjs && node --import tsx bench/runner.bench.ts
 *
 * Uses the real trainer (python/vlalab) when present; otherwise the test double
 * test/fixtures/workers/fake_worker.py with FAKE_WORKER_IMPORT_TORCH=1, and says so.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist/cli.js');
const PY = process.env.VLA_LAB_PYTHON || '/usr/bin/python3';
const N = Number(process.env.BENCH_N ?? 5);
const realTrainer = fs.existsSync(path.join(ROOT, 'python/vlalab/__main__.py')) && fs.existsSync(path.join(ROOT, 'examples/quickstart.vla.json'));

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
const spec = path.join(ws, 'bench.vla.json');
if (realTrainer) {
  const base = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/quickstart.vla.json'), 'utf8'));
  fs.writeFileSync(spec, JSON.stringify({ ...base, $schema: undefined, name: 'bench' }));
} else {
  fs.writeFileSync(spec, JSON.stringify({ name: 'bench', backbone: { id: 'tiny-prefix', size: 'nano' }, data: { stages: [{ name: 'ft', datasets: [{ type: 'playtable', tasks: ['open_drawer'], episodes: 2 }], steps: 5 }] }, eval: [] }));
}
const env: NodeJS.ProcessEnv = {
  ...process.env,
  XDG_CACHE_HOME: path.join(ws, '.cache'),
  VLA_LAB_NVIDIA_SMI: process.env.VLA_LAB_NVIDIA_SMI ?? 'nvidia-smi',
  ...(realTrainer ? {} : { FAKE_WORKER_IMPORT_TORCH: '1', FAKE_WORKER_MODE: 'hang' }),
};
const python = realTrainer ? PY : path.join(ROOT, 'test/fixtures/workers/fake_worker.py');

async function once(i: number): Promise<number> {
  const runs = path.join(ws, `runs-${i}`);
  const t0 = process.hrtime.bigint();
  const cli = spawn(process.execPath, [CLI, 'run', spec, '--detach', '--python', python, '--runs-dir', runs], { env, stdio: 'ignore' });
  let ms = -1;
  for (;;) {
    const exp = path.join(runs, 'bench');
    const ids = fs.existsSync(exp) ? fs.readdirSync(exp) : [];
    const ev = ids.length ? path.join(exp, ids[0], 'events.jsonl') : '';
    if (ev && fs.existsSync(ev) && fs.statSync(ev).size > 0) {
      ms = Number(process.hrtime.bigint() - t0) / 1e6;
      break;
    }
    if (Number(process.hrtime.bigint() - t0) / 1e6 > 120_000) throw new Error('no event after 120 s');
    await sleep(2);
  }
  await new Promise((r) => (cli.exitCode !== null ? r(null) : cli.once('exit', r)));
  spawnSync(process.execPath, [CLI, 'cancel', 'latest', '--runs-dir', runs, '--grace', '5'], { env, stdio: 'ignore' });
  return ms;
}

(async () => {
  const torch = Array.from({ length: N }, importTorchMs);
  const cold = await once(0); // probes the interpreter (imports torch once) and fills the cache
  const warm: number[] = [];
  for (let i = 1; i <= N; i++) warm.push(await once(i));
  const t = median(torch);
  const w = median(warm);
  console.log(`worker: ${realTrainer ? 'real trainer (python/vlalab)' : 'test double importing torch (python/vlalab not present)'}`);
  console.log(`python -c "import torch" (${PY}), median of ${N}: ${t.toFixed(0)} ms`);
  console.log(`vla-lab run → first event, first run (interpreter probe, uncached): ${cold.toFixed(0)} ms (${(cold / t).toFixed(2)}× import torch)`);
  console.log(`vla-lab run → first event, median of ${N} (probe cached): ${w.toFixed(0)} ms (${(w / t).toFixed(2)}× import torch; runner overhead ≈ ${(w - t).toFixed(0)} ms) [${warm.map((x) => x.toFixed(0)).join(', ')}]`);
  fs.rmSync(ws, { recursive: true, force: true });
})();
