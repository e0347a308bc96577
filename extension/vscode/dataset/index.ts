/**
 * "VLA Lab: Open Dataset" (vlaLab.openDataset): the dataset viewer for a folder — from the command
 * palette (a folder picker), the explorer (a folder's context menu), or a spec's dataset entry (a
 * CodeLens on each `data.stages[*].datasets[*]`). It runs Python to read the data, so it needs a
 * trusted workspace (hidden by `isWorkspaceTrusted` and guarded here). Called once from activate().
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { specDatasetEntries } from '../../core/dataset/spec';
import { runsDirectory } from '../settings';
import { requireTrust } from '../trust';
import { openDatasetPanel } from './panel';

const OPEN_DATASET_COMMAND = 'vlaLab.openDataset';

const SPEC_FILES: vscode.DocumentSelector = [
  { language: 'json', pattern: '**/*.vla.json' },
  { language: 'jsonc', pattern: '**/*.vla.json' },
];

/** The folder (and split) from whatever the command was invoked with: an Uri, a path, or the lens's {dir, split}. */
function targetFrom(arg: unknown): { dir: string; split?: string } | undefined {
  if (arg instanceof vscode.Uri) return { dir: arg.fsPath };
  if (typeof arg === 'string' && arg) return { dir: arg };
  const o = arg as { dir?: unknown; split?: unknown } | undefined;
  if (o && typeof o.dir === 'string') return { dir: o.dir, ...(typeof o.split === 'string' ? { split: o.split } : {}) };
  return undefined;
}

async function pickFolder(defaultDir?: string): Promise<string | undefined> {
  const fallback = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    title: 'Open Dataset: a LeRobot dataset (the folder holding meta/) or CALVIN-layout data (training/ + validation/, or one split)',
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    defaultUri: defaultDir ? vscode.Uri.file(defaultDir) : fallback,
  });
  return picked?.[0]?.fsPath;
}

export function registerDataset(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_DATASET_COMMAND, async (arg?: unknown, splitArg?: unknown) => {
      if (!requireTrust('Opening a dataset')) return;
      const given = targetFrom(arg);
      const dir =
        given?.dir ?? (await pickFolder(arg && typeof arg === 'object' && 'pick' in arg ? path.join(runsDirectory(), '_data') : undefined));
      if (!dir) return;
      const split = given?.split ?? (typeof splitArg === 'string' ? splitArg : undefined);
      openDatasetPanel(context, path.resolve(dir), split);
    }),
    vscode.languages.registerCodeLensProvider(SPEC_FILES, {
      provideCodeLenses: (doc) =>
        specDatasetEntries(doc.getText(), doc.fileName)
          .filter((e) => e.type !== 'oxe')
          .map((e) => {
            const pos = doc.positionAt(e.offset);
            const range = new vscode.Range(pos, pos);
            return e.dir
              ? new vscode.CodeLens(range, {
                  title: '$(database) Open Dataset',
                  command: OPEN_DATASET_COMMAND,
                  tooltip: `Open ${e.dir} in the dataset viewer`,
                  arguments: [{ dir: e.dir, split: e.split }],
                })
              : new vscode.CodeLens(range, {
                  title: '$(database) Open Dataset…',
                  command: OPEN_DATASET_COMMAND,
                  tooltip: 'This entry has no path: Playtable data is generated under runs/_data/ at launch; choose a folder there',
                  arguments: [{ pick: true }],
                });
          }),
    }),
  );
}
