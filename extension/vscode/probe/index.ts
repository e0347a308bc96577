/**
 * "VLA Lab: Probe Policy" (vlaLab.probePolicy): opens the probe panel for a run's exported policy
 * — from the command palette (a pick of the runs with a policy, or "Choose a policy folder…"), the
 * runs view (a run node), or the explorer (a policy.onnx / policy.json / run folder). A built-in run
 * without an export is exported first (core/probe/export.ts, the exporter `vla-lab export` uses),
 * under a cancellable progress notification. Called once from activate().
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hasExport } from '../../core/probe/export';
import type { RunRecord } from '../../core/generated/run';
import { isUserError } from '../../core/errors';
import * as runner from '../runner-bridge';
import type { RunInfo } from '../runs/model';
import { readRunRecord } from '../runs/files';
import { runnerSettings } from '../settings';
import { requireTrust } from '../trust';
import { ProbePanel } from './panel';

const PROBE_COMMAND = 'vlaLab.probePolicy';
const CHOOSE_FOLDER = '$(folder) Choose a policy folder…';

/** The runs the pick offers (newest first); RunsController in the editor. */
export interface ProbeRuns {
  refresh(): void;
  allRuns(): RunInfo[];
}

/** A run whose policy the probe can open: exported already, or a finished built-in training run. */
function probeable(r: RunInfo): boolean {
  if (hasExport(r.dir)) return true;
  return exportable(r.record) && r.record.status === 'completed';
}

/** Only built-in training runs have checkpoints the exporter reads (imported logs and RoboVLMs runs do not). */
function exportable(rec: RunRecord): boolean {
  return rec.backend === 'builtin' && rec.kind !== 'eval' && rec.kind !== 'imported';
}

/** A run directory from whatever the command was invoked with (runs view node, Uri, path). */
function targetFrom(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === 'string') return arg;
  const node = arg as { kind?: string; info?: { dir?: unknown }; dir?: unknown } | undefined;
  if (node?.info && typeof node.info.dir === 'string') return node.info.dir;
  if (node && typeof node.dir === 'string') return node.dir;
  return undefined;
}

/** The runs with a policy to probe, and a file dialog as the last item. */
async function pickTarget(runs: ProbeRuns): Promise<string | undefined> {
  runs.refresh();
  const items: (vscode.QuickPickItem & { dir?: string })[] = runs
    .allRuns()
    .filter(probeable)
    .reverse()
    .map((r) => ({
      label: r.key,
      description: hasExport(r.dir) ? 'exported' : 'not exported yet: exports it first',
      dir: r.dir,
    }));
  if (items.length) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: CHOOSE_FOLDER, description: 'a run folder, its export/ folder, or policy.onnx' });
  const pick = await vscode.window.showQuickPick(items, { title: 'Probe Policy: the run whose policy to probe', matchOnDescription: true });
  if (!pick) return undefined;
  if (pick.dir) return pick.dir;
  const picked = await vscode.window.showOpenDialog({
    title: 'Probe Policy: choose a run folder, its export/ folder, or policy.onnx',
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    filters: { 'ONNX policy': ['onnx', 'json'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0] ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'runs') : undefined,
  });
  return picked?.[0]?.fsPath;
}

/**
 * A run folder without an export gets one (true when the probe can go on). Anything else (a
 * policy file, an export/ folder, a folder that is not a run) is left to the panel to open or refuse.
 */
async function ensureExport(target: string): Promise<boolean> {
  const rec = readRunRecord(target);
  if (!rec || hasExport(target)) return true;
  const name = `${rec.experiment}/${rec.id}`;
  if (!exportable(rec)) {
    void vscode.window.showErrorMessage(
      `VLA Lab: ${name} has no policy to probe: only built-in training runs are exported (this one is ${rec.kind === 'imported' ? 'an imported log folder' : rec.kind === 'eval' ? 'an evaluation' : `a ${rec.backend} run`}).`,
    );
    return false;
  }
  if (!requireTrust('Exporting a policy')) return false;
  const checkpoint = await pickExportCheckpoint(target, name);
  if (checkpoint === null) return false;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `VLA Lab: exporting the policy of ${name} to ONNX`, cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return runner.exportRunPolicy(runnerSettings(), target, {
        checkpoint,
        onLine: (line) => progress.report({ message: line }),
        signal: abort.signal,
      });
    },
  );
  return true;
}

/**
 * Which checkpoint to export for the probe: with one on disk, that one (undefined: the exporter's
 * final); else a pick of final, latest, best:<metric> per recorded metric and each file
 * (core/checkpoints, the resolver of the CLI's --checkpoint). null: the user dismissed the pick.
 */
async function pickExportCheckpoint(runDir: string, name: string): Promise<string | undefined | null> {
  const { checkpointChoices } = await import('../../core/checkpoints');
  const choices = checkpointChoices(runDir);
  if (new Set(choices.map((c) => c.path)).size <= 1) return undefined;
  const pick = await vscode.window.showQuickPick(
    choices.map((c) => ({ label: c.label, description: c.description, path: c.path })),
    { title: `Probe Policy: which checkpoint of ${name} to export`, matchOnDescription: true },
  );
  return pick ? pick.path : null;
}

export function registerProbe(context: vscode.ExtensionContext, runs: ProbeRuns): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(PROBE_COMMAND, async (arg?: unknown) => {
      try {
        const target = targetFrom(arg) ?? (await pickTarget(runs));
        if (!target) return;
        if (!(await ensureExport(path.resolve(target)))) return;
        await ProbePanel.open(context, path.resolve(target));
      } catch (e) {
        // The exporter's refusals and failures are one UserError line.
        void vscode.window.showErrorMessage(`VLA Lab: ${isUserError(e) ? e.message : `Probe Policy failed: ${(e as Error).message}`}`);
      }
    }),
  );
}
