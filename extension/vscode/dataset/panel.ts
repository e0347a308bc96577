/**
 * The dataset viewer's webview panel: strict CSP (default-src 'none', scripts only with a fresh
 * nonce; images only from the webview's resource origin), local resources limited to the
 * extension's dist/webview and the frame cache (the extension's global storage), the `ready`
 * handshake (nothing is posted before it) and validation of every incoming message before the
 * session (session.ts) sees it. Python (core/dataset) reads the data; nothing starts untrusted.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readEpisode, readOverlay, readSummary } from '../../core/dataset';
import { checkEpisode, checkOverlay, checkSummary, validateDatasetToExtension, type DatasetToWebview } from '../../shared/messages/dataset';
import { panelHtml } from '../panels/html';
import { builtinPython } from '../runner-bridge';
import { runnerSettings } from '../settings';
import { DatasetSession } from './session';

let output: vscode.OutputChannel | undefined;
const log = (line: string) => {
  output ??= vscode.window.createOutputChannel('VLA Lab Datasets');
  output.appendLine(line);
};

/** Where summaries and episode frames are cached: <global storage>/datasets. */
function datasetCacheDir(context: vscode.ExtensionContext): string {
  return path.join(context.globalStorageUri.fsPath, 'datasets');
}

/** Open panels by dataset folder (and split): opening the same one again shows its panel. */
const open = new Map<string, vscode.WebviewPanel>();

export function openDatasetPanel(context: vscode.ExtensionContext, target: string, split?: string): void {
  const id = `${target}\u0000${split ?? ''}`;
  const existing = open.get(id);
  if (existing) {
    existing.reveal();
    return;
  }
  const cacheDir = datasetCacheDir(context);
  const webviewRoot = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
  const panel = vscode.window.createWebviewPanel('vlaLab.dataset', `Dataset: ${path.basename(target)}`, vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [webviewRoot, vscode.Uri.file(cacheDir)],
    // Frames and charts are rebuilt cheaply, but a reloaded webview would re-ask for its episode.
    retainContextWhenHidden: true,
  });
  panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'resources', 'vla-lab.svg');
  open.set(id, panel);
  const abort = new AbortController();
  let ready = false;
  const post = (msg: DatasetToWebview) => {
    if (ready) void panel.webview.postMessage(msg);
  };
  // The interpreter is resolved when the first read happens: a missing one is one line in the panel.
  let python: string | undefined;
  const readOpts = () => {
    python ??= builtinPython(runnerSettings());
    return { python, cacheDir, signal: abort.signal };
  };
  const session = new DatasetSession(target, {
    post,
    log,
    toUri: (file) => panel.webview.asWebviewUri(vscode.Uri.file(file)).toString(),
    reader: {
      summary: (p, s) => readSummary(p, { ...readOpts(), split: s ?? split, check: checkSummary }),
      list: (p, s) => readSummary(p, { ...readOpts(), split: s ?? split, listOnly: true, check: checkSummary }),
      episode: (p, i, s) => readEpisode(p, i, { ...readOpts(), split: s ?? split, check: checkEpisode }),
      overlay: (p, kind, dim, n, s) => readOverlay(p, kind, dim, n, { ...readOpts(), split: s ?? split, check: checkOverlay }),
    },
  });
  panel.webview.html = panelHtml({
    cspSource: panel.webview.cspSource,
    scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'dataset.js')).toString(),
    styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'dataset.css')).toString(),
    title: `Dataset ${path.basename(target)}`,
    rootId: 'dataset',
  });
  const subscription = panel.webview.onDidReceiveMessage((raw: unknown) => {
    const v = validateDatasetToExtension(raw);
    if (!v.ok) {
      log(`[dataset] dropped a message from the webview: ${v.reason}`);
      return;
    }
    if (v.message.type === 'ready') ready = true;
    void session.handle(v.message);
  });
  panel.onDidDispose(
    () => {
      open.delete(id);
      subscription.dispose();
      abort.abort();
    },
    undefined,
    context.subscriptions,
  );
}
