/**
 * A run outlives its editor window: Train in one window, close the window (the browser: what
 * closing a Remote-SSH or code-server window does — the server and the runner's detached processes
 * stay), check on disk that training goes on with no window open, open a new window on the same
 * workspace (a new workbench and a new extension host, which know only the files) and find the run
 * there still live: its results panel says `running`, its step count and loss curve keep moving,
 * and when the run is cancelled from the command line the panel says `cancelled`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION, REPO, VsCode, until } from './harness';
import type { Scenario } from './scenarios';

const LONG_SPEC = `{
  "name": "e2e-reattach",
  "description": "Trains long enough to close and reopen the window while it runs (cancelled by the test).",
  "backend": "builtin",
  "backbone": { "id": "tiny-prefix", "size": "nano" },
  "policy": { "formulation": "policy-head", "action_space": "continuous", "history": 2, "chunk": 2, "head": { "type": "mlp", "hidden": 32, "layers": 1 } },
  "observation": { "image_size": 16, "cameras": ["static"], "proprio": false },
  "data": { "recipe": "finetune", "stages": [ { "name": "finetune", "datasets": [ { "type": "playtable", "tasks": ["open_drawer"], "episodes": 2 } ], "steps": 100000 } ] },
  "train": { "batch_size": 4, "lr": 0.001, "log_every": 5, "val_every": 100000, "checkpoint_every": 100000, "seed": 0 },
  "eval": [],
  "resources": { "launcher": "local", "gpus": 0 }
}
`;

function title(id: string): string {
  const pkg = JSON.parse(readFileSync(join(EXTENSION, 'package.json'), 'utf8')) as {
    contributes: { commands: { command: string; title: string; category?: string }[] };
  };
  const c = pkg.contributes.commands.find((x) => x.command === id);
  if (!c) throw new Error(`package.json contributes no command ${id}`);
  return `${c.category ? `${c.category}: ` : ''}${c.title}`;
}

/** The highest step events.jsonl has logged a training loss for. */
function lastStep(dir: string): number {
  let text = '';
  try {
    text = readFileSync(join(dir, 'events.jsonl'), 'utf8');
  } catch {
    return 0;
  }
  let step = 0;
  for (const line of text.split('\n')) {
    if (!line.includes('"train/loss"')) continue;
    try {
      step = Math.max(step, (JSON.parse(line) as { step: number }).step);
    } catch {
      /* a line being written */
    }
  }
  return step;
}

/** Runs `command`, ticks the row `label` in the multi-select quick pick it opens, and accepts. */
async function pickOne(vs: VsCode, command: string, label: string): Promise<void> {
  const p = vs.page;
  const input = p.locator('.quick-input-widget input[type="text"], .quick-input-widget .quick-input-box input').first();
  for (let attempt = 1; ; attempt++) {
    await vs.command(command);
    try {
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt >= 3)
        throw new Error(`"${command}" did not show its quick pick after ${attempt} attempts (${(e as Error).message.split('\n')[0]})`);
    }
  }
  await input.fill(label);
  const row = p.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 20_000 });
  const checked = () =>
    row.evaluate((r) => r.getAttribute('aria-checked') === 'true' || !!r.querySelector('input[type="checkbox"]:checked'));
  if (!(await checked()))
    await row.locator('.quick-input-list-checkbox, input[type="checkbox"], .monaco-checkbox, .quick-input-list-label').first().click();
  await until(`"${label}" to be checked in the quick pick`, checked, 5_000);
  await input.fill('');
  await p.keyboard.press('Enter');
  await p.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 10_000 });
}

export const REATTACH_SCENARIOS: Scenario[] = [
  {
    name: 'closing and reopening the editor window during a run: the new window shows it live (status, steps, curve) until it is cancelled',
    ownWindow: true,
    requires: () => (existsSync(join(EXTENSION, 'dist', 'extension.js')) ? undefined : 'dist/extension.js is not built'),
    async run() {
      const vs = await VsCode.start({ files: { 'reattach.vla.json': LONG_SPEC } });
      try {
        await vs.openFile('reattach.vla.json');
        await vs.command(title('vlaLab.train'));
        const exp = join(vs.workspace, 'runs', 'e2e-reattach');
        const id = await until(
          'the run folder',
          async () => (existsSync(exp) ? readdirSync(exp).find((d) => !d.startsWith('.')) : undefined),
          60_000,
        );
        const dir = join(exp, id);
        const key = `e2e-reattach/${id}`;
        let frame = await vs.webviewFrame('canvas', 120_000);
        await until(
          'the panel to say running',
          async () =>
            /running/.test(
              await frame
                .locator('.badge.status')
                .first()
                .innerText()
                .catch(() => ''),
            ),
          180_000,
          1_000,
        );
        await until('a few steps', async () => lastStep(dir) >= 10, 180_000, 1_000);

        let closedAt = 0;
        await vs.reopenWindow(async () => {
          // No window open: training goes on (the supervisor and the trainer are detached).
          closedAt = lastStep(dir);
          await until('steps while no window is open', async () => lastStep(dir) >= closedAt + 20, 120_000, 1_000);
        });

        // The new window: open the run's results from the command palette, as a user would.
        await pickOne(vs, title('vlaLab.openResults'), key);
        frame = await vs.webviewFrame('canvas', 120_000);
        const status = frame.locator('.badge.status').first();
        const line = frame.locator('li:has(.badge.status)').first();
        await until('the reopened panel to say running', async () => /running/.test(await status.innerText().catch(() => '')), 60_000, 500);
        const shownStep = async () => Number(/step (\d+)\//.exec(await line.innerText().catch(() => ''))?.[1] ?? 0);
        const first = await until(
          'the panel to show the step count',
          async () => {
            const s = await shownStep();
            return s > closedAt ? s : undefined;
          },
          60_000,
          500,
        );
        const canvas = frame.locator('canvas').first();
        const before = (await canvas.screenshot()).toString('base64');
        await until('the step count to move on in the reopened window', async () => (await shownStep()) >= first + 10, 120_000, 1_000);
        await until(
          'the loss curve to change in the reopened window',
          async () => (await canvas.screenshot()).toString('base64') !== before,
          60_000,
          1_000,
        );

        // Cancelled from elsewhere (the command line): the reopened window follows.
        const cancel = spawnSync(
          process.execPath,
          [join(REPO, 'dist', 'cli.js'), 'cancel', key, '--runs-dir', join(vs.workspace, 'runs')],
          { encoding: 'utf8', timeout: 90_000 },
        );
        if (cancel.status !== 0) throw new Error(`vla-lab cancel failed: ${cancel.stderr}`);
        await until('the panel to say cancelled', async () => /cancelled/.test(await status.innerText().catch(() => '')), 90_000, 500);
      } finally {
        await vs.close();
      }
    },
  },
];
