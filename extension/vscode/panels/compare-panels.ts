/**
 * The Compare runs and Sweep panels: small tables recomputed from the disk on `ready` and when
 * the runs watcher reports a change (the runs' events are re-read; these panels hold a handful of
 * runs' summaries, not curves).
 */
import * as vscode from 'vscode';
import {
  validateCompareToExtension, validateSweepToExtension,
  type CompareToExtension, type CompareToWebview, type SweepToExtension, type SweepToWebview,
} from '../../shared/messages/results';
import { loadRun, metricRows, specDifferences, sweepState, type LoadedRun } from './compare-model';
import { WebviewPanelHost } from './webview';

export interface TablePanelDeps {
  extensionUri: vscode.Uri;
  runsDir: string;
  log: vscode.OutputChannel;
  openResults(runs: string[]): void;
}

const openPanels = new Set<{ refresh(): void; dispose(): void }>();

export function refreshTablePanels(): void {
  for (const p of openPanels) p.refresh();
}

export function disposeTablePanels(): void {
  for (const p of [...openPanels]) p.dispose();
}

export function showCompare(runs: string[], deps: TablePanelDeps): void {
  let last = '';
  const state = (): CompareToWebview => {
    const loaded = runs.map((k) => loadRun(deps.runsDir, k)).filter((r): r is LoadedRun => !!r);
    const { differences, sameCount } = specDifferences(loaded.map((r) => r.spec));
    return { type: 'state', runs: loaded.map((r) => r.summary), differences, sameCount, metrics: metricRows(loaded.map((r) => r.metrics)) };
  };
  const host: WebviewPanelHost<CompareToExtension, CompareToWebview> = new WebviewPanelHost({
    viewType: 'vlaLab.compare', title: `Compare ${runs.length} runs`, bundle: 'compare',
    extensionUri: deps.extensionUri, runsDir: deps.runsDir, log: deps.log,
    validate: validateCompareToExtension,
    onReady: () => {
      const s = state();
      last = JSON.stringify(s);
      host.post(s);
    },
    onMessage: (m) => {
      if (m.type === 'open-results') deps.openResults(m.runs.filter((r) => runs.includes(r)));
    },
  });
  const entry = {
    refresh: () => {
      if (!host.isReady) return;
      const s = state();
      const json = JSON.stringify(s);
      if (json !== last) {
        last = json;
        host.post(s);
      }
    },
    dispose: () => host.dispose(),
  };
  openPanels.add(entry);
  host.onDidDispose(() => openPanels.delete(entry));
}

export function showSweep(sweepId: string, runs: string[], deps: TablePanelDeps, axisOrder?: Record<string, unknown[]>): void {
  let last = '';
  const state = (): SweepToWebview => {
    const loaded = runs.map((k) => loadRun(deps.runsDir, k)).filter((r): r is LoadedRun => !!r);
    return { type: 'state', sweep: sweepId, ...sweepState(sweepId, loaded, axisOrder) };
  };
  const host: WebviewPanelHost<SweepToExtension, SweepToWebview> = new WebviewPanelHost({
    viewType: 'vlaLab.sweep', title: `Sweep ${sweepId}`, bundle: 'sweep',
    extensionUri: deps.extensionUri, runsDir: deps.runsDir, log: deps.log,
    validate: validateSweepToExtension,
    onReady: () => {
      const s = state();
      last = JSON.stringify(s);
      host.post(s);
    },
    onMessage: (m) => {
      if (m.type === 'open-results') deps.openResults(m.runs.filter((r) => runs.includes(r)));
    },
  });
  const entry = {
    refresh: () => {
      if (!host.isReady) return;
      const s = state();
      const json = JSON.stringify(s);
      if (json !== last) {
        last = json;
        host.post(s);
      }
    },
    dispose: () => host.dispose(),
  };
  openPanels.add(entry);
  host.onDidDispose(() => openPanels.delete(entry));
}
