/**
 * The Compare and Sweep panels in a real VS Code, on finished runs written to disk in the runs
 * layout (test/e2e/fixtures.ts): the user runs the command or clicks the Runs view, as they would.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { EXTENSION, REPO, VsCode, sleep, until } from './harness';
import { lossCurve, writeRun, writeSweep, type FixtureRun } from './fixtures';
import type { Scenario } from './scenarios';
import { contrastRatio, flatten, MIN_TEXT_CONTRAST, parseColor, toCss } from '../../webview/src/ui/color';

function screenshotPath(name: string): string {
  return join(REPO, 'test-results', 'e2e', name);
}

function needBuilt(): string | undefined {
  for (const f of ['dist/extension.js', 'dist/webview/compare.js', 'dist/webview/sweep.js']) {
    if (!existsSync(join(EXTENSION, f))) return `${f} is not built (node scripts/build.mjs)`;
  }
  return undefined;
}

/** 8 frames, 128×128, a red block moving 16 px right per frame (test/fixtures/media/make_rollout_gif.py). */
const GIF_FIXTURE = join(REPO, 'test', 'fixtures', 'media', 'rollout.gif');

const TINY = {
  backend: 'builtin',
  backbone: { id: 'tiny-prefix', size: 'nano' },
  policy: { formulation: 'policy-head', action_space: 'continuous', history: 2, chunk: 2, head: { type: 'mlp', hidden: 32, layers: 1 } },
  observation: { image_size: 16, cameras: ['static'], proprio: false },
  data: {
    recipe: 'finetune',
    stages: [{ name: 'finetune', datasets: [{ type: 'playtable', tasks: ['open_drawer'], episodes: 2 }], steps: 240 }],
  },
  train: { batch_size: 4, lr: 0.001, log_every: 20, seed: 0 },
  eval: [{ benchmark: 'playtable', chains: 10, chain_length: 1, max_steps: 40, videos: 0 }],
  resources: { launcher: 'local', gpus: 0 },
};

/** Two finished runs of one experiment that differ in the head and the learning rate. */
export const COMPARE_RUNS: FixtureRun[] = [
  {
    experiment: 'e2e-compare',
    id: '20250115-090000-c0a1',
    spec: TINY,
    trainLoss: lossCurve(1.1, 0.2345),
    valLoss: lossCurve(1.2, 0.3121),
    success: 0.6,
    // A rollout as the trainer writes it without ffmpeg: a GIF from vlalab.sim.video.write_video.
    media: [
      {
        path: 'eval/final/videos/entry-0/chain0000_sub0_open_drawer.gif',
        from: GIF_FIXTURE,
        event: {
          kind: 'video',
          format: 'gif',
          task: 'open_drawer',
          instruction: 'pull the handle to open the drawer',
          success: true,
          steps: 7,
          checkpoint: 'final',
          chain: 0,
          subtask: 0,
        },
      },
    ],
  },
  {
    experiment: 'e2e-compare',
    id: '20250115-093000-c0b2',
    spec: { ...TINY, policy: { ...TINY.policy, head: { type: 'lstm', hidden: 32, layers: 1 } }, train: { ...TINY.train, lr: 0.0003 } },
    trainLoss: lossCurve(1.1, 0.1876),
    valLoss: lossCurve(1.2, 0.2718),
    success: 0.8,
  },
];

/**
 * Runs `command`, then picks these labels in the multi-select quick pick it opens (filtering by
 * each) and accepts. The command is issued again when its pick never becomes visible (a panel
 * that is still loading can take the focus while the palette closes).
 */
export async function pickMany(vs: VsCode, command: string, labels: string[]): Promise<void> {
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
  for (const label of labels) {
    await input.fill(label);
    const row = p.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ timeout: 20_000 });
    // The row says so (aria-checked) or holds a checked checkbox, depending on the VS Code version.
    const checked = () =>
      row.evaluate((r) => r.getAttribute('aria-checked') === 'true' || !!r.querySelector('input[type="checkbox"]:checked'));
    if (!(await checked()))
      await row.locator('.quick-input-list-checkbox, input[type="checkbox"], .monaco-checkbox, .quick-input-list-label').first().click();
    await until(`"${label}" to be checked in the quick pick`, checked, 5_000);
  }
  await input.fill('');
  await p.keyboard.press('Enter');
  await p.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 10_000 });
}

