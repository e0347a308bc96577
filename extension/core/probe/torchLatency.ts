/**
 * Latency of a policy the ONNX exporter cannot trace (an hf: model such as Qwen2-VL): timed in
 * PyTorch by `python -m vlalab probe-latency` (python/vlalab/trainer/probe_latency.py), run with the
 * interpreter the runner resolves, as an argv array. Python reports the raw samples; the
 * percentiles and the control-rate verdict are computed here by the same code as onnxruntime's
 * (latency.ts), so both read alike. The report says, in a note, why ONNX was not used.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UserError } from '../errors';
import { EXPORT_FILES, extensionRoot, RUN_FILES } from '../runner/paths';
import { controlRateVerdict, summarizeLatencies, type ControlRateSource } from './latency';
import type { LatencyReport } from './index';

/** Written by the exporter beside where policy.onnx would be when it cannot trace the policy. */
export const ONNX_REFUSED = join(RUN_FILES.export, EXPORT_FILES.refused);

/** The exporter's reason for a run it could not export to ONNX, or undefined. */
export function onnxRefusal(runDir: string): string | undefined {
  const p = join(runDir, ONNX_REFUSED);
  if (!existsSync(p) || existsSync(join(runDir, RUN_FILES.export, EXPORT_FILES.onnx))) return undefined;
  return readFileSync(p, 'utf8').split('\n')[0].trim() || undefined;
}

export interface TorchLatencyRequest {
  runDir: string;
  python: string;
  runs: number;
  warmup: number;
  threads?: number;
  extRoot?: string;
  env?: NodeJS.ProcessEnv;
}

interface PythonReport {
  device: string;
  threads: number;
  torch: string;
  checkpoint: string;
  chunk: number;
  warmup: number;
  samples_ms: number[];
  control_hz: number;
  control_source: ControlRateSource;
  why_not_onnx: string | null;
}

function parseReport(stdout: string): PythonReport {
  const line = stdout.trim().split('\n').pop() ?? '';
  let r: Partial<PythonReport>;
  try {
    r = JSON.parse(line) as Partial<PythonReport>;
  } catch {
    throw new UserError(`probe latency: python -m vlalab probe-latency printed no report (${line.slice(0, 200) || 'nothing'})`);
  }
  if (
    !Array.isArray(r.samples_ms) ||
    r.samples_ms.length === 0 ||
    !r.samples_ms.every((s) => typeof s === 'number' && s >= 0) ||
    typeof r.control_hz !== 'number'
  ) {
    throw new UserError('probe latency: python -m vlalab probe-latency printed a report without latency samples');
  }
  return r as PythonReport;
}

export function probeTorchLatency(req: TorchLatencyRequest): Promise<LatencyReport> {
  const pyPath = join(req.extRoot ?? extensionRoot(), 'python');
  const base = req.env ?? process.env;
  // as the exporter runs: our vlalab first, and nothing planted in the run folder imported instead
  const env = { ...base, PYTHONSAFEPATH: '1', PYTHONPATH: base.PYTHONPATH ? `${pyPath}${delimiter}${base.PYTHONPATH}` : pyPath };
  const args = [
    '-m',
    'vlalab',
    'probe-latency',
    '--run-dir',
    req.runDir,
    '--runs',
    String(req.runs),
    '--warmup',
    String(req.warmup),
    ...(req.threads ? ['--threads', String(req.threads)] : []),
  ];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(req.python, args, { cwd: req.runDir, env, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        new UserError(
          `cannot run ${req.python} to time the policy (${e.code ?? e.message}); point VLA Lab at another interpreter with --python / vlaLab.pythonPath`,
        ),
      ),
    );
    child.on('close', (code) => {
      if (code !== 0) {
        const lines = stderr
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        const last = lines[lines.length - 1] ?? `exit status ${code}`;
        reject(new UserError(`probe latency: ${last.replace(/^vlalab: /, '')}`));
        return;
      }
      try {
        const r = parseReport(stdout);
        const stats = summarizeLatencies(r.samples_ms, r.warmup);
        const why = r.why_not_onnx ?? onnxRefusal(req.runDir) ?? 'this run has no ONNX export';
        const notes = [`PyTorch ${r.torch} on ${r.device} (${r.threads} threads), through Python: ONNX not used: ${why}`];
        if (r.chunk > 1)
          notes.push(
            `The policy predicts ${r.chunk} actions per call: executing whole chunks open-loop needs a call only every ${r.chunk} control steps.`,
          );
        resolvePromise({
          target: req.runDir,
          modelPath: join(req.runDir, r.checkpoint),
          batch: 1,
          results: [
            {
              provider: r.device === 'cuda' ? 'cuda' : 'cpu',
              available: true,
              stats,
              verdict: controlRateVerdict(stats, r.control_hz, r.control_source),
            },
          ],
          notes,
        });
      } catch (e) {
        reject(e);
      }
    });
  });
}
