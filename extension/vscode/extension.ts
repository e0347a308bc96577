/**
 * Activation: wires the language features, the runs view and status bar, the commands, the
 * composer and the result panels. Kept thin and cheap — the spec core, RoboVLMs support and the
 * runner load on first use (activation is measured by bench/activation.bench.ts).
 */
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { registerLanguageFeatures } from './language/provider';
import { disposeTablePanels, refreshTablePanels } from './panels/compare-panels';
import { ResultsPanel } from './panels/results-panel';
import * as runner from './runner-bridge';
import { isActive } from './runs/model';
import { RunLogs, RunsController, RunsStatusBar } from './runs/view';
import { runnerSettings, runsDirectory } from './settings';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('VLA Lab');
  context.subscriptions.push(log);

  const diagnostics = registerLanguageFeatures(context, log);

  const runs = new RunsController(runsDirectory(), log);
  const status = new RunsStatusBar();
  const logs = new RunLogs();
  const view = vscode.window.createTreeView('vlaLab.runs', { treeDataProvider: runs, showCollapseAll: true, canSelectMany: true });
  context.subscriptions.push(runs, status, logs, view);

  let lastActive = 0;
  // Queued runs a copied runs folder brought: asked about once each, started only on the user's yes.
  const askedForeign = new Set<string>();
  const askAboutForeign = () => {
    let foreign: string[] = [];
    safe(() => {
      foreign = runner.foreignQueued(runnerSettings()).filter((k) => !askedForeign.has(k));
    }, log);
    if (!foreign.length) return;
    for (const k of foreign) askedForeign.add(k);
    const list = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ', …' : '');
    void vscode.window
      .showWarningMessage(
        `VLA Lab: ${foreign.length} queued run(s) in the runs folder were not queued by you on this machine (${list}), e.g. a copied or committed folder. Start them with your Python interpreter?`,
        'Start Them',
        'Leave Queued',
      )
      .then((choice) => {
        if (choice === 'Start Them')
          safe(() => {
            runner.adoptForeign(runnerSettings());
            runner.drain(runnerSettings());
          }, log);
      });
  };
  runs.onDidRefresh((all) => {
    status.update(all);
    ResultsPanel.pollAll();
    refreshTablePanels();
    const active = all.filter(isActive);
    view.badge = active.length ? { value: active.length, tooltip: `${active.length} run(s) active` } : undefined;
    // Active runs whose processes vanished (kill -9, reboot) are corrected on disk; when a run ends,
    // queued runs may start. Only in a trusted workspace: draining launches processes.
    if (vscode.workspace.isTrusted) {
      for (const r of active) if (r.record.host === undefined || r.record.host === hostname()) safe(() => runner.reconcile(r.dir), log);
      if (active.length < lastActive && all.some((r) => r.record.status === 'queued')) safe(() => runner.drain(runnerSettings()), log);
      if (all.some((r) => r.record.status === 'queued')) askAboutForeign();
    }
    lastActive = active.length;
  });
  status.update(runs.allRuns());

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('vlaLab.runsDirectory')) runs.setRunsDir(runsDirectory());
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => runs.setRunsDir(runsDirectory())),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      // Launch commands become visible through their when-clauses; refresh what depends on trust.
      runs.refresh();
      void vscode.window.showInformationMessage('VLA Lab: the workspace is trusted — training, evaluation and sweeps are available.');
    }),
  );

  registerCommands({ context, log, runs, logs, status, diagnostics });

  // The composer (custom editor for *.vla.json) lives in its own module.
  const beforeComposer = performance.now();
  const composer = await import('./composer');
  composer.registerComposer(context);
  // "VLA Lab: Probe Policy" (its own module; onnxruntime-node loads only when a probe runs).
  const probe = await import('./probe');
  probe.registerProbe(context, runs);
  // "VLA Lab: Open Dataset" (the dataset viewer; Python reads the data when a panel opens).
  const dataset = await import('./dataset');
  dataset.registerDataset(context);
  const done = performance.now();
  log.appendLine(`activated in ${(done - started).toFixed(1)} ms (composer and probe modules ${(done - beforeComposer).toFixed(1)} ms)`);
}

function safe(fn: () => void, log: vscode.OutputChannel): void {
  try {
    fn();
  } catch (e) {
    log.appendLine(`[runs] ${(e as Error).message}`);
  }
}

export function deactivate(): void {
  ResultsPanel.disposeAll();
  disposeTablePanels();
}
