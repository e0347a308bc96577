/**
 * `vla-lab probe info|latency|replay <run|policy.onnx>`: is an exported policy healthy, and can it
 * keep up with the robot's control rate? Runs the ONNX export with onnxruntime-node on the CPU.
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { resolveCheckpoint } from '../../core/checkpoints';
import { UserError } from '../../core/errors';
import { findInterpreter, readRecord, RUN_FILES } from '../../core/runner';
import { onnxRefusal, probeTorchLatency } from '../../core/probe/torchLatency';
import type { LatencyReport, ProbeInfoReport, ReplayReport } from '../../core/probe';
import { describeActionSpace } from '../../core/probe/policyManifest';
import { parseCommandArgs, type Command, type CommandContext } from '../command';

const USAGE = [
  'usage: vla-lab probe info <run|policy.onnx> [--checkpoint REF] [--json]',
  '       vla-lab probe latency <run|policy.onnx> [--checkpoint REF] [--runs N] [--warmup N] [--threads N] [--json]',
  '       vla-lab probe replay <run|policy.onnx> [--checkpoint REF] [--data DIR] [--episodes N] [--split NAME] [--instruction TEXT] [--python PATH] [--json]',
  '',
  "Probes a run's exported policy (export/policy.onnx + policy.json, written by",
  '`vla-lab export <run>`). <run> is a run directory or <experiment>/<run-id> under runs/.',
  '  info       inputs and outputs (names, dtypes, shapes), parameter count, file size, execution providers',
  '  latency    batch-1 inference latency p50/p95/p99 after a warm-up, and the control rate it allows',
  "             against the target (policy.json control_hz, else the spec's eval control_hz or its benchmark's rate, else 30 Hz);",
  '             exits 3 when the p99 latency does not fit in one control step; a run the ONNX exporter',
  '             could not trace (export/onnx-refused.txt, e.g. an hf: Qwen2-VL) is timed in PyTorch instead,',
  '             through Python (--python), with a line saying why ONNX was not used',
  '  replay     open-loop replay over recorded CALVIN-layout demonstrations: predicted vs demonstrated',
  '             actions, MSE/L1 per dimension, gripper accuracy (healthy: clearly above 50%)',
  '  --checkpoint REF  probe this checkpoint of the run: final, latest, best:<metric>[:min|max] (by',
  "                    checkpoints/index.json, e.g. best:val/loss), or a name in checkpoints/; the run's",
  '                    export/ is re-made from it first (with --python) unless it already holds it',
  '  --runs N          timed runs (default 200)        --warmup N   untimed runs first (default 20)',
  "  --threads N       onnxruntime intra-op threads (default: onnxruntime's choice)",
  '  --data DIR        a dataset root (validation/ is used, else training/) or a split folder',
  "                    (default: the run's own dataset, as its events record it)",
  '  --split NAME      the split folder to use under --data',
  '  --episodes N      annotated segments (or episodes) to replay (default 5)',
  '  --instruction T   instruction to use when the data has none (or to override it)',
  '  --python PATH     a Python with numpy to read the pickled instructions (default: $VLA_LAB_PYTHON, /usr/bin/python3)',
  '  --json            print the report as JSON',
].join('\n');

function resolveTarget(ctx: CommandContext, target: string): string {
  const direct = resolve(ctx.cwd, target);
  if (existsSync(direct)) return direct;
  const underRuns = join(ctx.cwd, 'runs', target);
  if (existsSync(underRuns)) return underRuns;
  throw new UserError(
    `probe: ${target} is neither a path nor a run under runs/ (give a run directory, <experiment>/<run-id>, or policy.onnx).`,
  );
}

function positiveInt(flag: string, v: string | undefined, dflt: number, min = 1): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UserError(`probe: ${flag} must be an integer ≥ ${min}, not "${v}".`);
  return n;
}

const fmtMs = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
const fmtHz = (hz: number) => (hz >= 1000 ? `${(hz / 1000).toFixed(1)} kHz` : `${hz.toFixed(1)} Hz`);
const fmtCount = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n));
const fmtShape = (s: (number | string)[]) => `[${s.join(', ')}]`;

function printInfo(ctx: CommandContext, r: ProbeInfoReport): void {
  ctx.out(`model       ${r.model.path}`);
  ctx.out(`file size   ${(r.model.fileBytes / 1024).toFixed(1)} KiB`);
  ctx.out(`parameters  ${fmtCount(r.model.parameterCount)} (${r.model.parameterCount} in ${r.model.initializerCount} initializers)`);
  if (r.model.producer || r.model.opset) ctx.out(`producer    ${r.model.producer ?? '?'}, opset ${r.model.opset ?? '?'}`);
  ctx.out('inputs');
  for (const t of r.inputs) ctx.out(`  ${t.name.padEnd(20)} ${t.dtype.padEnd(8)} ${fmtShape(t.shape)}`);
  ctx.out('outputs');
  for (const t of r.outputs) ctx.out(`  ${t.name.padEnd(20)} ${t.dtype.padEnd(8)} ${fmtShape(t.shape)}`);
  if (r.manifest) {
    const m = r.manifest;
    ctx.out(
      `policy      image ${m.imageSize}px, history ${m.history}, chunk ${m.chunk}, action dim ${m.actionDim}, cameras ${m.cameras.join('+')}${m.proprio ? ', proprio' : ''}`,
    );
    ctx.out(`actions     ${describeActionSpace(m)}`);
    ctx.out(`tokenizer   ${m.vocabularySize !== undefined ? `${m.vocabularySize} words, ${m.maxTokens} tokens max` : 'none'}`);
  }
  ctx.out(`control     ${r.controlHz.hz} Hz (${r.controlHz.source})`);
  for (const p of r.providers) ctx.out(`provider    ${p.available ? `${p.provider.toUpperCase()}: available` : p.reason}`);
  for (const w of r.warnings) ctx.out(`warning     ${w}`);
}

function printLatency(ctx: CommandContext, r: LatencyReport): void {
  ctx.out(`model ${r.modelPath} (batch 1)`);
  for (const res of r.results) {
    if (!res.available || !res.stats || !res.verdict) {
      ctx.out(`${res.reason ?? `${res.provider.toUpperCase()}: not available`}`);
      continue;
    }
    const s = res.stats,
      v = res.verdict;
    ctx.out(
      `${res.provider.toUpperCase()}: p50 ${fmtMs(s.p50Ms)}  p95 ${fmtMs(s.p95Ms)}  p99 ${fmtMs(s.p99Ms)}  (mean ${fmtMs(s.meanMs)}, ${s.runs} runs after ${s.warmup} warm-up)`,
    );
    ctx.out(
      `  allows ${fmtHz(v.maxHzAtP99)} at p99 (${fmtHz(v.maxHzAtP50)} at p50) vs target ${v.targetHz} Hz (${v.source}): ` +
        (v.meetsTarget
          ? `OK, uses ${(v.budgetUsedAtP99 * 100).toFixed(1)}% of the ${fmtMs(v.budgetMs)} step`
          : `TOO SLOW, p99 is ${v.budgetUsedAtP99.toFixed(2)}× the ${fmtMs(v.budgetMs)} step`),
    );
  }
  for (const n of r.notes) ctx.out(`note: ${n}`);
}

function printReplay(ctx: CommandContext, r: ReplayReport): void {
  ctx.out(`replayed ${r.segments.length} segment(s), ${r.metrics.pairs} predicted chunk steps vs ${r.actionKey} from ${r.split}`);
  for (const s of r.segments) ctx.out(`  #${s.index} frames ${s.start}–${s.end}${s.task ? ` ${s.task}` : ''}: "${s.instruction}"`);
  ctx.out(`${'dim'.padEnd(8)} ${'MSE'.padStart(10)} ${'L1'.padStart(10)}   first action: ${'MSE'.padStart(10)} ${'L1'.padStart(10)}`);
  r.metrics.dimensions.forEach((d, i) => {
    const f = r.firstStepMetrics.dimensions[i];
    ctx.out(
      `${d.name.padEnd(8)} ${d.mse.toFixed(5).padStart(10)} ${d.l1.toFixed(5).padStart(10)}                 ${f.mse.toFixed(5).padStart(10)} ${f.l1.toFixed(5).padStart(10)}`,
    );
  });
  const g = r.metrics.gripperAccuracy;
  if (g !== null) {
    const verdict = g >= 0.7 ? 'healthy' : g > 0.55 ? 'weak: barely above chance' : 'UNHEALTHY: at or below chance (50%)';
    ctx.out(`gripper accuracy ${(g * 100).toFixed(1)}% (${verdict}; RoboVLMs' health check: clearly above 50%)`);
  }
  for (const n of r.notes) ctx.out(`note: ${n}`);
}

async function withProgress<T>(
  ctx: CommandContext,
  label: string,
  work: (tick: (done: number, total: number) => void) => Promise<T>,
): Promise<T> {
  if (!ctx.isTTY) return work(() => undefined);
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    { format: `${label} [{bar}] {value}/{total}`, clearOnComplete: true, stream: process.stderr },
    Presets.shades_classic,
  );
  let started = false;
  try {
    return await work((done, total) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    });
  } finally {
    if (started) bar.stop();
  }
}

/** --checkpoint: the run's export/ made from that checkpoint (one resolver: core/checkpoints), exporting first when it holds another. */
async function exportCheckpoint(ctx: CommandContext, runDir: string, ref: string, python: string | undefined): Promise<void> {
  if (!readRecord(runDir)) throw new UserError(`probe: --checkpoint needs a run folder, not ${runDir}`);
  const checkpoint = resolveCheckpoint(runDir, ref, { cwd: ctx.cwd });
  const interp = findInterpreter({ explicit: python, env: ctx.env, cwd: ctx.cwd });
  const { ensureExportOf, exportedCheckpoint } = await import('../../core/probe/export');
  const before = exportedCheckpoint(runDir);
  if (await ensureExportOf({ runDir, checkpoint, python: interp.path, env: ctx.env })) {
    ctx.err(
      `exported ${basename(checkpoint)} (${ref}) to ${join(runDir, RUN_FILES.export)}${before ? ` (it held ${basename(before)})` : ''}`,
    );
  } else ctx.err(`probing ${basename(checkpoint)} (${ref}): the run's export holds it`);
}