/** Text of the cells of a webview table: rows of [header, ...cells]. */
async function tableRows(frame: Frame, selector: string): Promise<string[][]> {
  return frame
    .locator(`${selector} tr`)
    .evaluateAll((rows) => rows.map((r) => Array.from(r.children).map((c) => (c as HTMLElement).innerText.replace(/\s+/g, ' ').trim())));
}

function column(head: string[], label: string): number {
  const i = head.findIndex((h) => h.startsWith(label));
  if (i < 0) throw new Error(`no column for ${label} in [${head.join(' | ')}]`);
  return i;
}

/** Opens the Runs view and clicks the inline "Open Results" action of the tree row labelled `label` under `parent`. */
async function openFromRunsView(vs: VsCode, parent: string, label: string): Promise<void> {
  const p = vs.page;
  await vs.command('VLA Lab: Focus on Runs View');
  const tree = p
    .locator('.pane', { has: p.locator('.pane-header', { hasText: /Runs/i }) })
    .locator('.monaco-list')
    .first();
  const rowOf = (text: string) => tree.locator('.monaco-list-row', { hasText: text }).first();
  await until(`the Runs view to list ${parent}`, async () => (await rowOf(parent).count()) > 0, 30_000, 500);
  if ((await rowOf(parent).getAttribute('aria-expanded')) !== 'true') await rowOf(parent).click();
  const row = rowOf(label);
  await row.waitFor({ timeout: 20_000 });
  await row.hover();
  await row.locator('.action-label[aria-label^="Open Results"]').first().click();
}

/** The colour themes VS Code ships that a panel must read well in, with the kind the webview's body reports. */
export const THEMES = [
  { name: 'Default Light Modern', kind: 'vscode-light', file: 'light' },
  { name: 'Default Dark Modern', kind: 'vscode-dark', file: 'dark' },
  { name: 'Default High Contrast', kind: 'vscode-high-contrast', file: 'high-contrast' },
  { name: 'Default High Contrast Light', kind: 'vscode-high-contrast-light', file: 'high-contrast-light' },
] as const;

interface TextSample {
  what: string;
  /** Text colour, normalised by the browser ('' when the element gave none). */
  fg: string;
  /** Computed background colours from the element up to <html>. */
  layers: string[];
}

/**
 * Runs in a webview frame: every element under `selector` that shows text of its own, with its
 * colour and the backgrounds behind it, and each chart's text colours (data-* attributes the results panel sets
 * from its chart options). Colours are normalised through a canvas's fillStyle. A string, not a
 * function: the TypeScript loader would wrap inner functions with helpers the page lacks.
 */
const SAMPLE_TEXT = `(selector) => {
  const ctx = document.createElement('canvas').getContext('2d');
  const norm = (c) => { if (!c) return ''; ctx.fillStyle = '#010203'; ctx.fillStyle = c; return ctx.fillStyle === '#010203' ? '' : ctx.fillStyle; };
  const layers = (el) => { const out = []; for (let e = el; e; e = e.parentElement) out.push(getComputedStyle(e).backgroundColor); return out; };
  const ownText = (el) => Array.from(el.childNodes).filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
  const items = [];
  const seen = new Set();
  for (const root of document.querySelectorAll(selector)) {
    for (const el of [root, ...root.querySelectorAll('*')]) {
      if (seen.has(el) || el.closest('option, script, style, canvas')) continue;
      seen.add(el);
      const text = ownText(el);
      const box = el.getBoundingClientRect();
      // Visible text only: screen-reader-only text (1 px, clipped) is not drawn.
      if (!text || box.width <= 1 || box.height <= 1 || getComputedStyle(el).visibility === 'hidden') continue;
      items.push({ what: el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().replace(/ +/g, '.') : '') + ' "' + text.replace(/\\s+/g, ' ').slice(0, 40) + '"', fg: norm(getComputedStyle(el).color), layers: layers(el) });
    }
  }
  for (const c of document.querySelectorAll('canvas[data-tick-color]')) {
    const name = (c.getAttribute('aria-label') || '').split('.')[0];
    for (const k of ['tickColor', 'titleColor', 'legendColor']) items.push({ what: 'chart "' + name + '" ' + k, fg: norm(c.dataset[k]), layers: layers(c) });
  }
  return { kind: document.body.dataset.vscodeThemeKind || '', items };
}`;

