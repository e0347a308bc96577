/**
 * The built Dataset and Composer webviews (dist/webview/dataset.js, composer.js) in a real browser
 * (Debian's Chromium through playwright-core), each under the page and CSP its panel makes (the
 * dataset viewer's panelHtml, the composer's composerHtml: styles only from the webview's origin,
 * no 'unsafe-inline'), fed the messages the extension sends: no `securitypolicyviolation` event
 * and no console or script error, while the panels' controls (split, dimension across episodes,
 * search, play; the composer's number, text and list fields, its toggle, its buttons) send the
 * typed messages of extension/shared/messages/dataset.ts and composer.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  validateDatasetToWebview,
  type ChannelSummary,
  type DatasetEpisodeData,
  type DatasetOverlay,
  type DatasetSummary,
  type DatasetToWebview,
} from '../../extension/shared/messages/dataset';
import { parseComposerToWebview, type ComposerToWebview } from '../../extension/shared/messages/composer';
import { composerHtml } from '../../extension/vscode/composer/html';
import { composerState } from '../../extension/vscode/composer/model';
import { specChecker } from '../../extension/vscode/composer/checker';
import { cspViolations, openWebview } from '../unit/webview-browser-helpers';

const root = join(__dirname, '..', '..');

/** What the page posted to the extension so far, of `type`. */
async function sentOf<T = Record<string, unknown>>(page: Page, type: string): Promise<T[]> {
  return page.evaluate((t) => (window as unknown as { __sent: { type: string }[] }).__sent.filter((m) => m.type === t), type) as Promise<
    T[]
  >;
}

/** Waits until the page has posted `count` messages of `type`. */
async function waitSent(page: Page, type: string, count: number): Promise<void> {
  await page.waitForFunction(
    ([t, n]) => (window as unknown as { __sent: { type: string }[] }).__sent.filter((m) => m.type === t).length >= (n as number),
    [type, count] as const,
  );
}

function channels(names: string[], frames: number): ChannelSummary {
  return {
    names,
    count: frames,
    dims: names.map((name, i) => ({
      name,
      mean: 0.1 * i,
      std: 0.5,
      min: -1,
      max: 1,
      nonFinite: 0,
      histogram: { edges: [-1, -0.5, 0, 0.5, 1], counts: [10, 40, 60, 10 + i] },
    })),
    distinct: names.includes('gripper')
      ? {
          gripper: [
            { value: -1, fraction: 0.4 },
            { value: 1, fraction: 0.6 },
          ],
        }
      : {},
  };
}

/** A Playtable training split as `python -m vlalab dataset summary` describes one (CALVIN layout, two splits). */
function summary(): DatasetSummary {
  const tasks = ['open_drawer', 'move_slider_left', 'turn_on_led'];
  const phrasings: Record<string, string> = {
    open_drawer: 'pull the drawer open',
    move_slider_left: 'push the sliding door to the left',
    turn_on_led: 'turn on the led light',
  };
  const episodes = Array.from({ length: 12 }, (_, i) => ({
    index: i,
    length: 40 + i,
    instruction: phrasings[tasks[i % 3]],
    task: tasks[i % 3],
    split: 'training',
    first: i * 64,
  }));
  const frames = episodes.reduce((n, e) => n + e.length, 0);
  return {
    version: 1,
    layout: 'calvin',
    path: '/data/playtable/training',
    key: 'playtable-training-0a1b',
    split: 'training',
    splits: ['training', 'validation'],
    fps: 15,
    controlRate: { hz: 15, source: "Playtable's (playtable.json)" },
    frames,
    episodes,
    features: [
      { name: 'rgb_static', dtype: 'uint8', shape: [32, 32, 3], role: 'camera' },
      { name: 'rel_actions', dtype: 'float32', shape: [7], role: 'action' },
      { name: 'robot_obs', dtype: 'float32', shape: [3], role: 'state' },
    ],
    cameras: [{ name: 'rgb_static', shape: [32, 32, 3] }],
    tasks: tasks.map((task) => ({ task, episodes: 4, frames: Math.round(frames / 3) })),
    actions: channels(['x', 'y', 'z', 'roll', 'pitch', 'yaw', 'gripper'], frames),
    state: channels(['ee_x', 'ee_y', 'width'], frames),
    normalization: { dims: 6, mean: [0, 0, 0, 0, 0, 0], std: [1, 1, 1, 1, 1, 1], min: [-1, -1, -1, -1, -1, -1], max: [1, 1, 1, 1, 1, 1] },
    notes: ['Playtable release 4 (playtable.json).'],
    convention: { mode: 'delta', frame: 'world', rotation: 'euler_xyz', gripper: { closed: -1, open: 1 }, source: 'built-in' },
    warnings: [],
    inferredConvention: null,
    seconds: 0.42,
    cached: false,
  };
}

