/**
 * A result panel's webview plumbing: options (scripts on, local resources limited to the
 * extension's dist/ and resources/ plus the runs directory), the CSP'd HTML, the `ready`
 * handshake (nothing is posted before it) and validation of EVERY incoming message — unknown or
 * malformed ones are dropped and logged.
 */
import * as vscode from 'vscode';
import type { Validated } from '../../shared/messages';
import { panelHtml } from './html';

export interface PanelOptions<In extends { type: string }> {
  viewType: string;
  title: string;
  /** Bundle name: dist/webview/<bundle>.js (+ .css). */
  bundle: string;
  extensionUri: vscode.Uri;
  runsDir: string;
  log: vscode.OutputChannel;
  validate(msg: unknown): Validated<In>;
  /** Called once per `ready` (a webview that reloads sends it again). */
  onReady(): void;
  onMessage(msg: Exclude<In, { type: 'ready' }>): void;
  column?: vscode.ViewColumn;
}

export class WebviewPanelHost<In extends { type: string }, Out> implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  readonly onDidDispose: vscode.Event<void>;

  constructor(private readonly opts: PanelOptions<In>) {
    const dist = vscode.Uri.joinPath(opts.extensionUri, 'dist');
    const resources = vscode.Uri.joinPath(opts.extensionUri, 'resources');
    this.panel = vscode.window.createWebviewPanel(opts.viewType, opts.title, opts.column ?? vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [dist, resources, vscode.Uri.file(opts.runsDir)],
      // The panel rebuilds its state from the extension on `ready`; no need to keep it in memory hidden.
      retainContextWhenHidden: false,
    });
    this.panel.iconPath = vscode.Uri.joinPath(opts.extensionUri, 'resources', 'vla-lab.svg');
    this.onDidDispose = this.panel.onDidDispose;
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      this.panel.onDidDispose(() => this.dispose()),
      // A hidden webview (retainContextWhenHidden false) is torn down; it says `ready` again when shown.
      this.panel.onDidChangeViewState(() => {
        if (!this.panel.visible) this.ready = false;
      }),
    );
    this.render();
  }

  get isReady(): boolean {
    return this.ready && !this.disposed;
  }

  get webview(): vscode.Webview {
    return this.panel.webview;
  }

  render(): void {
    const w = this.panel.webview;
    const base = vscode.Uri.joinPath(this.opts.extensionUri, 'dist', 'webview');
    this.ready = false;
    w.html = panelHtml({
      cspSource: w.cspSource,
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(base, `${this.opts.bundle}.js`)).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(base, `${this.opts.bundle}.css`)).toString(),
      title: this.opts.title,
      rootId: this.opts.bundle,
    });
  }

  /** Posts when the webview is listening; drops the message otherwise (the next `ready` resends everything). */
  post(msg: Out): boolean {
    if (!this.isReady) return false;
    void this.panel.webview.postMessage(msg);
    return true;
  }

  private receive(raw: unknown): void {
    const checked = this.opts.validate(raw);
    if (!checked.ok) {
      this.opts.log.appendLine(`[${this.opts.viewType}] rejected a webview message: ${checked.reason}`);
      return;
    }
    const msg = checked.message;
    if (msg.type === 'ready') {
      this.ready = true;
      this.opts.onReady();
      return;
    }
    this.opts.onMessage(msg as Exclude<In, { type: 'ready' }>);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
