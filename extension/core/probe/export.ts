/**
 * Exporting a run's policy for the probe: `python -m vlalab export-onnx` (the trainer's exporter)
 * run with the interpreter the runner resolves, as an argv array (never a shell), writing
 * <run>/export/policy.onnx and policy.json. `vla-lab export` and the editor's Probe Policy (a run
 * without an export) both come through here. No onnxruntime here: exporting needs only Python.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { UserError } from '../errors';
import { EXPORT_FILES, extensionRoot, RUN_FILES } from '../runner/paths';

export interface ExportRequest {
  /** The run folder (a built-in run with checkpoints/). */
  runDir: string;
  /** A checkpoint file; default: the exporter's choice (the run's final checkpoint). */
  checkpoint?: string;
  /** The Python interpreter (findInterpreter's choice). */
  python: string;
  /** VLA Lab's checkout or installed extension (its python/ holds vlalab); default: this code's root. */
  extRoot?: string;
  env?: NodeJS.ProcessEnv;
  /** Each line the exporter prints (progress for a terminal or an output channel). */
  onLine?: (line: string) => void;
  /** Stops the export (the editor's cancel). */
  signal?: AbortSignal;
}

export interface ExportResult {
  onnx: string;
  manifest: string;
}

/** Where an export of the run lands (what the probe reads). */
export function exportPaths(runDir: string): ExportResult {
  const dir = join(runDir, RUN_FILES.export);
  return { onnx: join(dir, EXPORT_FILES.onnx), manifest: join(dir, EXPORT_FILES.manifest) };
}

/** True when the run folder holds an exported policy the probe can open. */
export function hasExport(runDir: string): boolean {
  const p = exportPaths(runDir);
  return existsSync(p.onnx) && existsSync(p.manifest);
}

/** The exporter's argv (after the interpreter). */
export function exportArgs(runDir: string, checkpoint?: string): string[] {
  return ['-m', 'vlalab', 'export-onnx', '--run-dir', runDir, ...(checkpoint ? ['--checkpoint', checkpoint] : [])];
}

/**
 * Runs the exporter; resolves with the files it wrote, or rejects with ONE UserError line: the
 * exporter's own refusal (it prints one line, e.g. no checkpoint yet, an hf: backbone), else the
 * last line of its error output.
 */
export function exportPolicy(req: ExportRequest): Promise<ExportResult> {
  const extRoot = req.extRoot ?? extensionRoot();
  const base = req.env ?? process.env;
  const pyPath = join(extRoot, 'python');
  // As the supervisor starts the trainer: our vlalab first on the path, and PYTHONSAFEPATH so that
  // nothing planted in the run folder (the working directory) is imported instead.
  const env = {
    ...base,
    PYTHONSAFEPATH: '1',
    PYTHONUNBUFFERED: '1',
    PYTHONPATH: base.PYTHONPATH ? `${pyPath}${delimiter}${base.PYTHONPATH}` : pyPath,
  };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(req.python, exportArgs(req.runDir, req.checkpoint), {
      cwd: req.runDir,
      env,
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: req.signal,
    });
    const stderr: string[] = [];
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) if (l.trim()) req.onLine?.(l);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.name === 'AbortError') reject(new UserError('the export was cancelled'));
      else
        reject(
          new UserError(
            `cannot run ${req.python} to export the policy (${e.code ?? e.message}); point VLA Lab at another interpreter with --python / vlaLab.pythonPath`,
          ),
        );
    });
    child.on('close', (code) => {
      if (partial.trim()) req.onLine?.(partial);
      if (code === 0) {
        const out = exportPaths(req.runDir);
        if (!existsSync(out.onnx) || !existsSync(out.manifest)) {
          reject(
            new UserError(
              `the exporter finished but ${out.onnx} or ${out.manifest} is missing; run 'vla-lab doctor' to check the Python environment`,
            ),
          );
          return;
        }
        resolvePromise(out);
        return;
      }
      if (req.signal?.aborted) return; // the 'error' handler said so
      const lines = stderr
        .join('')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const last = lines[lines.length - 1] ?? `exit status ${code}`;
      // The exporter's refusals are one `vlalab: <reason>` line; anything else is a crash (a missing
      // package such as onnxscript), whose last line names the cause.
      if (/^vlalab: /.test(last)) reject(new UserError(`export: ${last.slice('vlalab: '.length)}`));
      else reject(new UserError(`export failed in ${req.python}: ${last} (run 'vla-lab doctor' to check its packages)`));
    });
  });
}

/** The checkpoint the run's current export was made from (policy.json's `checkpoint`, relative to the run), or undefined. */
export function exportedCheckpoint(runDir: string): string | undefined {
  try {
    const m = JSON.parse(readFileSync(exportPaths(runDir).manifest, 'utf8')) as { checkpoint?: unknown };
    return typeof m.checkpoint === 'string' && m.checkpoint ? resolve(runDir, m.checkpoint) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes the run's export/ hold `checkpoint` (a resolved checkpoint file): nothing when it already
 * does, else the exporter runs again for it (replacing the export of another checkpoint). Resolves
 * to whether it exported.
 */
export async function ensureExportOf(req: ExportRequest & { checkpoint: string }): Promise<boolean> {
  if (hasExport(req.runDir) && exportedCheckpoint(req.runDir) === resolve(req.checkpoint)) return false;
  await exportPolicy(req);
  return true;
}
