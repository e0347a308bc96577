/**
 * Each scenario asserts what a user sees. `requires` returns a reason to skip when a part of the
 * product it exercises is not there (printed by main.ts), so a missing part is visible, not silent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION, REPO, VsCode, sleep, until } from './harness';
import { PANEL_SCENARIOS } from './scenarios-panels';
import { PROBE_SCENARIOS } from './scenarios-probe';
import { DATASET_SCENARIOS } from './scenarios-dataset';
import { REATTACH_SCENARIOS } from './scenarios-reattach';

/** Screenshots go to test-results/e2e/ (a test run never edits tracked files); VLA_LAB_E2E_DOCS=1 refreshes docs/images/. */
function screenshotPath(name: string): string {
  return process.env.VLA_LAB_E2E_DOCS === '1' ? join(REPO, 'docs', 'images', name) : join(REPO, 'test-results', 'e2e', name);
}

export interface Scenario {
  name: string;
  /** Files this scenario adds to the shared workspace. */
  files?: Record<string, string>;
  /** A reason to skip, or undefined when everything it needs exists. */
  requires?: () => string | undefined;
  /** Starts its own code-server (e.g. an untrusted one) instead of the shared window. */
  ownWindow?: boolean;
  run(vs: VsCode): Promise<void>;
}

const pkg = () =>
  JSON.parse(readFileSync(join(EXTENSION, 'package.json'), 'utf8')) as {
    contributes?: { commands?: { command: string; title: string; category?: string }[]; customEditors?: unknown[] };
  };

function commandTitle(id: string): string | undefined {
  const c = pkg().contributes?.commands?.find((x) => x.command === id);
  return c ? `${c.category ? `${c.category}: ` : ''}${c.title}` : undefined;
}

function needExtension(): string | undefined {
  if (!existsSync(join(EXTENSION, 'dist', 'extension.js')))
    return 'dist/extension.js is not built (extension/vscode/extension.ts does not exist yet)';
  return undefined;
}

function needCommand(id: string): string | undefined {
  return needExtension() ?? (commandTitle(id) ? undefined : `package.json contributes no command ${id}`);
}

// Plain JSON: the spec format has no comments (Train refuses a spec with errors).
const TINY_SPEC = `{
  "name": "e2e-tiny",
  "description": "Small enough to train on CPU in seconds: a few steps, tiny data, one short evaluation.",
  "backend": "builtin",
  "backbone": { "id": "tiny-prefix", "size": "nano" },
  "policy": {
    "formulation": "policy-head",
    "action_space": "continuous",
    "history": 2,
    "chunk": 2,
    "head": { "type": "mlp", "hidden": 32, "layers": 1 }
  },
  "observation": { "image_size": 16, "cameras": ["static"], "proprio": false },
  "data": {
    "recipe": "finetune",
    "stages": [ { "name": "finetune", "datasets": [ { "type": "playtable", "tasks": ["open_drawer"], "episodes": 2 } ], "steps": 3000 } ]
  },
  "train": { "batch_size": 4, "lr": 0.001, "log_every": 10, "val_every": 1000, "checkpoint_every": 1000, "seed": 0 },
  "eval": [ { "benchmark": "playtable", "chains": 2, "chain_length": 1, "max_steps": 40, "videos": 1 } ],
  "resources": { "launcher": "local", "gpus": 0 }
}
`;

const COMPOSER_SPEC = `{
  // Edited by the composer in the e2e test: this comment must survive.
  "name": "e2e-composer",
  "backbone": { "id": "tiny-prefix", "size": "nano" },
  "policy": {
    "formulation": "policy-head",
    "action_space": "continuous",
    "history": 4,
    "chunk": 4,
    "head": { "type": "lstm", "hidden": 64, "layers": 1 }
  },
  "data": { "stages": [ { "name": "finetune", "datasets": [ { "type": "playtable", "tasks": ["open_drawer"], "episodes": 8 } ], "steps": 100 } ] }
}
`;

