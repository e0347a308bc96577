/**
 * The built Dataset and Composer webviews (dist/webview/dataset.js, composer.js) in a real browser
 * (Debian's Chromium through playwright-core), each under the page and CSP its panel makes (the
 * dataset viewer's panelHtml, the composer's composerHtml: styles only from the webview's origin or
 * with the page's nonce, no 'unsafe-inline'), fed the messages the extension sends: no
 * `securitypolicyviolation` event and no console or script error while the panels' webview UI
 * toolkit controls (split and dimension vscode-dropdowns, the search vscode-text-field, the play
 * vscode-button; the composer's vscode-text-fields, its vscode-checkbox, its vscode-buttons) send the
 * typed messages of extension/shared/messages/dataset.ts and composer.ts. The toolkit's
 * focus-visible probe (FAST's canUseFocusVisible appends a <style> at load) passes: the page's
 * `<meta property="csp-nonce">` carries the nonce style-src allows, and the toolkit's styles use
 * :focus-visible rather than the :focus fallback.
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

/**
 * The toolkit's focus-visible probe passed under the page's CSP: the csp-nonce meta tag names the
 * nonce the policy's script-src and style-src allow, no style-src-elem violation was raised, and a
 * toolkit element's shadow styles use :focus-visible (FAST falls back to :focus when the probe's
 * <style> is blocked).
 */
