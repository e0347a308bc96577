/**
 * The extension wired into a (hand-written, minimal) `vscode`: activation registers exactly the
 * commands package.json contributes, plus the runs view, the composer and the diagnostics; the
 * manifest hides launching commands outside trusted workspaces and activates lazily; and in an
 * untrusted workspace the launching commands refuse, say why, and offer to manage trust.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVscodeMock, installVscodeMock } from './vscode-mock';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const LAUNCHING = ['vlaLab.train', 'vlaLab.evaluate', 'vlaLab.resume', 'vlaLab.launchSweep'];
const GATED = [...LAUNCHING, 'vlaLab.probePolicy', 'vlaLab.openDataset'];

async function activated(trusted: boolean) {
  const ws = mkdtempSync(join(tmpdir(), 'vla-ws-'));
  const mock = createVscodeMock({ trusted, workspace: ws, extensionPath: root });
  const uninstall = installVscodeMock(mock.vscode);
  // A fresh copy of the extension per test (module state such as open panels is per activation).
  for (const k of Object.keys(require.cache)) if (k.includes('/extension/vscode/')) delete require.cache[k];
  const ext = require('../../extension/vscode/extension') as typeof import('../../extension/vscode/extension');
  await ext.activate(mock.context as never);
  return {
    ...mock,
    ws,
    ext,
    done() {
      for (const d of mock.context.subscriptions) d.dispose();
      ext.deactivate();
      uninstall();
      rmSync(ws, { recursive: true, force: true });
    },
  };
}

test('activation registers every contributed command, the runs view, the composer and the diagnostics', async () => {
  const a = await activated(true);
  try {
    const contributed = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    assert.deepEqual([...a.state.commands.keys()].sort(), contributed);
    assert.deepEqual(a.state.treeViews, ['vlaLab.runs']);
    assert.deepEqual(a.state.customEditors, ['vlaLab.composer']);
    assert.deepEqual(a.state.diagnosticCollections, ['vlaLab']);
    assert.ok(a.state.logLines.some((l) => /^activated in [0-9.]+ ms/.test(l)));
  } finally {
    a.done();
  }
});

test('the manifest: titles in the VLA Lab category, trust-gated launches, lazy activation, schemas, settings', () => {
  const cmds = pkg.contributes.commands as { command: string; title: string; category: string }[];
  const titles = Object.fromEntries(cmds.map((c) => [c.command, c.title]));
  for (const [id, title] of Object.entries({
    'vlaLab.newExperiment': 'New Experiment',
    'vlaLab.openComposer': 'Open Composer',
    'vlaLab.validate': 'Validate',
    'vlaLab.compileToRoboVLMs': 'Compile to RoboVLMs Config',
    'vlaLab.importRoboVLMs': 'Import RoboVLMs Config',
    'vlaLab.showEffectiveConfig': 'Show Effective Config',
    'vlaLab.train': 'Train',
    'vlaLab.evaluate': 'Evaluate',
    'vlaLab.resume': 'Resume',
    'vlaLab.cancel': 'Cancel',
    'vlaLab.openResults': 'Open Results',
    'vlaLab.compareRuns': 'Compare Runs',
    'vlaLab.launchSweep': 'Launch Sweep',
    'vlaLab.showGpus': 'Show GPUs',
    'vlaLab.openTensorBoardLogdir': 'Open TensorBoard Log Directory',
    'vlaLab.selectInterpreter': 'Select Python Interpreter',
  }))
    assert.equal(titles[id], title, id);
  assert.ok(cmds.every((c) => c.category === 'VLA Lab'));
  const menus = pkg.contributes.menus as Record<string, { command: string; when?: string }[]>;
  for (const id of GATED) {
    const entries = Object.values(menus)
      .flat()
      .filter((m) => m.command === id);
    assert.ok(
      entries.some((m) => menus.commandPalette.includes(m)),
      `${id} has a commandPalette when-clause`,
    );
    for (const m of entries) assert.match(m.when ?? '', /isWorkspaceTrusted/, `${id} is shown without trust: ${m.when}`);
  }
  for (const m of menus['editor/title']) assert.match(m.when ?? '', /resourceFilename =~ \/\\\.vla\\\.json\$\//);
  assert.ok(!pkg.activationEvents.includes('onLanguage:json'), 'onLanguage:json would activate on every JSON file');
  assert.ok(pkg.activationEvents.includes('workspaceContains:**/*.vla.json'));
  const schemas = (pkg.contributes.jsonValidation as { url: string }[]).map((j) => j.url);
  // Hints-only schemas (completions, hovers): our checker alone reports problems (vscode-json-contributions.test.ts).
  assert.deepEqual(schemas, ['./schemas/generated/experiment.hints.json', './schemas/generated/robovlms-config.hints.json']);
  for (const s of schemas) assert.ok(existsSync(join(root, s)), `${s} ships`);
  for (const s of [
    'pythonPath',
    'runsDirectory',
    'robovlms.path',
    'robovlms.python',
    'robovlmsConfigGlob',
    'maxConcurrentRuns',
    'cancelGraceSeconds',
  ]) {
    assert.ok(pkg.contributes.configuration.properties[`vlaLab.${s}`], `setting vlaLab.${s}`);
  }
  for (const s of ['vlaLab.pythonPath', 'vlaLab.robovlms.path', 'vlaLab.robovlms.python'])
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(s));
  assert.ok(existsSync(join(root, pkg.contributes.viewsContainers.activitybar[0].icon)), 'the activity-bar icon ships');
});

test('in an untrusted workspace the launching commands refuse, say why, and offer Manage Workspace Trust', async () => {
  const a = await activated(false);
  try {
    const spec = join(a.ws, 'tiny.vla.json');
    writeFileSync(spec, '{ "name": "tiny" }');
    a.state.answer = 'Manage Workspace Trust';
    for (const id of LAUNCHING) {
      a.state.messages.length = 0;
      await a.vscode.commands.executeCommand(id, a.vscode.Uri.file(spec));
      const m = a.state.messages.find((x) => /trust/i.test(x.text));
      assert.ok(m, `${id}: no message about trust (${JSON.stringify(a.state.messages)})`);
      assert.deepEqual(m.items, ['Manage Workspace Trust']);
      await new Promise((r) => setImmediate(r));
      assert.ok(a.state.executed.includes('workbench.trust.manage'), `${id}: the action opens the trust editor`);
    }
    assert.ok(!existsSync(join(a.ws, 'runs')), 'nothing was launched');
  } finally {
    a.done();
  }
});