/** Episode `index`'s actions and state (no camera frames: the page is served nothing but its bundle). */
function episode(index: number): DatasetEpisodeData {
  const length = 40 + index;
  return {
    index,
    length,
    instruction: 'pull the drawer open',
    task: 'open_drawer',
    fps: 15,
    split: 'training',
    actions: Array.from({ length }, (_, t) => [Math.sin(t / 5), 0.1, 0, 0, 0, 0, t < length / 2 ? 1 : -1]),
    state: Array.from({ length }, (_, t) => [t / length, 0.2, t < length / 2 ? 0.08 : 0.01]),
    cameras: [],
    seconds: 0.05,
    cached: false,
  };
}

function overlay(kind: 'actions' | 'state', dim: number, name: string): DatasetOverlay {
  return {
    kind,
    dim,
    name,
    of: 12,
    episodes: Array.from({ length: 12 }, (_, i) => ({
      index: i,
      stride: 2,
      values: Array.from({ length: 20 }, (_, k) => Math.cos(k / 4 + i)),
    })),
    seconds: 0.1,
  };
}

/** Posts an extension → webview message after checking it against the panel's contract. */
async function postDataset(page: Page, msg: DatasetToWebview): Promise<void> {
  assert.deepEqual(validateDatasetToWebview(msg), { ok: true, message: msg }, `${msg.type}: the contract takes it`);
  await page.evaluate((m) => window.postMessage(m, '*'), msg);
}

