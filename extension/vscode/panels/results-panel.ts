/**
 * The Results panel: one run, or several overlaid. It owns a ResultsFeed; on `ready` it sends the
 * whole state, then polls the runs' files (every 500 ms while a run is active and the panel is
 * visible, and whenever the runs watcher reports a change) and posts only the increments.
 */
import * as vscode from 'vscode';
import {
  validateResultsToExtension,
  type ResultsToExtension,
  type ResultsToWebview,
  type ViewSettings,
} from '../../shared/messages/results';
import { insideDir } from '../runs/files';
import { ResultsFeed } from './results-feed';
import { WebviewPanelHost } from './webview';

const POLL_MS = 500;

export interface ResultsPanelDeps {
  extensionUri: vscode.Uri;
  runsDir: string;
  log: vscode.OutputChannel;
  showLog(run: string): void;
}

export class ResultsPanel implements vscode.Disposable {
  private static readonly open = new Map<string, ResultsPanel>();
  private static lastView: ViewSettings = { x: 'step', smoothing: 0.6 };

  private readonly host: WebviewPanelHost<ResultsToExtension, ResultsToWebview>;
  private feed: ResultsFeed;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** Opens (or reveals) the panel for these runs. */
  static show(runs: string[], deps: ResultsPanelDeps): ResultsPanel {
    const id = [...runs].sort().join('|') + `@${deps.runsDir}`;
    const existing = ResultsPanel.open.get(id);
    if (existing) {
      existing.host.panel.reveal();
      return existing;
    }
    const p = new ResultsPanel(runs, deps, id);
    ResultsPanel.open.set(id, p);
    return p;
  }

  /** The runs watcher saw a change: every open panel reads what is new. */
  static pollAll(): void {
    for (const p of ResultsPanel.open.values()) p.poll();
  }

  static disposeAll(): void {
    for (const p of [...ResultsPanel.open.values()]) p.dispose();
  }

  private constructor(
    readonly runs: string[],
    private readonly deps: ResultsPanelDeps,
    private readonly id: string,
  ) {
    const title = runs.length === 1 ? `Results: ${runs[0]}` : `Results: ${runs.length} runs`;
    this.feed = this.newFeed();
    this.host = new WebviewPanelHost<ResultsToExtension, ResultsToWebview>({
      viewType: 'vlaLab.results',
      title,
      bundle: 'results',
      extensionUri: deps.extensionUri,
      runsDir: deps.runsDir,
      log: deps.log,
      validate: validateResultsToExtension,
      onReady: () => {
        // A fresh webview knows nothing: start from the disk again, send everything.
        this.feed = this.newFeed();
        for (const m of this.feed.init(title)) this.host.post(m);
        this.updateTimer();
      },
      onMessage: (m) => this.handle(m),
    });
    this.host.onDidDispose(() => this.dispose());
    this.host.panel.onDidChangeViewState(() => this.updateTimer());
  }

  private newFeed(): ResultsFeed {
    return new ResultsFeed(this.deps.runsDir, this.runs, {
      mediaSrc: (abs) => this.host.webview.asWebviewUri(vscode.Uri.file(abs)).toString(),
      view: ResultsPanel.lastView,
    });
  }

  private handle(m: Exclude<ResultsToExtension, { type: 'ready' }>): void {
    switch (m.type) {
      case 'set-view':
        ResultsPanel.lastView = m.view;
        for (const out of this.feed.setView(m.view)) this.host.post(out);
        break;
      case 'reveal-run': {
        const dir = this.feed.runDirOf(m.run);
        if (dir) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(dir));
        break;
      }
      case 'open-log':
        if (this.feed.keys.includes(m.run)) this.deps.showLog(m.run);
        break;
      case 'open-media': {
        const dir = this.feed.runDirOf(m.run);
        const file = dir ? insideDir(dir, m.path) : undefined;
        if (file) void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
        break;
      }
    }
  }

  poll(): void {
    if (!this.host.isReady) return;
    try {
      for (const m of this.feed.poll()) this.host.post(m);
    } catch (e) {
      this.deps.log.appendLine(`[results] ${(e as Error).stack ?? String(e)}`);
    }
    this.updateTimer();
  }

  private updateTimer(): void {
    const want = this.host.isReady && this.host.panel.visible && this.feed.active;
    if (want && !this.timer) this.timer = setInterval(() => this.poll(), POLL_MS);
    else if (!want && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    ResultsPanel.open.delete(this.id);
    this.host.dispose();
  }
}
