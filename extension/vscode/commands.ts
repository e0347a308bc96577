/**
 * The "VLA Lab: …" commands. Thin: each finds its target (a URI from a menu or CodeLens, a tree
 * node, the active editor, or a pick), guards launches with Workspace Trust, and calls the pure
 * modules / the runner bridge. Errors for users (UserError) become one error notification.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isUserError, UserError } from '../core/errors';
import { isSpecFile } from './language/checks';
import type { DiagnosticsController } from './language/provider';
import { ResultsPanel } from './panels/results-panel';
import { showCompare, showSweep } from './panels/compare-panels';
import * as runner from './runner-bridge';
import { isActive, type RunInfo, type TreeNode } from './runs/model';
import type { RunLogs, RunsController, RunsStatusBar } from './runs/view';
import { runnerSettings, settings, workspaceRoot } from './settings';
import { checkExperimentName, instantiate, listTemplates } from './templates';
import { requireTrust } from './trust';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  log: vscode.OutputChannel;
  runs: RunsController;
  logs: RunLogs;
  status: RunsStatusBar;
  diagnostics: DiagnosticsController;
}

/** Runs a command body; a UserError is shown as one line, anything else is logged with its stack. */
function guarded<A extends unknown[]>(log: vscode.OutputChannel, name: string, fn: (...args: A) => unknown): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      if (isUserError(e)) {
        void vscode.window.showErrorMessage(`VLA Lab: ${e.message}`);
      } else {
        log.appendLine(`[${name}] ${(e as Error).stack ?? String(e)}`);
        void vscode.window.showErrorMessage(`VLA Lab: ${name} failed: ${(e as Error).message} (details in the "VLA Lab" output)`);
      }
    }
  };
}

// ---- finding the target -------------------------------------------------------------------------

async function specTarget(arg: unknown, purpose: string): Promise<vscode.TextDocument | undefined> {
  let uri = arg instanceof vscode.Uri ? arg : undefined;
  const active = vscode.window.activeTextEditor?.document;
  if (!uri && active && isSpecFile(active.fileName)) uri = active.uri;
  if (!uri) {
    // A composer (custom editor) tab is active: use its file.
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input as { uri?: vscode.Uri } | undefined;
    if (tab?.uri && isSpecFile(tab.uri.fsPath)) uri = tab.uri;
  }
  if (!uri) {
    const files = await vscode.workspace.findFiles('**/*.vla.json', '**/{node_modules,runs}/**', 200);
    if (files.length === 0) {
      void vscode.window.showErrorMessage(`VLA Lab: no *.vla.json spec to ${purpose}: create one with "VLA Lab: New Experiment".`);
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
      { title: `Spec to ${purpose}` },
    );
    uri = pick?.uri;
  }
  if (!uri) return undefined;
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.isDirty) await doc.save();
  return doc;
}

function runFromArg(arg: unknown, deps: CommandDeps): RunInfo | undefined {
  const node = arg as TreeNode | undefined;
  if (node && typeof node === 'object' && node.kind === 'run') return deps.runs.index.get(node.info.key) ?? node.info;
  if (typeof arg === 'string') return deps.runs.index.get(arg);
  return undefined;
}

async function pickRun(deps: CommandDeps, title: string, filter: (r: RunInfo) => boolean): Promise<RunInfo | undefined> {
  deps.runs.refresh();
  const runs = deps.runs.allRuns().filter(filter);
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(`VLA Lab: no run to ${title.toLowerCase()}.`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    runs
      .slice()
      .reverse()
      .map((r) => ({ label: r.key, description: r.record.status, detail: r.record.error ?? undefined, run: r })),
    { title, matchOnDescription: true },
  );
  return pick?.run;
}

/** Every checkpoint of a run (the curve) in the checkpoint pick. */
const EVERY_CHECKPOINT = '$(graph-line) Every checkpoint';

/**
 * Which checkpoint of a run to evaluate: with one checkpoint on disk, that one; else a pick of
 * final, latest, best:<metric> for each metric checkpoints/index.json recorded (core/checkpoints,
 * the resolver the CLI's --checkpoint uses), every checkpoint as a curve, and each file.
 */
