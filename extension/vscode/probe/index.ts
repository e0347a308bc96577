/**
 * "VLA Lab: Probe Policy" (vlaLab.probePolicy): opens the probe panel for a run's exported policy
 * — from the command palette (pick a run folder or policy.onnx), the runs view (a run node), or the
 * explorer (a policy.onnx / policy.json / run folder). Called once from activate().
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ProbePanel } from './panel';

export const PROBE_COMMAND = 'vlaLab.probePolicy';

/** A run directory from whatever the command was invoked with (runs view node, Uri, path). */
function targetFrom(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === 'string') return arg;
  const node = arg as { kind?: string; info?: { dir?: unknown }; dir?: unknown } | undefined;
  if (node?.info && typeof node.info.dir === 'string') return node.info.dir;
  if (node && typeof node.dir === 'string') return node.dir;
  return undefined;
}

export function registerProbe(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(PROBE_COMMAND, async (arg?: unknown) => {
      let target = targetFrom(arg);
      if (!target) {
        const picked = await vscode.window.showOpenDialog({
          title: 'Probe Policy: choose a run folder, its export/ folder, or policy.onnx',
          canSelectFiles: true,
          canSelectFolders: true,
          canSelectMany: false,
          filters: { 'ONNX policy': ['onnx', 'json'] },
          defaultUri: vscode.workspace.workspaceFolders?.[0] ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'runs') : undefined,
        });
        if (!picked?.[0]) return;
        target = picked[0].fsPath;
      }
      await ProbePanel.open(context, path.resolve(target));
    }),
  );
}
