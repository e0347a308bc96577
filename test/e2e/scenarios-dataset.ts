/**
 * The dataset viewer in a real VS Code: the scenario writes Playtable demonstrations into the
 * workspace (`python -m vlalab gen-data`: two tasks, two episodes each, and a validation split), the
 * user runs "VLA Lab: Open Dataset" and picks the folder: the panel lists the four training
 * episodes with their instructions, shows the first one's camera frames and action chart, one action
 * dimension across the episodes, the per-dimension statistics (the gripper's -1/1 values), plays the episode, opens another
 * episode and switches to the validation split; a folder that is no dataset is one line in the panel.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EXTENSION, REPO, until } from './harness';
import { answerOpenDialog } from './scenarios-probe';
import type { Frame } from 'playwright-core';
import type { Scenario } from './scenarios';

const PYTHON = process.env.VLA_LAB_PYTHON ?? join(__dirname, '..', '..', '.venv', 'bin', 'python'); // scripts/setup.sh makes it
const TASKS = ['open_drawer', 'push_red_block_left'];

function needViewer(): string | undefined {
  for (const f of ['dist/extension.js', 'dist/webview/dataset.js']) {
    if (!existsSync(join(EXTENSION, f))) return `${f} is not built (node scripts/build.mjs)`;
  }
  if (!existsSync(PYTHON)) return `${PYTHON} not found (set VLA_LAB_PYTHON to a Python with VLA Lab's packages) to write the dataset`;
  return undefined;
}

/** Screenshots go to test-results/e2e/; VLA_LAB_E2E_DOCS=1 refreshes docs/images/. */
const shotPath = (name: string) =>
  process.env.VLA_LAB_E2E_DOCS === '1' ? join(REPO, 'docs', 'images', name) : join(REPO, 'test-results', 'e2e', name);

const FIXTURES = join(REPO, 'test', 'fixtures');
/** Saturated pixels an action chart with its lines drawn has at least (an empty chart: the cursor line only). */
const CHART_PIXELS = 2000;

/**
 * Opens `dir` with "VLA Lab: Open Dataset" in a window with no other editor and checks what a user
 * sees: the facts line, the conventions line under it (what the data's actions and state say per
 * field against the declared convention; no contradiction warning), the episode rows (index, length,
 * instruction, in the dataset's order), the first episode's camera frames at their size and its
 * action chart drawn (pixels on the canvas).
 */
async function openAndCheck(
  vs: Parameters<Scenario['run']>[0],
  dir: string,
  want: { facts: RegExp[]; conventions: RegExp[]; episodes: [string, number][]; cameras: number; size: number },
): Promise<Frame> {
  await vs.command('View: Close All Editors');
  await vs.command('VLA Lab: Open Dataset');
  await answerOpenDialog(vs, dir);
  const frame = await vs.webviewFrame('.episode-row', 60_000);
  const rows = await until(
    `${want.episodes.length} episode rows`,
    async () => {
      const r = await frame.locator('.episode-row').allInnerTexts();
      return r.length === want.episodes.length ? r : undefined;
    },
    30_000,
  );
  want.episodes.forEach(([instruction, length], i) => {
    const row = rows[i].replace(/\s+/g, ' ').trim();
    if (!row.startsWith(`#${i} ${length} ${instruction}`)) throw new Error(`row ${i} says "${row}", not #${i} ${length} ${instruction}`);
  });
  const facts = await frame.locator('.facts').innerText();
  for (const f of want.facts) if (!f.test(facts)) throw new Error(`the dataset line lacks ${f}: ${facts}`);
  const conventions = await frame.locator('.conventions').innerText();
  for (const c of want.conventions) if (!c.test(conventions)) throw new Error(`the conventions line lacks ${c}: ${conventions}`);
  const contradictions = await frame.locator('.convention-contradiction').count();
  if (contradictions) throw new Error(`${contradictions} convention contradiction warning(s) on a consistent dataset`);
  await until(
    `${want.cameras} cameras to show a ${want.size} px frame`,
    async () => {
      const widths = await frame.locator('.camera img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
      return widths.length === want.cameras && widths.every((w) => w === want.size);
    },
    30_000,
  );
  if (!/^#0 ·/.test(await frame.locator('.episode-title').innerText())) throw new Error('the first episode is not the one on show');
  // The action chart: its lines are drawn in the series colours, so the plot area (below the legend,
  // whose colour boxes are small) holds thousands of saturated pixels; axes and grid are grey.
  const coloured = () =>
    frame.locator('canvas[aria-label="actions over the episode"]').evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const top = Math.floor(canvas.height / 4);
      const px = canvas.getContext('2d')?.getImageData(0, top, canvas.width, canvas.height - top).data ?? new Uint8ClampedArray();
      let n = 0;
      for (let i = 0; i < px.length; i += 4)
        if (px[i + 3] > 200 && Math.max(px[i], px[i + 1], px[i + 2]) - Math.min(px[i], px[i + 1], px[i + 2]) > 80) n++;
      return n;
    });
  await until('the action chart to be drawn', async () => (await coloured()) > CHART_PIXELS, 20_000).catch(async (e: Error) => {
    throw new Error(`${e.message}: ${await coloured()} coloured pixels in the action chart's plot area`);
  });
  console.log(`    action chart: ${await coloured()} coloured pixels`);
  return frame;
}