async function pickEvalCheckpoint(run: RunInfo): Promise<{ checkpoint?: string; everyCheckpoint?: boolean } | undefined> {
  const { checkpointChoices } = await import('../core/checkpoints');
  const choices = checkpointChoices(run.dir);
  const files = new Set(choices.map((c) => c.path));
  if (files.size <= 1) return {};
  const items: (vscode.QuickPickItem & { ref?: string; every?: boolean })[] = [
    ...choices.slice(0, choices.length - files.size).map((c) => ({ label: c.label, description: c.description, ref: c.ref })),
    {
      label: EVERY_CHECKPOINT,
      description: `${files.size} checkpoints, one queued evaluation: success (or avg len) against the step, the best marked`,
      every: true,
    },
    { label: 'files', kind: vscode.QuickPickItemKind.Separator },
    ...choices.slice(choices.length - files.size).map((c) => ({ label: c.label, description: c.description, ref: c.ref })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: `Evaluate ${run.key}: which checkpoint`, matchOnDescription: true });
  if (!pick) return undefined;
  return pick.every ? { everyCheckpoint: true } : { checkpoint: pick.ref };
}

async function pickRuns(deps: CommandDeps, title: string, min: number): Promise<string[] | undefined> {
  deps.runs.refresh();
  const runs = deps.runs.allRuns();
  if (runs.length < min) {
    void vscode.window.showInformationMessage(
      `VLA Lab: ${title} needs at least ${min} run${min > 1 ? 's' : ''} under ${deps.runs.runsDir}.`,
    );
    return undefined;
  }
  const picks = await vscode.window.showQuickPick(
    runs
      .slice()
      .reverse()
      .map((r) => ({ label: r.key, description: `${r.record.status}${r.record.sweep?.id ? ` · ${r.record.sweep.id}` : ''}`, key: r.key })),
    // Ticking several rows takes a while; a webview taking focus meanwhile must not close the pick.
    { title, canPickMany: true, ignoreFocusOut: true },
  );
  if (!picks) return undefined;
  if (picks.length < min) {
    void vscode.window.showInformationMessage(`VLA Lab: pick at least ${min} runs.`);
    return undefined;
  }
  return picks.map((p) => p.key);
}

function openUntitledJson(value: unknown): Thenable<vscode.TextEditor> {
  return vscode.workspace
    .openTextDocument({ language: 'json', content: `${JSON.stringify(value, null, 4)}\n` })
    .then((d) => vscode.window.showTextDocument(d, vscode.ViewColumn.Beside));
}

// ---- registration -------------------------------------------------------------------------------

