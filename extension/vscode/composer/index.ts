/**
 * Registers the composer (custom editor for *.vla.json, opened with "VLA Lab: Open Composer" or
 * "Reopen Editor With…") — called once from the extension's activate().
 */
import * as vscode from 'vscode';
import { COMPOSER_VIEW_TYPE, ComposerProvider } from './provider';
import { specCheckerFor } from './checker';
import { localModels } from '../models';
import { dirname } from 'node:path';

const OPEN_COMPOSER_COMMAND = 'vlaLab.openComposer';

export function registerComposer(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(
      COMPOSER_VIEW_TYPE,
      new ComposerProvider(context.extensionUri, (doc) =>
        specCheckerFor(doc.uri.scheme === 'file' ? dirname(doc.uri.fsPath) : process.cwd(), localModels),
      ),
      {
        webviewOptions: { retainContextWhenHidden: false },
        supportsMultipleEditorsPerDocument: true,
      },
    ),
    vscode.commands.registerCommand(OPEN_COMPOSER_COMMAND, async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target || !target.path.endsWith('.vla.json')) {
        void vscode.window.showErrorMessage('Open a *.vla.json experiment spec first, then run "VLA Lab: Open Composer".');
        return;
      }
      await vscode.commands.executeCommand('vscode.openWith', target, COMPOSER_VIEW_TYPE);
    }),
  );
}
