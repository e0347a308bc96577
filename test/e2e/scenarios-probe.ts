/**
 * The policy probe panel in a real VS Code, on a run that really was trained and exported: the
 * scenario's setup writes Playtable demonstrations (`python -m vlalab gen-data`), trains a tiny spec
 * a few steps into runs/ of the workspace and exports it (`python -m vlalab export-onnx`). The user
 * then runs "VLA Lab: Probe Policy", chooses "Choose a policy folder…" and the run's policy.onnx in the
 * file dialog, sees the model's inputs and outputs, measures latency, picks the demonstrations
 * folder, and edits the instruction:
 * the predicted chunk is predicted again and redrawn.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Frame } from 'playwright-core';
import { EXTENSION, REPO, VsCode, until } from './harness';
import type { Scenario } from './scenarios';

const PYTHON = process.env.VLA_LAB_PYTHON ?? join(__dirname, '..', '..', '.venv', 'bin', 'python'); // scripts/setup.sh makes it
const RUN = join('runs', 'e2e-probe', '20250301-120000-pr01');
const DEMOS = 'demos';
const TASKS = ['open_drawer', 'move_slider_left'];

function needProbe(): string | undefined {
  for (const f of ['dist/extension.js', 'dist/webview/probe.js']) {
    if (!existsSync(join(EXTENSION, f))) return `${f} is not built (node scripts/build.mjs)`;
  }
  if (!existsSync(join(EXTENSION, 'node_modules', 'onnxruntime-node'))) return 'onnxruntime-node is not installed (npm ci)';
  if (!existsSync(PYTHON)) return `${PYTHON} not found (set VLA_LAB_PYTHON to a Python with torch) to train the run the probe opens`;
  return undefined;
}

/** Demonstrations, then a tiny run trained and exported, inside the window's workspace. */
async function trainAndExport(workspace: string): Promise<{ runDir: string; demos: string }> {
  const run = promisify(execFile);
  const env = { ...process.env, PYTHONPATH: join(REPO, 'python'), OPENBLAS_NUM_THREADS: '1', VLA_LAB_THREADS: '1' };
  const py = async (args: string[]) => {
    try {
      await run(PYTHON, ['-m', 'vlalab', ...args], { env, timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`python -m vlalab ${args[0]} failed: ${(err.stderr ?? err.message).trim().split('\n').slice(-5).join(' | ')}`);
    }
  };
  const demos = join(workspace, DEMOS);
  const runDir = join(workspace, RUN);
  await py(['gen-data', '--out', demos, '--tasks', TASKS.join(','), '--episodes', '1', '--image-size', '32', '--seed', '5']);
  const spec = {
    name: 'e2e-probe',
    backbone: { id: 'tiny-prefix', size: 'nano' },
    policy: { formulation: 'policy-head', action_space: 'continuous', history: 2, chunk: 3, head: { type: 'lstm', hidden: 32, layers: 1 } },
    observation: { image_size: 32, patch_size: 8, cameras: ['static'] },
    data: { stages: [{ name: 'ft', datasets: [{ type: 'playtable', path: demos, tasks: TASKS }], steps: 40 }] },
    train: { batch_size: 8, lr: 0.003, log_every: 10, val_every: 40, checkpoint_every: 40, warmup_steps: 0, seed: 0 },
    eval: [],
  };
  mkdirSync(runDir, { recursive: true });
  const specPath = join(workspace, 'runs', 'e2e-probe', 'spec.input.json');
  writeFileSync(specPath, JSON.stringify(spec));
  await py(['train', '--spec', specPath, '--run-dir', runDir, '--no-eval']);
  await py(['export-onnx', '--run-dir', runDir]);
  return { runDir, demos };
}

/** Picks the row holding `label` in the quick pick that is open. */
async function pickOne(vs: VsCode, label: string): Promise<void> {
  const p = vs.page;
  const input = p.locator('.quick-input-widget input[type="text"], .quick-input-widget .quick-input-box input').first();
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill(label);
  await p.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 20_000 });
  await p.keyboard.press('Enter');
  // Wait for the picked row to go, not for the widget to hide: an item that opens the simple file
  // dialog reuses the same quick-input widget, which then never hides in between (seen under load in CI).
  await p.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Answers VS Code's open dialog (the simple, quick-input one in code-server) with a path. */
