/**
 * The extension's settings (`vlaLab.*`), read fresh each time (VS Code caches them) and resolved
 * against the workspace: a relative runs directory is relative to the first workspace folder.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunnerSettings } from './runner-bridge';

export interface Settings {
  pythonPath: string;
  runsDirectory: string;
  robovlmsPath: string;
  robovlmsPython: string;
  robovlmsConfigGlob: string;
  /** Folder of local models (vlaLab.modelsPath); '' for the Hugging Face cache only. */
  modelsPath: string;
  maxConcurrentRuns: number;
  cancelGraceSeconds: number;
  /** Check data, weights, packages, disk and GPU memory before every launch (vlaLab.preflight). */
  preflight: boolean;
}

export function settings(): Settings {
  const c = vscode.workspace.getConfiguration('vlaLab');
  return {
    pythonPath: c.get<string>('pythonPath', '').trim(),
    runsDirectory: c.get<string>('runsDirectory', '').trim(),
    robovlmsPath: c.get<string>('robovlms.path', '').trim(),
    robovlmsPython: c.get<string>('robovlms.python', '').trim(),
    robovlmsConfigGlob: c.get<string>('robovlmsConfigGlob', '**/configs/**/*.json').trim(),
    modelsPath: c.get<string>('modelsPath', '').trim(),
    maxConcurrentRuns: c.get<number>('maxConcurrentRuns', 0),
    cancelGraceSeconds: c.get<number>('cancelGraceSeconds', 30),
    preflight: c.get<boolean>('preflight', true),
  };
}

export function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** The runs directory: the setting (absolute, or relative to the workspace), else VLA_LAB_RUNS_DIR, else <workspace>/runs. */
export function runsDirectory(): string {
  const root = workspaceRoot() ?? process.cwd();
  const raw = settings().runsDirectory || process.env.VLA_LAB_RUNS_DIR || 'runs';
  return path.resolve(root, raw.startsWith('~/') ? path.join(os.homedir(), raw.slice(2)) : raw);
}

/** The models folder: the setting (~ expanded, relative to the workspace), or undefined when unset. */
export function modelsDirectory(): string | undefined {
  const raw = settings().modelsPath;
  if (!raw) return undefined;
  return path.resolve(workspaceRoot() ?? process.cwd(), raw.startsWith('~/') ? path.join(os.homedir(), raw.slice(2)) : raw);
}

/** The subset of the Python extension's API (ms-python.python) we read: its selected interpreter. */
interface PythonExtensionApi {
  environments?: { getActiveEnvironmentPath?: (resource?: vscode.Uri) => { path?: string } | undefined };
}

/**
 * The interpreter selected in VS Code's Python extension for the workspace, when that extension is
 * installed and active (we never activate it ourselves: that would slow every start-up).
 */
function pythonExtensionInterpreter(): string | undefined {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!ext?.isActive) return undefined;
  try {
    const p = ext.exports?.environments?.getActiveEnvironmentPath?.(vscode.workspace.workspaceFolders?.[0]?.uri)?.path;
    // The API answers a bare 'python' when nothing is selected: that is PATH's choice, not the user's.
    return p && path.isAbsolute(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

/** What the runner needs from the settings. */
export function runnerSettings(): RunnerSettings {
  const s = settings();
  return {
    runsDir: runsDirectory(),
    pythonPath: s.pythonPath,
    robovlmsPath: s.robovlmsPath,
    robovlmsPython: s.robovlmsPython,
    maxConcurrentRuns: s.maxConcurrentRuns,
    cancelGraceSeconds: s.cancelGraceSeconds,
    cwd: workspaceRoot() ?? process.cwd(),
    editorInterpreter: pythonExtensionInterpreter,
    preflight: s.preflight,
    onPreflightWarning: (line) => void vscode.window.showWarningMessage(`VLA Lab: ${line}`),
  };
}
