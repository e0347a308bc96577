/**
 * The built Sweep webview (dist/webview/sweep.js) in a real browser (Debian's Chromium through
 * playwright-core), under the CSP the extension sets, with a sweep of 2 cells × 3 training seeds:
 * the matrix shows each cell's mean over its seeds and opens every seed's run, and the study view
 * draws its chart (per-seed points, mean, interval) and lists the same numbers and which difference
 * holds — with no CSP violation or script error. On a sweep evaluated with Playtable 4's obstacle,
 * the study view's metric and task selectors ask the extension (a `study-view` message) for the
 * study of posts knocked over, one task's, and show its numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EvaluationMetrics } from '../../extension/core/metrics/compare';
import type { LoadedRun, StudyView } from '../../extension/vscode/panels/compare-model';
import { sweepState } from '../../extension/vscode/panels/compare-model';
import type { SweepToWebview } from '../../extension/shared/messages/results';
import { openWebview } from '../unit/webview-browser-helpers';

function run(chunk: number, seed: number, rate: number): LoadedRun {
  const key = `study--chunk_${chunk}--seed_${seed}/r`;
  return {
    summary: {
      key,
      experiment: key.split('/')[0],
      id: 'r',
      status: 'completed',
      sweep: { id: 'study-x', point: { 'policy.chunk': String(chunk) }, cell: `study--chunk_${chunk}`, seed },
    },
    spec: { train: { seed } },
    metrics: {
      finalTrainLoss: 0.5,
      finalValLoss: 0.6,
      avgLen: null,
      success: null,
      singleTaskSuccess: rate,
      steps: 600,
      protocol: { benchmark: 'playtable', benchmark_version: '3+x', episodes: 60 },
    },
  };
}

test('the sweep webview shows per-seed points, intervals and which differences hold, under the CSP', { timeout: 60_000 }, async () => {
  const runs = [run(1, 0, 0.48), run(1, 1, 0.56), run(1, 2, 0.5), run(4, 0, 0.62), run(4, 1, 0.7), run(4, 2, 0.66)];
  const state: SweepToWebview = { type: 'state', sweep: 'study-x', ...sweepState('study-x', runs) };
  const { browser, page, problems } = await openWebview('sweep', 'Sweep');
  try {
    await page.evaluate((msg) => window.postMessage(msg, '*'), state);
    await page.waitForSelector('#study-chart');
    // The matrix: by the first metric the runs have a value of; each cell is the mean of its three seeds.
    assert.equal(await page.locator('#metric').inputValue(), 'Success (single task)', 'the first metric the runs have');
    const cell = page.locator('table.matrix button.cell-button').nth(1);
    assert.match((await cell.getAttribute('aria-label')) ?? '', /0\.660 \(mean of 3 of 3 seeds\)/);
    await cell.click();
    const opened = await page.evaluate(() =>
      (window as unknown as { __sent: { type: string; runs?: string[] }[] }).__sent.filter((m) => m.type === 'open-results').pop(),
    );
    assert.deepEqual(opened?.runs, ['study--chunk_4--seed_0/r', 'study--chunk_4--seed_1/r', 'study--chunk_4--seed_2/r']);
    // The study view: a drawn chart, and its numbers as a table.
    const box = await page.locator('#study-chart').boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `the chart has a size: ${JSON.stringify(box)}`);
    const rows = await page.locator('table.study-table').first().locator('tbody tr').allInnerTexts();
    assert.equal(rows.length, 2);
    assert.match(rows[1], /4\s+s0 62\.0%, s1 70\.0%, s2 66\.0%\s+66\.0%\s+\[56\.1%, 75\.9%\]\s+3/);
    const pairs = await page.locator('table.study-table').nth(1).locator('tbody tr').allInnerTexts();
    assert.match(pairs[0], /1\s+4\s+-14\.7%\s+0\.012\s+0\.012\s+holds/);
    assert.equal(await page.locator('#study-trend').count(), 0, 'two chunk sizes: no trend line');
    // A third size: the report's trend line (slope per doubling of the chunk, its CI and p).
    const three = [...runs, run(8, 0, 0.7), run(8, 1, 0.74), run(8, 2, 0.72)];
    await page.evaluate((msg) => window.postMessage(msg, '*'), {
      type: 'state',
      sweep: 'study-x',
      ...sweepState('study-x', three),
    } as SweepToWebview);
    await page.waitForSelector('#study-trend');
    assert.match(
      (await page.locator('#study-trend').textContent()) ?? '',
      /^Trend over policy\.chunk \(one test, apart from the pairs\): \+\d+\.\d% per doubling \(95% CI \+\d+\.\d% to \+\d+\.\d%\), p = [\d.e-]+: holds\.$/,
    );
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});

/** A run evaluated with the obstacle: `led`/`slider` are [posts, knocked] of its two tasks, success 10 + seed of 25 on each. */
function obstacleRun(head: string, seed: number, led: [number, number], slider: [number, number]): LoadedRun {
  const key = `o--head_${head}--seed_${seed}/r`;
  const evaluation: EvaluationMetrics = {
    protocol: { benchmark: 'playtable', benchmark_version: '4+x', episodes: 50, execution: 'first', obstacle: true },
    avgLen: null,
    success: null,
    singleTaskSuccess: (20 + 2 * seed) / 50,
    tasks: { turn_on_led: { success: 10 + seed, total: 25 }, move_slider_left: { success: 10 + seed, total: 25 } },
    obstacle: { turn_on_led: { posts: led[0], knocked: led[1] }, move_slider_left: { posts: slider[0], knocked: slider[1] } },
  };
  return {
    summary: {
      key,
      experiment: key.split('/')[0],
      id: 'r',
      status: 'completed',
      sweep: { id: 'o-1', point: { 'policy.head': head }, cell: `o--head_${head}`, seed },
    },
    spec: { train: { seed } },
    metrics: {
      finalTrainLoss: 0.1,
      finalValLoss: null,
      avgLen: null,
      success: null,
      singleTaskSuccess: evaluation.singleTaskSuccess,
      steps: 1200,
      protocol: evaluation.protocol,
      evaluations: [evaluation],
    },
  };
}