export function registerCommands(deps: CommandDeps): void {
  const { context, log } = deps;
  const reg = (id: string, name: string, fn: (...args: any[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, guarded(log, name, fn)));
  const panelDeps = () => ({ extensionUri: context.extensionUri, runsDir: deps.runs.runsDir, log, showLog: (k: string) => showLog(k) });
  const openResults = (keys: string[]) => {
    if (keys.length) ResultsPanel.show(keys, panelDeps());
  };
  const showLog = (key: string) => {
    const info = deps.runs.index.get(key);
    if (info) deps.logs.show(info);
  };

  reg('vlaLab.newExperiment', 'New Experiment', async (folderArg?: vscode.Uri) => {
    const templates = listTemplates(context.extensionUri.fsPath);
    if (templates.length === 0)
      throw new UserError(
        `no templates: the extension's examples/ folder (${path.join(context.extensionUri.fsPath, 'examples')}) is missing; reinstall VLA Lab`,
      );
    const t = await vscode.window.showQuickPick(
      templates.map((x) => ({ label: x.label, detail: x.description, t: x })),
      { title: 'New VLA experiment: template', matchOnDetail: true },
    );
    if (!t) return;
    const name = await vscode.window.showInputBox({
      title: 'Experiment name',
      value: t.t.id === 'quickstart' ? 'my-experiment' : t.t.id,
      validateInput: (v) => checkExperimentName(v.trim()),
    });
    if (!name) return;
    const folder =
      folderArg?.fsPath && fs.existsSync(folderArg.fsPath) && fs.statSync(folderArg.fsPath).isDirectory()
        ? folderArg.fsPath
        : workspaceRoot();
    if (!folder) {
      await openUntitledJson(JSON.parse(instantiate(t.t, name.trim())));
      return;
    }
    const file = path.join(folder, `${name.trim()}.vla.json`);
    if (fs.existsSync(file)) {
      const ok = await vscode.window.showWarningMessage(`${path.basename(file)} exists. Overwrite it?`, { modal: true }, 'Overwrite');
      if (ok !== 'Overwrite') return;
    }
    fs.writeFileSync(file, instantiate(t.t, name.trim()));
    await vscode.window.showTextDocument(vscode.Uri.file(file));
  });

  reg('vlaLab.validate', 'Validate', async (arg?: unknown) => {
    const active = vscode.window.activeTextEditor?.document;
    const doc =
      arg instanceof vscode.Uri
        ? await vscode.workspace.openTextDocument(arg)
        : active && deps.diagnostics.kindOf(active)
          ? active
          : await specTarget(undefined, 'validate');
    if (!doc) return;
    if (!deps.diagnostics.kindOf(doc)) {
      void vscode.window.showInformationMessage(
        `VLA Lab: ${path.basename(doc.fileName)} is neither a *.vla.json spec nor a RoboVLMs config.`,
      );
      return;
    }
    deps.diagnostics.check(doc);
    const diags = deps.diagnostics.problems(doc);
    const count = (s: vscode.DiagnosticSeverity) => diags.filter((d) => d.severity === s).length;
    const e = count(vscode.DiagnosticSeverity.Error),
      w = count(vscode.DiagnosticSeverity.Warning);
    if (e + w === 0) {
      void vscode.window.showInformationMessage(
        `VLA Lab: ${path.basename(doc.fileName)} is valid${diags.length ? ` (${diags.length} note${diags.length > 1 ? 's' : ''})` : ''}.`,
      );
    } else {
      const choice = await vscode.window.showWarningMessage(
        `VLA Lab: ${path.basename(doc.fileName)}: ${e} error(s), ${w} warning(s).`,
        'Show Problems',
      );
      if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
    }
  });

  reg('vlaLab.compileToRoboVLMs', 'Compile to RoboVLMs Config', async (arg?: unknown) => {
    const doc = await specTarget(arg, 'compile');
    if (!doc) return;
    const { compileSpec, validateSpecSchema } = await import('../core/robovlms');
    const { parseSpecText } = await import('../core/spec');
    const value = parseSpecText(doc.getText()).value;
    const check = validateSpecSchema(value);
    if (!check.ok) {
      const first = check.errors[0];
      throw new (await import('../core/errors')).UserError(
        `cannot compile: ${first?.instancePath || 'the spec'} ${first?.message ?? 'is invalid'}; fix the problems first`,
      );
    }
    const config = compileSpec(value);
    await openUntitledJson(config);
  });

  reg('vlaLab.importRoboVLMs', 'Import RoboVLMs Config', async (arg?: unknown) => {
    let uri = arg instanceof vscode.Uri ? arg : undefined;
    const active = vscode.window.activeTextEditor?.document;
    if (!uri && active && deps.diagnostics.kindOf(active) === 'robovlms') uri = active.uri;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        title: 'RoboVLMs config to import',
        filters: { 'RoboVLMs config': ['json'] },
        canSelectMany: false,
      });
      uri = picked?.[0];
    }
    if (!uri) return;
    const { importConfig, readConfigFile } = await import('../core/robovlms');
    // The file's text too, so that compiling the spec gives its bytes back (literals, whitespace).
    let text = '';
    const config = readConfigFile(uri.fsPath, { readFile: (p) => (text = fs.readFileSync(p, 'utf8')) });
    const spec = importConfig(config, { fileName: path.basename(uri.fsPath), text });
    const folder = workspaceRoot() ?? path.dirname(uri.fsPath);
    const target = path.join(folder, `${String(spec.name)}.vla.json`);
    if (fs.existsSync(target)) {
      const ok = await vscode.window.showWarningMessage(`${path.basename(target)} exists. Overwrite it?`, { modal: true }, 'Overwrite');
      if (ok !== 'Overwrite') return;
    }
    fs.writeFileSync(target, `${JSON.stringify(spec, null, 2)}\n`);
    await vscode.window.showTextDocument(vscode.Uri.file(target));
  });

  reg('vlaLab.showEffectiveConfig', 'Show Effective Config', async (arg?: unknown) => {
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri || !uri.fsPath.endsWith('.json')) {
      void vscode.window.showErrorMessage('VLA Lab: open a RoboVLMs config (a JSON file with "robovlm_name") first.');
      return;
    }
    const { loadEffectiveConfig } = await import('../core/robovlms');
    const rvPath = settings().robovlmsPath;
    // RoboVLMs opens "parent" relative to where it runs; without its checkout, relative to the file.
    const { config, files } = loadEffectiveConfig(
      uri.fsPath,
      rvPath ? { cwd: rvPath, relativeTo: 'cwd' } : { cwd: path.dirname(uri.fsPath), relativeTo: 'file' },
    );
    await openUntitledJson(config);
    if (files.length > 1)
      void vscode.window.showInformationMessage(`VLA Lab: merged ${files.length} files: ${files.map((f) => path.basename(f)).join(' ← ')}`);
  });

  reg('vlaLab.train', 'Train', async (arg?: unknown) => {
    if (!requireTrust('Training')) return;
    const doc = await specTarget(arg, 'train');
    if (!doc) return;
    const key = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `VLA Lab: launching ${path.basename(doc.fileName)}…` },
      async () => runner.launchTrain(runnerSettings(), doc.fileName, doc.getText()),
    );
    deps.runs.refresh();
    openResults([key]);
    void vscode.window.showInformationMessage(`VLA Lab: queued ${key}.`, 'Show Log').then((c) => c && showLog(key));
  });

  reg('vlaLab.launchSweep', 'Launch Sweep', async (arg?: unknown) => {
    if (!requireTrust('Launching a sweep')) return;
    const doc = await specTarget(arg, 'sweep');
    if (!doc) return;
    const { expansion } = runner.previewSweep(doc.fileName, doc.getText());
    const n = expansion.points.length;
    const notes = [
      expansion.dropped.length ? `${expansion.dropped.length} invalid point(s) dropped` : '',
      expansion.excluded.length ? `${expansion.excluded.length} excluded` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const ok = await vscode.window.showInformationMessage(
      `Launch ${n} run${n === 1 ? '' : 's'} of this sweep${notes ? ` (${notes})` : ''}?`,
      {
        modal: true,
        detail:
          expansion.dropped
            .slice(0, 5)
            .map((d) => `${d.name}: ${d.reasons[0]}`)
            .join('\n') || undefined,
      },
      'Launch',
    );
    if (ok !== 'Launch') return;
    const launched = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `VLA Lab: launching ${n} sweep runs…` },
      async () => runner.launchSweep(runnerSettings(), doc.fileName, doc.getText()),
    );
    deps.runs.refresh();
    showSweep(
      launched.sweepId,
      launched.runs,
      { extensionUri: context.extensionUri, runsDir: deps.runs.runsDir, log, openResults },
      launched.axes,
    );
  });

  reg('vlaLab.evaluate', 'Evaluate', async (arg?: unknown) => {
    if (!requireTrust('Evaluation')) return;
    let run = runFromArg(arg, deps);
    if (!run) {
      // From a spec (CodeLens, editor): the finished runs of its experiment.
      let experiment: string | undefined;
      if (arg instanceof vscode.Uri || (vscode.window.activeTextEditor && isSpecFile(vscode.window.activeTextEditor.document.fileName))) {
        const doc = arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg) : vscode.window.activeTextEditor!.document;
        const m = /"name"\s*:\s*"([^"]+)"/.exec(doc.getText());
        experiment = m?.[1];
      }
      run = await pickRun(
        deps,
        experiment ? `Evaluate a run of ${experiment}` : 'Evaluate a run',
        (r) => r.record.kind !== 'eval' && r.record.status === 'completed' && (!experiment || r.experiment === experiment),
      );
    }
    if (!run) return;
    const target = run;
    const which = await pickEvalCheckpoint(target);
    if (!which) return;
    const key = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `VLA Lab: launching the evaluation of ${target.key}…` },
      async () => runner.evaluate(runnerSettings(), target.key, which),
    );
    deps.runs.refresh();
    openResults([target.key, key]);
  });

  reg('vlaLab.resume', 'Resume', async (arg?: unknown) => {
    if (!requireTrust('Resuming a run')) return;
    const run = runFromArg(arg, deps) ?? (await pickRun(deps, 'Resume a run', (r) => ['failed', 'cancelled'].includes(r.record.status)));
    if (!run) return;
    const target = run;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `VLA Lab: resuming ${target.key}…` },
      async () => runner.resume(runnerSettings(), target.key),
    );
    deps.runs.refresh();
    openResults([target.key]);
  });

  reg('vlaLab.cancel', 'Cancel', async (arg?: unknown) => {
    const run = runFromArg(arg, deps) ?? (await pickRun(deps, 'Cancel a run', (r) => isActive(r) || r.record.status === 'queued'));
    if (!run) return;
    const grace = settings().cancelGraceSeconds;
    const ok = await vscode.window.showWarningMessage(
      `Cancel ${run.key}?`,
      {
        modal: true,
        detail: `The trainer gets SIGTERM (it saves a checkpoint), then SIGKILL after ${grace} s. Resume continues from the last checkpoint.`,
      },
      'Cancel Run',
    );
    if (ok !== 'Cancel Run') return;
    const rec = runner.cancel(runnerSettings(), run.key);
    deps.runs.refresh();
    void vscode.window.showInformationMessage(`VLA Lab: ${run.key} ${rec.status === 'cancelled' ? 'cancelled' : 'is stopping'}.`);
  });

  reg('vlaLab.openResults', 'Open Results', async (arg?: unknown, selected?: unknown[]) => {
    const nodes = (Array.isArray(selected) && selected.length > 1 ? selected : arg ? [arg] : []) as TreeNode[];
    const keys: string[] = [];
    for (const n of nodes) {
      if (typeof n === 'string') keys.push(n);
      else if (n?.kind === 'run') keys.push(n.info.key);
      else if (n?.kind === 'sweep') {
        showSweep(
          n.sweep,
          n.children.flatMap((c) => (c.kind === 'run' ? [c.info.key] : [])),
          { extensionUri: context.extensionUri, runsDir: deps.runs.runsDir, log, openResults },
        );
        return;
      } else if (n?.kind === 'experiment') keys.push(...n.children.flatMap((c) => (c.kind === 'run' ? [c.info.key] : [])).slice(0, 8));
    }
    if (keys.length) return openResults(keys);
    const picked = await pickRuns(deps, 'Open results of', 1);
    if (picked) openResults(picked);
  });

  reg('vlaLab.compareRuns', 'Compare Runs', async (arg?: unknown, selected?: unknown[]) => {
    const fromTree = (Array.isArray(selected) ? selected : []).flatMap((n) =>
      (n as TreeNode)?.kind === 'run' ? [(n as Extract<TreeNode, { kind: 'run' }>).info.key] : [],
    );
    const keys = fromTree.length >= 2 ? fromTree : await pickRuns(deps, 'Compare runs', 2);
    if (keys) showCompare(keys, { extensionUri: context.extensionUri, runsDir: deps.runs.runsDir, log, openResults });
  });

  reg('vlaLab.showGpus', 'Show GPUs', async () => {
    const list = runner.gpus();
    deps.status.gpuCount = list.length;
    deps.runs.refresh();
    const busy = new Map<number, string>();
    for (const r of deps.runs.allRuns()) if (isActive(r)) for (const g of r.record.gpus ?? []) busy.set(g, r.key);
    const queued = deps.runs.allRuns().filter((r) => r.record.status === 'queued').length;
    const items: vscode.QuickPickItem[] = list.length
      ? list.map((g) => ({
          label: `$(${busy.has(g.index) ? 'circle-filled' : 'circle-outline'}) GPU ${g.index}: ${g.name}`,
          description: `${g.memoryUsedMiB}/${g.memoryTotalMiB} MiB${g.utilizationPct !== null ? ` · ${g.utilizationPct}%` : ''}`,
          detail: busy.has(g.index) ? `busy: ${busy.get(g.index)}` : 'free',
        }))
      : [{ label: '$(info) No NVIDIA GPU found (nvidia-smi is missing or lists none): runs use the CPU.' }];
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: `$(list-ordered) ${queued} run(s) queued` });
    await vscode.window.showQuickPick(items, { title: 'GPUs', canPickMany: false });
  });

  reg('vlaLab.openTensorBoardLogdir', 'Open TensorBoard Log Directory', async (arg?: unknown) => {
    const run = runFromArg(arg, deps) ?? (await pickRun(deps, 'TensorBoard log directory of', () => true));
    if (!run) return;
    const dir = runner.tensorboardLogdir(runnerSettings(), run.key);
    if (!dir) return;
    const choice = await vscode.window.showInformationMessage(
      `TensorBoard log directory of ${run.key}: ${dir}`,
      'Reveal in Explorer',
      'Copy tensorboard Command',
    );
    if (choice === 'Reveal in Explorer') await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(dir));
    else if (choice) await vscode.env.clipboard.writeText(`tensorboard --logdir ${JSON.stringify(dir)}`);
  });

  reg('vlaLab.selectInterpreter', 'Select Python Interpreter', async () => {
    if (!requireTrust('Probing Python interpreters')) return;
    const s = runnerSettings();
    const candidates = runner.interpreterCandidates(s);
    const items = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'VLA Lab: probing Python interpreters' },
      async () =>
        candidates.map((p) => {
          const info = runner.probe(p);
          const torch = info?.torch
            ? `torch ${info.torch}${info.cuda ? ' · CUDA' : ' · CPU'}`
            : `no torch${info?.error ? ` (${info.error})` : ''}`;
          return { label: p, description: info ? `Python ${info.version ?? '?'} · ${torch}` : 'cannot be run', path: p };
        }),
    );
    const enter = { label: '$(folder) Enter interpreter path…', description: '', path: '' };
    const pick = await vscode.window.showQuickPick([...items, enter], {
      title: `Python for training (now: ${settings().pythonPath || 'automatic'})`,
    });
    if (!pick) return;
    let chosen = pick.path;
    if (!chosen) {
      const uri = await vscode.window.showOpenDialog({ title: 'Python interpreter', canSelectMany: false });
      chosen = uri?.[0]?.fsPath ?? '';
    }
    if (!chosen) return;
    await vscode.workspace
      .getConfiguration('vlaLab')
      .update(
        'pythonPath',
        chosen,
        vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global,
      );
    void vscode.window.showInformationMessage(`VLA Lab: training uses ${chosen}.`);
  });

  reg('vlaLab.checkEnvironment', 'Check Environment', async () => {
    // The check runs the configured interpreter: in an untrusted workspace that could be the workspace's own.
    if (!requireTrust('Checking the Python environment')) return;
    const { report, lines } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'VLA Lab: checking the environment' },
      async () => runner.checkEnvironment(runnerSettings()),
    );
    log.appendLine('[Check Environment]');
    for (const l of lines) log.appendLine(l);
    log.show(true);
    const missing = report.checks.filter((c) => c.status !== 'ok').map((c) => c.name);
    if (report.ok)
      void vscode.window.showInformationMessage(
        `VLA Lab: the environment is ready (${report.interpreter})${missing.length ? `; optional, missing: ${missing.join(', ')}` : ''}. Details in the "VLA Lab" output.`,
      );
    else void vscode.window.showErrorMessage(`VLA Lab: missing ${missing.join(', ')}: the "VLA Lab" output says how to fix each.`);
  });

  // Tree context actions.
  reg('vlaLab.showRunLog', 'Show Run Log', (arg?: unknown) => {
    const run = runFromArg(arg, deps);
    if (run) deps.logs.show(run);
  });
  reg('vlaLab.revealRunFolder', 'Reveal Run Folder', async (arg?: unknown) => {
    const run = runFromArg(arg, deps);
    if (run) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(run.dir));
  });
  reg('vlaLab.refreshRuns', 'Refresh Runs', () => deps.runs.refresh());
}