async function assertFocusVisibleProbe(page: Page, tag: string): Promise<void> {
  const { csp, meta, focusVisible } = await page.evaluate((t) => {
    const el = document.querySelector(t);
    const rules = [...(el?.shadowRoot?.adoptedStyleSheets ?? [])].flatMap((s) => Array.from(s.cssRules, (r) => r.cssText));
    return {
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
      meta: document.querySelector('meta[property="csp-nonce"]')?.getAttribute('content') ?? null,
      focusVisible: rules.some((r) => r.includes(':focus-visible')),
    };
  }, tag);
  assert.ok(meta, 'the page has <meta property="csp-nonce">');
  const directive = (name: string) =>
    (
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .find(([n]) => n === name) ?? []
    ).slice(1);
  assert.ok(directive('style-src').includes(`'nonce-${meta}'`), `style-src allows the meta tag's nonce (${csp})`);
  assert.ok(directive('script-src').includes(`'nonce-${meta}'`), 'the same nonce as the scripts');
  assert.ok(!/unsafe-inline/.test(csp), "no 'unsafe-inline'");
  assert.deepEqual(
    (await cspViolations(page)).filter((v) => /^style-src/.test(v.directive)),
    [],
    'no style violation (the probe appends a <style> at load)',
  );
  assert.ok(focusVisible, `${tag}'s styles use :focus-visible (the probe succeeded)`);
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

test(
  'the dataset webview with the UI toolkit raises no CSP violation; its split, dimension, search and play controls work',
  { timeout: 90_000 },
  async () => {
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
      await assertFocusVisibleProbe(page, 'vscode-button');

      // The split vscode-dropdown: both splits, the summary's chosen; choosing the other (opening the
      // dropdown, clicking its option) asks the extension for it.
      const split = page.locator('vscode-dropdown[aria-label="split"]');
      assert.ok(await split.isVisible());
      assert.equal(await split.evaluate((d) => (d as HTMLElement & { value: string }).value), 'training');
      assert.deepEqual(await split.locator('vscode-option').allInnerTexts(), ['training', 'validation']);
      await split.click();
      await split.locator('vscode-option', { hasText: 'validation' }).click();
      await waitSent(page, 'openSplit', 1);
      assert.deepEqual(await sentOf(page, 'openSplit'), [{ type: 'openSplit', split: 'validation' }]);

      // The dimension across episodes: every action and state dimension; a state one is asked for.
      const dim = page.locator('vscode-dropdown[aria-label="dimension across episodes"]');
      assert.equal(await dim.evaluate((d) => (d as HTMLElement & { value: string }).value), 'actions:0');
      assert.equal(await dim.locator('vscode-option').count(), 10);
      await dim.click();
      await dim.locator('vscode-option', { hasText: 'state width' }).click();
      await waitSent(page, 'overlay', 2);
      assert.deepEqual((await sentOf(page, 'overlay'))[1], { type: 'overlay', kind: 'state', dim: 2, episodes: 40 });

      // The search vscode-text-field narrows the list; typing a space in it does not start playback.
      const search = page.locator('vscode-text-field.search input');
      await search.fill('slid');
      await page.waitForFunction(() => /^4 of 12 episodes$/.test(document.querySelector('.list-column p.muted')?.textContent ?? ''));
      assert.deepEqual(
        (await page.locator('.episode-row .text').allInnerTexts()).filter((t) => !/sliding/.test(t)),
        [],
        'only the slider episodes',
      );
      await search.press(' ');
      assert.equal(await search.inputValue(), 'slid ');
      // The play button (its aria-label says what a click does: play, or pause while playing).
      const play = page.locator('vscode-button[aria-label="play"], vscode-button[aria-label="pause"]');
      assert.equal(await play.innerText(), 'Play', 'a space in the search does not start playback');
      // Nor does a space on a dropdown (it opens the dropdown).
      await dim.focus();
      await dim.press(' ');
      await dim.press('Escape');
      assert.equal(await play.innerText(), 'Play', 'a space on a dropdown does not start playback');

      // Play moves the frame, pause stops it.
      const label = page.locator('.frame-label');
      const first = await label.innerText();
      await page.locator('vscode-button', { hasText: 'Play' }).click();
      await page.waitForFunction((f) => document.querySelector('.frame-label')?.textContent !== f, first);
      const pause = page.locator('vscode-button', { hasText: 'Pause' });
      assert.equal(await pause.getAttribute('aria-label'), 'pause');
      await pause.click();
      assert.equal(await play.innerText(), 'Play');
      assert.equal(await play.getAttribute('aria-label'), 'play');

      assert.deepEqual(await cspViolations(page), [], 'no CSP violation after using the controls');
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  },
);

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
  'the composer webview with the UI toolkit raises no CSP violation; its fields, toggle and buttons send the typed messages',
  { timeout: 90_000 },
  async () => {
    const { browser, page, problems } = await openWebview('composer', 'quickstart.vla.json', (u) => composerHtml(u));
    try {
      const msg = composerMessage();
      await page.evaluate((m) => window.postMessage(m, '*'), msg);
      await page.waitForSelector('#backbone');
      assert.deepEqual(await cspViolations(page), [], 'no CSP violation once the spec is shown');
      await assertFocusVisibleProbe(page, 'vscode-text-field');

      // The cost estimate: a native badge (vscode-badge's template sets a style attribute the CSP blocks).
      const params = msg.type === 'state' ? (msg.state.cost?.params ?? '') : '';
      assert.equal(await page.locator('#cost span.badge').innerText(), params);
      assert.equal(await page.locator('vscode-badge').count(), 0);

      // A number field (vscode-text-field): its label, its value, a change sent as a typed number; a bad value says why.
      const batchField = page.locator('vscode-text-field[data-key="train.batch_size"]');
      assert.equal(await batchField.innerText(), 'Batch size');
      const batch = batchField.locator('input');
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
      const tasks = page.locator('vscode-text-field[data-key="data.stages.0.datasets.0.tasks"] input');
      assert.equal(await tasks.inputValue(), 'open_drawer, close_drawer, move_slider_left, move_slider_right, turn_on_led');
      await tasks.fill('open_drawer, turn_on_led');
      await tasks.press('Enter');
      await waitSent(page, 'change', 2);
      assert.deepEqual((await sentOf(page, 'change'))[1], {
        type: 'change',
        changes: [{ path: ['data', 'stages', 0, 'datasets', 0, 'tasks'], value: ['open_drawer', 'turn_on_led'] }],
      });

      // The knowledge-insulation vscode-checkbox.
      const toggle = page.locator('vscode-checkbox[data-key="action.knowledge_insulation"]');
      assert.match(await toggle.innerText(), /Train the backbone on FAST tokens/);
      assert.equal(await toggle.getAttribute('aria-checked'), 'false');
      await toggle.click();
      await waitSent(page, 'toggle', 1);
      assert.deepEqual(await sentOf(page, 'toggle'), [{ type: 'toggle', path: 'action.knowledge_insulation', value: true }]);

      // vscode-buttons: Show JSON, and Add stage (a typed change inserting the stage).
      await page.locator('vscode-button', { hasText: 'Show JSON' }).click();
      await waitSent(page, 'showText', 1);
      await page.locator('vscode-button', { hasText: 'Add stage' }).click();
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