export const DATASET_SCENARIOS: Scenario[] = [
  {
    name: 'Open Dataset on generated Playtable data: episodes with instructions, frames, action chart, statistics, playback, another episode and split',
    requires: needViewer,
    async run(vs) {
      const dir = join(vs.workspace, 'datasets', 'playtable-e2e');
      const env = { ...process.env, PYTHONPATH: join(REPO, 'python'), OPENBLAS_NUM_THREADS: '1' };
      await promisify(execFile)(
        PYTHON,
        ['-m', 'vlalab', 'gen-data', '--out', dir, '--tasks', TASKS.join(','), '--episodes', '2', '--image-size', '48', '--seed', '3'],
        { env, timeout: 300_000 },
      ).catch((e: { stderr?: string; message: string }) => {
        throw new Error(`gen-data failed: ${(e.stderr ?? e.message).trim().split('\n').slice(-3).join(' | ')}`);
      });

      await vs.command('VLA Lab: Open Dataset');
      await answerOpenDialog(vs, dir);

      // The episode list: the four training episodes, each with its instruction and length.
      const frame = await vs.webviewFrame('.episode-row', 60_000);
      const rows = await until(
        'four episode rows',
        async () => {
          const r = await frame.locator('.episode-row').allInnerTexts();
          return r.length === 4 ? r : undefined;
        },
        30_000,
      );
      if (!rows.some((r) => /drawer/i.test(r)) || !rows.some((r) => /block/i.test(r)))
        throw new Error(`the episodes lack the tasks' instructions:\n${rows.join('\n')}`);
      if (!rows.every((r) => /#\d+\s+\d+/.test(r))) throw new Error(`an episode row lacks its index and length:\n${rows.join('\n')}`);
      const facts = await frame.locator('.facts').innerText();
      if (
        !/CALVIN layout/.test(facts) ||
        !/split training/.test(facts) ||
        !/4 episodes/.test(facts) ||
        !/control rate 15 Hz \(Playtable's \(playtable\.json\)\)/.test(facts)
      )
        throw new Error(`the dataset line says: ${facts}`);

      // The first episode: two cameras' frames loaded, the action chart, the frame label.
      await until(
        'both cameras to show a frame',
        async () => {
          const widths = await frame.locator('.camera img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
          return widths.length === 2 && widths.every((w) => w === 48);
        },
        30_000,
      );
      const label = frame.locator('.frame-label');
      const first = await label.innerText();
      if (!/^1 \/ \d+/.test(first)) throw new Error(`the frame label says: ${first}`);

      // Statistics (they follow the list, which came from the split's index files): a histogram per
      // action dimension and the gripper's two values.
      await until('one histogram per action dimension', async () => (await frame.locator('.histograms canvas').count()) >= 7, 60_000);
      if ((await frame.locator('.histograms').first().locator('canvas').count()) !== 7)
        throw new Error('there is not one histogram per action dimension');
      const gripper = await frame.locator('table.stats-table').first().locator('tr', { hasText: 'gripper' }).innerText();
      if (!/-1 \(\d+%\), 1 \(\d+%\)/.test(gripper)) throw new Error(`the gripper row does not show its -1/1 values: ${gripper}`);
      // With the statistics, the conventions line: Playtable's built-in convention confirmed by its data.
      const conventions = await frame.locator('.conventions').innerText();
      if (!/against built-in: mode delta ✓ .* gripper closed -1 \/ open 1 ✓$/.test(conventions))
        throw new Error(`the conventions line says: ${conventions}`);
      // One dimension across the episodes (all four here), the episode on show highlighted.
      await until(
        'the across-episodes chart',
        async () =>
          /^action x: 4 of 4 episodes \(evenly spaced\), #0 highlighted/.test(await frame.locator('.overlay p.muted').innerText()),
        30_000,
      );
      await vs.screenshot(shotPath('dataset-viewer.png'));
      await frame.locator('section.overlay').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await vs.screenshot(shotPath('dataset-viewer-statistics.png'));
      await frame.locator('.episode-title').scrollIntoViewIfNeeded();

      // Play moves the frame; pause stops it.
      await frame.locator('vscode-button', { hasText: 'Play' }).click();
      await until('playback to advance the frame', async () => (await label.innerText()) !== first, 10_000);
      await frame.locator('vscode-button', { hasText: 'Pause' }).click();

      // Another episode, then the validation split.
      await frame.locator('.episode-row').nth(2).click();
      await until(
        'episode #2 to open',
        async () =>
          /^#2 ·/.test(await frame.locator('.episode-title').innerText()) && /Episode 2:/.test(await frame.locator('.status').innerText()),
        30_000,
      );
      await frame.locator('vscode-dropdown[aria-label="split"]').evaluate((d) => {
        (d as HTMLElement & { value: string }).value = 'validation';
        d.dispatchEvent(new Event('change'));
      });
      await until(
        'the validation split',
        async () =>
          /split validation/.test(await frame.locator('.facts').innerText()) && (await frame.locator('.episode-row').count()) === 2,
        30_000,
      );

      // The search narrows the list (one episode per task in the validation split).
      await frame.locator('vscode-text-field.search input').fill('drawer');
      await until(
        'the search to keep the drawer episode',
        async () => {
          const r = await frame.locator('.episode-row').allInnerTexts();
          return r.length === 1 && /drawer/i.test(r[0]);
        },
        10_000,
      );

      // A folder that is no dataset: one line in a new panel, no stack trace.
      await vs.command('VLA Lab: Open Dataset');
      await answerOpenDialog(vs, join(vs.workspace, 'examples'));
      const bad = await vs.webviewFrame('.status.error', 60_000);
      const line = await bad.locator('.status.error').innerText();
      if (!/examples is not a dataset VLA Lab reads: expected a LeRobot dataset/.test(line) || /Traceback|\n/.test(line))
        throw new Error(`the panel says: ${line}`);
    },
  },
  {
    name: 'Open Dataset on the committed LeRobot v3.0 and RLDS fixtures: episodes with tasks and lengths, camera frames, action chart, control rate, a split',
    requires: needViewer,
    async run(vs) {
      // Copies in the workspace: the dialog opens there, the cache is keyed on the copy's path.
      const lerobot = join(vs.workspace, 'datasets', 'lerobot-v30');
      const rlds = join(vs.workspace, 'datasets', 'rlds', 'playtable_rlds');
      cpSync(join(FIXTURES, 'lerobot', 'v30-lerobot'), lerobot, { recursive: true });
      cpSync(join(FIXTURES, 'rlds', 'playtable_rlds'), rlds, { recursive: true });

      // The LeRobot v3.0 dataset lerobot 0.4.4 wrote (test/fixtures/lerobot/generate.py): its four
      // episodes in episode_index order, with meta/tasks' instructions and meta/episodes' lengths.
      await openAndCheck(vs, lerobot, {
        facts: [
          /^LeRobot/,
          /4 episodes/,
          /218 frames/,
          /control rate 15 Hz \(meta\/info\.json fps\)/,
          /observation\.images\.static 32×32×3/,
        ],
        // meta/info.json declares CALVIN's convention; the actions track the state's changes, the width falls under -1.
        conventions: [/against meta\/info\.json: mode delta ✓ · frame unknown/, /gripper closed -1 \/ open 1 ✓$/],
        episodes: [
          ['slide the red block left', 35],
          ['push the red block to the left', 55],
          ['go open the drawer', 53],
          ['pull the drawer open', 75],
        ],
        cameras: 2,
        size: 32,
      });

      // The RLDS dataset tensorflow-datasets wrote (test/fixtures/rlds/generate.py): its train split, then val.
      const truth = JSON.parse(readFileSync(join(FIXTURES, 'rlds', 'truth.json'), 'utf8')) as {
        splits: Record<string, { instruction: string; length: number }[]>;
      };
      const frame = await openAndCheck(vs, rlds, {
        facts: [/^RLDS \(Open X-Embodiment\)/, /split train/, /control rate 15 Hz \(metadata\.json control_hz\)/],
        conventions: [/against metadata\.json: mode delta ✓/, /gripper closed 0 \/ open 1 ✓$/], // its declared 0-closed gripper, confirmed
        episodes: truth.splits.train.map((e) => [e.instruction, e.length]),
        cameras: 2,
        size: 32,
      });
      await frame.locator('vscode-dropdown[aria-label="split"]').evaluate((d) => {
        (d as HTMLElement & { value: string }).value = 'val';
        d.dispatchEvent(new Event('change'));
      });
      const val = truth.splits.val.map((e) => e.instruction).join(' | ');
      await until(
        'the val split',
        async () =>
          /split val/.test(await frame.locator('.facts').innerText()) &&
          (await frame.locator('.episode-row .text').allInnerTexts()).join(' | ') === val,
        30_000,
      );
    },
  },
];