test('the study view switches metric and task through the extension and shows the new numbers', { timeout: 60_000 }, async () => {
  // oft knocks 20, 19, 18 of 20 posts on turn_on_led; flow 5, 6, 7. Slider: 10 posts, oft knocks 10, flow 0; flow seed 2 placed none.
  const runs = [0, 1, 2].flatMap((s) => [
    obstacleRun('oft', s, [20, 20 - s], [10, 10]),
    obstacleRun('flow', s, [20, 5 + s], s === 2 ? [0, 0] : [10, 0]),
  ]);
  const post = (view: StudyView): SweepToWebview => ({ type: 'state', sweep: 'o-1', ...sweepState('o-1', runs, undefined, view) });
  const { browser, page, problems } = await openWebview('sweep', 'Sweep');
  const sent = () =>
    page.evaluate(() =>
      (window as unknown as { __sent: { type: string; metric?: string; task?: string | null; within?: string | null }[] }).__sent.filter(
        (m) => m.type === 'study-view',
      ),
    );
  const studyRows = () => page.locator('table.study-table').first().locator('tbody tr').allInnerTexts();
  const pick = (id: string, value: string) => page.locator(`#${id}`).selectOption(value);
  try {
    await page.evaluate((msg) => window.postMessage(msg, '*'), post({}));
    await page.waitForSelector('#study-chart');
    assert.match((await page.locator('section.study h2').innerText()) ?? '', /Seeds: success rate \(single task\)$/);
    assert.equal(await page.locator('#study-task').getAttribute('aria-label'), 'Study task');
    assert.equal(await page.locator('#study-within').isDisabled(), true, 'one column: no cells share a value to compare within');
    // success pooled over both tasks: (20 + 2s) / 50.
    assert.match((await studyRows())[0], /oft\s+s0 40\.0%, s1 44\.0%, s2 48\.0%\s+44\.0%/);
    assert.deepEqual(await sent(), [], 'nothing asked before the user chooses');

    await pick('study-metric', 'knocked');
    await page.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.some((m) => m.type === 'study-view'));
    assert.deepEqual(await sent(), [{ type: 'study-view', metric: 'knocked', task: null, within: null }]);
    await page.evaluate((msg) => window.postMessage(msg, '*'), post({ metric: 'knocked', task: null }));
    await page.waitForFunction(() => /posts knocked over/.test(document.querySelector('section.study h2')?.textContent ?? ''));
    // knocked over both tasks: oft (20 − s + 10) / 30; flow (5 + s) / 30, (7) / 20 for seed 2.
    let rows = await studyRows();
    // 96.7% ± 8.3%: the interval is cut at 100% and marked (a rate cannot exceed it).
    assert.match(rows[0], /oft\s+s0 100\.0%, s1 96\.7%, s2 93\.3%\s+96\.7%\s+\[88\.4%, 100\.0%\]\*\s+3/);
    assert.match(rows[1], /flow\s+s0 16\.7%, s1 20\.0%, s2 35\.0%\s+23\.9%/);
    const pairs = await page.locator('table.study-table').nth(1).locator('tbody tr').allInnerTexts();
    assert.match(pairs[0], /oft\s+flow\s+\+72\.8%\s+[\d.e-]+\s+[\d.e-]+\s+holds/);
    assert.match(await page.locator('section.study').innerText(), /lower is better/);
    assert.equal(await page.locator('#study-metric').inputValue(), 'knocked');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'study-metric', 'focus stays on the selector');

    await pick('study-task', 'move_slider_left');
    await page.waitForFunction(
      () => (window as unknown as { __sent: { type: string }[] }).__sent.filter((m) => m.type === 'study-view').length === 2,
    );
    assert.deepEqual((await sent())[1], { type: 'study-view', metric: 'knocked', task: 'move_slider_left', within: null });
    await page.evaluate((msg) => window.postMessage(msg, '*'), post({ metric: 'knocked', task: 'move_slider_left' }));
    await page.waitForFunction(() => /task move_slider_left only/.test(document.querySelector('section.study h2')?.textContent ?? ''));
    rows = await studyRows();
    // every seed knocked every post: no spread across seeds, so no interval (not a zero-width one)
    assert.match(rows[0], /^oft\s+s0 100\.0%, s1 100\.0%, s2 100\.0%\s+100\.0%\s+— \(no spread: the seeds agree\)\s+3$/);
    // flow seed 2 placed no post on the slider task: two seeds, not a third at 0%.
    assert.match(rows[1], /^flow\s+s0 0\.0%, s1 0\.0%\s+0\.0%\s+— \(no spread: the seeds agree\)\s+2$/);
    assert.match(
      await page.locator('#study-not-applicable').innerText(),
      /^Not applicable, not counted \(as 0 or otherwise\): o--head_flow--seed_2\/r \(no posts placed for move_slider_left\)\.$/,
    );
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
