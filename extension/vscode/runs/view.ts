/**
 * The Runs view (`vlaLab.runs`), the status-bar item and per-run log channels. State comes from
 * the disk: a FileSystemWatcher on the runs directory (debounced) plus a 1 s refresh while any
 * run is queued or active, so runs started from the CLI appear within a second.
 */
import * as vscode from 'vscode';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { ByteTail } from '../../core/events/byte-tail';
import { RUN_FILES } from '../../core/runner/paths';
import {
  buildTree,
  describeRun,
  isActive,
  queueCounts,
  runContextValue,
  runLabel,
  RunsIndex,
  runTooltip,
  statusLook,
  type RunInfo,
  type TreeNode,
} from './model';

const DEBOUNCE_MS = 150;
const ACTIVE_REFRESH_MS = 1000;

export class RunsController implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  readonly index: RunsIndex;
  private runs: RunInfo[] = [];
  private tree: TreeNode[] = [];
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly refreshed = new vscode.EventEmitter<RunInfo[]>();
  /** Fires after every refresh that read the disk (panels poll on it). */
  readonly onDidRefresh = this.refreshed.event;
  private watcher: vscode.FileSystemWatcher | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private lastSignature = '';

  constructor(
    runsDir: string,
    private readonly log: vscode.OutputChannel,
  ) {
    this.index = new RunsIndex(runsDir);
    this.watch();
    this.refresh();
  }

  get runsDir(): string {
    return this.index.runsDir;
  }

  setRunsDir(dir: string): void {
    if (dir === this.index.runsDir) return;
    this.index.setRunsDir(dir);
    this.watch();
    this.refresh();
  }

  private watch(): void {
    this.watcher?.dispose();
    const w = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(this.index.runsDir), '**/{run.json,events.jsonl}'),
    );
    const poke = () => this.scheduleRefresh();
    w.onDidCreate(poke);
    w.onDidChange(poke);
    w.onDidDelete(poke);
    this.watcher = w;
  }

  scheduleRefresh(): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.refresh();
    }, DEBOUNCE_MS);
  }

  refresh(): void {
    try {
      this.runs = this.index.refresh();
    } catch (e) {
      this.log.appendLine(`[runs] ${(e as Error).stack ?? String(e)}`);
      return;
    }
    this.tree = buildTree(this.runs);
    // Redraw only when something visible changed.
    const signature = JSON.stringify(this.runs.map((r) => [r.key, r.record.status, describeRun(r), r.record.sweep?.id]));
    if (signature !== this.lastSignature) {
      this.lastSignature = signature;
      this.changed.fire();
    }
    this.refreshed.fire(this.runs);
    const anyActive = this.runs.some((r) => isActive(r) || r.record.status === 'queued');
    if (anyActive && !this.timer) this.timer = setInterval(() => this.refresh(), ACTIVE_REFRESH_MS);
    else if (!anyActive && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  allRuns(): RunInfo[] {
    return this.runs;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.tree;
    return node.kind === 'run' ? [] : node.children;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'experiment') {
      const item = new vscode.TreeItem(
        node.name,
        node.active > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
      );
      item.id = `exp:${node.name}`;
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.description = `${node.children.length} item${node.children.length === 1 ? '' : 's'}${node.active ? ` · ${node.active} active` : ''}`;
      item.contextValue = 'experiment';
      return item;
    }
    if (node.kind === 'sweep') {
      const item = new vscode.TreeItem(
        `sweep ${node.sweep}`,
        node.active > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
      );
      item.id = `sweep:${node.experiment}/${node.sweep}`;
      item.iconPath = new vscode.ThemeIcon('table');
      item.description = `${node.children.length} points${node.active ? ` · ${node.active} active` : ''}`;
      item.contextValue = 'sweep';
      return item;
    }
    const i = node.info;
    const look = statusLook(i.record.status);
    const item = new vscode.TreeItem(runLabel(i), vscode.TreeItemCollapsibleState.None);
    item.id = `run:${i.key}`;
    item.iconPath = new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined);
    item.description = describeRun(i);
    item.contextValue = runContextValue(i);
    // Not trusted, no theme icons, every run string escaped (runTooltip): run folders travel.
    item.tooltip = new vscode.MarkdownString(runTooltip(i), false);
    item.command = { command: 'vlaLab.openResults', title: 'Open Results', arguments: [node] };
    return item;
  }

  getParent(): undefined {
    return undefined;
  }

  dispose(): void {
    if (this.debounce) clearTimeout(this.debounce);
    if (this.timer) clearInterval(this.timer);
    this.watcher?.dispose();
    this.changed.dispose();
    this.refreshed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** The status-bar item: GPUs busy/free and queued runs; clicking shows the GPUs. */
export class RunsStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('vlaLab.status', vscode.StatusBarAlignment.Left, 50);
  gpuCount: number | undefined;

  constructor() {
    this.item.name = 'VLA Lab runs';
    this.item.command = 'vlaLab.showGpus';
  }

  update(runs: readonly RunInfo[]): void {
    const { running, queued, gpusBusy } = queueCounts(runs);
    if (running === 0 && queued === 0 && this.gpuCount === undefined) {
      this.item.hide();
      return;
    }
    const gpu =
      this.gpuCount === undefined
        ? ''
        : this.gpuCount === 0
          ? ' · CPU'
          : ` · GPUs ${gpusBusy.size} busy/${Math.max(0, this.gpuCount - gpusBusy.size)} free`;
    this.item.text = `$(${running ? 'sync~spin' : 'beaker'}) VLA ${running} running${queued ? ` · ${queued} queued` : ''}${gpu}`;
    this.item.tooltip = `VLA Lab: ${running} run(s) active, ${queued} queued. Click to show the GPUs.`;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** One output channel per run, tailing its stdout.log and stderr.log while it is shown. */
export class RunLogs implements vscode.Disposable {
  private readonly channels = new Map<
    string,
    {
      channel: vscode.OutputChannel;
      tails: { name: string; tail: ByteTail; decoder: StringDecoder }[];
      timer: ReturnType<typeof setInterval>;
    }
  >();

  show(info: RunInfo): void {
    let c = this.channels.get(info.key);
    if (!c) {
      const channel = vscode.window.createOutputChannel(`VLA Lab run ${info.key}`);
      const tails = [RUN_FILES.stdout, RUN_FILES.stderr].map((name) => ({
        name,
        tail: new ByteTail(join(info.dir, name), 1 << 20),
        decoder: new StringDecoder('utf8'),
      }));
      const pump = () => {
        for (const t of tails) {
          // A UTF-8 character cut by a read boundary is completed by the next read (StringDecoder).
          for (let i = 0; i < 16; i++) {
            const chunk = t.tail.read();
            if (chunk.restarted) channel.appendLine(`--- ${t.name} was truncated or replaced; reading it again ---`);
            if (chunk.bytes.length) channel.append(t.decoder.write(chunk.bytes));
            if (!chunk.more) break;
          }
        }
      };
      pump();
      c = { channel, tails, timer: setInterval(pump, 1000) };
      this.channels.set(info.key, c);
    }
    c.channel.show(true);
  }

  dispose(): void {
    for (const c of this.channels.values()) {
      clearInterval(c.timer);
      c.channel.dispose();
    }
    this.channels.clear();
  }
}
