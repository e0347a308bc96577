/**
 * Policy probe latency on CPU (batch 1): the quickstart policy exported from a run under runs/ when
 * one exists (the newest runs/quickstart/<id>/export/policy.json, else any exported run; export with
 * `PYTHONPATH=python python3 -m vlalab export-onnx --run-dir runs/quickstart/<id>`), else a policy of the quickstart's shape
 * (image 32, history 4, chunk 4: conv encoder + LSTM head, test/python/probe_tiny_policy.py) built
 * with PyTorch. Baseline measured in the same run: an Identity ONNX model on a 7-float input, i.e.
 * onnxruntime-node's own per-call overhead. Also the cost of building the ONNX feeds per call.
 *
 *   node --import tsx bench/probe.bench.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoadedPolicy, measureLatency, probeLatency, syntheticWindow, sampleInstruction } from '../extension/core/probe';
import { loadOrt } from '../extension/core/probe/onnx';
import { hasExport } from '../extension/core/probe/export';

const RUNS = Number(process.argv[2] ?? 500);
const PY = process.env.VLA_LAB_PYTHON ?? '/usr/bin/python3';
const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', PYTHONPATH: 'python' };

/** The newest exported quickstart run (runs/quickstart/<id>/export/policy.json), else any exported run. */
function findQuickstartExport(): string | undefined {
  if (!existsSync('runs')) return undefined;
  const exported = (exp: string) => {
    const d = join('runs', exp);
    return (existsSync(d) ? readdirSync(d) : [])
      .sort()
      .reverse()
      .map((run) => join(d, run))
      .filter(hasExport);
  };
  const others = readdirSync('runs')
    .filter((e) => e !== 'quickstart')
    .sort();
  return [...exported('quickstart'), ...others.flatMap(exported)][0];
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'vla-probe-bench-'));
  try {
    let target = findQuickstartExport();
    let what = `exported run ${target}`;
    if (!target) {
      const r = spawnSync(PY, ['test/python/probe_tiny_policy.py', tmp, '--size', '32', '--history', '4', '--chunk', '4'], {
        env,
        encoding: 'utf8',
        shell: false,
      });
      if (r.status !== 0) {
        console.log(`skipped: cannot build the stand-in policy with ${PY} (${r.stderr.trim().split('\n').pop()})`);
        return;
      }
      target = tmp;
      what = 'stand-in policy of the quickstart shape (image 32, history 4, chunk 4; no run with an export under runs/)';
    }
    const identity = join(tmp, 'identity.onnx');
    const r = spawnSync(
      PY,
      [
        '-c',
        `
import sys, onnx
from onnx import helper, TensorProto
x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 7])
y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 7])
g = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "identity", [x], [y])
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), sys.argv[1])
`,
        identity,
      ],
      { env, encoding: 'utf8', shell: false },
    );
    if (r.status !== 0) {
      console.log(`skipped: cannot build the identity baseline (${r.stderr.trim().split('\n').pop()})`);
      return;
    }

    const ort = loadOrt();
    const base = await ort.InferenceSession.create(identity, { executionProviders: ['cpu'], intraOpNumThreads: 1 });
    const feed = { x: new ort.Tensor('float32', new Float32Array(7), [1, 7]) };
    const baseline = await measureLatency(() => base.run(feed), { warmup: 50, runs: RUNS });

    const report = await probeLatency(target, { runs: RUNS, warmup: 50, providers: ['cpu'], intraOpThreads: 1 });
    const cpu = report.results[0].stats!;
    const verdict = report.results[0].verdict!;

    // The replay's per-step data path (window prep) vs inference.
    const policy = await LoadedPolicy.open(target, 'cpu', 1);
    const feeds = await measureLatency(
      async () => {
        policy.feeds(syntheticWindow(policy), sampleInstruction(policy));
      },
      { warmup: 20, runs: Math.min(RUNS, 200) },
    );

    const f = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
    console.log(`policy: ${what}; ${policy.file.parameterCount} parameters; ${RUNS} timed runs, 1 intra-op thread`);
    console.log(`policy latency CPU      median ${f(cpu.p50Ms)}  p95 ${f(cpu.p95Ms)}  p99 ${f(cpu.p99Ms)}`);
    console.log(`baseline Identity ONNX  median ${f(baseline.p50Ms)}  p95 ${f(baseline.p95Ms)}  (onnxruntime-node per-call overhead)`);
    console.log(
      `ratio policy/baseline   median ${(cpu.p50Ms / baseline.p50Ms).toFixed(1)}×  p95 ${(cpu.p95Ms / baseline.p95Ms).toFixed(1)}×`,
    );
    console.log(
      `control rate            allows ${verdict.maxHzAtP99.toFixed(0)} Hz at p99 vs target ${verdict.targetHz} Hz → ${verdict.meetsTarget ? 'keeps up' : 'too slow'}`,
    );
    console.log(
      `building the feeds      median ${f(feeds.p50Ms)} per call (window of ${policy.manifest.history} prepared frames + tokenisation → tensors)`,
    );
    console.log('CUDA: not available in this onnxruntime-node build (CPU only)');
    await base.release();
    await policy.opened.session.release();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

void main();
