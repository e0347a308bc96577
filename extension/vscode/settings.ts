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
  maxConcurrentRuns: number;
  cancelGraceSeconds: number;
}

export function settings(): Settings {
  const c = vscode.workspace.getConfiguration('vlaLab');
  return {
    pythonPath: c.get<string>('pythonPath', '').trim(),
    runsDirectory: c.get<string>('runsDirectory', '').trim(),
    robovlmsPath: c.get<string>('robovlms.path', '').trim(),
    robovlmsPython: c.get<string>('robovlms.python', '').trim(),
    robovlmsConfigGlob: c.get<string>('robovlmsConfigGlob', '**/configs/**/*.json').trim(),
    maxConcurrentRuns: c.get<number>('maxConcurrentRuns', 0),
    cancelGraceSeconds: c.get<number>('cancelGraceSeconds', 30),
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

/** What the runner needs from the settings. */
export function runnerSettings(): RunnerSettings {
  const s = settings();
  return {
    runsDir: runsDirectory(), pythonPath: s.pythonPath, robovlmsPath: s.robovlmsPath, robovlmsPython: s.robovlmsPython,
    maxConcurrentRuns: s.maxConcurrentRuns, cancelGraceSeconds: s.cancelGraceSeconds, cwd: workspaceRoot() ?? process.cwd(),
  };
}