/** The samples whose contrast is below WCAG AA (4.5:1), as lines for an error message. */
function lowContrast(samples: TextSample[]): string[] {
  const white = { r: 255, g: 255, b: 255, a: 1 };
  const bad: string[] = [];
  for (const s of samples) {
    const fg = parseColor(s.fg);
    const layers = s.layers.map((l) => parseColor(l) ?? { r: 0, g: 0, b: 0, a: 0 });
    if (!fg) {
      bad.push(`${s.what}: no text colour`);
      continue;
    }
    const bg = flatten(layers, white);
    const ratio = contrastRatio(fg, bg);
    if (!(ratio >= MIN_TEXT_CONTRAST)) bad.push(`${s.what}: ${s.fg} on ${toCss(bg)} = ${ratio.toFixed(2)}:1`);
  }
  return bad;
}

async function sampleText(frame: Frame, selector: string): Promise<{ kind: string; items: TextSample[] }> {
  return frame.evaluate(`(${SAMPLE_TEXT})(${JSON.stringify(selector)})`) as Promise<{ kind: string; items: TextSample[] }>;
}

/** Picks a colour theme with "Preferences: Color Theme", as a user would (the exact name: several start alike). */
async function setColorTheme(vs: VsCode, name: string): Promise<void> {
  const p = vs.page;
  await vs.command('Preferences: Color Theme');
  const input = p.locator('.quick-input-widget input[type="text"], .quick-input-widget .quick-input-box input').first();
  await input.waitFor({ timeout: 10_000 });
  await input.fill(name);
  // A row's aria-label is "<its label>, <theme name>" ("Light Modern, Default Light Modern").
  const rows = p.locator('.quick-input-list .monaco-list-row');
  const labels = await until(
    `the theme picker to list ${name}`,
    async () => {
      const all = await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label') ?? ''));
      return all.some((l) => l === name || l.endsWith(`, ${name}`)) ? all : undefined;
    },
    10_000,
    200,
  );
  await rows.nth(labels.findIndex((l) => l === name || l.endsWith(`, ${name}`))).click();
  await p.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 10_000 });
}