const MISTAKE_SPEC = `{
  "name": "e2e-mistake",
  "backbone": { "id": "tiny-xattn", "size": "nano" },
  "policy": {
    "formulation": "interleaved",
    "action_space": "continuous",
    "history": 4,
    "chunk": 4,
    "head": { "type": "mlp" }
  },
  "data": { "stages": [ { "datasets": [ { "type": "playtable", "tasks": ["open_drawer"] } ], "steps": 10 } ] }
}
`;

const COMPLETION_SPEC = `{
  "name": "e2e-completion",
  "policy": {
    "formulation": 
  }
}
`;

export const SCENARIOS: Scenario[] = [
  {
    name: 'the examples workspace opens with its specs in the Explorer',
    files: { 'tiny.vla.json': TINY_SPEC },
    async run(vs) {
      const explorer = vs.page.locator('.explorer-folders-view');
      await until('the Explorer to list tiny.vla.json', async () => (await explorer.innerText()).includes('tiny.vla.json'), 30_000);
      if (existsSync(join(REPO, 'examples')) && (await import('node:fs')).readdirSync(join(REPO, 'examples')).length > 0) {
        await until('the Explorer to list examples/', async () => (await explorer.innerText()).includes('examples'), 10_000);
      }
    },
  },
  {
    name: 'completion inside "formulation": offers the three formulations',
    files: { 'completion.vla.json': COMPLETION_SPEC },
    async run(vs) {
      await vs.openFile('completion.vla.json');
      const p = vs.page;
      // After `"formulation": ` (line 4): the schema's enum, not word-based suggestions.
      await vs.goTo(4);
      await p.keyboard.press('End');
      const labels = await vs.suggestions('the suggest widget to list the formulations', (texts) =>
        texts.some((t) => t.includes('policy-head')),
      );
      for (const f of ['one-step', 'interleaved', 'policy-head']) {
        if (!labels.some((l) => l.includes(f))) throw new Error(`completion lacks ${f}: ${labels.join(', ')}`);
      }
      await p.keyboard.press('Escape');
      // Hovering "policy" (line 3) shows the schema's markdown description.
      await vs.goTo(3, 6);
      await vs.hoverText('the hover on "policy" to show its description', (t) => /2×2 plus history/.test(t) && /policy-head/.test(t));
      await p.keyboard.press('Escape');
    },
  },
  {
    name: 'a spec with a mistake shows it in Problems and the quick fix repairs the text',
    files: { 'mistake.vla.json': MISTAKE_SPEC },
    requires: needExtension,
    async run(vs) {
      await vs.openFile('mistake.vla.json');
      const p = vs.page;
      await vs.command('View: Focus Problems (Errors, Warnings, Infos)');
      const problems = p.locator('.markers-panel .monaco-list-row');
      const row = await until(
        'Problems to show the interleaving mistake',
        async () => {
          const texts = await problems.allInnerTexts();
          return texts.find((t) => /interleav/i.test(t) && /cross-attention|decoder/i.test(t));
        },
        60_000,
        1_000,
      );
      const before = readSpecText(vs, 'mistake.vla.json');
      // Go to the problem (the editor takes the focus) and apply the first quick fix offered.
      await problems
        .filter({ hasText: row.split('\n')[0].slice(0, 30) })
        .first()
        .dblclick();
      await p.locator('.editor-group-container.active .monaco-editor.focused').first().waitFor({ timeout: 10_000 });
      const menu = p.locator('.action-widget .monaco-list-row.action').first();
      await until(
        'the quick fix menu for the interleaving mistake',
        async () => {
          await p.keyboard.press('Escape');
          await vs.focusEditor();
          await p.keyboard.press('Control+.');
          await menu.waitFor({ timeout: 5_000 });
          return true;
        },
        30_000,
        500,
      );
      const applied = await vs.chooseAction((labels) => labels[0]);
      await until(
        `"${applied}" to change the editor's text`,
        async () => !(await vs.editorText()).includes('"interleaved"') || !(await vs.editorText()).includes('"tiny-xattn"'),
        10_000,
      );
      await vs.command('File: Save');
      const after = await until(
        'the quick fix to change the text',
        async () => {
          const t = readSpecText(vs, 'mistake.vla.json');
          return t !== before ? t : undefined;
        },
        20_000,
      );
      const spec = JSON.parse(after.replace(/\/\/.*$/gm, ''));
      const fixed = spec.policy.formulation !== 'interleaved' || spec.backbone.id !== 'tiny-xattn';
      if (!fixed) throw new Error(`the quick fix changed the text but not the mistake:\n${after}`);
      if (/policy-head/.test(applied) && spec.policy.formulation !== 'policy-head')
        throw new Error(`"${applied}" left formulation "${spec.policy.formulation}"`);
      await until(
        'the problem to disappear',
        async () => !(await problems.allInnerTexts()).some((t) => /interleav/i.test(t) && /cross-attention|decoder/i.test(t)),
        30_000,
      );
    },
  },
  {
    name: 'the composer changes the backbone, the JSON text follows, and undo restores it',
    files: { 'composer.vla.json': COMPOSER_SPEC },
    requires: () =>
      needCommand('vlaLab.openComposer') ?? (pkg().contributes?.customEditors ? undefined : 'package.json has no customEditors entry'),
    async run(vs) {
      const p = vs.page;
      await vs.openFile('composer.vla.json');
      await vs.command(commandTitle('vlaLab.openComposer') as string);
      const frame = await vs.webviewFrame('.cards [data-value="tiny-xattn"]', 60_000);
      const card = (v: string) => frame.locator(`.cards [data-value="${v}"]`);
      await until('tiny-prefix to be the selected card', async () => (await card('tiny-prefix').getAttribute('aria-checked')) === 'true');
      // The rules disable interleaving for a cross-attention backbone before you pick it: here the
      // formulation is policy-head, so picking tiny-xattn is allowed.
      await card('tiny-xattn').click();
      await until('tiny-xattn to become selected', async () => (await card('tiny-xattn').getAttribute('aria-checked')) === 'true', 20_000);
      await vs.screenshot(screenshotPath('composer.png'));
      // The JSON text beside shows the change, with the comment intact.
      await frame.locator('[data-key="show-text"]').click();
      const text = await until(
        'the text editor to show tiny-xattn',
        async () => {
          const t = await vs.editorText();
          return t.includes('"tiny-xattn"') ? t : undefined;
        },
        20_000,
      );
      if (!text.includes('this comment must survive')) throw new Error(`the composer's edit lost the comment:\n${text}`);
      // Undo in the text editor restores the backbone, and the composer follows.
      await p.locator('.editor-group-container.active .monaco-editor textarea').first().focus();
      await p.keyboard.press('Control+z');
      await until('undo to restore tiny-prefix in the text', async () => (await vs.editorText()).includes('"tiny-prefix"'), 20_000);
      await until(
        'the composer to follow the undo',
        async () => (await card('tiny-prefix').getAttribute('aria-checked')) === 'true',
        20_000,
      );
      // Redo, then the rules: with a cross-attention backbone the interleaved cells are disabled
      // and say why.
      await p.keyboard.press('Control+Shift+z');
      await until('redo to bring tiny-xattn back', async () => (await card('tiny-xattn').getAttribute('aria-checked')) === 'true', 20_000);
      const interleaved = frame.locator('[data-key="formulation=interleaved/continuous"]');
      await until(
        'interleaved to be disabled with the reason',
        async () => (await interleaved.isDisabled()) && /cross-attention|interleav/i.test(await interleaved.innerText()),
        20_000,
      );
      await vs.command('File: Revert File').catch(() => undefined);
    },
  },
  {
    name: 'Train on a tiny spec runs on CPU; the results panel shows a growing loss curve, the table and a video',
    requires: () =>
      needCommand('vlaLab.train') ??
      (existsSync(join(REPO, 'python', 'vlalab', '__main__.py')) ? undefined : 'the trainer python/vlalab/__main__.py does not exist yet'),
    async run(vs) {
      await vs.openFile('tiny.vla.json');
      await vs.command(commandTitle('vlaLab.train') as string);
      // The results panel opens with a chart; the curve grows while training runs.
      const frame = await vs.webviewFrame('canvas', 120_000);
      const canvas = frame.locator('canvas').first();
      const shots = new Set<string>();
      const started = Date.now();
      while (Date.now() - started < 120_000 && shots.size < 3) {
        const png = await canvas.screenshot().catch(() => undefined);
        if (png) shots.add(png.toString('base64'));
        await sleep(2_000);
      }
      if (shots.size < 3) throw new Error(`the loss chart changed only ${shots.size - 1} time(s) in 2 minutes`);
      // After evaluation: the results table and a rollout video that loads.
      await until('the evaluation table', async () => (await frame.locator('table tr').count()) >= 2, 300_000, 2_000);
      const video = frame.locator('video').first();
      await video.waitFor({ timeout: 120_000 });
      const media = await until(
        'the video to load',
        async () => {
          const m = await video.evaluate((v: HTMLVideoElement) => ({
            ready: v.readyState,
            error: v.error?.message ?? (v.error ? String(v.error.code) : null),
          }));
          if (m.error) throw new Error(`the video failed to load: ${m.error}`);
          return m.ready >= 1 ? m : undefined;
        },
        60_000,
      );
      if (media.ready < 1) throw new Error('the video never loaded');
      await vs.screenshot(screenshotPath('results.png'));
    },
  },
  {
    name: 'an untrusted workspace refuses to launch training and says why',
    ownWindow: true,
    files: {},
    requires: () => needCommand('vlaLab.train'),
    async run() {
      const vs = await VsCode.start({ untrusted: true, files: { 'tiny.vla.json': TINY_SPEC } });
      try {
        const p = vs.page;
        // VS Code asks whether to trust the folder: the user says no (Restricted Mode).
        const no = p.getByRole('button', { name: /don't trust|No, I don/i }).first();
        await no.click({ timeout: 30_000 });
        await vs.openFile('tiny.vla.json');
        // Once the palette lists an ungated VLA Lab command, it would list Train too if allowed.
        await vs.paletteLists(commandTitle('vlaLab.validate') as string, { attempts: 6 });
        const offered = await vs.paletteLists(commandTitle('vlaLab.train') as string, { attempts: 1 });
        if (offered) {
          await vs.command(commandTitle('vlaLab.train') as string);
          const text = await until(
            'a message explaining that training needs trust',
            async () => {
              const t = await vs.notificationsText();
              return /trust/i.test(t) ? t : undefined;
            },
            20_000,
          );
          if (!/trust/i.test(text)) throw new Error(`no explanation: ${text}`);
        } else {
          // Hidden in Restricted Mode (isWorkspaceTrusted when-clause): the status bar says why.
          await p
            .locator('.statusbar-item', { hasText: /Restricted Mode/i })
            .first()
            .waitFor({ timeout: 10_000 });
        }
        if (existsSync(join(vs.workspace, 'runs'))) throw new Error('a run directory was created in an untrusted workspace');
      } finally {
        await vs.close();
      }
    },
  },
  ...PANEL_SCENARIOS,
  ...PROBE_SCENARIOS,
  ...DATASET_SCENARIOS,
  ...REATTACH_SCENARIOS,
];

function readSpecText(vs: VsCode, rel: string): string {
  return readFileSync(join(vs.workspace, rel), 'utf8');
}