export async function answerOpenDialog(vs: VsCode, path: string): Promise<void> {
  const p = vs.page;
  const input = p.locator('.quick-input-widget input[type="text"], .quick-input-widget .quick-input-box input').first();
  await input.waitFor({ timeout: 20_000 });
  await until(
    `the open dialog to accept ${path}`,
    async () => {
      if (!(await p.locator('.quick-input-widget').first().isVisible())) return true;
      await input.fill(path);
      // The simple file dialog filters its listing asynchronously after each edit; Enter before it has
      // taken the typed value accepts the folder it opened on (seen under load in CI), so wait for it.
      await until('the dialog to take the typed path', async () => (await input.inputValue()) === path, 5_000, 100);
      await p.waitForTimeout(600);
      if ((await input.inputValue()) !== path) return false; // the dialog replaced it with its start folder: type again
      await p.keyboard.press('Enter');
      await p.waitForTimeout(700);
      return !(await p.locator('.quick-input-widget').first().isVisible());
    },
    20_000,
    100,
  );
}

async function rowsOf(frame: Frame, selector: string): Promise<string[]> {
  return frame.locator(selector).allInnerTexts();
}

export const PROBE_SCENARIOS: Scenario[] = [
  {
    name: 'Probe Policy on an exported run: inputs/outputs, a latency figure, and the chunk redraws when the instruction changes',
    requires: needProbe,
    async run(vs) {
      const { runDir, demos } = await trainAndExport(vs.workspace);
      // The command offers the probeable runs of the runs view and, last, "Choose a policy folder…".
      // This run was trained by `python -m vlalab train` directly (no run.json, so not in the runs
      // view): the folder item and the file dialog reach its policy.onnx.
      await vs.command('VLA Lab: Probe Policy');
      await pickOne(vs, 'Choose a policy folder');
      await answerOpenDialog(vs, join(runDir, 'export', 'policy.onnx'));

      // The model's description: the inputs and outputs with their shapes.
      const frame = await vs.webviewFrame('section.info table', 60_000);
      const info = await frame.locator('section.info').innerText();
      for (const want of ['images', '[1, 2, 1, 3, 32, 32]', 'tokens', 'attention_mask', 'arm', '[1, 2, 3, 6]', 'gripper', 'continuous']) {
        if (!info.includes(want)) throw new Error(`the probe's model description lacks "${want}":\n${info}`);
      }

      // Latency: a p50 figure in the table and a verdict against the run's control rate (its Playtable eval entry: 15 Hz).
      await frame.locator('input[aria-label="timed runs"]').fill('40');
      await frame.locator('button', { hasText: 'Measure latency' }).click();
      const latency = await until(
        'a latency figure',
        async () => {
          const rows = await rowsOf(frame, 'section:has(h2:text("Latency")) table tr');
          return rows.find((r) => /^CPU/.test(r.trim()));
        },
        60_000,
      );
      if (!/\d+(\.\d+)? (ms|µs)/.test(latency) || !/keeps up|too slow/.test(latency))
        throw new Error(`the latency row has no figure and verdict: ${latency}`);

      // The demonstrations: the folder dialog, then the instruction probe draws the first frame.
      await frame.locator('button', { hasText: 'Choose demonstrations' }).click();
      await answerOpenDialog(vs, demos);
      await until(
        'the segments of the demonstrations',
        async () => (await frame.locator('select[aria-label="segment"] option').count()) >= 2,
        30_000,
      );
      const chunkRows = () => rowsOf(frame, 'table.chunk tr.predicted');
      const first = await until(
        'the predicted chunk of the first frame',
        async () => {
          const rows = await chunkRows();
          return rows.length === 3 ? rows : undefined;
        },
        30_000,
      );
      const tokensBefore = await frame.locator('.probe p.note').innerText();
      const canvas = frame.locator('.probe canvas');
      const shotBefore = (await canvas.screenshot()).toString('base64');
      const instruction = frame.locator('input[aria-label="instruction"]');
      const original = await instruction.inputValue();
      if (!original) throw new Error("the instruction field did not take the segment's instruction");

      // Editing the instruction predicts again: new tokens, a different chunk, a redrawn canvas.
      await instruction.fill('slide the door of the cabinet to the left');
      const tokensAfter = await until(
        'the tokens of the new instruction',
        async () => {
          const t = await frame.locator('.probe p.note').innerText();
          return t !== tokensBefore ? t : undefined;
        },
        30_000,
      );
      if (!/^tokens \[/.test(tokensAfter)) throw new Error(`unexpected tokens line: ${tokensAfter}`);
      const second = await until(
        'the chunk to change with the instruction',
        async () => {
          const rows = await chunkRows();
          return rows.length === 3 && rows.join('\n') !== first.join('\n') ? rows : undefined;
        },
        30_000,
      );
      await until('the canvas to be redrawn', async () => (await canvas.screenshot()).toString('base64') !== shotBefore, 10_000);
      await vs.screenshot(join(REPO, 'test-results', 'e2e', 'probe.png'));
      if (second.some((r) => !/open|closed/.test(r))) throw new Error(`chunk rows without a gripper state: ${second.join(' / ')}`);
    },
  },
];
