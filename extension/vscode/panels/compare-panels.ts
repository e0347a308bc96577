/**
 * The Compare runs and Sweep panels: small tables recomputed from the disk on `ready` and when
 * the runs watcher reports a change (the runs' events are re-read; these panels hold a handful of
 * runs' summaries, not curves).
 */
import * as vscode from 'vscode';
import {
  validateCompareToExtension,
  validateSweepToExtension,
  type CompareToExtension,
  type CompareToWebview,
  type SweepToExtension,
  type SweepToWebview,
} from '../../shared/messages/results';
import { loadRun, metricRows, specDifferences, sweepState, type LoadedRun, type StudyView } from './compare-model';
import { manifestDifferences, readManifest } from '../../core/manifest';
import { runDir } from '../runs/files';
import { WebviewPanelHost } from './webview';
import type { Validated } from '../../shared/messages';

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

/**
 * One table panel: posts `state()` after the handshake and again whenever a refresh finds it
 * changed; `open-results` asks for the results of runs this panel shows.
 */
function showTablePanel<In extends { type: string; runs?: string[] }, Out>(
  opts: {
    viewType: string;
    title: string;
    bundle: string;
    validate: (m: unknown) => Validated<In>;
    runs: string[];
    state: () => Out;
    /** The panel's own messages (besides open-results); true: the state changed, post it. */
    onMessage?: (m: In) => boolean;
  },
  deps: TablePanelDeps,
): void {
  let last = '';
  const host: WebviewPanelHost<In, Out> = new WebviewPanelHost({
    viewType: opts.viewType,
    title: opts.title,
    bundle: opts.bundle,
    extensionUri: deps.extensionUri,
    runsDir: deps.runsDir,
    log: deps.log,
    validate: opts.validate,
    onReady: () => {
      const s = opts.state();
      last = JSON.stringify(s);
      host.post(s);
    },
    onMessage: (m) => {
      if (m.type === 'open-results') deps.openResults((m.runs ?? []).filter((r) => opts.runs.includes(r)));
      else if (opts.onMessage?.(m)) entry.refresh();
    },
  });
  const entry = {
    refresh: () => {
      if (!host.isReady) return;
      const s = opts.state();
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

const loadRuns = (runsDir: string, runs: string[]): LoadedRun[] => runs.map((k) => loadRun(runsDir, k)).filter((r): r is LoadedRun => !!r);

export function showCompare(runs: string[], deps: TablePanelDeps): void {
  showTablePanel<CompareToExtension, CompareToWebview>(
    {
      viewType: 'vlaLab.compare',
      title: `Compare ${runs.length} runs`,
      bundle: 'compare',
      validate: validateCompareToExtension,
      runs,
      state: () => {
        const loaded = loadRuns(deps.runsDir, runs);
        const { differences, sameCount } = specDifferences(loaded.map((r) => r.spec));
        const manifests = loaded.map((r) => {
          const dir = runDir(deps.runsDir, r.summary.key);
          return dir ? readManifest(dir).manifest : null;
        });
        const env = manifests.some(Boolean) ? manifestDifferences(manifests) : null;
        return {
          type: 'state',
          runs: loaded.map((r) => r.summary),
          differences,
          sameCount,
          metrics: metricRows(loaded.map((r) => r.metrics)),
          ...(env ? { manifestDifferences: env.differences, manifestSameCount: env.sameCount } : {}),
        };
      },
    },
    deps,
  );
}

export function showSweep(sweepId: string, runs: string[], deps: TablePanelDeps, axisOrder?: Record<string, unknown[]>): void {
  // The study view's metric, task and comparison family; sweepStudy keeps them only where the sweep has them (else its defaults).
  const view: StudyView = {};
  showTablePanel<SweepToExtension, SweepToWebview>(
    {
      viewType: 'vlaLab.sweep',
      title: `Sweep ${sweepId}`,
      bundle: 'sweep',
      validate: validateSweepToExtension,
      runs,
      state: () => ({ type: 'state', sweep: sweepId, ...sweepState(sweepId, loadRuns(deps.runsDir, runs), axisOrder, view) }),
      onMessage: (m) => {
        if (m.type !== 'study-view') return false;
        view.metric = m.metric;
        view.task = m.task;
        view.within = m.within;
        return true;
      },
    },
    deps,
  );
}