export const command: Command = {
  name: 'probe',
  summary: "Probe a run's exported policy: model info, inference latency vs control rate, open-loop replay",
  usage: USAGE,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs('probe', ctx.args, {
      json: { type: 'boolean' },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      threads: { type: 'string' },
      data: { type: 'string' },
      split: { type: 'string' },
      episodes: { type: 'string' },
      instruction: { type: 'string' },
      python: { type: 'string' },
      checkpoint: { type: 'string' },
    });
    const [sub, target, ...rest] = positionals;
    if (!sub || !['info', 'latency', 'replay'].includes(sub))
      throw new UserError("probe: give a subcommand: info, latency or replay (see 'vla-lab probe --help').");
    if (!target || rest.length)
      throw new UserError(`probe ${sub}: give exactly one run directory or policy.onnx (see 'vla-lab probe --help').`);
    const path = resolveTarget(ctx, target);
    if (values.checkpoint !== undefined) await exportCheckpoint(ctx, path, values.checkpoint, values.python);
    const probe = await import('../../core/probe');
    const print = (report: unknown, human: () => void) => (values.json ? ctx.out(JSON.stringify(report, null, 2)) : human());

    if (sub === 'info') {
      const report = await probe.probeInfo(path);
      print(report, () => printInfo(ctx, report));
      return 0;
    }
    if (sub === 'latency') {
      const runs = positiveInt('--runs', values.runs, 200);
      const warmup = positiveInt('--warmup', values.warmup, 20, 0);
      const threads = values.threads === undefined ? undefined : positiveInt('--threads', values.threads, 1);
      if (onnxRefusal(path)) {
        // the interpreter is the user's configuration's, never the run's (runs travel)
        const python = findInterpreter({ explicit: values.python, env: ctx.env, cwd: ctx.cwd });
        const report = await probeTorchLatency({ runDir: path, python: python.path, runs, warmup, threads, env: ctx.env });
        print(report, () => printLatency(ctx, report));
        return report.results.some((r) => r.verdict && !r.verdict.meetsTarget) ? 3 : 0;
      }
      const report = await withProgress(ctx, 'latency', (tick) =>
        probe.probeLatency(path, { runs, warmup, intraOpThreads: threads, onProgress: (_p, d, t) => tick(d, t) }),
      );
      print(report, () => printLatency(ctx, report));
      return report.results.some((r) => r.verdict && !r.verdict.meetsTarget) ? 3 : 0;
    }
    // replay
    // Without --data: the demonstrations the run itself recorded in its events (validation/ first).
    const runData = values.data ? undefined : probe.runTrainingData(path);
    if (!values.data && !runData) {
      throw new UserError(
        "probe replay: pass --data DIR (a CALVIN-layout dataset, e.g. from 'python -m vlalab gen-data'); this run records no dataset that still exists.",
      );
    }
    const episodes = positiveInt('--episodes', values.episodes, 5);
    const python = values.python ?? ctx.env.VLA_LAB_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : undefined);
    const policy = await probe.LoadedPolicy.open(path);
    const splitDir = runData ? runData.splitDir : probe.resolveSplitDir(resolve(ctx.cwd, values.data!), values.split);
    if (runData && !values.json) ctx.out(`demonstrations: ${probe.describeRunData(runData)}`);
    const split = probe.openCalvinSplit(splitDir, { python });
    const report = await withProgress(ctx, 'replay', (tick) =>
      probe.replay(policy, split, { episodes, instruction: values.instruction, onProgress: tick }),
    );
    await policy.opened.session.release();
    if (values.json) {
      ctx.out(JSON.stringify(report, null, 2));
    } else {
      printReplay(ctx, report);
    }
    return 0;
  },
};