test('the dataset webview raises no CSP violation; its split, dimension, search and play controls work', { timeout: 90_000 }, async () => {
  const { browser, page, problems } = await openWebview('dataset', 'Dataset');
  try {
    await postDataset(page, { type: 'progress', message: 'Reading the dataset…' });
    await postDataset(page, { type: 'init', summary: summary() });
    // The viewer asks for the first episode and for the first action dimension across episodes.
    await waitSent(page, 'openEpisode', 1);
    await waitSent(page, 'overlay', 1);
    assert.deepEqual(await sentOf(page, 'openEpisode'), [{ type: 'openEpisode', index: 0 }]);
    assert.deepEqual(await sentOf(page, 'overlay'), [{ type: 'overlay', kind: 'actions', dim: 0, episodes: 40 }]);
    await postDataset(page, { type: 'episode', episode: episode(0) });
    await postDataset(page, { type: 'overlay', overlay: overlay('actions', 0, 'x') });
    await page.waitForFunction(() => /^action x: 12 of 12 episodes/.test(document.querySelector('.overlay p.muted')?.textContent ?? ''));
    await page.waitForFunction(() => /Episode 0: 40 frames/.test(document.querySelector('.status')?.textContent ?? ''));
    assert.deepEqual(await cspViolations(page), [], 'no CSP violation once the dataset is shown');

    // The split selector: both splits, the summary's chosen; another asks the extension for it.
    const split = page.getByLabel('split', { exact: true });
    assert.equal(await split.evaluate((el) => el.localName), 'select');
    assert.ok(await split.isVisible());
    assert.equal(await split.inputValue(), 'training');
    assert.deepEqual(await split.locator('option').allInnerTexts(), ['training', 'validation']);
    await split.selectOption('validation');
    await waitSent(page, 'openSplit', 1);
    assert.deepEqual(await sentOf(page, 'openSplit'), [{ type: 'openSplit', split: 'validation' }]);

    // The dimension across episodes: every action and state dimension; a state one is asked for.
    const dim = page.getByLabel('dimension across episodes', { exact: true });
    assert.equal(await dim.evaluate((el) => el.localName), 'select');
    assert.equal(await dim.inputValue(), 'actions:0');
    assert.equal(await dim.locator('option').count(), 10);
    await dim.selectOption({ label: 'state width' });
    await waitSent(page, 'overlay', 2);
    assert.deepEqual((await sentOf(page, 'overlay'))[1], { type: 'overlay', kind: 'state', dim: 2, episodes: 40 });

    // The search narrows the list; typing a space in it does not start playback.
    const search = page.getByLabel('search episodes');
    await search.fill('slid');
    await page.waitForFunction(() => /^4 of 12 episodes$/.test(document.querySelector('.list-column p.muted')?.textContent ?? ''));
    assert.deepEqual(
      (await page.locator('.episode-row .text').allInnerTexts()).filter((t) => !/sliding/.test(t)),
      [],
      'only the slider episodes',
    );
    await search.press(' ');
    assert.equal(await search.inputValue(), 'slid ');
    const play = page.getByRole('button', { name: 'play' });
    assert.equal(await play.innerText(), 'Play', 'a space in the search does not start playback');

    // Play moves the frame, pause stops it.
    const label = page.locator('.frame-label');
    const first = await label.innerText();
    await play.click();
    await page.waitForFunction((f) => document.querySelector('.frame-label')?.textContent !== f, first);
    const pause = page.getByRole('button', { name: 'pause' });
    assert.equal(await pause.innerText(), 'Pause');
    await pause.click();
    assert.equal(await page.getByRole('button', { name: 'play' }).innerText(), 'Play');

    assert.deepEqual(await cspViolations(page), [], 'no CSP violation after using the controls');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

/** The composer's state for examples/quickstart.vla.json with a flow head (so the knowledge-insulation toggle shows). */
function composerMessage(): ComposerToWebview {
  const spec = JSON.parse(readFileSync(join(root, 'examples', 'quickstart.vla.json'), 'utf8')) as { policy: { head: { type: string } } };
  spec.policy.head.type = 'flow';
  const msg: ComposerToWebview = { type: 'state', state: composerState(JSON.stringify(spec, null, 2), specChecker) };
  assert.ok(parseComposerToWebview(msg), 'the contract takes it');
  assert.ok(msg.type === 'state' && msg.state.cost && msg.state.toggles['action.knowledge_insulation'], 'a cost estimate and the toggle');
  return msg;
}

test(
  'the composer webview raises no CSP violation; its fields, toggle and buttons send the typed messages',
  { timeout: 90_000 },
  async () => {
    const { browser, page, problems } = await openWebview('composer', 'quickstart.vla.json', (u) => composerHtml(u));
    try {
      const msg = composerMessage();
      await page.evaluate((m) => window.postMessage(m, '*'), msg);
      await page.waitForSelector('#backbone');
      assert.deepEqual(await cspViolations(page), [], 'no CSP violation once the spec is shown');

      // The cost estimate.
      const params = msg.type === 'state' ? (msg.state.cost?.params ?? '') : '';
      assert.equal(await page.locator('#cost .badge').innerText(), params);

      // A number field: its label, its value, a change sent as a typed number; a bad value says why.
      const batch = page.getByLabel('Batch size');
      assert.equal(await batch.evaluate((el) => el.localName), 'input');
      assert.equal(await batch.inputValue(), '16');
      await batch.fill('32');
      await batch.press('Enter');
      await waitSent(page, 'change', 1);
      assert.deepEqual((await sentOf(page, 'change'))[0], { type: 'change', changes: [{ path: ['train', 'batch_size'], value: 32 }] });
      await batch.fill('3.5');
      await batch.press('Enter');
      await page.waitForFunction(() => /Batch size: enter a whole number\./.test(document.body.textContent ?? ''));
      assert.equal((await sentOf(page, 'change')).length, 1, 'nothing sent for a bad number');

      // A list field: comma-separated names become an array.
      const tasks = page.getByLabel('Tasks', { exact: true });
      assert.equal(await tasks.inputValue(), 'open_drawer, close_drawer, move_slider_left, move_slider_right, turn_on_led');
      await tasks.fill('open_drawer, turn_on_led');
      await tasks.press('Enter');
      await waitSent(page, 'change', 2);
      assert.deepEqual((await sentOf(page, 'change'))[1], {
        type: 'change',
        changes: [{ path: ['data', 'stages', 0, 'datasets', 0, 'tasks'], value: ['open_drawer', 'turn_on_led'] }],
      });

      // The knowledge-insulation toggle.
      const toggle = page.getByLabel(/Train the backbone on FAST tokens/);
      assert.equal(await toggle.isChecked(), false);
      await toggle.check();
      await waitSent(page, 'toggle', 1);
      assert.deepEqual(await sentOf(page, 'toggle'), [{ type: 'toggle', path: 'action.knowledge_insulation', value: true }]);

      // Buttons: Show JSON, and Add stage (a typed change inserting the stage).
      await page.getByRole('button', { name: 'Show JSON' }).click();
      await waitSent(page, 'showText', 1);
      await page.getByRole('button', { name: 'Add stage' }).click();
      await waitSent(page, 'change', 3);
      assert.deepEqual((await sentOf(page, 'change'))[2], {
        type: 'change',
        changes: [
          {
            path: ['data', 'stages', 1],
            value: { name: 'stage2', datasets: [{ type: 'playtable', episodes: 64 }], steps: 1000 },
            insert: true,
          },
        ],
      });

      // A fresh state keeps the focus on the field being edited.
      await batch.focus();
      await page.evaluate((m) => window.postMessage(m, '*'), msg);
      await page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.key === 'train.batch_size');

      assert.deepEqual(await cspViolations(page), [], 'no CSP violation after using the controls');
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  },
);
