/**
 * "VLA Lab: Probe Policy" as a user meets it in the (mocked) editor: the command palette offers the
 * runs whose policy can be probed plus "Choose a policy folder…", and a finished built-in run
 * without an export is exported on the spot — through the exporter `vla-lab export` uses, under a
 * progress notification — before the probe panel opens. The interpreter is a stand-in that answers
 * the interpreter probe with the project's Python and fakes `python -m vlalab export-onnx`.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVscodeMock, installVscodeMock } from './vscode-mock';
import { noTorch, PYTHON } from './probe-helpers';
import { writeRunFolder } from './run-folder-helpers';

const root = join(__dirname, '..', '..');

function writeRun(runs: string, exp: string, id: string, record: Record<string, unknown>, exported = false): string {
  const dir = writeRunFolder(runs, exp, id, { record: { created_at: `2024-01-0${id.slice(-1)}T00:00:00Z`, ...record } });
  if (exported) {
    mkdirSync(join(dir, 'export'));
    writeFileSync(join(dir, 'export', 'policy.onnx'), '');
    writeFileSync(join(dir, 'export', 'policy.json'), '{}');
  }
  return dir;
}

/**
 * One activation for the file: extension.ts loads the probe module with a dynamic import, which
 * stays bound to the first mocked `vscode`.
 */
let shared: ReturnType<typeof activate> | undefined;
async function editor() {
  shared ??= activate();
  const e = await shared;
  e.state.messages.length = 0;
  e.state.progress.length = 0;
  e.panels.length = 0;
  e.dialogs.length = 0;
  e.picks.length = 0;
  return e;
}
after(async () => (await shared)?.done());

async function activate() {
  const ws = mkdtempSync(join(tmpdir(), 'vla-probe-cmd-'));
  const runs = join(ws, 'runs');
  const fresh = writeRun(runs, 'tiny', 'run-1', {});
  writeRun(runs, 'tiny', 'run-2', {}, true);
  writeRun(runs, 'tiny', 'run-3', { status: 'failed' });
  writeRun(runs, 'rv', 'run-4', { backend: 'robovlms' });
  // The stand-in interpreter: the real one for the interpreter probe, a fake exporter otherwise.
  const log = join(ws, 'export-argv.txt');
  const python = join(ws, 'python');
  writeFileSync(
    python,
    `#!/bin/sh
case "$3" in
  export-onnx) echo "$@" > '${log}'; mkdir -p "$5/export"; echo '{}' > "$5/export/policy.json"; : > "$5/export/policy.onnx"; echo "exported step 600"; exit 0 ;;
esac
exec '${PYTHON}' "$@"
`,
  );
  chmodSync(python, 0o755);
  const mock = createVscodeMock({ trusted: true, workspace: ws, extensionPath: root, config: { pythonPath: python } });
  const picks: { label: string; description?: string }[][] = [];
  let choose: (items: { label: string }[]) => unknown = () => undefined;
  const panels: string[] = [];
  const dialogs: string[] = [];
  Object.assign(mock.vscode.window, {
    showQuickPick: (items: { label: string; description?: string }[]) => {
      picks.push(items);
      return Promise.resolve(choose(items));
    },
    showOpenDialog: (o: { title: string }) => {
      dialogs.push(o.title);
      return Promise.resolve(undefined);
    },
    createWebviewPanel: (_type: string, title: string) => {
      panels.push(title);
      return {
        webview: {
          cspSource: '',
          asWebviewUri: (u: unknown) => u,
          onDidReceiveMessage: () => ({ dispose() {} }),
          postMessage: () => Promise.resolve(true),
        },
        onDidDispose: () => ({ dispose() {} }),
        dispose() {},
      };
    },
  });
  const uninstall = installVscodeMock(mock.vscode);
  for (const k of Object.keys(require.cache)) if (k.includes('/extension/vscode/')) delete require.cache[k];
  const ext = require('../../extension/vscode/extension') as typeof import('../../extension/vscode/extension');
  await ext.activate(mock.context as never);
  return {
    ...mock,
    ws,
    fresh,
    log,
    picks,
    panels,
    dialogs,
    choose(fn: (items: { label: string }[]) => unknown) {
      choose = fn;
    },
    probe: (arg?: unknown) => mock.state.commands.get('vlaLab.probePolicy')!(arg) as Promise<void>,
    done() {
      for (const d of mock.context.subscriptions) d.dispose();
      ext.deactivate();
      uninstall();
      rmSync(ws, { recursive: true, force: true });
    },
  };
}

test(
  'Probe Policy offers the probeable runs and the folder dialog, and exports a run without an export first',
  { skip: noTorch() },
  async () => {
    const e = await editor();
    try {
      e.choose((items) => items.find((i) => i.label === 'tiny/run-1'));
      await e.probe();
      const items = e.picks[0].filter((i) => i.label !== '');
      // Newest first; the failed run and the RoboVLMs run have no policy to probe; the dialog is last.
      assert.deepEqual(
        items.map((i) => [i.label, i.description]),
        [
          ['tiny/run-2', 'exported'],
          ['tiny/run-1', 'not exported yet: exports it first'],
          ['$(folder) Choose a policy folder…', 'a run folder, its export/ folder, or policy.onnx'],
        ],
      );
      assert.deepEqual(
        e.state.progress.map((p) => p.title),
        ['VLA Lab: exporting the policy of tiny/run-1 to ONNX'],
      );
      assert.deepEqual(e.state.progress[0].messages, ['exported step 600'], "the exporter's output is the notification's message");
      assert.equal(readFileSync(e.log, 'utf8').trim(), `-m vlalab export-onnx --run-dir ${e.fresh}`);
      assert.ok(existsSync(join(e.fresh, 'export', 'policy.json')));
      // Then the panel opens on the run (the stand-in's policy.json is empty, so it says so in one line).
      assert.deepEqual(e.panels, ['Probe: run-1']);
      const errors = e.state.messages.filter((m) => m.level === 'error').map((m) => m.text);
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0], /^VLA Lab: /);
      assert.doesNotMatch(errors[0], /\n/);
    } finally {
      e.choose(() => undefined);
    }
  },
);

test(
  'Probe Policy: "Choose a policy folder…" opens the file dialog; a run with an export opens without exporting',
  { skip: noTorch() },
  async () => {
    const e = await editor();
    try {
      e.choose((items) => items.find((i) => i.label.includes('Choose a policy folder')));
      await e.probe();
      assert.deepEqual(e.dialogs, ['Probe Policy: choose a run folder, its export/ folder, or policy.onnx']);
      assert.deepEqual(e.panels, []);
      e.choose((items) => items.find((i) => i.label === 'tiny/run-2'));
      await e.probe();
      assert.deepEqual(e.state.progress, [], 'nothing exported');
      assert.deepEqual(e.panels, ['Probe: run-2']);
    } finally {
      e.choose(() => undefined);
    }
  },
);

test('Probe Policy on a RoboVLMs run from the runs view says in one line why there is nothing to probe', { skip: noTorch() }, async () => {
  const e = await editor();
  try {
    await e.probe({ kind: 'run', info: { dir: join(e.ws, 'runs', 'rv', 'run-4') } });
    assert.deepEqual(
      e.state.messages.map((m) => [m.level, m.text]),
      [['error', 'VLA Lab: rv/run-4 has no policy to probe: only built-in training runs are exported (this one is a robovlms run).']],
    );
    assert.deepEqual(e.state.progress, []);
    assert.deepEqual(e.panels, []);
  } finally {
    e.choose(() => undefined);
  }
});
