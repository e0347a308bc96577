/**
 * The composer: a custom text editor for *.vla.json. The document's text stays the only truth —
 * every change from the webview becomes one WorkspaceEdit (so undo/redo, dirty state, save and a
 * text editor open beside it all work as usual), and every document change, wherever it comes
 * from, pushes a fresh state to the webview.
 */
import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { composerHtml } from './html';
import { planEdit, type SpecChange } from './edits';
import { changesForChoice, changesForFormulation, changesForToggle, composerState, type SpecChecker } from './model';
import { parseComposerToExtension, type ComposerToWebview } from '../../shared/messages/composer';

export const COMPOSER_VIEW_TYPE = 'vlaLab.composer';

/** Coalesces bursts of document changes (typing in the text editor) into one state update. */
const STATE_DEBOUNCE_MS = 120;

export class ComposerProvider implements vscode.CustomTextEditorProvider {
  constructor(
    private readonly extensionUri: vscode.Uri,
    /** The checker for a document (path rules resolve against the document's folder). */
    private readonly checkerFor: (document: vscode.TextDocument) => SpecChecker,
  ) {}

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const checker = this.checkerFor(document);
    const webviewRoot = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [webviewRoot] };
    panel.webview.html = composerHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'composer.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'composer.css')).toString(),
      title: document.uri.path.split('/').pop() ?? 'Composer',
    });

    let ready = false; // nothing is posted before the webview's `ready` handshake
    let timer: ReturnType<typeof setTimeout> | undefined;
    const post = (msg: ComposerToWebview) => {
      if (ready) void panel.webview.postMessage(msg);
    };
    const pushState = () => {
      timer = undefined;
      post({ type: 'state', state: composerState(document.getText(), checker) });
    };
    const schedulePush = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(pushState, STATE_DEBOUNCE_MS);
    };

    const applyChanges = async (changes: SpecChange[]) => {
      let edit;
      try {
        edit = planEdit(document.getText(), changes);
      } catch (e) {
        post({ type: 'error', message: (e as Error).message });
        return;
      }
      if (edit.edits.length === 0) return;
      const workspaceEdit = new vscode.WorkspaceEdit();
      for (const e of edit.edits) {
        const range = new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length));
        workspaceEdit.replace(document.uri, range, e.newText);
      }
      const ok = await vscode.workspace.applyEdit(workspaceEdit);
      if (!ok) post({ type: 'error', message: 'VS Code refused the edit (is the file read-only?).' });
    };

    const currentSpec = (): Record<string, unknown> => {
      const spec: unknown = parse(document.getText(), [], { allowTrailingComma: true });
      return spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>) : {};
    };

    const subscriptions: vscode.Disposable[] = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === document.uri.toString() && e.contentChanges.length > 0) schedulePush();
      }),
      panel.webview.onDidReceiveMessage(async (raw: unknown) => {
        const msg = parseComposerToExtension(raw);
        if (!msg) return; // malformed or unknown: ignored, never trusted
        switch (msg.type) {
          case 'ready':
            ready = true;
            pushState();
            break;
          case 'change':
            await applyChanges(msg.changes);
            break;
          case 'choose':
            await applyChanges(changesForChoice(currentSpec(), msg.path, msg.value));
            break;
          case 'toggle':
            await applyChanges(changesForToggle(currentSpec(), msg.path, msg.value));
            break;
          case 'chooseFormulation':
            await applyChanges(changesForFormulation(currentSpec(), msg.formulation, msg.actionSpace));
            break;
          case 'showText':
            await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
            break;
        }
      }),
    ];
    panel.onDidDispose(() => {
      if (timer) clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
    });
  }
}
