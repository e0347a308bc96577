/**
 * The probe webview panel: strict CSP (default-src 'none', scripts only with a fresh nonce),
 * local resources limited to the extension's dist/webview and the run's folder, the `ready`
 * handshake (nothing is posted before it), and validation of every incoming message before the
 * session (session.ts) sees it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isUserError } from '../../core/errors';
import { validateProbeToExtension, type ProbeToWebview } from '../../shared/messages/probe';
import { panelHtml } from '../panels/html';
import { settings } from '../settings';
import { ProbeSession } from './session';

let output: vscode.OutputChannel | undefined;
const log = (line: string) => {
  output ??= vscode.window.createOutputChannel('VLA Lab Probe');
  output.appendLine(line);
};

export class ProbePanel {
  static async open(context: vscode.ExtensionContext, target: string): Promise<void> {
    // The run folder: <run>/export/policy.onnx → <run>; a run folder stays itself.
    const runDir = /(^|[\\/])export$/.test(path.dirname(target))
      ? path.dirname(path.dirname(target))
      : target.endsWith('.onnx') || target.endsWith('.json')
        ? path.dirname(target)
        : target;
    const webviewRoot = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    // A Python runs only in a trusted workspace (it reads the demonstrations' pickled instructions).
    const python = vscode.workspace.isTrusted ? settings().pythonPath || process.env.VLA_LAB_PYTHON || '/usr/bin/python3' : undefined;
    const panel = vscode.window.createWebviewPanel('vlaLab.probe', `Probe: ${path.basename(runDir)}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [webviewRoot, vscode.Uri.file(runDir)],
      retainContextWhenHidden: true,
    });
    let ready = false;
    const post = (msg: ProbeToWebview) => {
      if (ready) void panel.webview.postMessage(msg);
    };
    const session = new ProbeSession(target, { post, python, log });
    try {
      await session.load();
    } catch (e) {
      panel.dispose();
      void vscode.window.showErrorMessage(`VLA Lab: ${isUserError(e) ? e.message : `could not open the policy: ${(e as Error).message}`}`);
      return;
    }
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'probe.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'probe.css')).toString(),
      title: `Probe ${path.basename(runDir)}`,
      rootId: 'probe',
    });
    const subscription = panel.webview.onDidReceiveMessage(async (raw: unknown) => {
      const v = validateProbeToExtension(raw);
      if (!v.ok) {
        log(`[probe] dropped a message from the webview: ${v.reason}`);
        return;
      }
      const msg = v.message;
      if (msg.type === 'ready') ready = true;
      if (msg.type === 'chooseData') {
        const picked = await vscode.window.showOpenDialog({
          title: 'Demonstrations in CALVIN layout (a dataset root or a split folder)',
          canSelectFolders: true,
          canSelectFiles: false,
          canSelectMany: false,
          defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        });
        if (!picked?.[0]) return;
        try {
          session.setData(picked[0].fsPath);
          post(await session.initMessage());
        } catch (e) {
          post({ type: 'error', message: isUserError(e) ? e.message : `Internal error: ${(e as Error).message}` });
        }
        return;
      }
      await session.handle(msg);
    });
    panel.onDidDispose(
      () => {
        subscription.dispose();
        session.dispose();
      },
      undefined,
      context.subscriptions,
    );
  }
}