export const PANEL_SCENARIOS: Scenario[] = [
  {
    name: "Compare Runs: the spec differences and both runs' metrics, side by side",
    requires: needBuilt,
    async run(vs) {
      const keys = COMPARE_RUNS.map((r) => writeRun(vs.workspace, r));
      await pickMany(vs, 'VLA Lab: Compare Runs', keys);
      const frame = await vs.webviewFrame('table.diff', 60_000);
      await until('the compare panel to name both runs', async () => (await frame.locator('h1').innerText()) === 'Compare 2 runs');

      // Spec differences: exactly the head type and the learning rate (name is not a difference).
      const diff = await tableRows(frame, 'table.diff');
      const head = diff[0];
      const [a, b] = COMPARE_RUNS.map((r) => column(head, r.id));
      const byPath = new Map(diff.slice(1).map((r) => [r[0], r]));
      const paths = [...byPath.keys()].sort();
      if (paths.join(',') !== 'policy.head.type,train.lr')
        throw new Error(`the spec difference table lists ${paths.join(', ')}; expected policy.head.type and train.lr`);
      const headType = byPath.get('policy.head.type')!;
      const lr = byPath.get('train.lr')!;
      if (headType[a] !== 'mlp' || headType[b] !== 'lstm') throw new Error(`policy.head.type shows ${headType.join(' | ')}`);
      if (lr[a] !== '0.001' || lr[b] !== '0.0003') throw new Error(`train.lr shows ${lr.join(' | ')}`);
      const same = await frame.locator('p.muted', { hasText: 'other fields are the same' }).innerText();
      if (!/^\d+ other fields/.test(same) || Number(same.split(' ')[0]) < 20)
        throw new Error(`the count of identical fields looks wrong: "${same}"`);

      // Metrics of both runs, the better one marked.
      const metrics = new Map(
        (await tableRows(frame, 'table[aria-label="Metrics per run"]'))
          .slice(1)
          .map((r) => [r[0].replace(/ \((lower|higher) is better\)$/, ''), r]),
      );
      const expect = (name: string, va: string, vb: string, best?: 'a' | 'b' | '') => {
        const row = metrics.get(name);
        if (!row) throw new Error(`no metric row "${name}" (rows: ${[...metrics.keys()].join(', ')})`);
        const strip = (s: string) => s.replace(' (best)', '');
        if (strip(row[a]) !== va || strip(row[b]) !== vb) throw new Error(`${name}: shows ${row[a]} / ${row[b]}, expected ${va} / ${vb}`);
        const marked = row[a].includes('(best)') ? 'a' : row[b].includes('(best)') ? 'b' : '';
        if (best !== undefined && marked !== best) throw new Error(`${name}: best marked on "${marked}", expected "${best}"`);
      };
      expect('Final train loss', '0.2345', '0.1876', 'b');
      expect('Final val loss', '0.3121', '0.2718', 'b');
      // The runs' evaluations are single-task (chain length 1): a success rate, never a chain's avg len.
      expect('Success (single task)', '0.600', '0.800', 'b');
      expect('Avg. len', '—', '—', '');
      expect('Steps', '240', '240');
      await vs.screenshot(screenshotPath('compare.png'));
    },
  },
  {
    name: 'Sweep panel: the design-study matrix shows its axes and cells coloured by the chosen metric',
    requires: () =>
      needBuilt() ??
      (existsSync(join(REPO, 'examples', 'design-study.vla.json')) ? undefined : 'examples/design-study.vla.json is missing'),
    async run(vs) {
      // Per point: a train loss and a success rate in different orders; point 4 failed (no evaluation).
      const losses = [0.31, 0.12, 0.25, 0.08, 0.19, 0.27, 0.15, 0.22, 0.1];
      const success = [0.3, 0.7, 0.5, 0.9, 0.4, 0.2, 0.6, 0.8, 0.1];
      const failedIndex = 4;
      const sweep = writeSweep(
        vs.workspace,
        'design-study.vla.json',
        (i) => ({ trainLoss: losses[i % 9], success: success[i % 9] }),
        failedIndex,
      );
      const [rowAxis, colAxis] = Object.keys(sweep.axes);
      await openFromRunsView(vs, sweep.experiment, `sweep ${sweep.sweepId}`);
      const frame = await vs.webviewFrame('table.matrix', 60_000);

      // The axes: rows and columns are the sweep's two axes, in the spec's order.
      const rows = await tableRows(frame, 'table.matrix');
      const head = rows[0];
      if (head[0] !== `${rowAxis} \\ ${colAxis}`)
        throw new Error(`the matrix corner says "${head[0]}", expected "${rowAxis} \\ ${colAxis}"`);
      const wantCols = sweep.axes[colAxis].map(String);
      const wantRows = sweep.axes[rowAxis].map(String);
      if (head.slice(1).join(',') !== wantCols.join(','))
        throw new Error(`columns ${head.slice(1).join(', ')}; expected ${wantCols.join(', ')}`);
      if (
        rows
          .slice(1)
          .map((r) => r[0])
          .join(',') !== wantRows.join(',')
      )
        throw new Error(
          `rows ${rows
            .slice(1)
            .map((r) => r[0])
            .join(', ')}; expected ${wantRows.join(', ')}`,
        );

      /** Per cell: the run's metric text and the cell's background alpha (0 = not coloured). */
      const cells = async () => {
        const out = new Map<string, { text: string; alpha: number }>();
        const rowEls = frame.locator('table.matrix tbody tr');
        for (let i = 0; i < (await rowEls.count()); i++) {
          const tds = rowEls.nth(i).locator('td.cell');
          for (let j = 0; j < (await tds.count()); j++) {
            const info = await tds.nth(j).evaluate((td) => {
              const bg = getComputedStyle(td).backgroundColor;
              const m = bg.match(/rgba?\(([^)]+)\)/);
              const parts = m ? m[1].split(',').map((x) => Number(x.trim())) : [];
              return {
                text: (
                  (td.querySelector('.chip') as HTMLElement | null)?.childNodes[0]?.textContent ?? (td as HTMLElement).innerText
                ).trim(),
                alpha: parts.length === 4 ? parts[3] : parts.length === 3 ? 1 : 0,
              };
            });
            out.set(`${wantRows[i]}|${wantCols[j]}`, info);
          }
        }
        return out;
      };
      const cellOf = (r: (typeof sweep.runs)[number]) => `${String(r.point[rowAxis])}|${String(r.point[colAxis])}`;

      // The single-task success rate (the points' evaluations have chain length 1): the failed run's
      // cell has no value and no colour; the best is strongest.
      await until('the metric selector', async () => (await frame.locator('#metric').count()) > 0);
      await frame.locator('#metric').selectOption({ label: 'Success (single task)' });
      let seen = await until('cells coloured by the single-task success', async () => {
        const c = await cells();
        return [...c.values()].some((x) => x.alpha > 0) ? c : undefined;
      });
      const failed = sweep.runs.find((r) => r.status === 'failed')!;
      const failedCell = seen.get(cellOf(failed))!;
      if (failedCell.text !== '—' || failedCell.alpha !== 0)
        throw new Error(`the failed point's cell shows "${failedCell.text}" with alpha ${failedCell.alpha}; expected "—" and no colour`);
      const ok = sweep.runs.filter((r) => r.success !== null);
      const bestSuccess = ok.reduce((x, y) => (y.success! > x.success! ? y : x));
      const worstSuccess = ok.reduce((x, y) => (y.success! < x.success! ? y : x));
      for (const r of ok) {
        const c = seen.get(cellOf(r))!;
        if (Math.abs(Number(c.text) - r.success!) > 1e-9)
          throw new Error(`cell ${cellOf(r)} shows "${c.text}", expected the success rate ${r.success}`);
        if (!(c.alpha > 0)) throw new Error(`cell ${cellOf(r)} has a value but no colour`);
      }
      if (!(seen.get(cellOf(bestSuccess))!.alpha > seen.get(cellOf(worstSuccess))!.alpha))
        throw new Error('the best success rate is not coloured more strongly than the worst');

      // Choose Final train loss (lower is better): every run has one, the lowest loss is strongest.
      await frame.locator('#metric').selectOption({ label: 'Final train loss' });
      seen = await until('cells to show the final train loss', async () => {
        const c = await cells();
        return c.get(cellOf(failed))?.text === failed.trainLoss.toFixed(4) ? c : undefined;
      });
      const byLoss = sweep.runs.slice().sort((x, y) => x.trainLoss - y.trainLoss);
      for (const r of sweep.runs) {
        const c = seen.get(cellOf(r))!;
        if (c.text !== r.trainLoss.toFixed(4)) throw new Error(`cell ${cellOf(r)} shows "${c.text}", expected ${r.trainLoss.toFixed(4)}`);
      }
      const alphas = byLoss.map((r) => seen.get(cellOf(r))!.alpha);
      for (let i = 1; i < alphas.length; i++) {
        if (!(alphas[i] < alphas[i - 1]))
          throw new Error(
            `colour strength does not fall as the loss rises: ${byLoss.map((r, k) => `${r.trainLoss}→${alphas[k].toFixed(2)}`).join(', ')}`,
          );
      }
      const table = await frame.locator('table.matrix').getAttribute('aria-label');
      if (!/Final train loss/.test(table ?? '') || !/lower is better/.test(table ?? ''))
        throw new Error(`the matrix's label does not name the metric and its direction: "${table}"`);
      await vs.screenshot(screenshotPath('sweep.png'));
    },
  },
  {
    name: 'a GIF rollout plays, pauses and steps frame by frame from buttons and the keyboard',
    requires: () => needBuilt() ?? (existsSync(GIF_FIXTURE) ? undefined : 'test/fixtures/media/rollout.gif is missing'),
    async run(vs) {
      const key = writeRun(vs.workspace, COMPARE_RUNS[0]);
      await vs.command('View: Close All Editors');
      await pickMany(vs, 'VLA Lab: Open Results', [key]);
      const frame = await vs.webviewFrame('figure.clip canvas.gif', 60_000);
      const clip = frame.locator('figure.clip', { has: frame.locator('canvas.gif') }).first();
      const canvas = clip.locator('canvas.gif');
      const position = clip.locator('.time');
      // Decoded and painted (fetched under the panel's CSP): paused on the first frame.
      await until('the GIF to be decoded onto the canvas', async () => (await canvas.getAttribute('data-frame')) === '0', 30_000);
      if ((await position.innerText()) !== 'frame 1 / 8') throw new Error(`the position reads "${await position.innerText()}"`);
      /** Whether the red block (16 px wide steps along y = 60) covers x on the canvas as painted. */
      const redAt = (x: number) =>
        canvas.evaluate((c: HTMLCanvasElement, px: number) => {
          const [r, g, b] = c.getContext('2d')!.getImageData(px, 60, 1, 1).data;
          return r > 180 && g < 80 && b < 80;
        }, x);
      const showing = async (k: number) => {
        await until(`frame ${k + 1} on the canvas`, async () => (await canvas.getAttribute('data-frame')) === String(k), 5_000, 100);
        if ((await position.innerText()) !== `frame ${k + 1} / 8`)
          throw new Error(`the position reads "${await position.innerText()}" on frame ${k + 1}`);
        if (!(await redAt(16 * k + 4)) || (k > 0 && (await redAt(16 * k - 4))))
          throw new Error(`the canvas does not show frame ${k + 1}'s picture`);
      };
      await showing(0);
      // Buttons, by their accessible names.
      const button = (name: string) => clip.getByRole('button', { name, exact: true });
      await button('Next frame').click();
      await showing(1);
      await button('Previous frame').click();
      await showing(0);
      await button('Previous frame').click();
      await showing(0);
      // Keyboard: the figure takes the focus; arrows step, Space plays and pauses.
      if ((await clip.getAttribute('tabindex')) !== '0') throw new Error('the clip is not keyboard-focusable');
      await clip.focus();
      await vs.page.keyboard.press('ArrowRight');
      await vs.page.keyboard.press('ArrowRight');
      await showing(2);
      await vs.page.keyboard.press('ArrowLeft');
      await showing(1);
      await vs.page.keyboard.press('Space');
      await button('Pause').waitFor({ timeout: 5_000 });
      const seen = new Set<string>();
      await until(
        'playback to move through the frames',
        async () => {
          seen.add((await canvas.getAttribute('data-frame')) ?? '');
          return seen.size >= 4;
        },
        10_000,
        30,
      );
      await vs.page.keyboard.press('Space');
      await button('Play').waitFor({ timeout: 5_000 });
      const stopped = await canvas.getAttribute('data-frame');
      await sleep(500);
      if ((await canvas.getAttribute('data-frame')) !== stopped) throw new Error('the GIF kept playing after pause');
      await vs.screenshot(screenshotPath('gif-rollout.png'));
    },
  },
  {
    name: 'Results panel: an evaluation of every checkpoint is a curve per step with intervals and the best checkpoint starred',
    requires: needBuilt,
    async run(vs) {
      // A finished run whose evaluations cover three checkpoints (what an every-checkpoint eval run writes).
      const run: FixtureRun = { experiment: 'e2e-curve', id: '20250115-100000-cv01', spec: TINY, trainLoss: lossCurve(1.1, 0.3) };
      const key = writeRun(vs.workspace, run);
      const dir = join(vs.workspace, 'runs', run.experiment, run.id);
      const result = (step: number, success: number) =>
        JSON.stringify({
          v: 1,
          type: 'eval_result',
          t: 1736935200 + step,
          benchmark: 'playtable',
          checkpoint: `checkpoints/step-${String(step).padStart(7, '0')}.pt`,
          step,
          num_chains: 20,
          chain_length: 1,
          avg_seq_len: success / 20,
          chain_sr: { 1: success / 20 },
          task_info: { open_drawer: { success, total: 20 } },
        });
      appendFileSync(join(dir, 'events.jsonl'), [result(80, 4), result(160, 17), result(240, 15)].join('\n') + '\n');
      await vs.command('View: Close All Editors');
      await pickMany(vs, 'VLA Lab: Open Results', [key]);
      const frame = await vs.webviewFrame('section.curves figure.curve', 60_000);
      const rows = (await tableRows(frame, 'section.curves table.curve-table')).slice(1);
      const want = [
        ['80', 'step-0000080.pt', '20% [8–42%]', '20', ''],
        ['160', 'step-0000160.pt', '85% [64–95%]', '20', '★ best'],
        ['240', 'step-0000240.pt', '75% [53–89%]', '20', 'within noise of the best'],
      ];
      if (JSON.stringify(rows) !== JSON.stringify(want)) throw new Error(`the curve's table reads ${JSON.stringify(rows)}`);
      const verdict = await frame.locator('section.curves figcaption.verdict').innerText();
      if (
        !/^best: step-0000160\.pt at step 160, success 85% \[64–95%\]; within noise of it \(95% intervals overlap\): step 240$/.test(
          verdict,
        )
      )
        throw new Error(`the verdict reads "${verdict}"`);
      if (!(await frame.locator('section.curves canvas').getAttribute('aria-label'))?.includes(verdict))
        throw new Error('the chart does not carry the verdict as its label');
      await vs.screenshot(screenshotPath('checkpoint-curve.png'));
    },
  },
  {
    name: 'themes: results, sweep and compare panels keep text readable (WCAG 4.5:1) in light, dark and high-contrast themes',
    requires: () =>
      needBuilt() ?? (existsSync(join(EXTENSION, 'dist', 'webview', 'results.js')) ? undefined : 'dist/webview/results.js is not built'),
    async run(vs) {
      const keys = COMPARE_RUNS.map((r) => writeRun(vs.workspace, r));
      const key = keys[0];
      const sweep = writeSweep(vs.workspace, 'design-study.vla.json', (i) => ({
        trainLoss: 0.1 + ((i * 7) % 9) / 30,
        success: ((i * 5) % 9) / 8,
      }));
      const panels = [
        {
          name: 'results',
          marker: 'table.single-task-table',
          text: 'main',
          open: async () => {
            await pickMany(vs, 'VLA Lab: Open Results', [key]);
          },
        },
        {
          name: 'sweep',
          marker: 'table.matrix',
          text: 'main',
          open: () => openFromRunsView(vs, sweep.experiment, `sweep ${sweep.sweepId}`),
        },
        {
          name: 'compare',
          marker: 'table.diff',
          text: 'main',
          open: async () => {
            await pickMany(vs, 'VLA Lab: Compare Runs', keys);
          },
        },
      ];
      const problems: string[] = [];
      try {
        // One panel at a time, each through every theme (a webview reloads whenever it is hidden).
        for (const panel of panels) {
          await vs.command('View: Close All Editors');
          await panel.open();
          const frame = await vs.webviewFrame(panel.marker, 60_000);
          for (const theme of THEMES) {
            await setColorTheme(vs, theme.name);
            let last: string[] = [];
            let count = 0;
            try {
              await until(
                `the ${panel.name} panel to take ${theme.name} and read well`,
                async () => {
                  const s = await sampleText(frame, panel.text);
                  if (s.kind !== theme.kind) {
                    last = [`the webview still shows the ${s.kind || 'previous'} theme`];
                    return false;
                  }
                  count = s.items.length;
                  last = lowContrast(s.items);
                  return last.length === 0 && count > 5;
                },
                15_000,
                500,
              );
            } catch {
              problems.push(`${panel.name} panel in ${theme.name} (${count} text samples):\n    ${last.join('\n    ')}`);
            }
            await vs.screenshot(screenshotPath(`theme-${theme.file}-${panel.name}.png`));
          }
        }
      } finally {
        await setColorTheme(vs, THEMES[0].name).catch(() => undefined);
      }
      await vs.command('View: Close All Editors');
      if (problems.length) throw new Error(`text below ${MIN_TEXT_CONTRAST}:1 contrast:\n  ${problems.join('\n  ')}`);
    },
  },
];
